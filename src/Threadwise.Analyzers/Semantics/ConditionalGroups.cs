using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The <c>#if</c> groups open at a position of a file, outermost first: for each, the conditions of its <c>#if</c> and
    /// <c>#elif</c> directives up to the branch the position is in, and whether that branch is the <c>#else</c>. Walks the
    /// file's directives, so ask only when about to report. Asked by <see cref="DebugOnlyCode"/> (a branch that requires
    /// <c>DEBUG</c>) and <see cref="TargetFrameworkGaps"/> (a group on a framework symbol).
    /// </summary>
    internal static class ConditionalGroups
    {
        // Deeper groups are counted but not kept: nobody nests #if that far.
        private const int MaxNesting = 32;

        public static IReadOnlyList<Group> At(SyntaxTree tree, int position)
        {
            var open = new List<Group>();
            if (!tree.TryGetRoot(out var root) || !root.ContainsDirectives)
            {
                return open;
            }

            var depth = 0;
            for (var directive = root.GetFirstDirective(); directive != null && directive.SpanStart < position; directive = directive.GetNextDirective())
            {
                switch (directive)
                {
                    case IfDirectiveTriviaSyntax @if:
                        if (depth < MaxNesting)
                        {
                            open.Add(new Group(@if.Condition));
                        }

                        depth++;
                        break;
                    case ElifDirectiveTriviaSyntax elif when depth > 0 && depth <= MaxNesting:
                        open[depth - 1].Conditions.Add(elif.Condition);
                        break;
                    case ElseDirectiveTriviaSyntax when depth > 0 && depth <= MaxNesting:
                        open[depth - 1].InElse = true;
                        break;
                    case EndIfDirectiveTriviaSyntax when depth > 0:
                        if (depth <= MaxNesting)
                        {
                            open.RemoveAt(depth - 1);
                        }

                        depth--;
                        break;
                }
            }

            return open;
        }

        public sealed class Group
        {
            public Group(ExpressionSyntax condition)
            {
                Conditions = new List<ExpressionSyntax> { condition };
            }

            /// <summary>The <c>#if</c> condition and those of the <c>#elif</c>s before the position; the last is its branch's unless <see cref="InElse"/>.</summary>
            public List<ExpressionSyntax> Conditions { get; }

            /// <summary>The position is in the group's <c>#else</c> branch.</summary>
            public bool InElse { get; set; }
        }
    }
}
