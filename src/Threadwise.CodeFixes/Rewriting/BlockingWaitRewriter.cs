using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Threadwise.Semantics;

namespace Threadwise.Rewriting
{
    /// <summary>
    /// Turns a blocking wait into the await that gives the same result, as the analyzer's <see cref="AwaitRewrite"/> says (shared by
    /// TW101, TW103 and the "Make Main async" refactoring): <c>t.Result</c>, <c>t.Wait()</c>,
    /// <c>t.GetAwaiter().GetResult()</c> → <c>await t</c>; <c>t.Wait(ct)</c> → <c>await t.WaitAsync(ct)</c>;
    /// <c>Task.WaitAll(..)</c> → <c>await Task.WhenAll(..)</c>; <c>Task.WaitAny(..)</c> → <c>await Task.WhenAny(..)</c>.
    /// </summary>
    internal static class BlockingWaitRewriter
    {
        /// <returns>The rewritten node, or null when <paramref name="current"/> is not a wait of that shape.</returns>
        /// <param name="configureAwait">Write <c>.ConfigureAwait(false)</c> on the awaited task (see <see cref="AwaitedOperand"/>).</param>
        public static SyntaxNode? Rewrite(SyntaxNode current, AwaitRewrite? fix, bool configureAwait = false)
        {
            switch (fix)
            {
                // t.Result
                case AwaitRewrite.Await when current is MemberAccessExpressionSyntax access:
                    return AwaitRewriter.Await(access.Expression, current, configureAwait);

                // t.GetAwaiter().GetResult()
                case AwaitRewrite.Await when current is InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter } }
                }:
                    return AwaitRewriter.Await(getAwaiter.Expression, current, configureAwait);

                // t.Wait()
                case AwaitRewrite.Await when current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax wait }:
                    return AwaitRewriter.Await(wait.Expression, current, configureAwait);

                // t.Wait(ct), Task.WaitAll(..), Task.WaitAny(..)
                case AwaitRewrite.WaitAsync:
                case AwaitRewrite.WhenAll:
                case AwaitRewrite.WhenAny:
                    if (current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax callee } invocation)
                    {
                        var name = SyntaxFactory.IdentifierName(AwaitRewrites.Name(fix.Value)).WithTriviaFrom(callee.Name);
                        return AwaitRewriter.Await(invocation.WithExpression(callee.WithName(name)), current, configureAwait);
                    }

                    return null;

                default:
                    return null;
            }
        }

        /// <summary>The operand the rewrite awaits (without ConfigureAwait), for deciding whether it can take ConfigureAwait.</summary>
        public static ExpressionSyntax? AwaitedOperand(SyntaxNode wait, AwaitRewrite? fix) =>
            Rewrite(wait, fix) is { } rewritten
                ? (rewritten as AwaitExpressionSyntax ?? (rewritten as ParenthesizedExpressionSyntax)?.Expression as AwaitExpressionSyntax)?.Expression
                : null;
    }
}
