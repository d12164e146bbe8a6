using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Callbacks registered on the host's <c>ApplicationStopping</c> or <c>ApplicationStopped</c> token
    /// (<c>IHostApplicationLifetime</c>, ASP.NET Core 2's <c>IApplicationLifetime</c>): the host runs them synchronously and,
    /// as its documentation says, shutdown blocks until they have completed. Blocking in one is how a service holds
    /// shutdown until its own async stop has finished (protoactor-dotnet's <c>OnStopping() =&gt;
    /// _remote.ShutdownAsync().GetAwaiter().GetResult()</c>); <c>Register</c> takes only an <c>Action</c>, and an
    /// <c>async void</c> callback would let the host stop before it ends. A lambda given to <c>Register</c> there, or a
    /// method its assembly only ever passes there as a method group.
    /// </summary>
    internal static class ShutdownHooks
    {
        private static readonly ConditionalWeakTable<IMethodSymbol, StrongBox<bool>> Methods = new ConditionalWeakTable<IMethodSymbol, StrongBox<bool>>();

        /// <summary>Does <paramref name="operation"/> run in such a callback's own body?</summary>
        public static bool RunsInShutdownHook(IOperation operation, ISymbol containingSymbol, KnownTypes types)
        {
            if (types.HostApplicationLifetime is null && types.AspNetApplicationLifetime is null)
            {
                return false;
            }

            var function = AsyncPath.EnclosingFunction(operation);
            if (function is IAnonymousFunctionOperation lambda)
            {
                return IsRegisteredAsHook(lambda, types);
            }

            if (function != null
                || containingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                || operation.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            return Methods.GetValue(
                method.OriginalDefinition,
                m => new StrongBox<bool>(CallSites.OnlyPassedAsMethodGroup(m, compilation, group => IsRegisteredAsHook(group, types)))).Value;
        }

        // lifetime.ApplicationStopping.Register(callback)
        private static bool IsRegisteredAsHook(IOperation callback, KnownTypes types) =>
            TokenCallbacks.RegisteredOn(callback, types) is IPropertyReferenceOperation { Property: { Name: "ApplicationStopping" or "ApplicationStopped" } token }
                && (KnownTypes.Is(token.ContainingType, types.HostApplicationLifetime)
                    || KnownTypes.Is(token.ContainingType, types.AspNetApplicationLifetime));
    }
}
