using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Members whose name, or whose type's name, says that they block: <c>BlockingUnaryCall</c> (gRPC's call invoker),
    /// <c>BlockingExecutor.RunSync</c> (Neo4j's simple driver), <c>WithSyncCircuitBreaker</c> (Akka.NET),
    /// <c>RunSyncFuncWithTimeout</c> (FusionCache), <c>ReadSynchronously</c>. The author named the wait; a caller who calls it
    /// asked for it. The words are <c>Blocking</c> (not after <c>Non</c> or <c>No</c>), <c>Synchronous</c>,
    /// <c>Synchronously</c>, and <c>Sync</c> anywhere but first: a leading <c>Sync</c> is the verb (<c>SyncUsers()</c>).
    /// </summary>
    internal static class BlockingNames
    {
        public static bool SaysItBlocks(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.ExplicitInterfaceImplementation)
            {
                return false;
            }

            if (HasBlockingWord(SyncContractBridges.SyncName(method)))
            {
                return true;
            }

            for (var type = method.ContainingType; type != null; type = type.ContainingType)
            {
                if (HasBlockingWord(type.Name))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool HasBlockingWord(string name)
        {
            int start = 0, index = 0, previousStart = -1, previousEnd = -1;
            while (NextWord(name, ref index, out start))
            {
                var length = index - start;
                if (Is(name, start, length, "Synchronous") || Is(name, start, length, "Synchronously")
                    || Is(name, start, length, "Sync") && previousStart >= 0
                    || Is(name, start, length, "Blocking")
                        && !(previousStart >= 0 && (Is(name, previousStart, previousEnd - previousStart, "Non") || Is(name, previousStart, previousEnd - previousStart, "No"))))
                {
                    return true;
                }

                previousStart = start;
                previousEnd = index;
            }

            return false;
        }

        // Words of a PascalCase identifier: a capital starts one (unless it continues a run of capitals that no lower-case
        // letter follows), and anything that is not a letter ends one.
        private static bool NextWord(string name, ref int index, out int start)
        {
            while (index < name.Length && !char.IsLetter(name[index]))
            {
                index++;
            }

            start = index;
            if (index >= name.Length)
            {
                return false;
            }

            index++;
            while (index < name.Length && char.IsLetter(name[index])
                && !(char.IsUpper(name[index]) && (char.IsLower(name[index - 1]) || index + 1 < name.Length && char.IsLower(name[index + 1]))))
            {
                index++;
            }

            return true;
        }

        private static bool Is(string name, int start, int length, string word) =>
            length == word.Length && string.CompareOrdinal(name, start, word, 0, length) == 0;
    }
}
