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
using Threadwise.Rules.Correctness;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW304. The first action observes the task: the function becomes async and awaits it (<see cref="TW304ObservePlan"/>).
    /// The second, "Discard the task explicitly (_ =)", makes fire-and-forget explicit; it has its own equivalence key,
    /// so Fix All and <c>dotnet format</c> (which apply the key of the first action offered) observe by default. Where no
    /// observing action can be written (a constructor, <c>Dispose</c>, a lambda converted to <c>Action</c>, conditional
    /// access), the discard is the only action and so the first; a bulk run that starts at such a site discards every
    /// reported task (run <c>dotnet format</c> for TW304 after observing, or not at all). A Fix All asked for no key
    /// observes. Fix All never makes a method visible outside the assembly async (see <see cref="TW304ObservePlan"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW304DroppedTaskCodeFix)), Shared]
    public sealed class TW304DroppedTaskCodeFix : CodeFixProvider
    {
        public const string AwaitKey = "TW304.Await";
        public const string DiscardKey = "TW304.Discard";
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
                    return CodeAction.Create(DiscardTitle, async ct =>
                    {
                        var solution = context.Solution;
                        foreach (var group in found.GroupBy(f => f.Document.Id))
                        {
                            var document = solution.GetDocument(group.Key)!;
                            var changed = await DiscardAsync(document, group.Select(g => g.Diagnostic).ToImmutableArray(), ct).ConfigureAwait(false);
                            solution = changed.Project.Solution;
                        }

                        return solution;
                    }, DiscardKey);
                }

                // A public signature changes only where the user picks the titled single fix, never in bulk.
                var plan = await TW304ObservePlan.ForFixAllAsync(context.Solution, found, context.CancellationToken).ConfigureAwait(false);
                return plan is null ? null : CodeAction.Create("Await the dropped tasks", ct => plan.ApplyAsync(ct), AwaitKey);
            }
        }
    }
}
