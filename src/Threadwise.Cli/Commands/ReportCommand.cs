using System.CommandLine;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Commands;

/// <summary>
/// The <c>report</c> verb's command-line surface: <c>analyze</c>'s selection options with the page as the format, an
/// output file by default, and <c>--fail-on none</c> by default (a report is for reading); the work is in <see cref="ReportVerb"/>.
/// </summary>
internal static class ReportCommand
{
    public const string DefaultHtmlFile = "threadwise-report.html";

    public static Command Create(Func<AnalyzeSettings, string?, CancellationToken, Task<int>> run)
    {
        var target = CommonOptions.Target();
        var format = new Option<string?>("--format")
        {
            Description = "html (a self-contained page, the default) or markdown (the same data for a pull-request comment).",
        };
        format.AcceptOnlyFromAmong("html", "markdown");
        var markdown = new Option<bool>("--markdown")
        {
            Description = "Short for --format markdown.",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = $"The file to write. Default: {DefaultHtmlFile} in the current folder for html, stdout for markdown.",
            HelpName = "file",
        };
        var rules = CommonOptions.Rules();
        var severity = CommonOptions.Severity("Lowest severity to report, after .editorconfig: info, warning or error.", "info");
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit with 1 when a diagnostic at this severity or above is reported: none (default), warning or error; new (with --baseline): when any is reported.",
            DefaultValueFactory = _ => "none",
        };
        failOn.AcceptOnlyFromAmong("none", "warning", "error", "new");
        var baseline = CommonOptions.Baseline("A baseline file (threadwise baseline): report only diagnostics it does not hold.");
        var since = CommonOptions.Since("Only diagnostics in files changed since this git ref.");
        var property = CommonOptions.Property();

        var command = new Command(
            "report",
            "Write a self-contained HTML page (or markdown) of the diagnostics: charts by rule, project and host kind, the helpers to fix first, every diagnostic with its code.")
        {
            target, format, markdown, output, rules, severity, failOn, baseline, since, property,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            string? formatValue = parse.GetValue(format);
            bool asMarkdown = parse.GetValue(markdown);
            string? error = asMarkdown && formatValue == "html" ? "--markdown and --format html contradict each other." : null;
            asMarkdown |= formatValue == "markdown";
            string failOnValue = parse.GetValue(failOn)!;
            var settings = new AnalyzeSettings(
                parse.GetValue(target)!,
                RuleFilter.Parse(parse.GetValue(rules)),
                SeverityNames.Parse(parse.GetValue(severity)!),
                asMarkdown ? ReportFormat.ReportMarkdown : ReportFormat.Html,
                parse.GetValue(output) ?? (asMarkdown ? null : DefaultHtmlFile),
                CommonOptions.FailOnSeverity(failOnValue),
                Timing: false,
                parse.GetValue(property),
                parse.GetValue(baseline),
                parse.GetValue(since),
                failOnValue == "new");
            return run(settings, error, cancellationToken);
        });
        return command;
    }
}
