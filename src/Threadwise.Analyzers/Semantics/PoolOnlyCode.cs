using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that only ever runs on the thread pool, where no <c>SynchronizationContext</c> is captured: inside a
    /// <c>Task.Run</c>, <c>StartNew</c> or <c>Parallel</c> delegate (<see cref="Offloading.IsInsideThreadPoolDelegate"/>),
    /// or directly in the body of a method only its assembly can call whose every call is such code, up to
    /// <see cref="CallSites.MaxCallDepth"/> calls down (CAP's private <c>ProcessReceivedAsync</c>, called only inside
    /// <c>Task.Run</c>). A lambda or local function in such a method may be invoked anywhere, so it does not count.
    /// One instance per compilation: the answers for the methods holding a site are cached.
    /// </summary>
    internal sealed class PoolOnlyCode
    {
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

            return AsyncPath.EnclosingFunction(operation) is not (IAnonymousFunctionOperation or ILocalFunctionOperation)
                && containingSymbol is IMethodSymbol method
                && operation.SemanticModel?.Compilation is { } compilation
                && CallSites.OnlyCalledWhere(method, compilation, depth, _methods, RunsOnlyOnPool);
        }
    }
}
