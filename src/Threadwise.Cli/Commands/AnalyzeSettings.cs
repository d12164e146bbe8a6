using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Commands;

/// <summary>The parsed options of <c>threadwise analyze</c>.</summary>
/// <param name="FailOn">The lowest severity that makes the exit code 1; null for <c>--fail-on none</c>.</param>
internal sealed record AnalyzeSettings(
    string Target,
    RuleFilter Rules,
    DiagnosticSeverity MinimumSeverity,
    ReportFormat Format,
    string? OutputPath,
    DiagnosticSeverity? FailOn,
    bool Timing)
{
    /// <summary>0 when nothing reaches the --fail-on level, else 1.</summary>
    public int ExitCodeFor(IReadOnlyList<Finding> findings) =>
        FailOn is { } level && findings.Any(f => f.Severity >= level) ? ExitCodes.Findings : ExitCodes.Clean;
}
