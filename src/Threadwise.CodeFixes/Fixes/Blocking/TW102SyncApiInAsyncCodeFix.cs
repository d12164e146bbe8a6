using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Rewriting;
using Threadwise.Rules.Blocking;
using Threadwise.Semantics;

namespace Threadwise.Fixes.Blocking
{
    /// <summary>
    /// TW102: <c>M(args)</c> → <c>await MAsync(args[, token])</c> (the analyzer found the counterpart and the token by
    /// binding the rewritten call); <c>using</c> → <c>await using</c>. The await follows the code's ConfigureAwait
    /// convention (<see cref="ConfigureAwaitConvention"/>). In a method with a sync-mode parameter the call becomes both
    /// arms (<see cref="DualPathCall"/>), and <c>await using</c> is not offered: the synchronous mode stays synchronous.
    /// Where another target framework of the project lacks the counterpart, the statement is awaited under <c>#if</c> the
    /// frameworks that have it and kept in <c>#else</c> (<see cref="FrameworkConditional"/>), and so is a <c>using</c> whose
    /// <c>DisposeAsync</c> another framework lacks (unless the convention configures its disposal: then none is offered).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW102SyncApiInAsyncCodeFix)), Shared]
    public sealed class TW102SyncApiInAsyncCodeFix : SyntaxEditingCodeFix
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.SyncApiInAsync);

        protected override string EquivalenceKey => RuleIds.SyncApiInAsync;

        private protected override bool NeedsContext => true;

        protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node) => TitleFor(diagnostic, node, context: null);

        private protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node, FixContext? context)
        {
            diagnostic.Properties.TryGetValue(TW102SyncApiInAsyncAnalyzer.KindProperty, out var kind);
            var condition = FrameworkConditionOf(diagnostic);
            if (kind == TW102SyncApiInAsyncAnalyzer.KindAwaitUsing)
            {
                if (UsingStatementOf(node) is not { } statement || InSyncModeMethod(statement, context))
                {
                    return null;
                }

                // Under #if, the statement stays one statement: a configured disposal (two statements) is not offered there.
                return condition is null ? "Use 'await using'"
                    : FrameworkConditional.StatementOf(statement) == statement && (context is null || !AwaitUsingRewriter.WantsConfiguredDisposal(statement, context))
                        ? $"Use 'await using' under #if {condition}"
                        : null;
            }

            if (kind != TW102SyncApiInAsyncAnalyzer.KindCall
                || node is not InvocationExpressionSyntax invocation
                || !diagnostic.Properties.TryGetValue(TW102SyncApiInAsyncAnalyzer.CounterpartProperty, out var counterpart)
                || CounterpartCall(invocation, diagnostic) is not { } asyncCall)
            {
                return null;
            }

            if (context != null && DualPathCall.InDualPathMethod(invocation, asyncCall, context.Model, out var dual))
            {
                return dual is null || condition != null ? null : $"Await '{counterpart}' if {dual.ConditionText}, else keep '{SyncName(invocation)}'";
            }

            if (condition != null)
            {
                return FrameworkConditional.StatementOf(invocation) is null ? null : $"Await '{counterpart}' under #if {condition}, else keep '{SyncName(invocation)}'";
            }

            return $"Await '{counterpart}'";
        }

        protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic) =>
            Edit(editor, node, diagnostic, context: null);

        private protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic, FixContext? context)
        {
            if (diagnostic.Properties[TW102SyncApiInAsyncAnalyzer.KindProperty] == TW102SyncApiInAsyncAnalyzer.KindAwaitUsing)
            {
                var usingStatement = UsingStatementOf(node)!;
                if (FrameworkConditionOf(diagnostic) is { } usingCondition)
                {
                    var parseOptions = node.SyntaxTree.Options;
                    editor.ReplaceNode(usingStatement, (current, _) =>
                        FrameworkConditional.Wrap((StatementSyntax)current, (StatementSyntax)AwaitUsingRewriter.AddAwaitKeyword(current), usingCondition, parseOptions));
                    return;
                }

                AwaitUsingRewriter.Rewrite(editor, usingStatement, context);
                return;
            }

            var original = (InvocationExpressionSyntax)node;
            var originalCall = CounterpartCall(original, diagnostic);
            var configureAwait = context != null && originalCall != null && context.ConfigureAwait.AppliesTo(node, originalCall);
            DualPathCall? dual = null;
            if (context != null && originalCall != null && DualPathCall.InDualPathMethod(original, originalCall, context.Model, out dual) && dual is null)
            {
                return;
            }

            if (FrameworkConditionOf(diagnostic) is { } condition)
            {
                // The statement twice: awaited where the frameworks have the counterpart, as it is elsewhere.
                var marker = new SyntaxAnnotation();
                var options = node.SyntaxTree.Options;
                editor.ReplaceNode(node, (current, _) => current.WithAdditionalAnnotations(marker));
                editor.ReplaceNode(FrameworkConditional.StatementOf(node)!, (current, _) =>
                {
                    var statement = (StatementSyntax)current;
                    if (statement.GetAnnotatedNodes(marker).FirstOrDefault() is not InvocationExpressionSyntax invocation
                        || CounterpartCall(invocation, diagnostic) is not { } call)
                    {
                        return current;
                    }

                    var awaited = statement.ReplaceNode(invocation, AwaitRewriter.Await(call, invocation, configureAwait));
                    return FrameworkConditional.IsWrapped(statement, condition) ? awaited : FrameworkConditional.Wrap(statement, awaited, condition, options);
                });
                return;
            }

            ExpressionSyntax? Awaited(SyntaxNode current) =>
                current is InvocationExpressionSyntax invocation && CounterpartCall(invocation, diagnostic) is { } call
                    ? SyntaxFactory.AwaitExpression(configureAwait ? AwaitRewriter.ConfigureAwaitFalse(call) : call)
                    : null;

            if (dual is { AsStatement: true })
            {
                editor.ReplaceNode(node.Parent!, (current, _) =>
                    current is ExpressionStatementSyntax statement && Awaited(statement.Expression) is { } awaited
                        ? dual.Statement(statement, awaited)
                        : current);
                return;
            }

            editor.ReplaceNode(node, (current, _) =>
            {
                if (dual != null)
                {
                    return Awaited(current) is { } awaited ? dual.Expression(current, awaited) : current;
                }

                return current is InvocationExpressionSyntax invocation && CounterpartCall(invocation, diagnostic) is { } call
                    ? AwaitRewriter.Await(call, current, configureAwait)
                    : current;
            });
        }

        /// <summary><c>MAsync(args[, token])</c> for the call <c>M(args)</c>, or null where the callee cannot be rewritten.</summary>
        private static InvocationExpressionSyntax? CounterpartCall(InvocationExpressionSyntax invocation, Diagnostic diagnostic)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(TW102SyncApiInAsyncAnalyzer.CounterpartProperty, out var counterpart) || counterpart is null)
            {
                return null;
            }

            properties.TryGetValue(TW102SyncApiInAsyncAnalyzer.QualifyingTypeProperty, out var qualifyingType);
            properties.TryGetValue(TW102SyncApiInAsyncAnalyzer.TokenProperty, out var token);
            var callee = AsyncCounterpart.RewriteCallee(invocation.Expression, counterpart, qualifyingType);
            if (callee is null)
            {
                return null;
            }

            var rewritten = invocation.WithExpression(callee.WithAdditionalAnnotations(Simplifier.Annotation));
            return token != null
                ? rewritten.AddArgumentListArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token)))
                : rewritten;
        }

        private static string? FrameworkConditionOf(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(TW102SyncApiInAsyncAnalyzer.FrameworkConditionProperty, out var condition) ? condition : null;

        private static string SyncName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax name => name.Identifier.ValueText,
            _ => invocation.Expression.ToString(),
        };

        private static bool InSyncModeMethod(SyntaxNode node, FixContext? context) =>
            context != null
            && node.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>() is { } declaration
            && context.Model.GetDeclaredSymbol(declaration, context.CancellationToken) is IMethodSymbol method
            && DualPath.ModeParameter(method, out _) != null;

        private static SyntaxNode? UsingStatementOf(SyntaxNode node)
        {
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                switch (ancestor)
                {
                    case UsingStatementSyntax:
                    case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 }:
                        return ancestor;
                    case StatementSyntax:
                        return null;
                }
            }

            return null;
        }
    }
}
