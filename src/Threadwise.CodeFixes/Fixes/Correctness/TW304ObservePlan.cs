using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Fixes.Blocking;
using Threadwise.Rewriting;
using Threadwise.Rules.Blocking;
using Threadwise.Rules.Correctness;
using Threadwise.Semantics;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW304's observing fix: the function that drops the task becomes async and awaits it. A synchronous lambda becomes
    /// async where its async form binds to a task-returning delegate (<c>Task.Run(() => { SaveAsync(); })</c>); a
    /// <c>void</c> method becomes <c>async Task</c> under its own name where nothing uses it as a delegate, and callers
    /// that are already async await it (the others now drop a task of their own, reported in turn: the user decides how
    /// far the change goes). Every task the function drops must be one TW304 reports (each is awaited): any other task
    /// statement there (<c>ContinueWith</c>, a task-returning helper) would change meaning or raise CS4014, so the fix
    /// is not offered. Never on constructors, accessors, <c>Dispose</c>, entry points, overrides or interface members,
    /// conditional access (<c>await x?.F()</c> throws on null), or where <c>await</c> cannot be written. Fix All leaves
    /// out every method visible outside the assembly (<see cref="PublicSignature"/>): it applies by equivalence key and
    /// never shows the title that says a public signature changes, so that change is made only where the user picks it.
    /// </summary>
    internal sealed class TW304ObservePlan
    {
        private readonly Solution _solution;
        private readonly CancellationToken _cancellationToken;
        private readonly bool _leaveOutPublicSignatures;
        private readonly Dictionary<SyntaxNode, Target> _targets = new();

        private TW304ObservePlan(Solution solution, bool leaveOutPublicSignatures, CancellationToken cancellationToken)
        {
            _solution = solution;
            _leaveOutPublicSignatures = leaveOutPublicSignatures;
            _cancellationToken = cancellationToken;
        }

        /// <summary>The title of the observing action for this diagnostic, or null when none can be offered.</summary>
        public static async Task<string?> TitleAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var plan = new TW304ObservePlan(document.Project.Solution, leaveOutPublicSignatures: false, cancellationToken);
            var target = await plan.AddAsync(document, diagnostic).ConfigureAwait(false);
            return target?.Title;
        }

        /// <summary>The single fix: observes the tasks of the function that drops this diagnostic's task.</summary>
        public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var plan = await CreateAsync(solution, diagnostics, leaveOutPublicSignatures: false, cancellationToken).ConfigureAwait(false);
            return await plan.ApplyAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Fix All's plan, made before its action is offered: null when no function in scope can be observed without
        /// changing a public signature, so that a Fix All started at such a site offers nothing instead of changing it.
        /// </summary>
        public static async Task<TW304ObservePlan?> ForFixAllAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var plan = await CreateAsync(solution, diagnostics, leaveOutPublicSignatures: true, cancellationToken).ConfigureAwait(false);
            return plan._targets.Count == 0 ? null : plan;
        }

        private static async Task<TW304ObservePlan> CreateAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> diagnostics, bool leaveOutPublicSignatures, CancellationToken cancellationToken)
        {
            var plan = new TW304ObservePlan(solution, leaveOutPublicSignatures, cancellationToken);
            foreach (var (document, diagnostic) in diagnostics)
            {
                await plan.AddAsync(document, diagnostic).ConfigureAwait(false);
            }

            return plan;
        }

        private async Task<Target?> AddAsync(Document document, Diagnostic diagnostic)
        {
            if (await document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false) is not { } root
                || await document.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false) is not { } model
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax dropped
                || !dropped.Span.Equals(diagnostic.Location.SourceSpan)
                || dropped is ConditionalAccessExpressionSyntax
                || !AsyncPath.CanAwaitAt(dropped)
                || EnclosingFunction(dropped) is not { } function)
            {
                return null;
            }

            if (_targets.TryGetValue(function, out var existing))
            {
                return existing;
            }

            var target = function switch
            {
                AnonymousFunctionExpressionSyntax lambda => await LambdaTargetAsync(document, root, model, lambda).ConfigureAwait(false),
                MethodDeclarationSyntax method => await MethodTargetAsync(document, model, method).ConfigureAwait(false),
                _ => null,
            };

            if (target != null)
            {
                _targets[function] = target;
            }

            return target;
        }

        private async Task<Target?> LambdaTargetAsync(Document document, SyntaxNode root, SemanticModel model, AnonymousFunctionExpressionSyntax lambda)
        {
            if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                || await DroppedTasksAsync(document, model, lambda).ConfigureAwait(false) is not { } dropped
                || model.GetDiagnostics(lambda.Span, _cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return null;
            }

            // The async lambda must bind to a delegate that returns a task (an Action would make it async void).
            var annotation = new SyntaxAnnotation();
            var editor = new SyntaxEditor(root, _solution.Services);
            foreach (var expression in dropped)
            {
                editor.ReplaceNode(expression, (current, _) => AwaitRewriter.Await((ExpressionSyntax)current, current));
            }

            editor.ReplaceNode(lambda, (current, _) => AsyncSignatureRewriter.MakeAsync((AnonymousFunctionExpressionSyntax)current).WithAdditionalAnnotations(annotation));
            var changed = document.WithSyntaxRoot(editor.GetChangedRoot());
            if (await changed.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false) is not { } newRoot
                || await changed.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false) is not { } newModel
                || newRoot.GetAnnotatedNodes(annotation).FirstOrDefault() is not { } newLambda)
            {
                return null;
            }

            var member = newLambda.Ancestors().FirstOrDefault(n => n is MemberDeclarationSyntax || n is GlobalStatementSyntax) ?? newRoot;
            var types = CompilationContext.For(newModel.Compilation).Types;
            if (newModel.GetDiagnostics(member.Span, _cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error)
                || newModel.GetTypeInfo(newLambda, _cancellationToken).ConvertedType is not INamedTypeSymbol { DelegateInvokeMethod: { } invoke }
                || !types.IsTaskLike(invoke.ReturnType))
            {
                return null;
            }

            return new Target("Make the lambda async and await the task", document.Id, lambda, null, dropped, new List<ReferenceCall>());
        }

        private async Task<Target?> MethodTargetAsync(Document document, SemanticModel model, MethodDeclarationSyntax declaration)
        {
            var types = CompilationContext.For(model.Compilation).Types;
            if (model.GetDeclaredSymbol(declaration, _cancellationToken) is not { } method
                || !method.ReturnsVoid
                || (_leaveOutPublicSignatures && PublicSignature.IsVisibleOutsideAssembly(method))
                || method.DeclaringSyntaxReferences.Length != 1
                || !TW103BlockingWaitInSyncAnalyzer.CanBecomeAsync(method, types)
                || !MakeAsyncPlan.BodyCanBeAsync(declaration, model)
                || await DroppedTasksAsync(document, model, declaration).ConfigureAwait(false) is not { } dropped)
            {
                return null;
            }

            // Every reference must be a call (a method group would need a delegate that returns a task).
            var calls = new List<ReferenceCall>();
            foreach (var referenced in await SymbolFinder.FindReferencesAsync(method, _solution, _cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    if (location.IsImplicit || location.IsCandidateLocation
                        || await location.Document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false) is not { } root
                        || root.FindToken(location.Location.SourceSpan.Start).Parent is not SimpleNameSyntax name)
                    {
                        return null;
                    }

                    if (name.FirstAncestorOrSelf<CrefSyntax>() != null)
                    {
                        continue;
                    }

                    ExpressionSyntax callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    if (callee.Parent is not InvocationExpressionSyntax call || call.Expression != callee)
                    {
                        return null;
                    }

                    calls.Add(new ReferenceCall(location.Document.Id, call));
                }
            }

            var title = "Make '" + method.Name + "' async and await the task" + PublicSignature.NoteFor(method);

            return new Target(title, document.Id, declaration, method, dropped, calls);
        }

        /// <summary>
        /// The tasks the function drops (its own statements, not nested functions'), each reported by TW304 and each
        /// awaitable in place; null when the function drops any other task (exempt by TW304, or not awaitable here).
        /// </summary>
        private async Task<List<ExpressionSyntax>?> DroppedTasksAsync(Document document, SemanticModel model, SyntaxNode function)
        {
            var reported = await ReportedSpansAsync(document, model, function.Span).ConfigureAwait(false);
            var types = CompilationContext.For(model.Compilation).Types;
            var dropped = new List<ExpressionSyntax>();
            var nodes = function.DescendantNodes(n => n == function || !AsyncPath.IsFunction(n));
            if (function is AnonymousFunctionExpressionSyntax { ExpressionBody: { } body })
            {
                nodes = nodes.Prepend(body);
            }

            foreach (var node in nodes)
            {
                var expression = node switch
                {
                    ExpressionStatementSyntax statement => statement.Expression,
                    ArrowExpressionClauseSyntax arrow => arrow.Expression,
                    ExpressionSyntax lambdaBody when node.Parent == function => lambdaBody,
                    _ => null,
                };

                if (expression is null || expression is AssignmentExpressionSyntax)
                {
                    continue;
                }

                var type = model.GetTypeInfo(expression, _cancellationToken).Type;
                if (!types.IsTaskLike(type) && !types.IsConfiguredAwaitable(type))
                {
                    continue;
                }

                if (!reported.Contains(expression.Span) || expression is ConditionalAccessExpressionSyntax || !AsyncPath.CanAwaitAt(expression))
                {
                    return null;
                }

                dropped.Add(expression);
            }

            return dropped.Count == 0 ? null : dropped;
        }

        /// <summary>The spans TW304 reports inside the function, computed with the rule itself.</summary>
        private async Task<HashSet<Microsoft.CodeAnalysis.Text.TextSpan>> ReportedSpansAsync(Document document, SemanticModel model, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            var spans = new HashSet<Microsoft.CodeAnalysis.Text.TextSpan>();
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new TW304DroppedTaskAnalyzer());
            var withAnalyzers = model.Compilation.WithAnalyzers(analyzers, document.Project.AnalyzerOptions);
            var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, span, _cancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Id == RuleIds.DroppedTask && span.Contains(diagnostic.Location.SourceSpan))
                {
                    spans.Add(diagnostic.Location.SourceSpan);
                }
            }

            return spans;
        }

        public async Task<Solution> ApplyAsync(CancellationToken cancellationToken)
        {
            var edits = new List<(DocumentId Document, SyntaxNode Node, Func<SyntaxNode, SyntaxNode> Rewrite)>();
            foreach (var target in _targets.Values)
            {
                foreach (var expression in target.Dropped)
                {
                    edits.Add((target.Document, expression, current => current is ExpressionSyntax e ? AwaitRewriter.Await(e, current) : current));
                }

                edits.Add((target.Document, target.Function, current => current switch
                {
                    MethodDeclarationSyntax method => AsyncSignatureRewriter.MakeAsync(method, null),
                    AnonymousFunctionExpressionSyntax lambda => AsyncSignatureRewriter.MakeAsync(lambda),
                    _ => current,
                }));

                // Callers that are, or become, async await the method now that it returns a task (no CS4014).
                foreach (var call in target.Calls)
                {
                    if (AsyncPath.CanAwaitAt(call.Call)
                        && (call.Call.Parent is ExpressionStatementSyntax || call.Call.Parent is ArrowExpressionClauseSyntax)
                        && EnclosingFunction(call.Call) is { } caller
                        && (IsAsync(caller) || _targets.ContainsKey(caller)))
                    {
                        edits.Add((call.Document, call.Call, current => current is ExpressionSyntax e ? AwaitRewriter.Await(e, current) : current));
                    }
                }
            }

            var solution = _solution;
            foreach (var group in edits.GroupBy(e => e.Document))
            {
                if (_solution.GetDocument(group.Key) is not { } document)
                {
                    continue;
                }

                var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
                var seen = new HashSet<SyntaxNode>();
                var ordered = group.Where(e => seen.Add(e.Node)).ToList();

                // Innermost first, so that an outer edit's callback receives the already-rewritten inner nodes.
                ordered.Sort((a, b) => a.Node.SpanStart != b.Node.SpanStart
                    ? b.Node.SpanStart.CompareTo(a.Node.SpanStart)
                    : a.Node.Span.Length.CompareTo(b.Node.Span.Length));
                foreach (var (_, node, rewrite) in ordered)
                {
                    editor.ReplaceNode(node, (current, _) => rewrite(current));
                }

                var changed = await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
                solution = solution.WithDocumentSyntaxRoot(document.Id, (await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!);
            }

            return solution;
        }

        private static bool IsAsync(SyntaxNode function) => function switch
        {
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            _ => false,
        };

        private static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                if (AsyncPath.IsFunction(current))
                {
                    return current;
                }
            }

            return null;
        }

        private sealed class Target(string title, DocumentId document, SyntaxNode function, IMethodSymbol? method, List<ExpressionSyntax> dropped, List<ReferenceCall> calls)
        {
            public string Title { get; } = title;
            public DocumentId Document { get; } = document;
            public SyntaxNode Function { get; } = function;
            public IMethodSymbol? Method { get; } = method;
            public List<ExpressionSyntax> Dropped { get; } = dropped;
            public List<ReferenceCall> Calls { get; } = calls;
        }

        private sealed class ReferenceCall(DocumentId document, InvocationExpressionSyntax call)
        {
            public DocumentId Document { get; } = document;
            public InvocationExpressionSyntax Call { get; } = call;
        }
    }
}
