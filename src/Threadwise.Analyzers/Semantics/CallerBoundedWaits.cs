using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A public or protected member whose wait is bounded by a timeout its own caller passes
    /// (<c>public void Cancel(bool force, int millisecondsTimeout = 500) { ..; _done.Task.Wait(millisecondsTimeout); }</c>):
    /// the member is a documented bounded wait, and the caller chose how long it may block. It cannot deadlock for
    /// longer than that budget. The same for a private helper whose every call is made by such a member with its own
    /// timeout parameter. A timeout the member picks itself (a constant, a field) is still the member's choice, and still reported.
    /// </summary>
    internal static class CallerBoundedWaits
    {
        public static bool IsBoundedByCaller(BlockingWait wait, IMethodSymbol method, KnownTypes types)
        {
            if (TimeoutParameter(wait, method, types) is not { } timeout)
            {
                return false;
            }

            if (IsPublicSurface(method))
            {
                return true;
            }

            // A private helper that the type's public members hand their own timeout (Akka.NET's Inbox.AwaitResult(task,
            // timeout) behind Receive(timeout) and ReceiveWhere(predicate, timeout)): the same caller-chosen bound, one call down.
            return method.DeclaredAccessibility == Accessibility.Private
                && wait.Operation.SemanticModel is { } model
                && CallSites.OnlyCalledFrom(method, model.Compilation, (call, caller) =>
                    caller is IMethodSymbol outer && IsPublicSurface(outer)
                    && PassesOwnParameter(call, timeout, outer));
        }

        private static bool IsPublicSurface(IMethodSymbol method) =>
            method.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;

        // The parameter of 'method' (an int or a TimeSpan) that the wait takes as its timeout.
        private static IParameterSymbol? TimeoutParameter(BlockingWait wait, IMethodSymbol method, KnownTypes types) =>
            BlockingWaits.TimeoutArgument(wait, types)?.Value.WalkDownConversions() is IParameterReferenceOperation { Parameter: { } timeout }
            && SymbolEqualityComparer.Default.Equals(timeout.ContainingSymbol, method)
                ? timeout
                : null;

        // The call passes a parameter of its caller for the helper's timeout parameter.
        private static bool PassesOwnParameter(IInvocationOperation call, IParameterSymbol timeout, IMethodSymbol caller)
        {
            foreach (var argument in call.Arguments)
            {
                if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.OriginalDefinition, timeout.OriginalDefinition))
                {
                    return argument.Value.WalkDownConversions() is IParameterReferenceOperation { Parameter: { } passed }
                        && SymbolEqualityComparer.Default.Equals(passed.ContainingSymbol, caller);
                }
            }

            return false;
        }
    }
}
