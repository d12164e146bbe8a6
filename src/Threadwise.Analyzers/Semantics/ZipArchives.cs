using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Where a <c>ZipArchiveEntry</c> keeps its bytes: in the stream of the archive it came from. Finds that archive for
    /// <c>archive.GetEntry(name)</c>, <c>archive.CreateEntry(name)</c>, the variable of <c>foreach (var e in archive.Entries)</c>,
    /// and a local initialised with one of them and not reassigned; and recognises <c>entry.Open()</c>, the stream over an
    /// entry. <see cref="InMemory"/> then asks whether the archive's stream is in memory.
    /// </summary>
    internal static class ZipArchives
    {
        /// <summary>The archive <paramref name="entry"/> belongs to, as an operation, or null when it cannot be told.</summary>
        public static IOperation? ArchiveOf(IOperation entry, KnownTypes types)
        {
            if (types.ZipArchive is null)
            {
                return null;
            }

            switch (entry.WalkDownConversions())
            {
                case IInvocationOperation { TargetMethod.Name: "GetEntry" or "CreateEntry", Instance: { } archive } call
                    when KnownTypes.Is(call.TargetMethod.ContainingType, types.ZipArchive):
                    return archive;

                case ILocalReferenceOperation local when IterationCollection(local) is { } collection:
                    return collection.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Entries", Instance: { } owner } entries
                        && KnownTypes.Is(entries.Property.ContainingType, types.ZipArchive)
                        ? owner
                        : null;

                case ILocalReferenceOperation local when LocalInitializers.Of(local) is { } initializer
                    && !VariableReferences.IsAssignedBetween(local, local.Local, initializer.Syntax.Span.End, local.Syntax.SpanStart):
                    return ArchiveOf(initializer, types);

                default:
                    return null;
            }
        }

        /// <summary><c>entry.Open()</c>: the stream over an entry's data.</summary>
        public static bool IsEntryOpen(IInvocationOperation invocation, KnownTypes types) =>
            invocation.TargetMethod.Name == "Open"
            && invocation.Instance != null
            && KnownTypes.Is(invocation.TargetMethod.ContainingType, types.ZipArchiveEntry);

        // The collection a foreach variable walks (foreach variables cannot be assigned).
        private static IOperation? IterationCollection(ILocalReferenceOperation local)
        {
            for (var current = local.Parent; current != null && !current.IsFunctionBoundary(); current = current.Parent)
            {
                if (current is IForEachLoopOperation loop
                    && loop.LoopControlVariable is IVariableDeclaratorOperation declarator
                    && KnownTypes.Is(declarator.Symbol, local.Local))
                {
                    return loop.Collection;
                }
            }

            return null;
        }
    }
}
