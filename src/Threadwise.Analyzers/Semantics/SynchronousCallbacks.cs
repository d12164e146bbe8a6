using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Lambdas a framework calls synchronously and offers no async form for, where a wait is how the callback gets its
    /// async work done (TW103's sync-contract bridges):
    /// <list type="bullet">
    /// <item>a factory registered on an <c>IServiceCollection</c> (<c>services.AddSingleton(sp =&gt; ..)</c>,
    /// <c>AddKeyedSingleton</c>, <c>TryAdd…</c>): the container builds the service synchronously, at its first resolution,
    /// and has no async factory (Brighter ensures its store exists there, TickerQ connects its Redis multiplexer);</item>
    /// <item>a callback registered on the token of a <c>CancellationTokenSource</c> field of its own type
    /// (<c>_cts.Token.Register(() =&gt; ..)</c>): it runs when the type cancels its own work, in its own stop or disposal
    /// (CAP's dispatcher persists its in-memory delay queue there). A token handed in from outside stays reported: whoever
    /// cancels it is blocked.</item>
    /// </list>
    /// Only a wait in the lambda's own body. Not in UI apps or WebAssembly clients, where the resolution or the
    /// cancellation may run on the UI thread that the awaited work needs.
    /// </summary>
    internal static class SynchronousCallbacks
    {
        public static bool RunsInCallback(IOperation operation, KnownTypes types, HostKind host)
        {
            if (host == HostKind.UserInterface || host == HostKind.Browser
                || AsyncPath.EnclosingFunction(operation) is not IAnonymousFunctionOperation lambda
                || lambda.PassedAsArgument() is not { Parent: IInvocationOperation registration })
            {
                return false;
            }

            return IsServiceFactory(lambda, registration, types) || IsOwnTokenCallback(lambda, types);
        }

        // services.AddSingleton<T>(sp => ..): the registration extends IServiceCollection, the lambda takes the provider first.
        private static bool IsServiceFactory(IAnonymousFunctionOperation lambda, IInvocationOperation registration, KnownTypes types) =>
            types.ServiceCollection != null
            && registration.TargetMethod is { IsExtensionMethod: true, Parameters: { Length: > 0 } parameters }
            && KnownTypes.Is(parameters[0].Type, types.ServiceCollection)
            && lambda.Symbol.Parameters.Length > 0
            && KnownTypes.Is(lambda.Symbol.Parameters[0].Type, types.ServiceProvider);

        // _cts.Token.Register(() => ..) where _cts is a CancellationTokenSource field of the type the lambda is written in.
        private static bool IsOwnTokenCallback(IAnonymousFunctionOperation lambda, KnownTypes types) =>
            TokenCallbacks.RegisteredOn(lambda, types) is IPropertyReferenceOperation { Property.Name: "Token", Instance: { } source }
            && source.WalkDownConversions() is IFieldReferenceOperation { Field: var field }
            && KnownTypes.Is(field.Type, types.CancellationTokenSource)
            && SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, lambda.Symbol.ContainingType?.OriginalDefinition);
    }
}
