using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A public or protected member whose wait is bounded by a timeout its own caller passes
    /// (<c>public void Cancel(bool force, int millisecondsTimeout = 500) { ..; _done.Task.Wait(millisecondsTimeout); }</c>):
    /// the member is a documented bounded wait, and the caller chose how long it may block. It cannot deadlock for
    /// longer than that budget. A timeout the member picks itself (a constant, a field) is still the member's choice,
    /// and still reported.
    /// </summary>
    internal static class CallerBoundedWaits
    {
        public static bool IsBoundedByCaller(BlockingWait wait, IMethodSymbol method, KnownTypes types)
        {
            if (method.DeclaredAccessibility != Accessibility.Public && method.DeclaredAccessibility != Accessibility.Protected
                    && method.DeclaredAccessibility != Accessibility.ProtectedOrInternal
                || wait.Kind != BlockingWaitKind.Wait && wait.Kind != BlockingWaitKind.WaitAll && wait.Kind != BlockingWaitKind.WaitAny
                || wait.Operation is not IInvocationOperation invocation)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter
                    && (parameter.Type.SpecialType == SpecialType.System_Int32 || KnownTypes.Is(parameter.Type, types.TimeSpan))
                    && argument.Value.WalkDownConversions() is IParameterReferenceOperation { Parameter: { } timeout }
                    && SymbolEqualityComparer.Default.Equals(timeout.ContainingSymbol, method))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
