using System.CommandLine;
using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Fixing;

namespace Threadwise.Cli.Commands;

/// <summary>The parsed options of <c>threadwise fix</c>.</summary>
/// <param name="Fixes">The raw <c>--fix RULE=choice</c> values.</param>
/// <param name="FailOn">The lowest severity of a diagnostic left that makes the exit code 1; null for <c>--fail-on none</c>.</param>
internal sealed record FixSettings(
    string Target,
    RuleFilter Rules,
    DiagnosticSeverity MinimumSeverity,
    IReadOnlyList<string> Fixes,
    bool DryRun,
    DiagnosticSeverity? FailOn,
    IReadOnlyList<string>? Properties);

/// <summary>The <c>fix</c> verb's command-line surface; the work is in <see cref="FixVerb"/>.</summary>
internal static class FixCommand
{
    public static Command Create(Func<FixSettings, CancellationToken, Task<int>> run)
    {
        var target = CommonOptions.Target();
        var rules = CommonOptions.Rules("Only these rules (fixed, and listed when left): IDs or globs, comma-separated (TW101,TW2*). Default: all.");
        var fix = new Option<string[]>("--fix")
        {
            Description = "Which fix to apply where a rule has several (repeatable): " +
                string.Join(", ", FixChoices.ByRule.Select(r => $"{r.Key}={string.Join("|", r.Value.Select(c => c.Name))}")) + ". Default: the first.",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "rule=choice",
        };
        var severity = CommonOptions.Severity(
            "Lowest severity to fix, after .editorconfig: info, warning or error (infos are suggestions; fix them with --severity info).", "warning");
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Write nothing; print the changes as a unified diff on stdout (the summary goes to stderr).",
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit with 1 when a diagnostic at this severity or above is left after the fixes: warning, error or none.",
            DefaultValueFactory = _ => "none",
        };
        failOn.AcceptOnlyFromAmong("warning", "error", "none");
        var property = CommonOptions.Property();

        var command = new Command("fix", "Apply Threadwise's code fixes to a solution, project or folder (Fix All by rule), or show them as a diff.")
        {
            target, rules, fix, severity, dryRun, failOn, property,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            string failOnValue = parse.GetValue(failOn)!;
            var settings = new FixSettings(
                parse.GetValue(target)!,
                RuleFilter.Parse(parse.GetValue(rules)),
                SeverityNames.Parse(parse.GetValue(severity)!),
                parse.GetValue(fix) ?? [],
                parse.GetValue(dryRun),
                CommonOptions.FailOnSeverity(failOnValue),
                parse.GetValue(property));
            return run(settings, cancellationToken);
        });
        return command;
    }
}
