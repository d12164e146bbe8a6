using System.CommandLine;
using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Commands;

/// <summary>The <c>analyze</c> verb's command-line surface (System.CommandLine 2.0); the work is in <see cref="AnalyzeVerb"/>.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(Func<AnalyzeSettings, CancellationToken, Task<int>> run)
    {
        var target = new Argument<string>("target")
        {
            Description = "A solution (.sln, .slnx), a C# project (.csproj), or a folder: its single solution, else every .csproj below it.",
        };
        var rules = CommonOptions.Rules();
        var severity = CommonOptions.Severity("Lowest severity to report, after .editorconfig: info, warning or error.", "info");
        var format = new Option<string>("--format")
        {
            Description = "Report format: console, sarif, json, markdown or html (the page threadwise report writes).",
            DefaultValueFactory = _ => "console",
        };
        format.AcceptOnlyFromAmong("console", "sarif", "json", "markdown", "html");
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the report to this file instead of stdout (the summary still goes to the console).",
            HelpName = "file",
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit with 1 when a diagnostic at this severity or above is reported: warning, error or none; new (with --baseline): when any new diagnostic is reported.",
            DefaultValueFactory = _ => "warning",
        };
        failOn.AcceptOnlyFromAmong("warning", "error", "none", "new");
        var baseline = CommonOptions.Baseline("A baseline file (threadwise baseline): report only diagnostics it does not hold, and list the fixed ones.");
        var since = CommonOptions.Since("Only diagnostics in files changed since this git ref (git diff --name-only <ref>, plus untracked files).");
        var timing = new Option<bool>("--timing")
        {
            Description = "Measure and print each analyzer's execution time (with the rules it reports).",
        };

        var property = CommonOptions.Property();

        var command = new Command("analyze", "Run the Threadwise analyzers on a solution, project or folder without editing it.")
        {
            target, rules, severity, format, output, failOn, baseline, since, timing, property,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            string failOnValue = parse.GetValue(failOn)!;
            var settings = new AnalyzeSettings(
                parse.GetValue(target)!,
                RuleFilter.Parse(parse.GetValue(rules)),
                SeverityNames.Parse(parse.GetValue(severity)!),
                Enum.Parse<ReportFormat>(parse.GetValue(format)!, ignoreCase: true),
                parse.GetValue(output),
                CommonOptions.FailOnSeverity(failOnValue),
                parse.GetValue(timing),
                parse.GetValue(property),
                parse.GetValue(baseline),
                parse.GetValue(since),
                failOnValue == "new");
            return run(settings, cancellationToken);
        });
        return command;
    }
}
