using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Fixing;

/// <summary>The selected diagnostics of the fixed projects in one solution snapshot, as Fix All is handed them.</summary>
internal sealed class SnapshotDiagnostics
{
    private readonly IReadOnlyDictionary<string, ImmutableArray<(ProjectId Project, Diagnostic Diagnostic)>> _byRule;

    private SnapshotDiagnostics(
        Solution solution, IReadOnlyList<(ProjectId, Diagnostic)> diagnostics, IReadOnlyList<string> analyzed, IReadOnlyList<string> problems)
    {
        Solution = solution;
        Analyzed = analyzed;
        Problems = problems;
        _byRule = diagnostics
            .GroupBy(d => d.Item2.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
    }

    public Solution Solution { get; }

    /// <summary>Names of the projects that could be analyzed.</summary>
    public IReadOnlyList<string> Analyzed { get; }

    /// <summary>Projects that could not be analyzed, analyzer crashes.</summary>
    public IReadOnlyList<string> Problems { get; }

    public IEnumerable<string> RuleIds => _byRule.Keys;

    public int Count(string ruleId) => _byRule.TryGetValue(ruleId, out var found) ? found.Length : 0;

    public IEnumerable<(ProjectId Project, Diagnostic Diagnostic)> All => _byRule.Values.SelectMany(d => d);

    /// <summary>Runs the analyzers on each project (one compilation per project; unchanged ones are reused by the solution).</summary>
    public static async Task<SnapshotDiagnostics> ComputeAsync(
        Solution solution,
        IReadOnlyList<ProjectId> projects,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        Func<Diagnostic, bool> selected,
        CancellationToken cancellationToken)
    {
        var found = new List<(ProjectId, Diagnostic)>();
        var analyzed = new List<string>();
        var problems = new List<string>();
        foreach (ProjectId id in projects)
        {
            Project project = solution.GetProject(id)!;
            Compilation? compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (ProjectAnalyzer.Unanalyzable(project, compilation) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            ImmutableArray<Diagnostic> diagnostics = await ProjectAnalyzer.WithAnalyzers(project, compilation!, analyzers, timing: false)
                .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            if (ProjectAnalyzer.Crashes(diagnostics) is { Count: > 0 } crashes)
            {
                problems.Add($"{project.FilePath} ({project.Name}): an analyzer failed: {string.Join(" | ", crashes.Distinct())}");
            }

            found.AddRange(diagnostics.Where(d => d.Id != "AD0001" && d.Severity != DiagnosticSeverity.Hidden && selected(d)).Select(d => (id, d)));
            analyzed.Add(ProjectAnalyzer.ProjectName(project));
        }

        return new SnapshotDiagnostics(solution, found, analyzed.Distinct(StringComparer.Ordinal).ToList(), problems);
    }

    /// <summary>Gives Fix All this snapshot's diagnostics of one rule.</summary>
    public FixAllContext.DiagnosticProvider ProviderFor(string ruleId) =>
        new RuleDiagnostics(_byRule.TryGetValue(ruleId, out var found) ? found : [], Solution);

    private sealed class RuleDiagnostics(ImmutableArray<(ProjectId Project, Diagnostic Diagnostic)> diagnostics, Solution solution)
        : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics
                .Where(d => d.Diagnostic.Location.SourceTree is { } tree && solution.GetDocumentId(tree) == document.Id)
                .Select(d => d.Diagnostic));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Project == project.Id && !d.Diagnostic.Location.IsInSource).Select(d => d.Diagnostic));

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Project == project.Id).Select(d => d.Diagnostic));
    }
}
