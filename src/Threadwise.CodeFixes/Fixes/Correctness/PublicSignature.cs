using Microsoft.CodeAnalysis;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// Fixes never change a public signature silently: where a fix changes the return type of a member that code outside
    /// the assembly can see (public or protected all the way out), its title says so.
    /// </summary>
    internal static class PublicSignature
    {
        public static bool IsVisibleOutsideAssembly(ISymbol symbol)
        {
            for (var current = symbol; current is IMethodSymbol || current is INamedTypeSymbol; current = current.ContainingSymbol)
            {
                switch (current.DeclaredAccessibility)
                {
                    case Accessibility.Public:
                    case Accessibility.Protected:
                    case Accessibility.ProtectedOrInternal:
                        continue;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>" (changes public signature of 'Run')" for a visible member, else empty.</summary>
        public static string NoteFor(ISymbol symbol) =>
            IsVisibleOutsideAssembly(symbol) ? " (changes public signature of '" + symbol.Name + "')" : string.Empty;
    }
}
