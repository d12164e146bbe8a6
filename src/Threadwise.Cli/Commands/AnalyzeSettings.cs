using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Commands;

/// <summary>The parsed options of <c>threadwise analyze</c>.</summary>
/// <param name="FailOn">The lowest severity that makes the exit code 1; null for <c>--fail-on none</c> and <c>new</c>.</param>
/// <param name="BaselinePath">The <c>--baseline</c> file: report only diagnostics it does not hold, list the fixed ones.</param>
/// <param name="Since">The <c>--since</c> git ref: report only diagnostics in files changed since it.</param>
/// <param name="FailOnNew"><c>--fail-on new</c>: exit 1 when any diagnostic is reported, which with a baseline means a new one.</param>
internal sealed record AnalyzeSettings(
    string Target,
    RuleFilter Rules,
    DiagnosticSeverity MinimumSeverity,
    ReportFormat Format,
    string? OutputPath,
    DiagnosticSeverity? FailOn,
    bool Timing,
    IReadOnlyList<string>? Properties = null,
    string? BaselinePath = null,
    string? Since = null,
    bool FailOnNew = false)
{
    /// <summary>The <c>--property Name=Value</c> MSBuild global properties; null with an error for a malformed one.</summary>
    public IReadOnlyDictionary<string, string>? ParseProperties(out string? error)
    {
        error = null;
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string property in Properties ?? [])
        {
            int equals = property.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"--property '{property}' is not Name=Value.";
                return null;
            }

            result[property[..equals].Trim()] = property[(equals + 1)..];
        }

        return result;
    }

    /// <summary>0 when nothing reaches the --fail-on level, else 1.</summary>
    public int ExitCodeFor(IReadOnlyList<Finding> findings) =>
        FailOnNew ? (findings.Count > 0 ? ExitCodes.Findings : ExitCodes.Clean)
        : FailOn is { } level && findings.Any(f => f.Severity >= level) ? ExitCodes.Findings : ExitCodes.Clean;
}
