using System.Collections.Generic;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeRefactorings;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Rewriting;
using Threadwise.Semantics;

namespace Threadwise.Refactorings
{
    /// <summary>
    /// "Make Main async": TW103 is silent in the entry point, where blocking holds no thread anyone else needs, but
    /// async Main is still the clean form. <c>static void Main</c> → <c>static async Task Main</c>, <c>int</c> →
    /// <c>Task&lt;int&gt;</c>, and every blocking wait that has an await form (outside nested lambdas and local
    /// functions, not inside a <c>lock</c>) is awaited.
    /// </summary>
    [ExportCodeRefactoringProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MakeMainAsyncRefactoring)), Shared]
    public sealed class MakeMainAsyncRefactoring : CodeRefactoringProvider
    {
        public const string EquivalenceKey = "TW103.MakeMainAsync";

        public override async Task ComputeRefactoringsAsync(CodeRefactoringContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null || !root.FullSpan.Contains(context.Span))
            {
                return;
            }

            var declaration = root.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            var types = CompilationContext.For(model.Compilation).Types;
            if (declaration is null || types.Task is null
                || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not IMethodSymbol { IsAsync: false } method
                || !EntryPoints.Is(method, types)
                || method.ReturnType.SpecialType != SpecialType.System_Void && method.ReturnType.SpecialType != SpecialType.System_Int32)
            {
                return;
            }

            var waits = Waits(declaration, model, types, context.CancellationToken);
            if (waits.Count == 0)
            {
                return;
            }

            context.RegisterRefactoring(CodeAction.Create(
                "Make Main async",
                ct => ApplyAsync(document, declaration, waits, ct),
                EquivalenceKey));
        }

        private static List<(SyntaxNode Node, AwaitRewrite Fix)> Waits(MethodDeclarationSyntax declaration, SemanticModel model, KnownTypes types, CancellationToken cancellationToken)
        {
            var waits = new List<(SyntaxNode, AwaitRewrite)>();
            foreach (var node in declaration.DescendantNodes())
            {
                if (node is ExpressionSyntax
                    && model.GetOperation(node, cancellationToken) is { } operation
                    && operation.Syntax == node
                    && BlockingWaits.TryGetBlockingWait(operation, types, out var wait)
                    && AsyncPath.EnclosingFunction(operation) is null
                    && AsyncPath.CanAwaitAt(operation)
                    && AwaitRewrites.For(wait, types) is { } fix)
                {
                    waits.Add((node, fix));
                }
            }

            return waits;
        }

        private static async Task<Document> ApplyAsync(Document document, MethodDeclarationSyntax declaration, List<(SyntaxNode Node, AwaitRewrite Fix)> waits, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);

            // Innermost first, so that outer rewrites see the inner ones; the declaration last.
            waits.Sort((a, b) => a.Node.SpanStart != b.Node.SpanStart
                ? b.Node.SpanStart.CompareTo(a.Node.SpanStart)
                : a.Node.Span.Length.CompareTo(b.Node.Span.Length));
            foreach (var (node, fix) in waits)
            {
                editor.ReplaceNode(node, (current, _) => BlockingWaitRewriter.Rewrite(current, fix) ?? current);
            }

            editor.ReplaceNode(declaration, (current, _) => current is MethodDeclarationSyntax method ? AsyncSignatureRewriter.MakeAsync(method, newName: null) : current);
            return await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
