using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Whether a method's contract says it may return null: its return type is annotated (<c>Task?</c>), or it overrides or
    /// implements a member whose return type is. Callers that see such a member are told by the compiler to check for
    /// null, so a null it returns is by design, not a bug.
    /// </summary>
    internal static class NullableReturns
    {
        public static bool MayReturnNull(IMethodSymbol method)
        {
            if (method.ReturnNullableAnnotation == NullableAnnotation.Annotated)
            {
                return true;
            }

            for (var overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                if (overridden.ReturnNullableAnnotation == NullableAnnotation.Annotated)
                {
                    return true;
                }
            }

            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                if (implemented.ReturnNullableAnnotation == NullableAnnotation.Annotated)
                {
                    return true;
                }
            }

            return ImplementsAnnotatedInterfaceMember(method);
        }

        private static bool ImplementsAnnotatedInterfaceMember(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null || method.MethodKind == MethodKind.LocalFunction || method.MethodKind == MethodKind.AnonymousFunction)
            {
                return false;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol { ReturnNullableAnnotation: NullableAnnotation.Annotated }
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
