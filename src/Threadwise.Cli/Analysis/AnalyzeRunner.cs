using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Threadwise.Cli.Loading;

namespace Threadwise.Cli.Analysis;

/// <summary>Loads a target and runs the selected analyzers on each of its C# projects, one project at a time.</summary>
internal static class AnalyzeRunner
{
    public static async Task<AnalysisResult> AnalyzeAsync(
        AnalysisTarget target,
        IReadOnlyDictionary<string, string> properties,
        ThreadwiseAnalyzers threadwise,
        RuleFilter rules,
        bool timing,
        ProgressLine progress,
        CancellationToken cancellationToken,
        bool withBaselineSuppressor = true)
    {
        var stopwatch = Stopwatch.StartNew();
        var analyzers = threadwise.For(rules, withBaselineSuppressor);
        LoadResult load = await WorkspaceLoader.LoadAsync(target, properties, progress, cancellationToken).ConfigureAwait(false);
        using MSBuildWorkspace workspace = load.Workspace;

        var problems = new List<string>(load.Problems);
        var findings = new List<Finding>();
        var analyzed = new List<string>();
        var times = analyzers.ToDictionary(a => a, _ => TimeSpan.Zero);
        var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < load.Projects.Count; i++)
        {
            Project project = load.Projects[i];
            progress.Report($"analyzing {project.Name} ({i + 1}/{load.Projects.Count})");
            ProjectAnalysis analysis = await ProjectAnalyzer.AnalyzeAsync(project, analyzers, timing, cancellationToken).ConfigureAwait(false);
            findings.AddRange(analysis.Findings);
            if (analysis.Problem is not null)
            {
                problems.Add(analysis.Problem);
            }

            if (analysis.Analyzed)
            {
                analyzed.Add(analysis.Project);
                hosts.TryAdd(analysis.Project, analysis.Host ?? HostKinds.Unknown);
            }

            foreach (var (analyzer, time) in analysis.Times)
            {
                times[analyzer] += time;
            }
        }

        progress.Clear();
        return new AnalysisResult(
            target.BaseDirectory,
            AnalysisResult.Merge(findings),
            analyzed.Distinct(StringComparer.Ordinal).ToList(),
            problems,
            timing ? times.Select(t => AnalyzerTime.From(t.Key, t.Value)).OrderByDescending(t => t.Time).ToList() : [],
            threadwise.Rules.Where(r => rules.Matches(r.Id)).ToList(),
            stopwatch.Elapsed)
        {
            ProjectHosts = hosts,
        };
    }
}
