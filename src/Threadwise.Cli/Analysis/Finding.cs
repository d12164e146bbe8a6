using Microsoft.CodeAnalysis;
using Threadwise.Baselines;

namespace Threadwise.Cli.Analysis;

/// <summary>One reported diagnostic, detached from Roslyn so reports and tests need no compilation.</summary>
/// <param name="FilePath">Absolute path of the source file, or null for a diagnostic without a source location.</param>
/// <param name="Line">1-based start line (0 without a location); columns are 1-based too.</param>
internal sealed record Finding(
    string RuleId,
    DiagnosticSeverity Severity,
    string Message,
    string? FilePath,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Project)
{
    /// <summary>The baseline fingerprint (computed with the suppressor's code over the project's diagnostics).</summary>
    public BaselineFingerprint? Fingerprint { get; init; }

    public static Finding From(Diagnostic diagnostic, string project, BaselineFingerprint? fingerprint = null)
    {
        FileLinePositionSpan span = diagnostic.Location.GetMappedLineSpan();
        bool hasFile = diagnostic.Location.IsInSource || span.IsValid && !string.IsNullOrEmpty(span.Path);
        return new Finding(
            diagnostic.Id,
            diagnostic.Severity,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            hasFile && !string.IsNullOrEmpty(span.Path) ? Path.GetFullPath(span.Path) : null,
            hasFile ? span.StartLinePosition.Line + 1 : 0,
            hasFile ? span.StartLinePosition.Character + 1 : 0,
            hasFile ? span.EndLinePosition.Line + 1 : 0,
            hasFile ? span.EndLinePosition.Character + 1 : 0,
            project)
        {
            Fingerprint = fingerprint,
        };
    }

    /// <summary>Two target frameworks of one project report the same diagnostic twice; this key merges them.</summary>
    public (string, string?, int, int, string) Key => (RuleId, FilePath, Line, Column, Message);
}
