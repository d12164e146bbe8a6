using Threadwise.Baselines;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Baselines;
using Threadwise.Cli.Loading;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Commands;

/// <summary>Runs <c>analyze</c>: validate, load and analyze, write the report and the summary, choose the exit code.</summary>
internal sealed class AnalyzeVerb(TextWriter stdout, TextWriter stderr, bool interactive)
{
    public async Task<int> RunAsync(AnalyzeSettings settings, CancellationToken cancellationToken)
    {
        var threadwise = ThreadwiseAnalyzers.Load();
        IReadOnlyList<string> unknown = settings.Rules.UnmatchedPatterns(threadwise.Rules.Select(r => r.Id));
        if (unknown.Count > 0)
        {
            stderr.WriteLine($"error: --rules {string.Join(", ", unknown)} matches no Threadwise rule (known: {string.Join(", ", threadwise.Rules.Select(r => r.Id))}).");
            return ExitCodes.Error;
        }

        AnalysisTarget? target = AnalysisTarget.Resolve(settings.Target, out string? error);
        if (target is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        IReadOnlyDictionary<string, string>? properties = settings.ParseProperties(out error);
        if (properties is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        if (settings.FailOnNew && settings.BaselinePath is null)
        {
            stderr.WriteLine("error: --fail-on new needs --baseline <file> (without a baseline every diagnostic is new: use --fail-on warning).");
            return ExitCodes.Error;
        }

        string? baselinePath = settings.BaselinePath is null ? null : Path.GetFullPath(settings.BaselinePath);
        BaselineDocument? baseline = null;
        if (baselinePath is not null && (baseline = BaselineWriter.Read(baselinePath, out error)) is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        IReadOnlySet<string>? changed = null;
        if (settings.Since is not null && (changed = GitChanges.ChangedFiles(target.BaseDirectory, settings.Since, out error)) is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        var progress = new ProgressLine(stderr, interactive);
        AnalysisResult result = await AnalyzeRunner.AnalyzeAsync(
                target, properties, threadwise, settings.Rules, settings.Timing, progress, cancellationToken, withBaselineSuppressor: baseline is null)
            .ConfigureAwait(false);

        foreach (string problem in result.Problems)
        {
            stderr.WriteLine($"problem: {problem}");
        }

        if (result.ProjectsAnalyzed.Count == 0)
        {
            stderr.WriteLine($"error: no project of '{settings.Target}' could be analyzed.");
            return ExitCodes.Error;
        }

        IReadOnlyList<Finding> selected = result.Select(settings.MinimumSeverity, settings.Rules);
        BaselineComparison? comparison = null;
        if (baseline is not null)
        {
            // Matched over every finding, whatever its severity, so a baselined info is not listed as fixed under --severity warning.
            comparison = BaselineComparison.Compare(baselinePath!, baseline, result.Findings, settings.Rules);
            var fresh = comparison.New.ToHashSet();
            selected = selected.Where(fresh.Contains).ToList();
        }

        if (changed is not null)
        {
            selected = selected.Where(f => f.FilePath is not null && changed.Contains(f.FilePath)).ToList();
            comparison = comparison?.WithFixedWhere(path => path is not null && changed.Contains(path));
        }

        var context = new ReportContext(result, selected) { Baseline = comparison, Since = settings.Since };
        WriteReport(settings, context);
        if (settings.Timing)
        {
            SummaryTable.WriteTiming(result, SummaryWriter(settings));
        }

        return settings.ExitCodeFor(context.Findings);
    }

    private void WriteReport(AnalyzeSettings settings, ReportContext context)
    {
        if (settings.OutputPath is null)
        {
            Write(settings.Format, context, stdout);
            if (settings.Format != ReportFormat.Console)
            {
                SummaryTable.Write(context, stderr); // stdout holds the machine-readable report only
            }

            return;
        }

        string path = Path.GetFullPath(settings.OutputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            Write(settings.Format, context, file);
        }

        if (settings.Format != ReportFormat.Console)
        {
            SummaryTable.Write(context, stdout);
        }

        stdout.WriteLine($"Report written to {path}");
    }

    /// <summary>The timing table goes where the summary goes: never into a machine-readable stdout.</summary>
    private TextWriter SummaryWriter(AnalyzeSettings settings) =>
        settings.OutputPath is null && settings.Format != ReportFormat.Console ? stderr : stdout;

    private static void Write(ReportFormat format, ReportContext context, TextWriter writer)
    {
        switch (format)
        {
            case ReportFormat.Sarif:
                SarifReport.Write(context, writer);
                break;
            case ReportFormat.Json:
                JsonReport.Write(context, writer);
                break;
            case ReportFormat.Markdown:
                MarkdownReport.Write(context, writer);
                break;
            case ReportFormat.Html:
                HtmlReport.Write(context, writer);
                break;
            case ReportFormat.ReportMarkdown:
                ReportMarkdown.Write(context, writer);
                break;
            default:
                ConsoleReport.Write(context, writer);
                break;
        }
    }
}
