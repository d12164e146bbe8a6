using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that only ever runs on the thread pool, where no <c>SynchronizationContext</c> is captured: inside a
    /// <c>Task.Run</c>, <c>StartNew</c> or <c>Parallel</c> delegate (<see cref="Offloading.IsInsideThreadPoolDelegate"/>),
    /// or directly in the body of a method only its assembly can call whose every call is such code, up to
    /// <see cref="MaxCallDepth"/> calls down (CAP's private <c>ProcessReceivedAsync</c>, called only inside
    /// <c>Task.Run</c>). A lambda or local function in such a method may be invoked anywhere, so it does not count.
    /// One instance per compilation: the answers for the methods holding a site are cached.
    /// </summary>
    internal sealed class PoolOnlyCode
    {
        /// <summary>How many calls below a pool delegate a method may lie and still count as running there.</summary>
        public const int MaxCallDepth = 3;

        private readonly KnownTypes _types;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _methods = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public PoolOnlyCode(KnownTypes types) => _types = types;

        public bool RunsOnlyOnPool(IOperation operation, ISymbol containingSymbol) => RunsOnlyOnPool(operation, containingSymbol, depth: 0);

        private bool RunsOnlyOnPool(IOperation operation, ISymbol containingSymbol, int depth)
        {
            if (Offloading.IsInsideThreadPoolDelegate(operation, _types))
            {
                return true;
            }

            if (AsyncPath.EnclosingFunction(operation) is IAnonymousFunctionOperation or ILocalFunctionOperation
                || containingSymbol is not IMethodSymbol method
                || !CallSites.CanOnlyBeCalledDirectly(method)
                || operation.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            // Cached for the method holding the site only: deeper answers depend on the depth they were asked at.
            return depth == 0
                ? _methods.GetOrAdd(method, m => AllCallsOnPool(m, compilation, depth))
                : depth < MaxCallDepth && AllCallsOnPool(method, compilation, depth);
        }

        private bool AllCallsOnPool(IMethodSymbol method, Compilation compilation, int depth) =>
            CallSites.AllCalls(method, compilation, (call, caller) => RunsOnlyOnPool(call, caller, depth + 1));
    }
}
