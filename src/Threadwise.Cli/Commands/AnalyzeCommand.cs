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
        var rules = new Option<string[]>("--rules")
        {
            Description = "Only these rules: IDs or globs, comma-separated (TW101,TW2*). Default: all.",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "ids",
        };
        var severity = new Option<string>("--severity")
        {
            Description = "Lowest severity to report, after .editorconfig: info, warning or error.",
            DefaultValueFactory = _ => "info",
        };
        severity.AcceptOnlyFromAmong("info", "warning", "error");
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
        var baseline = new Option<string?>("--baseline")
        {
            Description = "A baseline file (threadwise baseline): report only diagnostics it does not hold, and list the fixed ones.",
            HelpName = "file",
        };
        var since = new Option<string?>("--since")
        {
            Description = "Only diagnostics in files changed since this git ref (git diff --name-only <ref>, plus untracked files).",
            HelpName = "git-ref",
        };
        var timing = new Option<bool>("--timing")
        {
            Description = "Measure and print each analyzer's execution time (with the rules it reports).",
        };

        var property = new Option<string[]>("--property", "-p")
        {
            Description = "An MSBuild global property for loading the projects, Name=Value (repeatable), e.g. -p Configuration=Release.",
            HelpName = "name=value",
        };

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
                failOnValue is "none" or "new" ? null : SeverityNames.Parse(failOnValue),
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
