using System.Collections.Immutable;
using System.Runtime.CompilerServices;
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
            var candidates = Candidates(compilation, metadataName);
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

        /// <summary>
        /// The types with that metadata name in the compilation and its references, as <c>GetTypesByMetadataName</c> finds
        /// them, but through the compilation's merged namespaces: those look a name up only in the assemblies that share the
        /// namespace and cache the answer, where <c>GetTypesByMetadataName</c> asks every referenced assembly in turn (14% of
        /// Threadwise's time in a profile of the benchmark's samples, every compilation resolving its known types). A
        /// reference under an extern alias is outside the global namespace: then, and for a name not parsed here, the slow way.
        /// </summary>
        private static ImmutableArray<INamedTypeSymbol> Candidates(Compilation compilation, string metadataName)
        {
            var nested = metadataName.Split('+');
            var lastDot = nested[0].LastIndexOf('.');
            if (HasAliasedReference(compilation) || lastDot <= 0 || lastDot == nested[0].Length - 1)
            {
                return compilation.GetTypesByMetadataName(metadataName);
            }

            INamespaceSymbol? ns = compilation.GlobalNamespace;
            foreach (var part in nested[0].Substring(0, lastDot).Split('.'))
            {
                ns = FirstNamespace(ns, part);
                if (ns is null)
                {
                    return ImmutableArray<INamedTypeSymbol>.Empty;
                }
            }

            if (!TryParse(nested[0].Substring(lastDot + 1), out var name, out var arity))
            {
                return compilation.GetTypesByMetadataName(metadataName);
            }

            var types = ns.GetTypeMembers(name, arity);
            for (var i = 1; i < nested.Length && !types.IsEmpty; i++)
            {
                if (!TryParse(nested[i], out name, out arity))
                {
                    return compilation.GetTypesByMetadataName(metadataName);
                }

                var inner = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
                foreach (var outer in types)
                {
                    inner.AddRange(outer.GetTypeMembers(name, arity));
                }

                types = inner.ToImmutable();
            }

            return types;
        }

        private static INamespaceSymbol? FirstNamespace(INamespaceSymbol parent, string name)
        {
            foreach (var member in parent.GetMembers(name))
            {
                if (member is INamespaceSymbol ns)
                {
                    return ns;
                }
            }

            return null;
        }

        /// <summary><c>Name`2</c> is <c>Name</c> with arity 2; a name without a backtick has arity 0.</summary>
        private static bool TryParse(string metadataName, out string name, out int arity)
        {
            var tick = metadataName.IndexOf('`');
            name = tick < 0 ? metadataName : metadataName.Substring(0, tick);
            arity = 0;
            return name.Length > 0 && (tick < 0 || int.TryParse(metadataName.Substring(tick + 1), out arity));
        }

        // Asked once per compilation: every known type is looked up through here, and a project has hundreds of references.
        private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> s_aliased = new ConditionalWeakTable<Compilation, StrongBox<bool>>();

        private static bool HasAliasedReference(Compilation compilation) =>
            s_aliased.GetValue(compilation, c => new StrongBox<bool>(AnyAliasedReference(c))).Value;

        private static bool AnyAliasedReference(Compilation compilation)
        {
            foreach (var reference in compilation.References)
            {
                var aliases = reference.Properties.Aliases;
                if (!aliases.IsDefaultOrEmpty && !aliases.Contains(MetadataReferenceProperties.GlobalAlias))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
