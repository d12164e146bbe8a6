using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Rules.Correctness;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW301: <c>async void M()</c> → <c>async Task M()</c>. Callers that call it as a statement are unaffected. Not offered
    /// where the method is used as a method group (a delegate that must return void): the analyzer checks its own type,
    /// and for a method visible outside its type the fix checks every reference in the solution. On a public or protected
    /// method the title says that the public signature changes: "Return Task (changes public signature of 'Run')".
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW301AsyncVoidMethodCodeFix)), Shared]
    public sealed class TW301AsyncVoidMethodCodeFix : CodeFixProvider
    {
        private const string Title = "Return Task";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.AsyncVoidMethod);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
            {
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    return document;
                }

                var editor = await DocumentEditor.CreateAsync(document, context.CancellationToken).ConfigureAwait(false);
                foreach (var diagnostic in diagnostics)
                {
                    if (await FixableDeclarationAsync(document, root, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } declaration)
                    {
                        Edit(editor, declaration);
                    }
                }

                return await WithImportsAsync(editor.GetChangedDocument(), context.CancellationToken).ConfigureAwait(false);
            });

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
                if (await FixableDeclarationAsync(document, root, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } declaration)
                {
                    var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
                    var note = declaration is MethodDeclarationSyntax method && model?.GetDeclaredSymbol(method, context.CancellationToken) is { } symbol
                        ? PublicSignature.NoteFor(symbol)
                        : string.Empty;
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            Title + note,
                            async ct =>
                            {
                                var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
                                Edit(editor, declaration);
                                return await WithImportsAsync(editor.GetChangedDocument(), ct).ConfigureAwait(false);
                            },
                            RuleIds.AsyncVoidMethod),
                        diagnostic);
                }
            }
        }

        /// <summary>Adds <c>using System.Threading.Tasks;</c> where the file lacks it; the Simplifier then shortens the name.</summary>
        private static Task<Document> WithImportsAsync(Document document, CancellationToken cancellationToken) =>
            ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);

        private static void Edit(DocumentEditor editor, SyntaxNode declaration)
        {
            var returnType = declaration switch
            {
                MethodDeclarationSyntax method => method.ReturnType,
                LocalFunctionStatementSyntax local => local.ReturnType,
                _ => null,
            };

            if (returnType is null)
            {
                return;
            }

            var task = SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task")
                .WithTriviaFrom(returnType)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            editor.ReplaceNode(returnType, task);
        }

        private static async Task<SyntaxNode?> FixableDeclarationAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(TW301AsyncVoidMethodAnalyzer.FixProperty, out var fix) || fix != TW301AsyncVoidMethodAnalyzer.FixReturnTask)
            {
                return null;
            }

            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            SyntaxNode? declaration = token.Parent switch
            {
                MethodDeclarationSyntax method when method.Identifier == token && method.ReturnType is PredefinedTypeSyntax => method,
                LocalFunctionStatementSyntax local when local.Identifier == token && local.ReturnType is PredefinedTypeSyntax => local,
                _ => null,
            };

            if (declaration is not MethodDeclarationSyntax methodDeclaration)
            {
                return declaration;
            }

            // A method visible outside its type: every reference in the solution must be a call.
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model?.GetDeclaredSymbol(methodDeclaration, cancellationToken) is not IMethodSymbol symbol)
            {
                return null;
            }

            if (symbol.DeclaredAccessibility == Accessibility.Private)
            {
                return declaration;
            }

            var references = await SymbolFinder.FindReferencesAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            foreach (var referenced in references)
            {
                foreach (var location in referenced.Locations)
                {
                    var referenceRoot = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var node = referenceRoot?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (node is null || !IsCall(node))
                    {
                        return null;
                    }
                }
            }

            return declaration;
        }

        private static bool IsCall(SyntaxNode name)
        {
            var expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (expression.Parent is MemberBindingExpressionSyntax binding && binding.Name == name)
            {
                expression = binding;
            }

            return expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression;
        }
    }
}
