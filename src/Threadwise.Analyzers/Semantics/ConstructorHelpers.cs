using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A private method that only its type's constructors call, from their own bodies and on the object being built: part
    /// of constructing the object, which cannot await (amqpnetlite's <c>Connection(address, handler)</c>, documented as
    /// blocking, ends in <c>this.Connect(null, null)</c>, a private method that waits on the transport's connect). Any other
    /// use of it (a call from a method, a lambda or a local function, on another object, a method group) makes it an
    /// ordinary helper. The calls are found by <see cref="CallSites"/>; only asked where a wait is about to be reported.
    /// </summary>
    internal static class ConstructorHelpers
    {
        public static bool IsCalledOnlyByConstructors(IMethodSymbol method, Compilation compilation) =>
            method.DeclaredAccessibility == Accessibility.Private && !method.IsStatic && method.ContainingType is { } type
            && CallSites.OnlyCalledFrom(method, compilation, (call, caller) =>
                caller is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, type)
                && AsyncPath.EnclosingFunction(call) == null
                && call.Instance?.WalkDownConversions() is IInstanceReferenceOperation);
    }
}
