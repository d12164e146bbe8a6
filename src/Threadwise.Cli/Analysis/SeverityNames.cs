using Microsoft.CodeAnalysis;

namespace Threadwise.Cli.Analysis;

/// <summary>The severity words used on the command line and in reports.</summary>
internal static class SeverityNames
{
    public static string Of(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };

    public static DiagnosticSeverity Parse(string name) => name.ToLowerInvariant() switch
    {
        "error" => DiagnosticSeverity.Error,
        "warning" => DiagnosticSeverity.Warning,
        "info" => DiagnosticSeverity.Info,
        "hidden" => DiagnosticSeverity.Hidden,
        _ => throw new ArgumentException($"Unknown severity '{name}'.", nameof(name)),
    };
}
