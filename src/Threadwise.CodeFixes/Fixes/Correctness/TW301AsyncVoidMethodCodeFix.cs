using System.Collections.Generic;
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
    /// TW301: <c>async void M()</c> → <c>async Task M()</c>. Callers that call it as a statement still compile. Not offered
    /// where the method is used as a method group (a delegate that must return void): the analyzer checks its own type,
    /// and for a method visible outside its type the fix checks every reference in the solution. A call that drops the
    /// task inside an async function gets CS4014 once the method returns a task (an error where warnings are): Fix All
    /// leaves such a method out, and the single fix says so in its title ("Return Task (2 callers must then await it)").
    /// On a public or protected method the title says that the public signature changes: "Return Task (changes public
    /// signature of 'Run')".
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW301AsyncVoidMethodCodeFix)), Shared]
    public sealed class TW301AsyncVoidMethodCodeFix : CodeFixProvider
    {
        private const string Title = "Return Task";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.AsyncVoidMethod);

        public override FixAllProvider GetFixAllProvider() => ReturnTaskFixAll.Instance;

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
                if (await FixableDeclarationAsync(document, root, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } fixable)
                {
                    var declaration = fixable.Declaration;
                    var note = declaration is MethodDeclarationSyntax ? PublicSignature.NoteFor(fixable.Symbol) : string.Empty;
                    if (fixable.DroppedInAsync > 0)
                    {
                        note += fixable.DroppedInAsync == 1 ? " (1 caller must then await it)" : $" ({fixable.DroppedInAsync} callers must then await it)";
                    }

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

        /// <summary>The declaration to change, and how many calls drop its task inside an async function; null where no fix applies.</summary>
        private static async Task<Fixable?> FixableDeclarationAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
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

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (declaration is null || model?.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol symbol)
            {
                return null;
            }

            // Every reference: a method visible outside its type must only be called (the analyzer saw its own type's
            // method groups); a private method or a local function is searched in its own type or member only.
            var mustBeCalls = declaration is MethodDeclarationSyntax && symbol.DeclaredAccessibility != Accessibility.Private;
            var droppedInAsync = 0;
            var references = await SymbolFinder.FindReferencesAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            foreach (var referenced in references)
            {
                foreach (var location in referenced.Locations)
                {
                    var referenceRoot = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var node = referenceRoot?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    var call = node is null ? null : CallOf(node);
                    if (call is null)
                    {
                        if (mustBeCalls)
                        {
                            return null;
                        }

                        continue;
                    }

                    if (DropsTaskInAsyncFunction(call))
                    {
                        droppedInAsync++;
                    }
                }
            }

            return new Fixable(declaration, symbol, droppedInAsync);
        }

        /// <summary>
        /// <c>M();</c> as a statement (or the expression body of a lambda) inside an async method, lambda or local function:
        /// with <c>Task</c> returned, the compiler warns CS4014 there.
        /// </summary>
        private static bool DropsTaskInAsyncFunction(InvocationExpressionSyntax call)
        {
            SyntaxNode expression = call.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == call ? conditional : call;
            if (expression.Parent is not ExpressionStatementSyntax && expression.Parent is not LambdaExpressionSyntax)
            {
                return false;
            }

            foreach (var ancestor in expression.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax function:
                        return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                    case LocalFunctionStatementSyntax local:
                        return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case BaseMethodDeclarationSyntax method:
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case AccessorDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>Fix All: every site whose callers keep compiling; none at all is no action (not an empty one).</summary>
        private sealed class ReturnTaskFixAll : FixAllProvider
        {
            public static readonly ReturnTaskFixAll Instance = new ReturnTaskFixAll();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => FixAllDiagnostics.Scopes;

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var solution = fixAllContext.Solution;
                var declarations = new Dictionary<DocumentId, List<SyntaxNode>>();
                foreach (var diagnostic in await FixAllDiagnostics.InScopeAsync(fixAllContext).ConfigureAwait(false))
                {
                    if (diagnostic.Location.SourceTree is { } tree && solution.GetDocument(tree) is { } document
                        && await tree.GetRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false) is { } root
                        && await FixableDeclarationAsync(document, root, diagnostic, fixAllContext.CancellationToken).ConfigureAwait(false) is { DroppedInAsync: 0 } fixable)
                    {
                        if (!declarations.TryGetValue(document.Id, out var list))
                        {
                            declarations[document.Id] = list = new List<SyntaxNode>();
                        }

                        list.Add(fixable.Declaration);
                    }
                }

                if (declarations.Count == 0)
                {
                    return null;
                }

                return CodeAction.Create(
                    Title,
                    async ct =>
                    {
                        var changed = solution;
                        foreach (var entry in declarations)
                        {
                            var document = solution.GetDocument(entry.Key)!;
                            var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
                            foreach (var declaration in entry.Value)
                            {
                                Edit(editor, declaration);
                            }

                            var fixedDocument = await WithImportsAsync(editor.GetChangedDocument(), ct).ConfigureAwait(false);
                            changed = changed.WithDocumentSyntaxRoot(entry.Key, (await fixedDocument.GetSyntaxRootAsync(ct).ConfigureAwait(false))!);
                        }

                        return changed;
                    },
                    fixAllContext.CodeActionEquivalenceKey);
            }
        }

        private sealed class Fixable
        {
            public Fixable(SyntaxNode declaration, IMethodSymbol symbol, int droppedInAsync)
            {
                Declaration = declaration;
                Symbol = symbol;
                DroppedInAsync = droppedInAsync;
            }

            public SyntaxNode Declaration { get; }

            public IMethodSymbol Symbol { get; }

            public int DroppedInAsync { get; }
        }

        /// <summary>The invocation whose callee is <paramref name="name"/> (<c>M()</c>, <c>x.M()</c>, <c>x?.M()</c>), or null for any other use.</summary>
        private static InvocationExpressionSyntax? CallOf(SyntaxNode name)
        {
            var expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (expression.Parent is MemberBindingExpressionSyntax binding && binding.Name == name)
            {
                expression = binding;
            }

            return expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression ? invocation : null;
        }
    }
}
