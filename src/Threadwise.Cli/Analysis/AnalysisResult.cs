using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Cli.Analysis;

/// <summary>Everything one <c>analyze</c> run found, before severity filtering and formatting.</summary>
/// <param name="BaseDirectory">Reported paths are relative to it.</param>
/// <param name="ProjectsAnalyzed">Names of the projects analyzed (one per project file, whatever its target frameworks).</param>
/// <param name="Problems">Load failures, unrestored projects, analyzer crashes: reported on stderr.</param>
/// <param name="Times">Analyzer execution time summed over projects; empty unless <c>--timing</c>.</param>
internal sealed record AnalysisResult(
    string BaseDirectory,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> ProjectsAnalyzed,
    IReadOnlyList<string> Problems,
    IReadOnlyList<AnalyzerTime> Times,
    IReadOnlyList<DiagnosticDescriptor> Rules,
    TimeSpan Elapsed)
{
    /// <summary>Each analyzed project's host kind (<see cref="HostKinds"/>); a project missing here counts as unknown.</summary>
    public IReadOnlyDictionary<string, string> ProjectHosts { get; init; } = new Dictionary<string, string>();

    /// <summary>The host kind of the project a finding belongs to.</summary>
    public string HostOf(Finding finding) => ProjectHosts.TryGetValue(finding.Project, out string? host) ? host : HostKinds.Unknown;

    /// <summary>The findings at or above a severity, in file, line, column, rule order.</summary>
    public IReadOnlyList<Finding> Select(DiagnosticSeverity minimum, RuleFilter rules) =>
        Findings.Where(f => f.Severity >= minimum && rules.Matches(f.RuleId)).ToList();

    public static IReadOnlyList<Finding> Merge(IEnumerable<Finding> findings) =>
        findings
            .DistinctBy(f => f.Key)
            .OrderBy(f => f.FilePath ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
}

/// <summary>One analyzer's execution time and the rules it reports.</summary>
internal sealed record AnalyzerTime(string Analyzer, IReadOnlyList<string> RuleIds, TimeSpan Time)
{
    public static AnalyzerTime From(DiagnosticAnalyzer analyzer, TimeSpan time) =>
        new(analyzer.GetType().Name, analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToList(), time);
}
