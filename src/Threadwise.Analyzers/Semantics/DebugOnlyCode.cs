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
        public static bool Contains(SyntaxTree tree, int position)
        {
            foreach (var group in ConditionalGroups.At(tree, position))
            {
                if (!group.InElse && RequiresDebug(group.Conditions[group.Conditions.Count - 1]))
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
