using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Threadwise.Baselines
{
    /// <summary>
    /// The one fingerprint computation, used by the baseline suppressor in the compiler and IDE and by the threadwise
    /// command (baseline and analyze --baseline), so all of them agree on what a baseline accepts.
    /// </summary>
    public static class BaselineFingerprints
    {
        /// <summary>The member name used for code in top-level statements (the synthesized entry point's name is not stable).</summary>
        public const string TopLevelStatements = "<top-level statements>";

        /// <summary>
        /// The fingerprints of <paramref name="diagnostics"/>, in the same order. Ordinals number the diagnostics that share
        /// rule, member and code by file path and then position, so the set of diagnostics passed in must be all of them
        /// (one compilation's).
        /// </summary>
        public static ImmutableArray<BaselineFingerprint> Compute(
            ImmutableArray<Diagnostic> diagnostics, Func<SyntaxTree, SemanticModel> semanticModel, CancellationToken cancellationToken)
        {
            var keys = new (string Rule, string Member, string Code, string Path, int Start, int End)[diagnostics.Length];
            for (var i = 0; i < diagnostics.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var diagnostic = diagnostics[i];
                var location = diagnostic.Location;
                if (location.IsInSource && location.SourceTree is { } tree)
                {
                    var span = location.SourceSpan;
                    keys[i] = (diagnostic.Id, MemberId(tree, span, semanticModel, cancellationToken), Code(tree, span, cancellationToken),
                        tree.FilePath ?? string.Empty, span.Start, span.End);
                }
                else
                {
                    keys[i] = (diagnostic.Id, string.Empty, string.Empty, string.Empty, 0, 0);
                }
            }

            var order = new int[diagnostics.Length];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) =>
            {
                var byKey = CompareKey(keys[a], keys[b]);
                if (byKey != 0)
                {
                    return byKey;
                }

                var byPath = string.CompareOrdinal(keys[a].Path, keys[b].Path);
                if (byPath != 0)
                {
                    return byPath;
                }

                var byStart = keys[a].Start.CompareTo(keys[b].Start);
                return byStart != 0 ? byStart : keys[a].End != keys[b].End ? keys[a].End.CompareTo(keys[b].End) : a.CompareTo(b);
            });

            var result = new BaselineFingerprint[diagnostics.Length];
            for (var n = 0; n < order.Length; n++)
            {
                var i = order[n];
                var ordinal = n > 0 && CompareKey(keys[order[n - 1]], keys[i]) == 0 ? result[order[n - 1]].Ordinal + 1 : 0;
                result[i] = new BaselineFingerprint(keys[i].Rule, keys[i].Member, keys[i].Code, ordinal);
            }

            return ImmutableArray.Create(result);
        }

        /// <summary>
        /// The documentation-comment ID of the member declaration holding <paramref name="span"/> (accessors, local functions and
        /// lambdas count as their member; a field's variable as that field), of the type when the span is outside members.
        /// </summary>
        public static string MemberId(SyntaxTree tree, TextSpan span, Func<SyntaxTree, SemanticModel> semanticModel, CancellationToken cancellationToken)
        {
            var root = tree.GetRoot(cancellationToken);
            if (span.End > root.FullSpan.End)
            {
                return string.Empty;
            }

            for (SyntaxNode? node = root.FindNode(span, getInnermostNodeForTie: true); node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case GlobalStatementSyntax:
                        return TopLevelStatements;
                    case BaseFieldDeclarationSyntax field:
                        var declarators = field.Declaration.Variables;
                        foreach (var declarator in declarators)
                        {
                            if (declarator.FullSpan.Contains(span.Start))
                            {
                                return DocumentationId(semanticModel(tree).GetDeclaredSymbol(declarator, cancellationToken));
                            }
                        }

                        return declarators.Count > 0
                            ? DocumentationId(semanticModel(tree).GetDeclaredSymbol(declarators[0], cancellationToken))
                            : string.Empty;
                    case MemberDeclarationSyntax member:
                        return DocumentationId(semanticModel(tree).GetDeclaredSymbol(member, cancellationToken));
                }
            }

            return string.Empty;
        }

        /// <summary>
        /// The flagged code, normalized so that reformatting it changes nothing: the text of the tokens in the span without
        /// their trivia (whitespace, line breaks, comments), joined by one space only where two words would otherwise run
        /// together (<c>await task</c>, <c>File.ReadAllText(path)</c>). Text inside string literals is kept as written.
        /// </summary>
        public static string Code(SyntaxTree tree, TextSpan span, CancellationToken cancellationToken)
        {
            var root = tree.GetRoot(cancellationToken);
            if (span.End > root.FullSpan.End)
            {
                return string.Empty;
            }

            var builder = new StringBuilder(span.Length);
            foreach (var token in root.DescendantTokens(span))
            {
                var overlap = token.Span.Intersection(span);
                if (overlap is not { IsEmpty: false } part)
                {
                    continue;
                }

                var text = token.Span == part ? token.Text : token.Text.Substring(part.Start - token.Span.Start, part.Length);
                if (builder.Length > 0 && IsWordCharacter(builder[builder.Length - 1]) && IsWordCharacter(text[0]))
                {
                    builder.Append(' ');
                }

                builder.Append(text);
            }

            return builder.ToString();
        }

        private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '@';

        private static string DocumentationId(ISymbol? symbol) => symbol?.GetDocumentationCommentId() ?? string.Empty;

        private static int CompareKey(
            (string Rule, string Member, string Code, string Path, int Start, int End) a,
            (string Rule, string Member, string Code, string Path, int Start, int End) b)
        {
            var c = string.CompareOrdinal(a.Rule, b.Rule);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(a.Member, b.Member);
            return c != 0 ? c : string.CompareOrdinal(a.Code, b.Code);
        }
    }
}
