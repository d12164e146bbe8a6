using System.Globalization;
using Threadwise.Baselines;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Baselines;
using Threadwise.Cli.Loading;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Commands;

/// <summary>
/// Runs <c>baseline</c>: analyzes the target with every rule (without the baseline suppressor, so an existing baseline among
/// the AdditionalFiles hides nothing), and writes every non-hidden diagnostic's fingerprint to the baseline file.
/// </summary>
internal sealed class BaselineVerb(TextWriter stdout, TextWriter stderr, bool interactive)
{
    public async Task<int> RunAsync(BaselineSettings settings, CancellationToken cancellationToken)
    {
        AnalysisTarget? target = AnalysisTarget.Resolve(settings.Target, out string? error);
        if (target is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        IReadOnlyDictionary<string, string>? properties = new AnalyzeSettings(
            settings.Target, RuleFilter.All, Microsoft.CodeAnalysis.DiagnosticSeverity.Info, ReportFormat.Console, null, null, false, settings.Properties)
            .ParseProperties(out error);
        if (properties is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        string path = Path.GetFullPath(settings.OutputPath ?? Path.Combine(target.BaseDirectory, BaselineDocument.DefaultFileName));
        var progress = new ProgressLine(stderr, interactive);
        AnalysisResult result = await AnalyzeRunner.AnalyzeAsync(
                target, properties, ThreadwiseAnalyzers.Load(), RuleFilter.All, timing: false, progress, cancellationToken, withBaselineSuppressor: false)
            .ConfigureAwait(false);
        foreach (string problem in result.Problems)
        {
            stderr.WriteLine($"problem: {problem}");
        }

        if (result.ProjectsAnalyzed.Count == 0)
        {
            stderr.WriteLine($"error: no project of '{settings.Target}' could be analyzed; no baseline written.");
            return ExitCodes.Error;
        }

        BaselineDocument document = BaselineWriter.Create(result.Findings, path);
        BaselineWriter.Write(document, path);
        stdout.WriteLine(
            $"Baseline of {document.Entries.Length.ToString(CultureInfo.InvariantCulture)} diagnostic(s) in " +
            $"{result.ProjectsAnalyzed.Count.ToString(CultureInfo.InvariantCulture)} project(s) written to {path}");
        if (document.Entries.Length > 0)
        {
            stdout.WriteLine();
            TextTable.Write(
                stdout,
                ["Rule", "Count"],
                [false, true],
                document.Entries.GroupBy(e => e.Fingerprint.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new[] { g.Key, g.Count().ToString(CultureInfo.InvariantCulture) }));
        }

        stdout.WriteLine();
        stdout.WriteLine("Next: `threadwise analyze <target> --baseline <file>` reports only new diagnostics; add");
        stdout.WriteLine($"<AdditionalFiles Include=\"{BaselineDocument.DefaultFileName}\" /> to the projects so builds and the IDE accept the same ones.");
        return ExitCodes.Clean;
    }
}
