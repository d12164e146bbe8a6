using System.Globalization;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>Markdown for a pull-request comment or a job summary: counts by rule and project, then one row per diagnostic.</summary>
internal static class MarkdownReport
{
    public static void Write(ReportContext context, TextWriter writer)
    {
        IReadOnlyList<Finding> findings = context.Findings;
        writer.WriteLine("## Threadwise");
        writer.WriteLine();
        writer.WriteLine($"{findings.Count} diagnostic(s) in {context.Result.ProjectsAnalyzed.Count} project(s).");
        if (context.Since is not null)
        {
            writer.WriteLine();
            writer.WriteLine($"Only files changed since `{context.Since}`.");
        }

        if (context.Baseline is { } baseline)
        {
            writer.WriteLine();
            writer.WriteLine($"Compared with the baseline `{Path.GetFileName(baseline.BaselinePath)}`: {findings.Count} new, " +
                             $"{baseline.Accepted.Count} accepted (not shown), {baseline.Fixed.Count} fixed.");
            if (baseline.Fixed.Count > 0)
            {
                writer.WriteLine();
                writer.WriteLine("### Fixed since the baseline");
                writer.WriteLine();
                writer.WriteLine("| Rule | File | Member | Code |");
                writer.WriteLine("|---|---|---|---|");
                foreach (var entry in baseline.Fixed)
                {
                    writer.WriteLine($"| {RuleLink(context, entry.Fingerprint.RuleId)} | `{context.DisplayPath(entry)}` | `{Escape(entry.Fingerprint.Member)}` | `{Escape(entry.Fingerprint.Code)}` |");
                }
            }
        }
        if (context.Result.Problems.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Problems while loading or analyzing:");
            writer.WriteLine();
            foreach (string problem in context.Result.Problems)
            {
                writer.WriteLine($"- {Escape(problem)}");
            }
        }

        if (findings.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("| Rule | Count | Title |");
        writer.WriteLine("|---|--:|---|");
        foreach (var group in findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            writer.WriteLine($"| {RuleLink(context, group.Key)} | {group.Count().ToString(CultureInfo.InvariantCulture)} | {Escape(context.Title(group.Key))} |");
        }

        writer.WriteLine();
        writer.WriteLine("| Project | Count |");
        writer.WriteLine("|---|--:|");
        foreach (var group in findings.GroupBy(f => f.Project).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            writer.WriteLine($"| {Escape(group.Key)} | {group.Count().ToString(CultureInfo.InvariantCulture)} |");
        }

        writer.WriteLine();
        writer.WriteLine("| Location | Rule | Severity | Message |");
        writer.WriteLine("|---|---|---|---|");
        foreach (Finding f in findings)
        {
            string location = f.FilePath is null ? "" : $"`{context.DisplayPath(f)}:{f.Line.ToString(CultureInfo.InvariantCulture)}`";
            writer.WriteLine($"| {location} | {RuleLink(context, f.RuleId)} | {SeverityNames.Of(f.Severity)} | {Escape(f.Message)} |");
        }
    }

    private static string RuleLink(ReportContext context, string ruleId) =>
        JsonReport.HelpUri(context, ruleId) is { } uri ? $"[{ruleId}]({uri})" : ruleId;

    private static string Escape(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
