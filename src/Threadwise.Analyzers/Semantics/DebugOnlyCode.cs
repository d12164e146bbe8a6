using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code the maintainer compiled only into debug builds: a position inside the active branch of <c>#if DEBUG</c> (or of a
    /// condition that requires <c>DEBUG</c>, such as <c>DEBUG &amp;&amp; TRACE_IO</c>). A blocking test hook or a diagnostic dump
    /// there never ships, so the blocking and dropped-task rules treat it like a local suppression. The <c>#else</c> of such
    /// a directive is release code and counts as usual. Walks the file's directives, so ask only when about to report.
    /// </summary>
    internal static class DebugOnlyCode
    {
        private const int MaxNesting = 32;

        public static bool Contains(SyntaxTree tree, int position)
        {
            if (!tree.TryGetRoot(out var root) || !root.ContainsDirectives)
            {
                return false;
            }

            // One flag per open #if: whether the branch we are in requires DEBUG.
            var open = new bool[MaxNesting];
            var depth = 0;
            for (var directive = root.GetFirstDirective(); directive != null && directive.SpanStart < position; directive = directive.GetNextDirective())
            {
                switch (directive)
                {
                    case IfDirectiveTriviaSyntax @if:
                        if (depth < MaxNesting)
                        {
                            open[depth] = RequiresDebug(@if.Condition);
                        }

                        depth++;
                        break;
                    case ElifDirectiveTriviaSyntax elif when depth > 0 && depth <= MaxNesting:
                        open[depth - 1] = RequiresDebug(elif.Condition);
                        break;
                    case ElseDirectiveTriviaSyntax when depth > 0 && depth <= MaxNesting:
                        open[depth - 1] = false;
                        break;
                    case EndIfDirectiveTriviaSyntax when depth > 0:
                        depth--;
                        break;
                }
            }

            for (var i = 0; i < depth && i < MaxNesting; i++)
            {
                if (open[i])
                {
                    return true;
                }
            }

            return false;
        }

        // DEBUG, (DEBUG), DEBUG && X, X && DEBUG: every build that compiles the branch defines DEBUG.
        private static bool RequiresDebug(ExpressionSyntax condition) => condition switch
        {
            IdentifierNameSyntax name => name.Identifier.ValueText == "DEBUG",
            ParenthesizedExpressionSyntax parenthesized => RequiresDebug(parenthesized.Expression),
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) => RequiresDebug(binary.Left) || RequiresDebug(binary.Right),
            _ => false,
        };
    }
}
