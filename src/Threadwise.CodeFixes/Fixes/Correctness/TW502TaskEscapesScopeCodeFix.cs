using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Threadwise.Fixes.Blocking;
using Threadwise.Rewriting;
using Threadwise.Rules.Correctness;
using Threadwise.Semantics;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW502: the function becomes async (its return type stays) and every task it returns is awaited where it is
    /// returned, inside the scope: <c>return SendAsync(s);</c> → <c>return await SendAsync(s);</c> for <c>Task&lt;T&gt;</c>
    /// and <c>ValueTask&lt;T&gt;</c>; <c>await SendAsync(s); return;</c> for <c>Task</c> and <c>ValueTask</c> (no
    /// <c>return;</c> after the last statement). The awaits follow the code's ConfigureAwait convention. Not offered where
    /// a return cannot be awaited (in a lock, a null or non-task return), for ref or out parameters, or where the body
    /// cannot be async (iterators, unsafe code, ref locals, stackalloc).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW502TaskEscapesScopeCodeFix)), Shared]
    public sealed class TW502TaskEscapesScopeCodeFix : SyntaxEditingCodeFix
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.TaskEscapesScope);

        protected override string EquivalenceKey => RuleIds.TaskEscapesScope;

        private protected override bool NeedsContext => true;

        protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node) => null;

        private protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node, FixContext? context) =>
            diagnostic.Properties.ContainsKey(TW502TaskEscapesScopeAnalyzer.FixProperty) && context != null && PlanFor(node, context) is { } plan
                ? plan.Function is AnonymousFunctionExpressionSyntax ? "Make the lambda async and await the task" : "Make '" + plan.Name + "' async and await the task"
                : null;

        protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic) =>
            Edit(editor, node, diagnostic, context: null);

        /// <summary>Diagnostics of one function edit the same node: the first rewrites it, later ones find it async and leave it.</summary>
        protected override SyntaxNode? NodeFor(SyntaxNode root, Diagnostic diagnostic) =>
            EnclosingFunction(base.NodeFor(root, diagnostic));

        private protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic, FixContext? context)
        {
            if (context is null || PlanFor(node, context) is not { } plan)
            {
                return;
            }

            editor.ReplaceNode(plan.Function, (current, _) => Rewrite(current, plan));
        }

        private static SyntaxNode Rewrite(SyntaxNode function, Plan plan)
        {
            if (IsAsync(function) || Body(function) is not { } body)
            {
                return function;
            }

            var rewritten = (BlockSyntax)new ReturnAwaiter(plan.ReturnsValue, plan.ConfigureAwait, body).Visit(body);
            return function switch
            {
                MethodDeclarationSyntax method => AsyncSignatureRewriter.AddAsyncModifier(method.WithBody(rewritten)),
                LocalFunctionStatementSyntax local => AsyncSignatureRewriter.AddAsyncModifier(local.WithBody(rewritten)),
                AnonymousFunctionExpressionSyntax lambda => AsyncSignatureRewriter.MakeAsync(lambda.WithBlock(rewritten)),
                _ => function,
            };
        }

        private sealed class Plan(SyntaxNode function, string name, bool returnsValue, bool configureAwait)
        {
            public SyntaxNode Function { get; } = function;
            public string Name { get; } = name;
            public bool ReturnsValue { get; } = returnsValue;
            public bool ConfigureAwait { get; } = configureAwait;
        }

        /// <summary>What the fix does to the function around <paramref name="node"/>, or null where it cannot be made async.</summary>
        private static Plan? PlanFor(SyntaxNode node, FixContext context)
        {
            var function = node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax ? node : EnclosingFunction(node);
            var model = context.Model;
            if (function is null || IsAsync(function) || Body(function) is not { } body || !MakeAsyncPlan.BodyCanBeAsync(body, model))
            {
                return null;
            }

            var method = function is AnonymousFunctionExpressionSyntax
                ? model.GetSymbolInfo(function, context.CancellationToken).Symbol as IMethodSymbol
                : model.GetDeclaredSymbol(function, context.CancellationToken) as IMethodSymbol;
            var types = CompilationContext.For(model.Compilation).Types;
            if (method is null || !types.IsTaskLike(method.ReturnType) || method.Parameters.Any(p => p.RefKind is RefKind.Ref or RefKind.Out))
            {
                return null;
            }

            var returns = Returns(body).ToList();
            foreach (var @return in returns)
            {
                if (@return.Expression is null or LiteralExpressionSyntax or DefaultExpressionSyntax
                    || !AsyncPath.CanAwaitAt(@return)
                    || !types.IsTaskLike(model.GetTypeInfo(@return.Expression, context.CancellationToken).ConvertedType))
                {
                    return null;
                }
            }

            var configureAwait = returns.Count > 0 && context.ConfigureAwait.AppliesTo(returns[0], method.ReturnType);
            var returnsValue = method.ReturnType is INamedTypeSymbol { IsGenericType: true };
            return new Plan(function, method.MethodKind == MethodKind.AnonymousFunction ? "lambda" : method.Name, returnsValue, configureAwait);
        }

        private static IEnumerable<ReturnStatementSyntax> Returns(SyntaxNode body) =>
            body.DescendantNodes(n => !AsyncPath.IsFunction(n)).OfType<ReturnStatementSyntax>();

        private static SyntaxNode? EnclosingFunction(SyntaxNode? node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                if (current is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)
                {
                    return current;
                }

                if (AsyncPath.IsFunction(current))
                {
                    return null;
                }
            }

            return null;
        }

        private static BlockSyntax? Body(SyntaxNode function) => function switch
        {
            MethodDeclarationSyntax method => method.Body,
            LocalFunctionStatementSyntax local => local.Body,
            AnonymousFunctionExpressionSyntax lambda => lambda.Block,
            _ => null,
        };

        private static bool IsAsync(SyntaxNode function) => function switch
        {
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            _ => false,
        };

        /// <summary>
        /// Awaits every returned task of one body, not entering nested functions: <c>return await x;</c> where the function
        /// returns a value, else <c>await x;</c> followed by <c>return;</c> (left out after the body's last statement).
        /// </summary>
        private sealed class ReturnAwaiter(bool returnsValue, bool configureAwait, BlockSyntax body) : CSharpSyntaxRewriter
        {
            public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => node;

            public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => node;

            public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => node;

            public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => node;

            public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
            {
                if (node.Expression is null)
                {
                    return node;
                }

                var awaited = AwaitRewriter.Await(node.Expression, node.Expression, configureAwait);
                if (returnsValue)
                {
                    return node.WithExpression(awaited);
                }

                // An embedded statement (`if (x) return T();`) gets a block of its own.
                return SyntaxFactory.Block(AwaitStatement(node, awaited), SyntaxFactory.ReturnStatement())
                    .WithTriviaFrom(node)
                    .WithAdditionalAnnotations(Formatter.Annotation);
            }

            public override SyntaxNode? VisitBlock(BlockSyntax node)
            {
                if (returnsValue)
                {
                    return base.VisitBlock(node);
                }

                var statements = new List<StatementSyntax>();
                foreach (var statement in node.Statements)
                {
                    if (statement is ReturnStatementSyntax { Expression: { } expression } @return)
                    {
                        statements.Add(AwaitStatement(@return, AwaitRewriter.Await(expression, expression, configureAwait)));
                        if (!(node == body && statement == node.Statements.Last()))
                        {
                            statements.Add(SyntaxFactory.ReturnStatement()
                                .WithTrailingTrivia(@return.GetTrailingTrivia())
                                .WithAdditionalAnnotations(Formatter.Annotation));
                        }

                        continue;
                    }

                    statements.Add((StatementSyntax)Visit(statement));
                }

                return node.WithStatements(SyntaxFactory.List(statements));
            }

            private static StatementSyntax AwaitStatement(ReturnStatementSyntax @return, ExpressionSyntax awaited) =>
                SyntaxFactory.ExpressionStatement(awaited.WithoutTrivia())
                    .WithLeadingTrivia(@return.GetLeadingTrivia())
                    .WithTrailingTrivia(@return.SemicolonToken.TrailingTrivia);
        }
    }
}
