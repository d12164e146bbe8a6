using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Threadwise.Rules.Blocking;

namespace Threadwise.Fixes.Blocking
{
    /// <summary>
    /// TW103: "Make method async" (the method becomes <c>async Task</c>/<c>async Task&lt;T&gt;</c> named <c>…Async</c>,
    /// the wait an await, and callers in the solution are updated and made async in turn up to the stops described in
    /// <see cref="MakeAsyncPlan"/>), "Make method async (this method only)" (callers are updated but not made async),
    /// and, for a wait in a non-async lambda whose target accepts an async lambda, "Make the lambda async".
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW103BlockingWaitInSyncCodeFix)), Shared]
    public sealed class TW103BlockingWaitInSyncCodeFix : CodeFixProvider
    {
        public const string MakeAsyncKey = "TW103.MakeAsync";
        public const string ThisMethodOnlyKey = "TW103.MakeAsyncThisMethodOnly";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.BlockingWaitInSync);

        public override FixAllProvider GetFixAllProvider() => MakeAsyncFixAll.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(TW103BlockingWaitInSyncAnalyzer.TargetProperty, out var target)
                    || !await MakeAsyncPlan.CanFixAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var document = context.Document;
                var roots = new[] { (document, diagnostic) };
                if (target == TW103BlockingWaitInSyncAnalyzer.TargetLambda)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Make the lambda async", ct => MakeAsyncPlan.ApplyAsync(document.Project.Solution, roots, propagate: true, ct), MakeAsyncKey),
                        diagnostic);
                    continue;
                }

                // A public signature never changes silently: the title says which.
                var apiChange = await MakeAsyncPlan.PublicApiChangeAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                var titleSuffix = apiChange is null ? "" : $"; changes public API: {apiChange}";
                context.RegisterCodeFix(
                    CodeAction.Create(apiChange is null ? "Make method async" : $"Make method async (changes public API: {apiChange})", ct => MakeAsyncPlan.ApplyAsync(document.Project.Solution, roots, propagate: true, ct), MakeAsyncKey),
                    diagnostic);
                context.RegisterCodeFix(
                    CodeAction.Create($"Make method async (this method only{titleSuffix})", ct => MakeAsyncPlan.ApplyAsync(document.Project.Solution, roots, propagate: false, ct), ThisMethodOnlyKey),
                    diagnostic);
            }
        }

        /// <summary>Fix All: one plan for every diagnostic in scope, so that shared callers are changed once.</summary>
        private sealed class MakeAsyncFixAll : FixAllProvider
        {
            public static readonly MakeAsyncFixAll Instance = new();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => FixAllDiagnostics.Scopes;

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var solution = fixAllContext.Solution;
                var diagnostics = await FixAllDiagnostics.InScopeAsync(fixAllContext).ConfigureAwait(false);
                var roots = new List<(Document, Diagnostic)>();
                foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start))
                {
                    // A public API of a library changes only where the user picks it, one site at a time: Fix All and
                    // dotnet format apply by equivalence key and never show the title that says so.
                    if (diagnostic.Location.SourceTree is { } tree && solution.GetDocument(tree) is { } document
                        && diagnostic.Properties.ContainsKey(TW103BlockingWaitInSyncAnalyzer.TargetProperty)
                        && await MakeAsyncPlan.PublicApiChangeAsync(document, diagnostic, fixAllContext.CancellationToken).ConfigureAwait(false) is null)
                    {
                        roots.Add((document, diagnostic));
                    }
                }

                if (roots.Count == 0)
                {
                    return null;
                }

                var propagate = fixAllContext.CodeActionEquivalenceKey != ThisMethodOnlyKey;
                var title = propagate ? "Make methods async" : "Make methods async (these methods only)";
                return CodeAction.Create(title, ct => MakeAsyncPlan.ApplyAsync(solution, roots, propagate, ct), fixAllContext.CodeActionEquivalenceKey);
            }
        }
    }
}
