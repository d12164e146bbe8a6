using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Threadwise.Rewriting;
using Threadwise.Rules.Correctness;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW501: <c>await x</c> → <c>await x.ConfigureAwait(false)</c>; <c>await foreach (var i in xs)</c> →
    /// <c>await foreach (var i in xs.ConfigureAwait(false))</c>; <c>await using</c> configures the disposal and keeps the
    /// variable's type (<see cref="AwaitUsingRewriter.ConfigureDisposal"/>): <c>await using var s = Open();</c> →
    /// <c>var s = Open(); await using var configuredS = s.ConfigureAwait(false);</c>. Configured awaits are not reported,
    /// so Fix All run twice changes nothing the second time.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW501ConfigureAwaitCodeFix)), Shared]
    public sealed class TW501ConfigureAwaitCodeFix : SyntaxEditingCodeFix
    {
        private const string Title = "Add ConfigureAwait(false)";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ConfigureAwaitInLibrary);

        protected override string EquivalenceKey => RuleIds.ConfigureAwaitInLibrary;

        protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node)
        {
            if (node is not ExpressionSyntax || !diagnostic.Properties.ContainsKey(TW501ConfigureAwaitAnalyzer.FixableProperty))
            {
                return null;
            }

            return !IsDisposal(diagnostic) || Statement(node) is { } statement && AwaitUsingRewriter.CanConfigureDisposal(statement) ? Title : null;
        }

        protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic)
        {
            if (IsDisposal(diagnostic))
            {
                if (Statement(node) is { } statement)
                {
                    AwaitUsingRewriter.ConfigureDisposal(editor, statement);
                }

                return;
            }

            editor.ReplaceNode(node, (current, _) => current is ExpressionSyntax awaited
                ? AwaitRewriter.ConfigureAwaitFalse(awaited.WithoutTrivia()).WithTriviaFrom(awaited)
                : current);
        }

        private static bool IsDisposal(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(TW501ConfigureAwaitAnalyzer.KindProperty, out var kind) && kind == TW501ConfigureAwaitAnalyzer.KindDisposable;

        /// <summary>The <c>await using</c> statement or declaration whose resource (or initializer) is <paramref name="node"/>.</summary>
        private static StatementSyntax? Statement(SyntaxNode node) => node.FirstAncestorOrSelf<StatementSyntax>() switch
        {
            UsingStatementSyntax { AwaitKeyword.RawKind: not 0 } @using => @using,
            LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 } declaration => declaration,
            _ => null,
        };
    }
}
