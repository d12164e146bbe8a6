using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Threadwise.Rewriting
{
    /// <summary>
    /// Turns an expression into <c>await expression</c> in place of <paramref name="replaced"/>, keeping precedence right:
    /// <c>t.Result.Length</c> → <c>(await t).Length</c>. Where the position may need parentheses they are added with the
    /// Simplifier annotation, which removes them again where they are not needed. With <c>configureAwait</c> the operand
    /// becomes <c>awaited.ConfigureAwait(false)</c> (the caller checked, with <see cref="ConfigureAwaitConvention"/>, that
    /// the code around wants it and that the type has it).
    /// </summary>
    internal static class AwaitRewriter
    {
        public static ExpressionSyntax Await(ExpressionSyntax awaited, SyntaxNode replaced, bool configureAwait = false)
        {
            var operand = configureAwait ? ConfigureAwaitFalse(awaited.WithoutTrivia()) : awaited.WithoutTrivia();
            var awaitExpression = SyntaxFactory.AwaitExpression(operand);
            ExpressionSyntax result = NeedsNoParentheses(replaced)
                ? awaitExpression
                : SyntaxFactory.ParenthesizedExpression(awaitExpression).WithAdditionalAnnotations(Simplifier.Annotation);
            return result.WithTriviaFrom(replaced);
        }

        /// <summary><c>x.ConfigureAwait(false)</c>, parenthesising <c>x</c> where it is not a primary expression.</summary>
        public static ExpressionSyntax ConfigureAwaitFalse(ExpressionSyntax awaited)
        {
            var receiver = awaited is InvocationExpressionSyntax or MemberAccessExpressionSyntax or SimpleNameSyntax
                or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ObjectCreationExpressionSyntax
                ? awaited
                : SyntaxFactory.ParenthesizedExpression(awaited).WithAdditionalAnnotations(Simplifier.Annotation);
            return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("ConfigureAwait")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))));
        }

        // Positions where an await expression stands on its own.
        private static bool NeedsNoParentheses(SyntaxNode replaced)
        {
            switch (replaced.Parent)
            {
                case ExpressionStatementSyntax:
                case EqualsValueClauseSyntax:
                case ArgumentSyntax:
                case ReturnStatementSyntax:
                case ArrowExpressionClauseSyntax:
                case ParenthesizedExpressionSyntax:
                case InterpolationSyntax:
                case InitializerExpressionSyntax:
                    return true;
                case AssignmentExpressionSyntax assignment:
                    return assignment.Right == replaced;
                default:
                    return false;
            }
        }
    }
}
