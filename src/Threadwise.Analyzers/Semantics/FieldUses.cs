using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The uses of a private field inside its own type, for checks that judge a field by everything its type does with it
    /// (<see cref="ShortLockHolds"/>, <see cref="SyncOnlyWaiters"/>): every name in every partial declaration of the type,
    /// nested types included, that binds to the field, with its tree's model. Found from the syntax by name and bound only
    /// where the name occurs.
    /// </summary>
    internal static class FieldUses
    {
        /// <summary>The names that bind to <paramref name="field"/> in its type; null when part of the type is not in this compilation's source.</summary>
        public static IEnumerable<(IdentifierNameSyntax Name, SemanticModel Model)>? InOwnType(IFieldSymbol field, Compilation compilation) =>
            InType(field, field.ContainingType, compilation);

        /// <summary>
        /// The same for a field that is not private but sits in a private nested type (<c>static class Cached { internal
        /// static readonly .. }</c>): the names that bind to it in the type that private type is nested in, the only code that
        /// can see it. Null for a field code elsewhere could use, or where part of that type is not in this compilation's source.
        /// </summary>
        public static IEnumerable<(IdentifierNameSyntax Name, SemanticModel Model)>? InAccessibleScope(IFieldSymbol field, Compilation compilation)
        {
            if (field.DeclaredAccessibility == Accessibility.Private)
            {
                return InOwnType(field, compilation);
            }

            var type = field.ContainingType;
            while (type != null && type.DeclaredAccessibility != Accessibility.Private)
            {
                type = type.ContainingType;
            }

            return type?.ContainingType is { } scope && field.DeclaredAccessibility is Accessibility.Internal or Accessibility.Public
                ? InType(field, scope, compilation)
                : null;
        }

        // The uses in every declaration of the type; null when one is not in this compilation's source.
        private static IEnumerable<(IdentifierNameSyntax Name, SemanticModel Model)>? InType(IFieldSymbol field, INamedTypeSymbol type, Compilation compilation)
        {
            var declarations = type.DeclaringSyntaxReferences;
            foreach (var reference in declarations)
            {
                if (!compilation.ContainsSyntaxTree(reference.SyntaxTree))
                {
                    return null;
                }
            }

            return Uses(field.OriginalDefinition, declarations, compilation);
        }

        private static IEnumerable<(IdentifierNameSyntax Name, SemanticModel Model)> Uses(
            IFieldSymbol field, IEnumerable<SyntaxReference> declarations, Compilation compilation)
        {
            foreach (var reference in declarations)
            {
                var typeSyntax = reference.GetSyntax();
                SemanticModel? model = null;
                foreach (var node in typeSyntax.DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != field.Name)
                    {
                        continue;
                    }

                    model ??= DriverModels.Of(compilation, typeSyntax.SyntaxTree);
                    if (KnownTypes.Is(model.GetSymbolInfo(name).Symbol?.OriginalDefinition, field))
                    {
                        yield return (name, model);
                    }
                }
            }
        }
    }
}
