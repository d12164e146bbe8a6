using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Members whose name, or whose type's name, says that they block: <c>BlockingUnaryCall</c> (gRPC's call invoker),
    /// <c>BlockingExecutor</c> (Neo4j's simple driver), <c>WithSyncCircuitBreaker</c> (Akka.NET),
    /// <c>RunSyncFuncWithTimeout</c> (FusionCache), <c>SynchronousReader</c>. The author named the wait; a caller who calls it
    /// asked for it. The words are <c>Blocking</c> and <c>Synchronous</c> first, as adjectives (<c>LoadBlocking</c> and
    /// <c>LoadSynchronously</c> are plain wrappers' names), and <c>Sync</c> between two words: a leading <c>Sync</c> is the
    /// verb (<c>SyncUsers()</c>), a trailing one a noun or a plain wrapper's name (<c>ReplicaSync</c>, <c>RunSync</c>).
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
            int index = 0, words = 0;
            var middleSync = false;
            while (NextWord(name, ref index, out var start))
            {
                var length = index - start;
                if (words == 0 && (Is(name, start, length, "Blocking") || Is(name, start, length, "Synchronous")) || middleSync)
                {
                    return true;
                }

                // Sync between two words (WithSyncCircuitBreaker): decided once a word follows it.
                middleSync = words > 0 && Is(name, start, length, "Sync");
                words++;
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
