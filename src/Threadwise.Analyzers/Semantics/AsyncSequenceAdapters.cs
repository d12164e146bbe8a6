using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// An <c>IEnumerable&lt;T&gt;</c> over an <c>IAsyncEnumerable&lt;T&gt;</c>: an iterator that returns a synchronous sequence
    /// (<c>IEnumerable&lt;T&gt;</c>, <c>IEnumerator&lt;T&gt;</c>) and takes an async one to enumerate (Stripe's
    /// <c>AsyncUtils.ToEnumerable</c> behind its synchronous auto-paging API, System.Linq.Async's <c>ToEnumerable</c>).
    /// <c>IEnumerator.MoveNext</c> is synchronous, so the adapter has to block on each <c>MoveNextAsync</c>, as
    /// <c>Stream.Read</c> over <c>ReadAsync</c> has to: a sync-contract bridge (TW103), in the iterator's own body or in a
    /// private or internal helper that only such iterators call, from their own bodies (Stripe's <c>Wait(ValueTask)</c>).
    /// The helper's calls are found by <see cref="CallSites"/>; only asked where a wait is about to be reported.
    /// </summary>
    internal static class AsyncSequenceAdapters
    {
        public static bool IsBridge(IMethodSymbol method, Compilation compilation, KnownTypes types) =>
            types.IAsyncEnumerableOfT != null
            && (IsAdapter(method, types)
                || method.MethodKind == MethodKind.Ordinary
                    && CallSites.OnlyCalledFrom(method, compilation, (call, caller) =>
                        caller is IMethodSymbol iterator && IsAdapter(iterator, types) && AsyncPath.EnclosingFunction(call) == null));

        private static bool IsAdapter(IMethodSymbol method, KnownTypes types)
        {
            if (!IsSynchronousSequence(method.ReturnType)
                || !method.Parameters.Any(parameter => KnownTypes.Is(parameter.Type.OriginalDefinition, types.IAsyncEnumerableOfT)))
            {
                return false;
            }

            // An iterator: a yield in its own body (not in a lambda or local function of it).
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax().DescendantNodes(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                    .OfType<YieldStatementSyntax>().Any())
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSynchronousSequence(ITypeSymbol type) => type.OriginalDefinition.SpecialType
            is SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_Generic_IEnumerator_T
            or SpecialType.System_Collections_IEnumerable or SpecialType.System_Collections_IEnumerator;
    }
}
