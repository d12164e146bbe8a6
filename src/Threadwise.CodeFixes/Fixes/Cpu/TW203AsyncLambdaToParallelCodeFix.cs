using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Rewriting;
using Threadwise.Rules.Cpu;

namespace Threadwise.Fixes.Cpu
{
    /// <summary>
    /// TW203: <c>Parallel.ForEach(s, async x => ..)</c> → <c>await Parallel.ForEachAsync(s, async (x, cancellationToken) => ..)</c>;
    /// <c>Parallel.For(a, b, async i => ..)</c> → <c>await Parallel.ForAsync(a, b, async (i, cancellationToken) => ..)</c> (or
    /// <c>ForEachAsync</c> over <c>Enumerable.Range(a, b - a)</c> before .NET 8); without <c>ForEachAsync</c>,
    /// <c>await Task.WhenAll(s.Select(async x => ..))</c>; <c>Parallel.Invoke(a, b)</c> → <c>await Task.WhenAll(Task.Run(a), Task.Run(b))</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW203AsyncLambdaToParallelCodeFix)), Shared]
    public sealed class TW203AsyncLambdaToParallelCodeFix : SyntaxEditingCodeFix
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.AsyncLambdaToParallel);

        protected override string EquivalenceKey => RuleIds.AsyncLambdaToParallel;

        // The diagnostic is on one lambda; the node to rewrite is the Parallel call whose arguments hold it.
        protected override SyntaxNode? NodeFor(SyntaxNode root, Diagnostic diagnostic)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                if (ancestor is InvocationExpressionSyntax invocation && invocation.ArgumentList.Span.Contains(diagnostic.Location.SourceSpan))
                {
                    return invocation;
                }
            }

            return null;
        }

        protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node)
        {
            if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } invocation
                || !diagnostic.Properties.TryGetValue(TW203AsyncLambdaToParallelAnalyzer.FixProperty, out var fix))
            {
                return null;
            }

            switch (fix)
            {
                case TW203AsyncLambdaToParallelAnalyzer.FixForEachAsync:
                case TW203AsyncLambdaToParallelAnalyzer.FixForEachAsyncOverRange:
                    return CanAddToken(LastArgument(invocation)) ? "Use 'await Parallel.ForEachAsync'" : null;
                case TW203AsyncLambdaToParallelAnalyzer.FixForAsync:
                    return CanAddToken(LastArgument(invocation)) ? "Use 'await Parallel.ForAsync'" : null;
                case TW203AsyncLambdaToParallelAnalyzer.FixWhenAllSelect:
                case TW203AsyncLambdaToParallelAnalyzer.FixWhenAllTaskRun:
                    return "Use 'await Task.WhenAll'";
                default:
                    return null;
            }
        }

        // Several lambdas of one Parallel.Invoke report on the same call: the shared base edits it once.
        protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic)
        {
            var fix = diagnostic.Properties[TW203AsyncLambdaToParallelAnalyzer.FixProperty];
            diagnostic.Properties.TryGetValue(TW203AsyncLambdaToParallelAnalyzer.TokenNameProperty, out var tokenName);

            editor.ReplaceNode(node, (current, _) =>
                current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation
                    ? AwaitRewriter.Await(Rewrite(invocation, member, fix, tokenName ?? "cancellationToken") ?? invocation, current)
                    : current);
        }

        private static ExpressionSyntax? Rewrite(InvocationExpressionSyntax invocation, MemberAccessExpressionSyntax member, string? fix, string tokenName)
        {
            var arguments = invocation.ArgumentList.Arguments;
            switch (fix)
            {
                case TW203AsyncLambdaToParallelAnalyzer.FixForEachAsync:
                case TW203AsyncLambdaToParallelAnalyzer.FixForAsync:
                {
                    if (AddToken(LastArgument(invocation), tokenName) is not { } body)
                    {
                        return null;
                    }

                    var name = fix == TW203AsyncLambdaToParallelAnalyzer.FixForAsync ? "ForAsync" : "ForEachAsync";
                    return invocation
                        .WithExpression(member.WithName(SyntaxFactory.IdentifierName(name)))
                        .WithArgumentList(invocation.ArgumentList.WithArguments(arguments.Replace(arguments.Last(), arguments.Last().WithExpression(body))));
                }

                case TW203AsyncLambdaToParallelAnalyzer.FixForEachAsyncOverRange:
                {
                    if (AddToken(LastArgument(invocation), tokenName) is not { } body || arguments.Count < 3)
                    {
                        return null;
                    }

                    var from = arguments[0].Expression.WithoutTrivia();
                    var to = arguments[1].Expression.WithoutTrivia();
                    var range = SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(
                            SyntaxKind.SimpleMemberAccessExpression,
                            SyntaxFactory.ParseTypeName("global::System.Linq.Enumerable").WithAdditionalAnnotations(Simplifier.Annotation),
                            SyntaxFactory.IdentifierName("Range")),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                        {
                            SyntaxFactory.Argument(from),
                            SyntaxFactory.Argument(SyntaxFactory.BinaryExpression(SyntaxKind.SubtractExpression, Parenthesized(to), Parenthesized(from))),
                        })));
                    var rest = arguments.RemoveAt(0).RemoveAt(0);
                    rest = rest.Insert(0, SyntaxFactory.Argument(range));
                    rest = rest.Replace(rest.Last(), rest.Last().WithExpression(body));
                    return invocation
                        .WithExpression(member.WithName(SyntaxFactory.IdentifierName("ForEachAsync")))
                        .WithArgumentList(invocation.ArgumentList.WithArguments(rest));
                }

                case TW203AsyncLambdaToParallelAnalyzer.FixWhenAllSelect:
                {
                    if (arguments.Count != 2)
                    {
                        return null;
                    }

                    var select = SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesized(arguments[0].Expression.WithoutTrivia()), SyntaxFactory.IdentifierName("Select")),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(arguments[1])));
                    return WhenAll(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(select)));
                }

                case TW203AsyncLambdaToParallelAnalyzer.FixWhenAllTaskRun:
                {
                    var runs = SyntaxFactory.SeparatedList<ArgumentSyntax>();
                    foreach (var argument in arguments)
                    {
                        runs = runs.Add(SyntaxFactory.Argument(Offload.TaskRun(argument.Expression.WithoutTrivia())).WithTriviaFrom(argument));
                    }

                    return WhenAll(SyntaxFactory.SeparatedList(runs, arguments.GetSeparators()));
                }

                default:
                    return null;
            }
        }

        private static InvocationExpressionSyntax WhenAll(SeparatedSyntaxList<ArgumentSyntax> arguments) =>
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Offload.TaskType(), SyntaxFactory.IdentifierName("WhenAll")),
                SyntaxFactory.ArgumentList(arguments));

        private static ExpressionSyntax Parenthesized(ExpressionSyntax expression) =>
            expression is IdentifierNameSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
                ? expression
                : SyntaxFactory.ParenthesizedExpression(expression).WithAdditionalAnnotations(Simplifier.Annotation);

        private static ExpressionSyntax? LastArgument(InvocationExpressionSyntax invocation) =>
            invocation.ArgumentList.Arguments.Count > 0 ? invocation.ArgumentList.Arguments.Last().Expression : null;

        private static bool CanAddToken(ExpressionSyntax? body) =>
            body is SimpleLambdaExpressionSyntax { AsyncKeyword.RawKind: not 0 }
                or ParenthesizedLambdaExpressionSyntax { AsyncKeyword.RawKind: not 0, ParameterList.Parameters.Count: 1 }
                or AnonymousMethodExpressionSyntax { AsyncKeyword.RawKind: not 0, ParameterList.Parameters.Count: 1 };

        /// <summary><c>async x => ..</c> → <c>async (x, token) => ..</c>, typed where the existing parameter is typed.</summary>
        private static ExpressionSyntax? AddToken(ExpressionSyntax? body, string tokenName)
        {
            if (!CanAddToken(body))
            {
                return null;
            }

            switch (body)
            {
                case SimpleLambdaExpressionSyntax simple:
                    var list = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(
                        new[] { simple.Parameter.WithoutTrivia(), SyntaxFactory.Parameter(SyntaxFactory.Identifier(tokenName)) },
                        new[] { SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space) }))
                        .WithTrailingTrivia(simple.Parameter.GetTrailingTrivia());
                    return SyntaxFactory.ParenthesizedLambdaExpression(
                        simple.AttributeLists, simple.Modifiers, null, list, simple.ArrowToken, simple.Block, simple.ExpressionBody)
                        .WithTriviaFrom(simple);
                case ParenthesizedLambdaExpressionSyntax parenthesized:
                    return parenthesized.WithParameterList(WithToken(parenthesized.ParameterList, tokenName));
                case AnonymousMethodExpressionSyntax anonymous:
                    return anonymous.WithParameterList(WithToken(anonymous.ParameterList!, tokenName));
                default:
                    return null;
            }
        }

        private static ParameterListSyntax WithToken(ParameterListSyntax list, string tokenName)
        {
            var token = SyntaxFactory.Parameter(SyntaxFactory.Identifier(tokenName));
            if (list.Parameters[0].Type != null)
            {
                token = token.WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken")
                    .WithAdditionalAnnotations(Simplifier.Annotation)
                    .WithTrailingTrivia(SyntaxFactory.Space));
            }

            return list.WithParameters(SyntaxFactory.SeparatedList(
                new[] { list.Parameters[0], token },
                new[] { SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space) }));
        }
    }
}
