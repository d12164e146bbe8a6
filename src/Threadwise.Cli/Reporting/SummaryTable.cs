using System.Globalization;
using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>The closing summary: counts by rule and by project, as plain-text tables.</summary>
internal static class SummaryTable
{
    public static void Write(ReportContext context, TextWriter writer)
    {
        IReadOnlyList<Finding> findings = context.Findings;
        AnalysisResult result = context.Result;
        writer.WriteLine(
            $"Threadwise: {Plural(findings.Count, "diagnostic")} ({CountBySeverity(findings)}) in " +
            $"{Plural(result.ProjectsAnalyzed.Count, "project")}, {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" +
            (result.Problems.Count > 0 ? $"; {Plural(result.Problems.Count, "load or analysis problem")} (see above)" : ""));
        if (context.Since is not null)
        {
            writer.WriteLine($"Only diagnostics in files changed since {context.Since} (git diff --name-only, untracked files included).");
        }

        if (context.Baseline is { } baseline)
        {
            writer.WriteLine(
                $"Baseline {baseline.BaselinePath}: {findings.Count} new reported, {baseline.Accepted.Count} accepted by the baseline (not shown), " +
                $"{baseline.Fixed.Count} fixed (in the baseline, no longer found)");
            if (baseline.Fixed.Count > 0)
            {
                writer.WriteLine();
                TextTable.Write(
                    writer,
                    ["Fixed", "File", "Member", "Code"],
                    [false, false, false, false],
                    baseline.Fixed.Select(e => new[] { e.Fingerprint.RuleId, context.DisplayPath(e), e.Fingerprint.Member, Shorten(e.Fingerprint.Code) }));
            }
        }
        if (findings.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        TextTable.Write(
            writer,
            ["Rule", "Count", "Title"],
            [false, true, false],
            findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new[] { g.Key, g.Count().ToString(CultureInfo.InvariantCulture), context.Title(g.Key) }));
        writer.WriteLine();
        TextTable.Write(
            writer,
            ["Project", "Count"],
            [false, true],
            findings.GroupBy(f => f.Project).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new[] { g.Key, g.Count().ToString(CultureInfo.InvariantCulture) }));
    }

    /// <summary>The <c>--timing</c> table: execution time per analyzer (and the rules it reports), slowest first.</summary>
    public static void WriteTiming(AnalysisResult result, TextWriter writer)
    {
        double total = result.Times.Sum(t => t.Time.TotalSeconds);
        writer.WriteLine();
        writer.WriteLine($"Analyzer execution time (summed over projects; concurrent analysis, so it can exceed wall time): {total.ToString("0.000", CultureInfo.InvariantCulture)} s");
        TextTable.Write(
            writer,
            ["Rules", "Time (s)", "Share", "Analyzer"],
            [false, true, true, false],
            result.Times.Select(t => new[]
            {
                string.Join(",", t.RuleIds),
                t.Time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture),
                (total > 0 ? t.Time.TotalSeconds / total : 0).ToString("0.0%", CultureInfo.InvariantCulture),
                t.Analyzer,
            }));
    }

    private static string CountBySeverity(IReadOnlyList<Finding> findings)
    {
        var parts = new[] { DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Info }
            .Select(s => (Severity: s, Count: findings.Count(f => f.Severity == s)))
            .Where(p => p.Count > 0)
            .Select(p => Plural(p.Count, SeverityNames.Of(p.Severity)))
            .ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static string Shorten(string code) => code.Length <= 60 ? code : code[..57] + "...";

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
