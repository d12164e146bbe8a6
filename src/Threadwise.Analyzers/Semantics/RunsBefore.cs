using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Answers "whenever <c>second</c> runs, has <c>first</c> already run?" for two pieces of one function body, from the
    /// syntax alone: <c>first</c> comes earlier in the text and nothing between it and the construct that also holds
    /// <c>second</c> makes it conditional (a branch of <c>if</c>/<c>?:</c>/<c>switch</c>, the right side of <c>&amp;&amp;</c>,
    /// <c>||</c>, <c>??</c>, <c>?.</c>, a loop body, a <c>try</c>/<c>catch</c>, a lambda or local function). Conditions and
    /// switch subjects run before their branches, so <c>first</c> may sit there. Conservative: "no" whenever unsure.
    /// </summary>
    internal static class RunsBefore
    {
        public static bool AlwaysRunsBefore(SyntaxNode first, SyntaxNode second)
        {
            if (first.SpanStart >= second.SpanStart || first.Span.Contains(second.Span) || second.Span.Contains(first.Span))
            {
                return false;
            }

            var child = first;
            for (var parent = first.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                if (parent.Span.Contains(second.Span))
                {
                    // The construct that holds both: statements of one switch section run in sequence, too.
                    return parent is SwitchSectionSyntax || RunsWheneverParentRuns(parent, child);
                }

                if (!RunsWheneverParentRuns(parent, child))
                {
                    return false;
                }

                if (AsyncPath.IsFunction(parent) || parent is MemberDeclarationSyntax)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="child"/> runs every time <paramref name="parent"/> runs, before what follows it.</summary>
        private static bool RunsWheneverParentRuns(SyntaxNode parent, SyntaxNode child)
        {
            switch (parent)
            {
                case IfStatementSyntax @if:
                    return child == @if.Condition;
                case ConditionalExpressionSyntax conditional:
                    return child == conditional.Condition;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression)
                    || binary.IsKind(SyntaxKind.LogicalOrExpression) || binary.IsKind(SyntaxKind.CoalesceExpression):
                    return child == binary.Left;
                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                    return child == assignment.Left;
                case ConditionalAccessExpressionSyntax access:
                    return child == access.Expression;
                case SwitchStatementSyntax @switch:
                    return child == @switch.Expression;
                case SwitchExpressionSyntax switchExpression:
                    return child == switchExpression.GoverningExpression;
                case WhileStatementSyntax @while:
                    return child == @while.Condition;
                case ForStatementSyntax @for:
                    return child == @for.Declaration || child == @for.Condition || child is ExpressionSyntax initializer && @for.Initializers.Contains(initializer);
                case ForEachStatementSyntax forEach:
                    return child == forEach.Expression;
                case ForEachVariableStatementSyntax forEachVariable:
                    return child == forEachVariable.Expression;
                case DoStatementSyntax:
                case BlockSyntax:
                case ExpressionStatementSyntax:
                case LocalDeclarationStatementSyntax:
                case UsingStatementSyntax:
                case LockStatementSyntax:
                case CheckedStatementSyntax:
                case UnsafeStatementSyntax:
                case FixedStatementSyntax:
                case LabeledStatementSyntax:
                case ReturnStatementSyntax:
                case ThrowStatementSyntax:
                case YieldStatementSyntax:
                    return true;
                case StatementSyntax:
                case SwitchSectionSyntax:
                case SwitchExpressionArmSyntax:
                case CatchClauseSyntax:
                case FinallyClauseSyntax:
                case ElseClauseSyntax:
                case QueryExpressionSyntax:
                case QueryBodySyntax:
                    return false;
                default:
                    // Other expressions evaluate all their operands, left to right.
                    return !AsyncPath.IsFunction(parent);
            }
        }
    }
}
