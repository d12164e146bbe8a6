using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Rules.Correctness;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW304. The first action observes the task: the function becomes async and awaits it (<see cref="TW304ObservePlan"/>).
    /// The second calls the synchronous form instead (<c>stream.Flush()</c> for <c>stream.FlushAsync()</c>,
    /// <c>Thread.Sleep(50)</c> for <c>Task.Delay(50)</c>; <see cref="TW304SyncCall"/>): in synchronous code that is often
    /// the honest fix, and it never changes a signature. The last, "Discard the task explicitly (_ =)", makes
    /// fire-and-forget explicit. Each has its own equivalence key, so Fix All and <c>dotnet format</c> (which apply the key
    /// of the first action offered) observe by default. Where no observing action can be written (a constructor,
    /// <c>Dispose</c>, a lambda converted to <c>Action</c>, conditional access), the synchronous call, else the discard,
    /// comes first; a bulk run that starts at a discard-only site discards every reported task (run <c>dotnet format</c>
    /// for TW304 after observing, or not at all). A Fix All asked for no key observes. Fix All never makes a method
    /// visible outside the assembly async (see <see cref="TW304ObservePlan"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW304DroppedTaskCodeFix)), Shared]
    public sealed class TW304DroppedTaskCodeFix : CodeFixProvider
    {
        public const string AwaitKey = "TW304.Await";
        public const string DiscardKey = "TW304.Discard";
        public const string SyncKey = "TW304.Sync";
        private const string DiscardTitle = "Discard the task explicitly (_ =)";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.DroppedTask);

        public override FixAllProvider GetFixAllProvider() => new FixAll();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (await TW304ObservePlan.TitleAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } title)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => TW304ObservePlan.ApplyAsync(document.Project.Solution, new[] { (document, diagnostic) }, ct), AwaitKey),
                        diagnostic);
                }

                if (await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false) is { } model
                    && TW304SyncCall.Title(root, model, diagnostic, context.CancellationToken) is { } syncTitle)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(syncTitle, ct => SyncAsync(document, ImmutableArray.Create(diagnostic), ct), SyncKey),
                        diagnostic);
                }

                if (DiscardNode(root, diagnostic) != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(DiscardTitle, ct => DiscardAsync(document, ImmutableArray.Create(diagnostic), ct), DiscardKey),
                        diagnostic);
                }
            }
        }

        private static ExpressionSyntax? DiscardNode(SyntaxNode root, Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(TW304DroppedTaskAnalyzer.FixProperty, out var fix)
            && fix == TW304DroppedTaskAnalyzer.FixDiscard
            && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax expression
                ? expression
                : null;

        private static async Task<Document> DiscardAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in diagnostics)
            {
                if (DiscardNode(editor.OriginalRoot, diagnostic) is { } node)
                {
                    editor.ReplaceNode(node, (current, _) => current is ExpressionSyntax expression
                        ? SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.ParseExpression("_"), expression.WithoutTrivia())
                            .WithTriviaFrom(expression)
                        : current);
                }
            }

            return editor.GetChangedDocument();
        }

        private static async Task<Document> SyncAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in diagnostics)
            {
                if (TW304SyncCall.Edit(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken) is { } edit)
                {
                    editor.ReplaceNode(edit.Node, (current, _) => edit.Rewrite(current));
                }
            }

            // Thread.Sleep is written qualified; this adds using System.Threading; where it is missing, the Simplifier shortens it.
            return await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Fix All by the chosen key: observe every task that can be observed, or discard every task.</summary>
        private sealed class FixAll : FixAllProvider
        {
            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
                new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
            {
                var documents = new List<Document>();
                switch (context.Scope)
                {
                    case FixAllScope.Document when context.Document != null:
                        documents.Add(context.Document);
                        break;
                    case FixAllScope.Project:
                        documents.AddRange(context.Project.Documents);
                        break;
                    case FixAllScope.Solution:
                        documents.AddRange(context.Solution.Projects.SelectMany(p => p.Documents));
                        break;
                    default:
                        return null;
                }

                var found = new List<(Document Document, Diagnostic Diagnostic)>();
                foreach (var document in documents)
                {
                    foreach (var diagnostic in await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                    {
                        found.Add((document, diagnostic));
                    }
                }

                if (context.CodeActionEquivalenceKey == DiscardKey)
                {
                    return CodeAction.Create(DiscardTitle, ct => PerDocumentAsync(context.Solution, found, DiscardAsync, ct), DiscardKey);
                }

                if (context.CodeActionEquivalenceKey == SyncKey)
                {
                    return CodeAction.Create("Call the synchronous methods instead", ct => PerDocumentAsync(context.Solution, found, SyncAsync, ct), SyncKey);
                }

                // A public signature changes only where the user picks the titled single fix, never in bulk.
                var plan = await TW304ObservePlan.ForFixAllAsync(context.Solution, found, context.CancellationToken).ConfigureAwait(false);
                return plan is null ? null : CodeAction.Create("Await the dropped tasks", ct => plan.ApplyAsync(ct), AwaitKey);
            }

            private static async Task<Solution> PerDocumentAsync(
                Solution solution,
                List<(Document Document, Diagnostic Diagnostic)> found,
                System.Func<Document, ImmutableArray<Diagnostic>, CancellationToken, Task<Document>> fix,
                CancellationToken cancellationToken)
            {
                foreach (var group in found.GroupBy(f => f.Document.Id))
                {
                    var document = solution.GetDocument(group.Key)!;
                    var changed = await fix(document, group.Select(g => g.Diagnostic).ToImmutableArray(), cancellationToken).ConfigureAwait(false);
                    solution = changed.Project.Solution;
                }

                return solution;
            }
        }
    }
}
