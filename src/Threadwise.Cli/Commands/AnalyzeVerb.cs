using Threadwise.Cli.Analysis;
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

        var progress = new ProgressLine(stderr, interactive);
        AnalysisResult result = await AnalyzeRunner.AnalyzeAsync(target, properties, threadwise, settings.Rules, settings.Timing, progress, cancellationToken)
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

        var context = new ReportContext(result, result.Select(settings.MinimumSeverity, settings.Rules));
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
            default:
                ConsoleReport.Write(context, writer);
                break;
        }
    }
}
