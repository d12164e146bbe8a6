using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>Questions about a method's signature: what fixes must respect, and how two signatures compare.</summary>
    internal static class Signatures
    {
        /// <summary>Whether the first <paramref name="count"/> parameters of both methods have the same types and ref kinds.</summary>
        public static bool SameLeadingParameters(IMethodSymbol method, IMethodSymbol other, int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (method.Parameters[i].RefKind != other.Parameters[i].RefKind
                    || !SymbolEqualityComparer.Default.Equals(method.Parameters[i].Type, other.Parameters[i].Type))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Does the method implicitly implement an interface member of its type? Then its signature is dictated by the
        /// interface and cannot change alone.
        /// </summary>
        public static bool ImplementsInterfaceMember(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (method.IsStatic || method.DeclaredAccessibility != Accessibility.Public || type is null)
            {
                return false;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol && KnownTypes.Is(type.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
