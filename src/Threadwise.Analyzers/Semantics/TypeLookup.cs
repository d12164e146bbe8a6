using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Finds a type by metadata name when more than one assembly defines it. <c>GetTypeByMetadataName</c> answers null as
    /// soon as two references hold the name, which polyfills make common (an internal <c>DoesNotReturnAttribute</c> or
    /// <c>IAsyncDisposable</c> compiled into a library), and a null well-known type silently turns a rule off. The best match,
    /// as Meziantou.Analyzer and roslyn-analyzers resolve it: the compilation's own type, else the single accessible one,
    /// else the core library's.
    /// </summary>
    internal static class TypeLookup
    {
        public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
        {
            var candidates = compilation.GetTypesByMetadataName(metadataName);
            if (candidates.IsDefaultOrEmpty)
            {
                return null;
            }

            var coreLibrary = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
            INamedTypeSymbol? accessible = null;
            INamedTypeSymbol? fromCoreLibrary = null;
            var ambiguous = false;
            foreach (var candidate in candidates)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
                {
                    return candidate;
                }

                // An internal polyfill in a reference is invisible to the code being analyzed: it cannot be the type it uses.
                if (!compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
                {
                    continue;
                }

                if (fromCoreLibrary is null && coreLibrary is not null && SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, coreLibrary))
                {
                    fromCoreLibrary = candidate;
                }

                ambiguous |= accessible is not null;
                accessible ??= candidate;
            }

            return ambiguous ? fromCoreLibrary : accessible;
        }
    }
}
