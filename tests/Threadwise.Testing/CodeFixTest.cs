using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Testing;

/// <summary>
/// An analyzer test that also applies a code fix and compares the result with <see cref="FixedSources"/>, one
/// diagnostic at a time and, when the provider has one, with its Fix All provider for document and project scope.
/// Markup in the fixed sources declares the diagnostics expected to remain; by default none may remain. Fixed sources
/// equal to the test sources mean that no code action may be offered.
/// </summary>
public class CodeFixTest<TAnalyzer, TCodeFix> : AnalyzerTest<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    private readonly TCodeFix _codeFix = new();

    /// <summary>Sets the single expected source after fixing.</summary>
    public string FixedCode
    {
        set
        {
            FixedSources.Clear();
            FixedSources.Add(value);
        }
    }

    /// <summary>The expected sources after fixing, one per test source; empty means the test checks no fix.</summary>
    public List<string> FixedSources { get; } = [];

    /// <summary>Sets the single expected source after Fix All.</summary>
    public string BatchFixedCode
    {
        set
        {
            BatchFixedSources.Clear();
            BatchFixedSources.Add(value);
        }
    }

    /// <summary>The expected sources after Fix All; empty means the same as <see cref="FixedSources"/>.</summary>
    public List<string> BatchFixedSources { get; } = [];

    /// <summary>The code action to apply; when null, the first one offered.</summary>
    public string? CodeActionEquivalenceKey { get; set; }

    /// <summary>When set, the title the chosen code action must have where it is first offered.</summary>
    public string? CodeActionTitle { get; set; }

    /// <summary>At most this many fixes, one at a time; by default the number of diagnostics in the test sources + 1.</summary>
    public int? NumberOfIncrementalIterations { get; set; }

    private string ActionDescription => CodeActionEquivalenceKey is null ? "code action" : $"code action with equivalence key '{CodeActionEquivalenceKey}'";

    private protected override async Task VerifyCodeFixAsync(Project original, int diagnosticCount, CancellationToken cancellationToken)
    {
        if (FixedSources.Count == 0)
        {
            return;
        }

        var fixedMarkups = ParseFixedSources(FixedSources, nameof(FixedSources));
        var batchFixedMarkups = BatchFixedSources.Count == 0 ? fixedMarkups : ParseFixedSources(BatchFixedSources, nameof(BatchFixedSources));

        if (await IsUnchangedAsync(original, fixedMarkups, cancellationToken).ConfigureAwait(false))
        {
            if (await FindFirstFixAsync(original, cancellationToken).ConfigureAwait(false) is { } offered)
            {
                throw new VerificationException(
                    $"The fixed code equals the test code, so no {ActionDescription} may be offered, but '{offered.Action.Title}' is offered for:\n"
                    + Messages.Describe(offered.Diagnostic, MarkupId));
            }

            return;
        }

        var limit = NumberOfIncrementalIterations ?? diagnosticCount + 1;
        var fixedProject = await FixOneAtATimeAsync(original, limit, cancellationToken).ConfigureAwait(false);
        await VerifyFixedProjectAsync("Code fix", fixedProject, fixedMarkups, onlyDocument: null, cancellationToken).ConfigureAwait(false);

        if (_codeFix.GetFixAllProvider() is not { } fixAllProvider)
        {
            return;
        }

        foreach (var scope in (FixAllScope[])[FixAllScope.Document, FixAllScope.Project])
        {
            if (fixAllProvider.GetSupportedFixAllScopes().Contains(scope))
            {
                var (project, document) = await FixAllAsync(original, fixAllProvider, scope, cancellationToken).ConfigureAwait(false);

                // Fix All in a document changes only that document, so only that document is compared with the batch-fixed
                // source, compiled for errors and checked for remaining diagnostics.
                var onlyDocument = scope == FixAllScope.Document ? document : null;
                await VerifyFixedProjectAsync($"Fix All ({scope} scope)", project, batchFixedMarkups, onlyDocument, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private List<TestMarkup> ParseFixedSources(List<string> sources, string name)
    {
        if (sources.Count != Sources.Count)
        {
            throw new VerificationException($"{name} has {sources.Count} source(s); the test has {Sources.Count}.");
        }

        return ParseSources(sources);
    }

    private static async Task<bool> IsUnchangedAsync(Project project, List<TestMarkup> fixedMarkups, CancellationToken cancellationToken)
    {
        for (var i = 0; i < fixedMarkups.Count; i++)
        {
            var text = await DocumentAt(project, i).GetTextAsync(cancellationToken).ConfigureAwait(false);
            if (text.ToString() != fixedMarkups[i].Text)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<Project> FixOneAtATimeAsync(Project project, int limit, CancellationToken cancellationToken)
    {
        var iterations = 0;
        while (await FindFirstFixAsync(project, cancellationToken).ConfigureAwait(false) is { } fix)
        {
            if (iterations == 0 && CodeActionTitle is not null && fix.Action.Title != CodeActionTitle)
            {
                throw new VerificationException(
                    $"The {ActionDescription} is titled '{fix.Action.Title}'; expected '{CodeActionTitle}'. Offered for:\n"
                    + Messages.Describe(fix.Diagnostic, MarkupId));
            }

            if (++iterations > limit)
            {
                var why = NumberOfIncrementalIterations is null ? "the number of diagnostics + 1" : nameof(NumberOfIncrementalIterations);
                throw new VerificationException(
                    $"The {ActionDescription} '{fix.Action.Title}' is still offered after {limit} fixes (the limit is {why}), "
                    + "so it does not remove the diagnostic it fixes. Still offered for:\n" + Messages.Describe(fix.Diagnostic, MarkupId));
            }

            project = await ApplyAsync("Code fix", fix.Action, project, cancellationToken).ConfigureAwait(false);
        }

        if (iterations == 0)
        {
            throw new VerificationException($"The fixed code differs from the test code, but no {ActionDescription} is offered for any diagnostic.");
        }

        return project;
    }

    private async Task<(Project Project, DocumentId Document)> FixAllAsync(
        Project project, FixAllProvider fixAllProvider, FixAllScope scope, CancellationToken cancellationToken)
    {
        var what = $"Fix All ({scope} scope)";
        var first = await FindFirstFixAsync(project, cancellationToken).ConfigureAwait(false)
            ?? throw new VerificationException($"{what}: no {ActionDescription} is offered.");
        var context = new FixAllContext(
            first.Document,
            _codeFix,
            scope,
            first.Action.EquivalenceKey,
            _codeFix.FixableDiagnosticIds,
            new AnalyzerDiagnosticProvider(AnalyzeAsync),
            cancellationToken);
        // No action means Fix All changes nothing: the batch-fixed sources must then equal the originals.
        var action = await Guard(() => fixAllProvider.GetFixAsync(context), $"{what}: the Fix All provider threw").ConfigureAwait(false);
        return (action is null ? project : await ApplyAsync(what, action, project, cancellationToken).ConfigureAwait(false), first.Document.Id);
    }

    /// <summary>The first diagnostic, in document order and then by position, for which the chosen code action is offered.</summary>
    private async Task<(Document Document, Diagnostic Diagnostic, CodeAction Action)?> FindFirstFixAsync(Project project, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in await AnalyzeAsync(project, cancellationToken).ConfigureAwait(false))
        {
            if (_codeFix.FixableDiagnosticIds.Contains(diagnostic.Id)
                && project.GetDocument(diagnostic.Location.SourceTree) is { } document
                && Choose(await GetActionsAsync(document, diagnostic, cancellationToken).ConfigureAwait(false)) is { } action)
            {
                return (document, diagnostic, action);
            }
        }

        return null;
    }

    private Task<ImmutableArray<CodeAction>> GetActionsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = ImmutableArray.CreateBuilder<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        return Guard(
            async () =>
            {
                await _codeFix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                return actions.ToImmutable();
            },
            "The code fix provider threw on:\n" + Messages.Describe(diagnostic, MarkupId) + "\n");
    }

    /// <summary>The first action that can be applied (a nested action, not its group) with the equivalence key when one is set.</summary>
    private CodeAction? Choose(ImmutableArray<CodeAction> actions)
    {
        foreach (var action in actions)
        {
            var chosen = action.NestedActions.IsDefaultOrEmpty
                ? (CodeActionEquivalenceKey is null || action.EquivalenceKey == CodeActionEquivalenceKey ? action : null)
                : Choose(action.NestedActions);
            if (chosen is not null)
            {
                return chosen;
            }
        }

        return null;
    }

    /// <summary>Applies an action the way the IDE does: its operations run the Simplifier and the Formatter.</summary>
    private static async Task<Project> ApplyAsync(string what, CodeAction action, Project project, CancellationToken cancellationToken)
    {
        var operations = await Guard(() => action.GetOperationsAsync(cancellationToken), $"{what}: the code action '{action.Title}' threw")
            .ConfigureAwait(false);
        if (operations is not [ApplyChangesOperation apply])
        {
            throw new VerificationException(
                $"{what}: the code action '{action.Title}' returned [{string.Join(", ", operations.Select(o => o.GetType().Name))}]; "
                + "expected a single ApplyChangesOperation.");
        }

        return apply.ChangedSolution.GetProject(project.Id)!;
    }

    /// <param name="onlyDocument">When set, only this document is compared, compiled for errors and checked for diagnostics.</param>
    private async Task VerifyFixedProjectAsync(
        string what, Project project, List<TestMarkup> expected, DocumentId? onlyDocument, CancellationToken cancellationToken)
    {
        if (project.DocumentIds.Count != expected.Count)
        {
            throw new VerificationException($"{what}: the project has {project.DocumentIds.Count} document(s) after fixing; expected {expected.Count}.");
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var document = DocumentAt(project, i);
            if (onlyDocument is null || document.Id == onlyDocument)
            {
                var actual = (await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                if (actual != expected[i].Text)
                {
                    throw new VerificationException(Messages.TextMismatch(what, DocumentName(i), expected[i].Text, actual));
                }
            }
        }

        var onlyPath = onlyDocument is null ? null : project.GetDocument(onlyDocument)!.FilePath;
        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        TestCompilation.ThrowOnErrors(compilation, $"{what} produced code that does not compile", onlyPath);

        var remaining = (await AnalyzeAsync(project, cancellationToken).ConfigureAwait(false))
            .Where(d => onlyPath is null || d.Location.SourceTree?.FilePath == onlyPath)
            .ToList();
        var expectedRemaining = MarkupExpectations(compilation, expected)
            .Where(e => onlyPath is null || e.Location.SourceTree?.FilePath == onlyPath)
            .ToList();
        DiagnosticComparison.Verify(
            $"{what}: the diagnostics left after fixing do not match (markup in the fixed code declares those expected to remain)",
            expectedRemaining,
            remaining,
            MarkupId);
    }

    /// <summary>Turns an exception from the code fix under test into a failure that shows it.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> action, string failure)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not VerificationException and not OperationCanceledException)
        {
            throw new VerificationException($"{failure}:\n{e}", e);
        }
    }

    /// <summary>Gives Fix All the analyzer's diagnostics, computed on the project it asks about.</summary>
    private sealed class AnalyzerDiagnosticProvider(Func<Project, CancellationToken, Task<ImmutableArray<Diagnostic>>> analyze)
        : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            (await analyze(document.Project, cancellationToken).ConfigureAwait(false))
                .Where(d => d.Location.SourceTree?.FilePath == document.FilePath);

        // Project diagnostics, in Fix All's sense, are those without a source location.
        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            (await analyze(project, cancellationToken).ConfigureAwait(false)).Where(d => !d.Location.IsInSource);

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await analyze(project, cancellationToken).ConfigureAwait(false);
    }
}
