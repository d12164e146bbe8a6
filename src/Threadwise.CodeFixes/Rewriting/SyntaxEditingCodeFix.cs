using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace Threadwise.Rewriting
{
    /// <summary>
    /// A code fix made of one syntax edit per diagnostic. The same edit serves the single fix and Fix All: all edits of a
    /// document go through one <see cref="DocumentEditor"/>, whose replacement callbacks see the already-edited node, so
    /// nested fixes (<c>a.Result.Get(b.Result)</c>) compose instead of being dropped as overlapping text changes.
    /// </summary>
    public abstract class SyntaxEditingCodeFix : CodeFixProvider
    {
        /// <summary>One equivalence key per rule: Fix All applies every variant of the rule's fix.</summary>
        protected abstract string EquivalenceKey { get; }

        /// <summary>The title of the fix for this diagnostic, or null when no fix is offered.</summary>
        protected abstract string? TitleFor(Diagnostic diagnostic, SyntaxNode node);

        /// <summary>The node the edit starts from, found at the diagnostic's span.</summary>
        protected virtual SyntaxNode? NodeFor(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

        protected abstract void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic);

        /// <summary>Whether the title and the edit read the semantic model (<see cref="FixContext"/>); off by default.</summary>
        private protected virtual bool NeedsContext => false;

        /// <summary>The title, with the document's <see cref="FixContext"/> when <see cref="NeedsContext"/>.</summary>
        private protected virtual string? TitleFor(Diagnostic diagnostic, SyntaxNode node, FixContext? context) => TitleFor(diagnostic, node);

        /// <summary>The edit, with the document's <see cref="FixContext"/> when <see cref="NeedsContext"/>.</summary>
        private protected virtual void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic, FixContext? context) =>
            Edit(editor, node, diagnostic);

        public sealed override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            var fixContext = await CreateContextAsync(context.Document, context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                var node = NodeFor(root, diagnostic);
                var title = node is null ? null : TitleFor(diagnostic, node, fixContext);
                if (title is null)
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
                    diagnostic);
            }
        }

        private async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var fixContext = await CreateContextAsync(document, cancellationToken).ConfigureAwait(false);
            var edits = new List<(SyntaxNode Node, Diagnostic Diagnostic)>();

            // One edit per node: diagnostics whose fixes rewrite the same node (each lambda of one Parallel.Invoke, TW203)
            // would otherwise rewrite it twice. The first diagnostic's edit wins.
            var edited = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                var node = NodeFor(editor.OriginalRoot, diagnostic);
                if (node != null && TitleFor(diagnostic, node, fixContext) != null && edited.Add(node))
                {
                    edits.Add((node, diagnostic));
                }
            }

            // Innermost first, so that an outer edit's callback receives the already-rewritten inner nodes.
            edits.Sort((a, b) => a.Node.SpanStart != b.Node.SpanStart
                ? b.Node.SpanStart.CompareTo(a.Node.SpanStart)
                : a.Node.Span.Length.CompareTo(b.Node.Span.Length));
            foreach (var (node, diagnostic) in edits)
            {
                Edit(editor, node, diagnostic, fixContext);
            }

            return editor.GetChangedDocument();
        }

        private async Task<FixContext?> CreateContextAsync(Document document, CancellationToken cancellationToken) =>
            NeedsContext && await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is { } model
                ? new FixContext(document, model, cancellationToken)
                : null;
    }
}
