using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Async void functions of a <c>SynchronizationContext</c> subclass: the pump of an AsyncPump or <c>RunSync</c> helper
    /// (Rebus's <c>CustomSynchronizationContext</c> posts its async void <c>RunFunction</c> to itself and runs the posted
    /// callbacks until it is done). Async void reports an exception to the context that was current when it started, which
    /// for the pump's own function is the pump; such a class captures it and rethrows it on the waiting caller's thread,
    /// so the function cannot crash the process. TW301 and TW302 leave them alone.
    /// </summary>
    internal static class ContextPumps
    {
        public static bool IsPumpFunction(IMethodSymbol function, KnownTypes types) =>
            types.SynchronizationContext is { } context
            && function.ContainingType is { } type
            && !type.DeclaringSyntaxReferences.IsEmpty
            && KnownTypes.InheritsFrom(type, context);
    }
}
