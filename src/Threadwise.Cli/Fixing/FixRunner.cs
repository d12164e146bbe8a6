using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Loading;

namespace Threadwise.Cli.Fixing;

/// <summary>
/// Applies Threadwise's code fixes to a loaded solution, one rule at a time, each by its provider's Fix All over the whole
/// solution with the chosen equivalence key, re-analyzing after every rule whose fix changed something.
/// </summary>
internal static class FixRunner
{
    /// <summary>
    /// Rules whose fixes change signatures go first: making a method async (TW103) or returning Task instead of void
    /// (TW301) turns code into async paths and task results, which the later rules (TW101/TW102 on the new async paths,
    /// TW304 for a task now dropped) then fix in the same run. The rest follow in ID order.
    /// </summary>
    private static readonly string[] s_firstRules = ["TW103", "TW301", "TW302", "TW303"];

    public static async Task<FixRun> FixAsync(
        LoadResult load,
        ThreadwiseFixes fixes,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        Func<Diagnostic, bool> selected,
        IReadOnlyDictionary<string, string> choices,
        ProgressLine progress,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        Solution original = load.Workspace.CurrentSolution;

        // A project that targets several frameworks is loaded once per framework: fix the first, and give its texts to
        // the others (ChangedFiles.Unify), so one file is fixed once.
        var fixedProjects = load.Projects
            .GroupBy(p => p.FilePath ?? p.Name, StringComparer.Ordinal)
            .Select(g => g.First().Id)
            .ToList();
        var fixedSet = fixedProjects.ToHashSet();

        progress.Report($"analyzing {fixedProjects.Count} project(s)");
        SnapshotDiagnostics current = await SnapshotDiagnostics.ComputeAsync(original, fixedProjects, analyzers, selected, cancellationToken).ConfigureAwait(false);
        var problems = new List<string>(current.Problems);
        var analyzed = current.Analyzed;
        var found = current.RuleIds.ToDictionary(id => id, current.Count, StringComparer.Ordinal);
        var fixedCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var files = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        // Every rule with a fix, not only those found at first: an earlier rule's fix can expose diagnostics of a later one.
        foreach (string ruleId in fixes.RuleIds.OrderBy(Order).ThenBy(id => id, StringComparer.Ordinal))
        {
            int before = current.Count(ruleId);
            if (before == 0 || fixes.For(ruleId) is not { } provider)
            {
                continue;
            }

            progress.Report($"fixing {ruleId} ({before} diagnostic(s))");
            Solution? changed;
            try
            {
                changed = await FixAllAsync(current, ruleId, provider, FixChoices.KeyFor(ruleId, choices), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problems.Add($"the fix of {ruleId} failed and was skipped: {e.GetType().Name}: {e.Message}");
                continue;
            }

            if (changed is null)
            {
                continue;
            }

            changed = await ChangedFiles.UnifyAsync(current.Solution, changed, fixedSet, cancellationToken).ConfigureAwait(false);
            IReadOnlySet<string> paths = await ChangedFiles.PathsAsync(current.Solution, changed, cancellationToken).ConfigureAwait(false);
            if (paths.Count == 0)
            {
                continue;
            }

            progress.Report($"analyzing after the fix of {ruleId}");
            current = await SnapshotDiagnostics.ComputeAsync(changed, fixedProjects, analyzers, selected, cancellationToken).ConfigureAwait(false);
            problems.AddRange(current.Problems.Except(problems, StringComparer.Ordinal));
            fixedCounts[ruleId] = Math.Max(0, before - current.Count(ruleId));
            files[ruleId] = [.. paths];
        }

        progress.Clear();
        Solution final = await ChangedFiles.KeepLineEndingsAndEncodingAsync(original, current.Solution, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<DocumentId> changedDocuments = (await ChangedFiles.DocumentsAsync(original, final, cancellationToken).ConfigureAwait(false))
            .GroupBy(id => final.GetDocument(id)!.FilePath!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();

        var rules = found.Keys.Concat(files.Keys).Concat(current.RuleIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => new RuleOutcome(
                id,
                FixChoices.NameFor(id, choices),
                fixes.For(id) is not null,
                found.GetValueOrDefault(id),
                fixedCounts.GetValueOrDefault(id),
                files.TryGetValue(id, out var paths) ? paths : new HashSet<string>(),
                current.Count(id)))
            .ToList();
        var left = Analysis.AnalysisResult.Merge(current.All.Select(d => Finding.From(d.Diagnostic, ProjectAnalyzer.ProjectName(current.Solution.GetProject(d.Project)!))));
        return new FixRun(original, final, changedDocuments, rules, left, analyzed, problems, stopwatch.Elapsed);
    }

    private static int Order(string ruleId) => Array.IndexOf(s_firstRules, ruleId) is var i and >= 0 ? i : s_firstRules.Length;

    /// <summary>The provider's Fix All over the solution with one equivalence key; null when it offers nothing.</summary>
    private static async Task<Solution?> FixAllAsync(
        SnapshotDiagnostics current, string ruleId, CodeFixProvider provider, string equivalenceKey, CancellationToken cancellationToken)
    {
        FixAllProvider? fixAll = provider.GetFixAllProvider();
        if (fixAll is null || !fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Solution))
        {
            return null; // every Threadwise provider has a solution-wide Fix All; its diagnostics are reported as left otherwise
        }

        var first = current.All.First(d => d.Diagnostic.Id == ruleId);
        var context = new FixAllContext(
            current.Solution.GetProject(first.Project)!,
            provider,
            FixAllScope.Solution,
            equivalenceKey,
            [ruleId],
            current.ProviderFor(ruleId),
            cancellationToken);
        CodeAction? action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
        if (action is null)
        {
            return null;
        }

        // The operations run the Simplifier and Formatter over what the fix annotated, as the IDE does.
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
    }
}
