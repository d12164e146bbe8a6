using System.Globalization;
using System.Text.RegularExpressions;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>
/// The HTML page's data as GitHub-flavoured markdown for a pull-request comment (<c>threadwise report --markdown</c>):
/// the counts as tables with text bars, the helpers to fix first, and every diagnostic with its chain and code in a
/// collapsed section. <c>analyze --format markdown</c> (<see cref="MarkdownReport"/>) is the shorter list.
/// </summary>
internal static partial class ReportMarkdown
{
    private const int BarWidth = 20;

    public static void Write(ReportContext context, TextWriter writer) => Write(ReportPage.Build(context), writer);

    public static void Write(ReportPage page, TextWriter writer)
    {
        ReportContext context = page.Context;
        AnalysisResult result = context.Result;
        writer.WriteLine($"## Threadwise report: {Escape(page.TargetName)}");
        writer.WriteLine();
        writer.WriteLine($"**{Plural(page.Items.Count, "diagnostic")}** in {Plural(result.ProjectsAnalyzed.Count, "project")}.");
        if (context.Since is not null)
        {
            writer.WriteLine();
            writer.WriteLine($"Only files changed since {Code(context.Since)}.");
        }

        if (context.Baseline is { } baseline)
        {
            writer.WriteLine();
            writer.WriteLine($"Compared with the baseline {Code(Path.GetFileName(baseline.BaselinePath))}: {page.Items.Count} new, " +
                             $"{baseline.Accepted.Count} accepted (not shown), {baseline.Fixed.Count} fixed.");
        }

        if (result.Problems.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Problems while loading or analyzing:");
            writer.WriteLine();
            foreach (string problem in result.Problems)
            {
                writer.WriteLine($"- {Escape(problem)}");
            }
        }

        if (page.Items.Count == 0)
        {
            return;
        }

        WriteCounts("By rule", "Rule", page.ByRule, writer, withTitle: true);
        WriteCounts("By project", "Project", page.ByProject, writer, withTitle: false);
        WriteCounts("By host kind", "Host kind", page.ByHost, writer, withTitle: false);
        WriteHelpers(page, writer);

        writer.WriteLine();
        writer.WriteLine("### Diagnostics");
        writer.WriteLine();
        writer.WriteLine($"<details><summary>All {Plural(page.Items.Count, "diagnostic")} with their code</summary>");
        foreach (ReportItem item in page.Items)
        {
            WriteItem(item, writer);
        }

        writer.WriteLine();
        writer.WriteLine("</details>");
    }

    private static void WriteCounts(string heading, string column, IReadOnlyList<CountRow> rows, TextWriter writer, bool withTitle)
    {
        int max = Math.Max(1, rows.Select(r => r.Count).DefaultIfEmpty(0).Max());
        writer.WriteLine();
        writer.WriteLine($"### {heading}");
        writer.WriteLine();
        writer.WriteLine(withTitle ? $"| {column} | Count | | Title |" : $"| {column} | Count | |");
        writer.WriteLine(withTitle ? "|---|--:|---|---|" : "|---|--:|---|");
        foreach (CountRow row in rows)
        {
            string label = row.Link is null ? Escape(row.Label) : $"[{Escape(row.Label)}]({row.Link})";
            string bar = new('█', Math.Max(1, (int)Math.Round((double)BarWidth * row.Count / max)));
            writer.WriteLine(withTitle
                ? $"| {label} | {Number(row.Count)} | {bar} | {Escape(row.Detail)} |"
                : $"| {label} | {Number(row.Count)} | {bar} |");
        }
    }

    private static void WriteHelpers(ReportPage page, TextWriter writer)
    {
        if (!page.Items.Any(i => i.Chain.Count > 0))
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("### Fix these first");
        writer.WriteLine();
        if (page.Helpers.Count == 0)
        {
            writer.WriteLine("No helper method lies on more than one TW104 chain: each chain is its own fix.");
            return;
        }

        writer.WriteLine("These synchronous helpers lie on the most TW104 chains; making one async removes the blocking from every async path that reaches it.");
        writer.WriteLine();
        writer.WriteLine("| Helper | Chains | Projects | For example |");
        writer.WriteLine("|---|--:|---|---|");
        foreach (HotHelper helper in page.Helpers)
        {
            writer.WriteLine($"| {CellCode(helper.Helper)} | {Number(helper.Chains)} | {Escape(string.Join(", ", helper.Projects))} | {CellCode(helper.Example)} |");
        }
    }

    private static void WriteItem(ReportItem item, TextWriter writer)
    {
        Finding f = item.Finding;
        string rule = item.HelpUri is null ? Escape(f.RuleId) : $"[{Escape(f.RuleId)}]({item.HelpUri})";
        string location = item.Location.Length > 0 ? Code(item.Location) : "(no source location)";
        writer.WriteLine();
        writer.WriteLine($"**{rule}** {SeverityNames.Of(f.Severity)} at {location} in {Escape(f.Project)} ({Escape(item.Host)}): {Escape(f.Message)}");
        if (item.Chain.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Chain: " + string.Join(" → ", item.Chain.Select(Code)));
        }

        if (item.Excerpt is { } excerpt)
        {
            string[] lines = excerpt.Lines.Select((text, i) =>
            {
                int line = excerpt.FirstLine + i;
                return $"{(excerpt.IsFlagged(line) ? ">" : " ")} {Number(line).PadLeft(4)}  {text}".TrimEnd();
            }).ToArray();
            string fence = new('`', Math.Max(3, lines.Select(LongestBacktickRun).DefaultIfEmpty(0).Max() + 1));
            writer.WriteLine();
            writer.WriteLine(fence + "text");
            foreach (string line in lines)
            {
                writer.WriteLine(line);
            }

            writer.WriteLine(fence);
        }
    }

    /// <summary>Inline code that holds any text: the fence is one backtick longer than the longest run inside.</summary>
    private static string Code(string text) => Code(text, inTable: false);

    /// <summary>In a table cell a '|' ends the cell even inside code unless escaped.</summary>
    private static string CellCode(string text) => Code(text, inTable: true);

    private static string Code(string text, bool inTable)
    {
        text = text.ReplaceLineEndings(" ");
        string fence = new('`', LongestBacktickRun(text) + 1);
        string pad = text.StartsWith('`') || text.EndsWith('`') ? " " : "";
        return $"{fence}{pad}{(inTable ? text.Replace("|", "\\|", StringComparison.Ordinal) : text)}{pad}{fence}";
    }

    private static int LongestBacktickRun(string text) => BacktickRuns().Matches(text).Select(m => m.Length).DefaultIfEmpty(0).Max();

    /// <summary>Prose: markdown punctuation escaped, '&lt;' and '&amp;' as entities (GitHub would take them for a tag or an entity), one line.</summary>
    private static string Escape(string text) =>
        MarkdownPunctuation().Replace(text.ReplaceLineEndings(" "), m => m.Value switch { "<" => "&lt;", "&" => "&amp;", _ => "\\" + m.Value });

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{Number(count)} {noun}s";

    [GeneratedRegex("`+")]
    private static partial Regex BacktickRuns();

    [GeneratedRegex(@"[\\`*_\[\]|<&]")]
    private static partial Regex MarkdownPunctuation();
}
