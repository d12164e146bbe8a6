using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Threadwise.Semantics
{
    /// <summary>
    /// ReSharper's and Rider's comment suppressions, which their users write where a pragma would go:
    /// <c>// ReSharper disable once MethodHasAsyncOverload</c> (the next statement or member), <c>// ReSharper disable
    /// UseAwaitUsing</c> … <c>// ReSharper restore UseAwaitUsing</c> (a region, to the end of the file without a restore),
    /// <c>// ReSharper disable All</c>, and Rider's <c>//noinspection AsyncVoidMethod</c> (the next statement or member).
    /// Text after the inspection names is the maintainer's reason (<c>- TFM-dependent</c>, <c># grandfathered</c>) and is
    /// ignored. The comments of a tree are read once (cached per tree), and only for trees whose text mentions either form.
    /// </summary>
    internal static class ResharperComments
    {
        private const string All = "All";

        private static readonly ConditionalWeakTable<SyntaxTree, CommentMap> s_maps = new ConditionalWeakTable<SyntaxTree, CommentMap>();

        /// <summary>Whether a comment in force at <paramref name="position"/> disables one of <paramref name="ids"/> (or all inspections).</summary>
        public static bool IsDisabled(SyntaxTree tree, int position, ImmutableArray<string> ids)
        {
            if (ids.IsDefaultOrEmpty)
            {
                return false;
            }

            var map = s_maps.GetValue(tree, CommentMap.Create);
            return !map.IsEmpty && map.IsDisabled(ids, position);
        }

        private sealed class CommentMap
        {
            private static readonly CommentMap Empty = new CommentMap(new List<Region>(), new List<SuppressionToggle>());

            private readonly List<Region> _once;
            private readonly List<SuppressionToggle> _toggles;

            private CommentMap(List<Region> once, List<SuppressionToggle> toggles)
            {
                _once = once;
                _toggles = toggles;
            }

            public bool IsEmpty => _once.Count == 0 && _toggles.Count == 0;

            public static CommentMap Create(SyntaxTree tree)
            {
                var text = tree.GetText().ToString();
                if (text.IndexOf("ReSharper", StringComparison.Ordinal) < 0 && text.IndexOf("noinspection", StringComparison.Ordinal) < 0)
                {
                    return Empty;
                }

                var once = new List<Region>();
                var toggles = new List<SuppressionToggle>();
                foreach (var trivia in tree.GetRoot().DescendantTrivia())
                {
                    if (!trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || Parse(trivia.ToString()) is not { } comment)
                    {
                        continue;
                    }

                    // "All" names every inspection, as a bare pragma names every ID.
                    var ids = Array.IndexOf(comment.Ids, All) >= 0 ? null : comment.Ids;
                    if (comment.Once)
                    {
                        once.Add(new Region(NextElement(trivia), ids));
                    }
                    else
                    {
                        toggles.Add(new SuppressionToggle(trivia.Span.End, comment.Disables, ids, StringComparison.Ordinal));
                    }
                }

                return once.Count == 0 && toggles.Count == 0 ? Empty : new CommentMap(once, toggles);
            }

            public bool IsDisabled(ImmutableArray<string> ids, int position)
            {
                foreach (var region in _once)
                {
                    if (region.Span.Contains(position) && region.Names(ids))
                    {
                        return true;
                    }
                }

                return SuppressionToggle.IsDisabled(_toggles, ids, position);
            }

            /// <summary>The statement or member the comment stands before: the smallest one that starts at the next token.</summary>
            private static TextSpan NextElement(SyntaxTrivia comment)
            {
                var token = comment.Token;
                if (token.SpanStart < comment.Span.End)
                {
                    // A trailing comment (`Foo(); // ReSharper disable once X`): it stands before the next line's code.
                    token = token.GetNextToken();
                }

                for (var node = token.Parent; node != null; node = node.Parent)
                {
                    if (node.SpanStart != token.SpanStart)
                    {
                        break;
                    }

                    if (node is StatementSyntax or MemberDeclarationSyntax or AccessorDeclarationSyntax)
                    {
                        return node.Span;
                    }
                }

                return token.Parent?.Span ?? token.Span;
            }
        }

        /// <summary>
        /// <c>// ReSharper disable [once] A, B reason</c>, <c>// ReSharper restore A</c>, <c>//noinspection A</c>; null for any
        /// other comment.
        /// </summary>
        internal static (bool Disables, bool Once, string[] Ids)? Parse(string comment)
        {
            var rest = comment.TrimStart('/').TrimStart();
            bool disables;
            var once = false;
            if (TrimWord(ref rest, "noinspection"))
            {
                disables = true;
                once = true;
            }
            else if (TrimWord(ref rest, "ReSharper"))
            {
                if (TrimWord(ref rest, "disable"))
                {
                    disables = true;
                    once = TrimWord(ref rest, "once");
                }
                else if (TrimWord(ref rest, "restore"))
                {
                    disables = false;
                }
                else
                {
                    return null;
                }
            }
            else
            {
                return null;
            }

            var ids = new List<string>();
            foreach (var part in rest.Split(','))
            {
                var name = LeadingIdentifier(part.TrimStart());
                if (name.Length == 0)
                {
                    break;
                }

                ids.Add(name);
                if (name.Length < part.Trim().Length)
                {
                    // "MethodHasAsyncOverload - TFM-dependent": the reason starts; no more names follow.
                    break;
                }
            }

            return ids.Count == 0 ? null : (disables, once, ids.ToArray());
        }

        private static bool TrimWord(ref string text, string word)
        {
            if (!text.StartsWith(word, StringComparison.Ordinal)
                || text.Length > word.Length && !char.IsWhiteSpace(text[word.Length]))
            {
                return false;
            }

            text = text.Substring(word.Length).TrimStart();
            return true;
        }

        private static string LeadingIdentifier(string text)
        {
            var length = 0;
            while (length < text.Length && (char.IsLetterOrDigit(text[length]) || text[length] == '_'))
            {
                length++;
            }

            return text.Substring(0, length);
        }

        private readonly struct Region
        {
            private readonly string[]? _ids;

            /// <param name="ids">The inspections it names; null for all of them.</param>
            public Region(TextSpan span, string[]? ids)
            {
                Span = span;
                _ids = ids;
            }

            public TextSpan Span { get; }

            public bool Names(ImmutableArray<string> ids)
            {
                foreach (var id in ids)
                {
                    if (SuppressionToggle.Names(_ids, id, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
