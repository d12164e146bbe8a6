using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Callbacks registered on a <c>CancellationToken</c> (<c>token.Register(callback)</c>, <c>UnsafeRegister</c>): they
    /// run synchronously on the thread that cancels the token. Asked by <see cref="ShutdownHooks"/> (the host's lifetime
    /// tokens) and <see cref="SynchronousCallbacks"/> (the type's own token source).
    /// </summary>
    internal static class TokenCallbacks
    {
        /// <summary>The token <paramref name="callback"/> (a lambda or method group) is registered on, or null.</summary>
        public static IOperation? RegisteredOn(IOperation callback, KnownTypes types) =>
            callback.PassedAsArgument() is { Parent: IInvocationOperation { TargetMethod.Name: "Register" or "UnsafeRegister" } register }
            && KnownTypes.Is(register.TargetMethod.ContainingType, types.CancellationToken)
                ? register.Instance?.WalkDownConversions()
                : null;
    }
}
