using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Threadwise.Rewriting;
using Threadwise.Semantics;

namespace Threadwise.Fixes.Blocking
{
    /// <summary>
    /// TW101: <c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c> → <c>await t</c>;
    /// <c>t.Wait(ct)</c> → <c>await t.WaitAsync(ct)</c>; <c>Task.WaitAll(..)</c> → <c>await Task.WhenAll(..)</c>;
    /// <c>Task.WaitAny(..)</c> → <c>await Task.WhenAny(..)</c> where the index is unused. The analyzer decides which
    /// rewrite is safe and says so in the diagnostic's properties. The await follows the code's ConfigureAwait convention
    /// (<see cref="ConfigureAwaitConvention"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW101BlockingWaitCodeFix)), Shared]
    public sealed class TW101BlockingWaitCodeFix : SyntaxEditingCodeFix
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.BlockingWaitInAsync);

        protected override string EquivalenceKey => RuleIds.BlockingWaitInAsync;

        protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node)
        {
            return AwaitRewrites.From(diagnostic) switch
            {
                AwaitRewrite.Await => "Await the task",
                AwaitRewrite.WaitAsync => "Await 'WaitAsync'",
                AwaitRewrite.WhenAll => "Await 'Task.WhenAll'",
                AwaitRewrite.WhenAny => "Await 'Task.WhenAny'",
                _ => null,
            };
        }

        private protected override bool NeedsContext => true;

        protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic) =>
            Edit(editor, node, diagnostic, context: null);

        private protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic, FixContext? context)
        {
            var fix = AwaitRewrites.From(diagnostic);
            var configureAwait = context != null && BlockingWaitRewriter.AwaitedOperand(node, fix) is { } operand
                && context.ConfigureAwait.AppliesTo(node, operand);
            editor.ReplaceNode(node, (current, _) => BlockingWaitRewriter.Rewrite(current, fix, configureAwait) ?? current);
        }
    }
}
