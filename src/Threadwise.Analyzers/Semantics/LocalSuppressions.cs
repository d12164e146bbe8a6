using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Whether a diagnostic ID is suppressed locally at a position: by a <c>#pragma warning disable</c> region in force
    /// there (with the ID, or with no IDs at all), or by <c>[SuppressMessage]</c>/<c>[UnconditionalSuppressMessage]</c>
    /// naming it on the symbol around the site, its member or a containing type, or by a ReSharper/Rider comment naming
    /// it (<see cref="ResharperComments"/>). Assembly-level suppressions and
    /// <c>.editorconfig</c> severities are not local and are not read. The pragma regions of a tree are computed once
    /// (cached per tree, and only for trees that contain directives at all).
    /// </summary>
    internal static class LocalSuppressions
    {
        private static readonly ConditionalWeakTable<SyntaxTree, PragmaMap> s_pragmas = new ConditionalWeakTable<SyntaxTree, PragmaMap>();
        private static readonly ConditionalWeakTable<Compilation, AttributeTypes> s_attributes = new ConditionalWeakTable<Compilation, AttributeTypes>();

        /// <summary>Whether any ID of <paramref name="ids"/> or <paramref name="moreIds"/> is suppressed at <paramref name="position"/>.</summary>
        public static bool IsSuppressed(
            SyntaxTree tree,
            int position,
            ISymbol? symbol,
            Compilation compilation,
            ImmutableArray<string> ids,
            ImmutableArray<string> moreIds)
        {
            if (ids.IsDefaultOrEmpty && moreIds.IsDefaultOrEmpty)
            {
                return false;
            }

            var pragmas = PragmasOf(tree);
            if (pragmas != null && (pragmas.IsDisabled(ids, position) || pragmas.IsDisabled(moreIds, position)))
            {
                return true;
            }

            if (ResharperComments.IsDisabled(tree, position, ids) || ResharperComments.IsDisabled(tree, position, moreIds))
            {
                return true;
            }

            return symbol != null && IsSuppressedByAttribute(symbol, compilation, ids, moreIds);
        }

        private static PragmaMap? PragmasOf(SyntaxTree tree)
        {
            if (!tree.TryGetRoot(out var root))
            {
                root = tree.GetRoot();
            }

            if (!root.ContainsDirectives)
            {
                return null;
            }

            var map = s_pragmas.GetValue(tree, _ => PragmaMap.Create(root));
            return map.IsEmpty ? null : map;
        }

        private static bool IsSuppressedByAttribute(ISymbol symbol, Compilation compilation, ImmutableArray<string> ids, ImmutableArray<string> moreIds)
        {
            var types = s_attributes.GetValue(compilation, c => new AttributeTypes(c));
            if (types.SuppressMessage is null && types.UnconditionalSuppressMessage is null)
            {
                return false;
            }

            for (var current = symbol; current != null && current.Kind != SymbolKind.Namespace; current = Outer(current))
            {
                foreach (var attribute in current.GetAttributes())
                {
                    var attributeClass = attribute.AttributeClass;
                    if ((KnownTypes.Is(attributeClass, types.SuppressMessage) || KnownTypes.Is(attributeClass, types.UnconditionalSuppressMessage))
                        && attribute.ConstructorArguments.Length == 2
                        && attribute.ConstructorArguments[1].Value is string checkId
                        && (Names(ids, checkId) || Names(moreIds, checkId)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // An accessor's suppressions are written on its property or event.
        private static ISymbol? Outer(ISymbol symbol) =>
            symbol is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : symbol.ContainingSymbol;

        /// <summary>"VSTHRD002:Avoid problematic synchronous waits" or "VSTHRD002" names VSTHRD002.</summary>
        private static bool Names(ImmutableArray<string> ids, string checkId)
        {
            if (ids.IsDefaultOrEmpty)
            {
                return false;
            }

            var colon = checkId.IndexOf(':');
            var id = (colon >= 0 ? checkId.Substring(0, colon) : checkId).Trim();
            foreach (var candidate in ids)
            {
                if (string.Equals(candidate, id, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private sealed class AttributeTypes
        {
            public AttributeTypes(Compilation compilation)
            {
                SuppressMessage = compilation.GetBestTypeByMetadataName("System.Diagnostics.CodeAnalysis.SuppressMessageAttribute");
                UnconditionalSuppressMessage = compilation.GetBestTypeByMetadataName("System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessageAttribute");
            }

            public INamedTypeSymbol? SuppressMessage { get; }

            public INamedTypeSymbol? UnconditionalSuppressMessage { get; }
        }

        /// <summary>
        /// The <c>#pragma warning</c> directives of one tree, in source order. The state of an ID at a position is set by
        /// the last directive before it that names the ID or names none (a bare <c>disable</c> or <c>restore</c> applies to every ID).
        /// </summary>
        private sealed class PragmaMap
        {
            private readonly List<SuppressionToggle> _pragmas;

            private PragmaMap(List<SuppressionToggle> pragmas)
            {
                _pragmas = pragmas;
            }

            public bool IsEmpty => _pragmas.Count == 0;

            public static PragmaMap Create(SyntaxNode root)
            {
                var pragmas = new List<SuppressionToggle>();
                for (var directive = root.GetFirstDirective(); directive != null; directive = directive.GetNextDirective())
                {
                    if (directive is not PragmaWarningDirectiveTriviaSyntax pragma || !pragma.IsActive)
                    {
                        continue;
                    }

                    string[]? ids = null;
                    if (pragma.ErrorCodes.Count > 0)
                    {
                        ids = new string[pragma.ErrorCodes.Count];
                        for (var i = 0; i < ids.Length; i++)
                        {
                            ids[i] = IdOf(pragma.ErrorCodes[i]);
                        }
                    }

                    pragmas.Add(new SuppressionToggle(pragma.Span.End, pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword), ids, StringComparison.OrdinalIgnoreCase));
                }

                return new PragmaMap(pragmas);
            }

            // CA1849 is an identifier; 4014 is a number the compiler reads as CS4014.
            private static string IdOf(ExpressionSyntax code) => code switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                LiteralExpressionSyntax { Token.Value: int number } => "CS" + number.ToString("0000", System.Globalization.CultureInfo.InvariantCulture),
                _ => code.ToString(),
            };

            public bool IsDisabled(ImmutableArray<string> ids, int position) => SuppressionToggle.IsDisabled(_pragmas, ids, position);
        }
    }
}
