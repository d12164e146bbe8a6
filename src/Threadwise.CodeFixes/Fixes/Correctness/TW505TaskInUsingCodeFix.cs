using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Rewriting;
using Threadwise.Rules.Correctness;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW505: <c>using (OpenAsync())</c> → <c>using (await OpenAsync())</c>; <c>using var lease = EnterAsync();</c> →
    /// <c>using var lease = await EnterAsync();</c>. A declared <c>Task&lt;T&gt;</c> type becomes <c>T</c>. Where what the
    /// task produces is only IAsyncDisposable, the statement becomes <c>await using</c> (the only form that compiles); where
    /// it is IDisposable the using stays synchronous. The await follows the code's ConfigureAwait convention.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW505TaskInUsingCodeFix)), Shared]
    public sealed class TW505TaskInUsingCodeFix : SyntaxEditingCodeFix
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.TaskInUsing);

        protected override string EquivalenceKey => RuleIds.TaskInUsing;

        private protected override bool NeedsContext => true;

        protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node) =>
            node is ExpressionSyntax && diagnostic.Properties.TryGetValue(TW505TaskInUsingAnalyzer.FixProperty, out var fix)
                ? fix == TW505TaskInUsingAnalyzer.FixAwaitUsing ? "Await the task (await using)" : "Await the task"
                : null;

        protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic) =>
            Edit(editor, node, diagnostic, context: null);

        private protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic, FixContext? context)
        {
            if (node is not ExpressionSyntax value)
            {
                return;
            }

            var taskType = context?.Model.GetTypeInfo(value, context.CancellationToken).Type as INamedTypeSymbol;
            var configureAwait = context != null && context.ConfigureAwait.AppliesTo(value, taskType);
            editor.ReplaceNode(value, (current, _) => current is ExpressionSyntax expression ? AwaitRewriter.Await(expression, expression, configureAwait) : current);

            var declaration = value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax found } } ? found : null;
            if (declaration is { Type.IsVar: false } && taskType is { TypeArguments.Length: 1 } && context != null
                && SameType(context.Model.GetTypeInfo(declaration.Type, context.CancellationToken).Type, taskType))
            {
                var produced = ((TypeSyntax)editor.Generator.TypeExpression(taskType.TypeArguments[0])).WithAdditionalAnnotations(Simplifier.Annotation);
                editor.ReplaceNode(declaration.Type, produced.WithTriviaFrom(declaration.Type));
            }

            if (diagnostic.Properties.TryGetValue(TW505TaskInUsingAnalyzer.FixProperty, out var fix) && fix == TW505TaskInUsingAnalyzer.FixAwaitUsing)
            {
                var statement = (SyntaxNode?)declaration?.Parent ?? value.Parent;
                if (statement is UsingStatementSyntax or LocalDeclarationStatementSyntax)
                {
                    editor.ReplaceNode(statement, (current, _) => AddAwaitKeyword(current));
                }
            }
        }

        private static bool SameType(ITypeSymbol? declared, ITypeSymbol task) => SymbolEqualityComparer.Default.Equals(declared, task);

        /// <summary><c>using (...)</c> → <c>await using (...)</c>, the leading trivia moving to <c>await</c>.</summary>
        private static SyntaxNode AddAwaitKeyword(SyntaxNode statement)
        {
            switch (statement)
            {
                case UsingStatementSyntax { AwaitKeyword.RawKind: 0 } usingStatement:
                    return usingStatement
                        .WithUsingKeyword(usingStatement.UsingKeyword.WithLeadingTrivia())
                        .WithAwaitKeyword(AwaitKeyword(usingStatement.UsingKeyword));
                case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: 0, UsingKeyword.RawKind: not 0 } declaration:
                    return declaration
                        .WithUsingKeyword(declaration.UsingKeyword.WithLeadingTrivia())
                        .WithAwaitKeyword(AwaitKeyword(declaration.UsingKeyword));
                default:
                    return statement;
            }
        }

        private static SyntaxToken AwaitKeyword(SyntaxToken usingKeyword) =>
            SyntaxFactory.Token(usingKeyword.LeadingTrivia, SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
    }
}
