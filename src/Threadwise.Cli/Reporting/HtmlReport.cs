using System.Globalization;
using System.Net;
using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>
/// One self-contained HTML page (inline CSS and SVG, no scripts, no external assets) to open or hand out: counts by rule,
/// project and host kind as bar charts, the helpers on the most TW104 chains, and every diagnostic with its code.
/// </summary>
internal static class HtmlReport
{
    public static void Write(ReportContext context, TextWriter writer) => Write(ReportPage.Build(context), writer);

    public static void Write(ReportPage page, TextWriter writer)
    {
        ReportContext context = page.Context;
        AnalysisResult result = context.Result;
        writer.WriteLine("<!DOCTYPE html>");
        writer.WriteLine("<html lang=\"en\">");
        writer.WriteLine("<head>");
        writer.WriteLine("<meta charset=\"utf-8\"/>");
        writer.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
        writer.WriteLine($"<meta name=\"generator\" content=\"threadwise {E(ToolInfo.Version)}\"/>");
        writer.WriteLine($"<title>Threadwise report: {E(page.TargetName)}</title>");
        writer.WriteLine($"<style>{Css}</style>");
        writer.WriteLine("</head>");
        writer.WriteLine("<body>");
        writer.WriteLine("<header>");
        writer.WriteLine($"<h1>Threadwise report: <span class=\"target\">{E(page.TargetName)}</span></h1>");
        writer.WriteLine(
            $"<p class=\"summary\"><strong>{Plural(page.Items.Count, "diagnostic")}</strong> ({E(SeverityCounts(page))}) in " +
            $"{Plural(result.ProjectsAnalyzed.Count, "project")}; analyzed in {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s " +
            $"on {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by threadwise {E(ToolInfo.Version)}.</p>");
        WriteScope(page, writer);
        writer.WriteLine("</header>");
        writer.WriteLine("<main>");

        if (result.Problems.Count > 0)
        {
            writer.WriteLine("<section id=\"problems\"><h2>Problems while loading or analyzing</h2><ul>");
            foreach (string problem in result.Problems)
            {
                WriteProblem(problem, writer);
            }

            writer.WriteLine("</ul></section>");
        }

        if (page.Items.Count > 0)
        {
            WriteCharts(page, writer);
            WriteHelpers(page, writer);
            WriteDiagnostics(page, writer);
        }
        else
        {
            writer.WriteLine("<p class=\"clean\">No diagnostics: nothing blocks, starves or races here that Threadwise can see.</p>");
        }

        writer.WriteLine("</main>");
        writer.WriteLine(
            $"<footer>Made by <a href=\"{E(ToolInfo.RepositoryUrl)}\">Threadwise</a>: await for I/O, use threads for CPU work, " +
            "and never block on an async path. Each rule ID links to its page.</footer>");
        writer.WriteLine("</body>");
        writer.WriteLine("</html>");
    }

    private static void WriteScope(ReportPage page, TextWriter writer)
    {
        ReportContext context = page.Context;
        if (context.Since is not null)
        {
            writer.WriteLine($"<p class=\"scope\">Only files changed since <code>{E(context.Since)}</code>.</p>");
        }

        if (context.Baseline is { } baseline)
        {
            writer.WriteLine(
                $"<p class=\"scope\">Compared with the baseline <code>{E(Path.GetFileName(baseline.BaselinePath))}</code>: " +
                $"{page.Items.Count} new, {baseline.Accepted.Count} accepted (not shown), {baseline.Fixed.Count} fixed.</p>");
        }
    }

    /// <summary>A problem's first sentence; the rest (an analyzer's stack trace, say) folded away.</summary>
    private static void WriteProblem(string problem, TextWriter writer)
    {
        const int Shown = 240;
        if (problem.Length <= Shown)
        {
            writer.WriteLine($"<li class=\"problem\">{E(problem)}</li>");
            return;
        }

        writer.WriteLine(
            $"<li class=\"problem\"><details><summary>{E(problem[..Shown])}…</summary><pre class=\"problem-text\">{E(problem)}</pre></details></li>");
    }

    private static void WriteCharts(ReportPage page, TextWriter writer)
    {
        writer.WriteLine("<section id=\"counts\"><h2>Counts</h2><div class=\"charts\">");
        writer.WriteLine("<figure id=\"by-rule\"><figcaption>By rule</figcaption>");
        SvgBarChart.Write(writer, "Diagnostics by rule", page.ByRule, "by-rule");
        writer.WriteLine("<ul class=\"legend\">");
        foreach (CountRow row in page.ByRule)
        {
            writer.WriteLine($"<li>{RuleLink(row.Label, row.Link)} {E(row.Detail)}</li>");
        }

        writer.WriteLine("</ul></figure>");
        writer.WriteLine("<figure id=\"by-project\"><figcaption>By project</figcaption>");
        SvgBarChart.Write(writer, "Diagnostics by project", page.ByProject, "by-project");
        writer.WriteLine("</figure>");
        writer.WriteLine("<figure id=\"by-host\"><figcaption>By host kind</figcaption>");
        SvgBarChart.Write(writer, "Diagnostics by host kind", page.ByHost, "by-host");
        writer.WriteLine("<p class=\"note\">The host kind decides which thread a block holds: the UI thread, a request thread, or the caller's.</p>");
        writer.WriteLine("</figure>");
        writer.WriteLine("</div></section>");
    }

    private static void WriteHelpers(ReportPage page, TextWriter writer)
    {
        if (!page.Items.Any(i => i.Chain.Count > 0))
        {
            return;
        }

        writer.WriteLine("<section id=\"fix-first\"><h2>Fix these first</h2>");
        if (page.Helpers.Count == 0)
        {
            writer.WriteLine("<p>No helper method lies on more than one TW104 chain: each chain is its own fix.</p></section>");
            return;
        }

        writer.WriteLine(
            "<p>These synchronous helpers lie on the most TW104 chains. Making one async (down to the blocking call) " +
            "removes the blocking from every async path that reaches it.</p>");
        writer.WriteLine("<table class=\"helpers\"><thead><tr><th>Helper</th><th class=\"num\">Chains</th><th>Projects</th><th>For example</th></tr></thead><tbody>");
        foreach (HotHelper helper in page.Helpers)
        {
            writer.WriteLine(
                $"<tr><td><code>{E(helper.Helper)}</code></td><td class=\"num\">{helper.Chains}</td>" +
                $"<td>{E(string.Join(", ", helper.Projects))}</td><td><code>{E(helper.Example)}</code></td></tr>");
        }

        writer.WriteLine("</tbody></table></section>");
    }

    private static void WriteDiagnostics(ReportPage page, TextWriter writer)
    {
        writer.WriteLine($"<section id=\"diagnostics\"><h2>Diagnostics ({page.Items.Count})</h2>");
        for (int i = 0; i < page.Items.Count; i++)
        {
            ReportItem item = page.Items[i];
            Finding f = item.Finding;
            string severity = SeverityNames.Of(f.Severity);
            writer.WriteLine($"<article class=\"diagnostic {severity}\" id=\"d{i + 1}\" data-rule=\"{E(f.RuleId)}\">");
            writer.WriteLine(
                $"<h3><span class=\"severity\">{severity}</span> {RuleLink(f.RuleId, item.HelpUri)} " +
                $"<span class=\"title\">{E(item.Title)}</span></h3>");
            writer.WriteLine(
                $"<p class=\"where\"><code class=\"location\">{E(item.Location.Length > 0 ? item.Location : "(no source location)")}</code> " +
                $"in <span class=\"project\">{E(f.Project)}</span> <span class=\"host\">({E(item.Host)})</span></p>");
            writer.WriteLine($"<p class=\"message\">{E(f.Message)}</p>");
            if (item.Chain.Count > 0)
            {
                WriteChain(item, page.Helpers, writer);
            }

            if (item.Excerpt is { } excerpt)
            {
                WriteExcerpt(excerpt, writer);
            }

            writer.WriteLine("</article>");
        }

        writer.WriteLine("</section>");
    }

    /// <summary>The chain as steps: the blocking call last, the helpers to fix first marked.</summary>
    private static void WriteChain(ReportItem item, IReadOnlyList<HotHelper> helpers, TextWriter writer)
    {
        writer.Write("<ol class=\"chain\">");
        for (int i = 0; i < item.Chain.Count; i++)
        {
            string css = i == item.Chain.Count - 1 ? " class=\"leaf\""
                : helpers.Any(h => h.Helper == item.QualifiedChain[i]) ? " class=\"hot\"" : "";
            writer.Write($"<li{css}><code>{E(item.Chain[i])}</code></li>");
        }

        writer.WriteLine("</ol>");
    }

    private static void WriteExcerpt(CodeExcerpt excerpt, TextWriter writer)
    {
        writer.Write("<pre class=\"excerpt\">");
        for (int i = 0; i < excerpt.Lines.Count; i++)
        {
            int line = excerpt.FirstLine + i;
            string css = excerpt.IsFlagged(line) ? "line flagged" : "line";
            writer.Write($"<span class=\"{css}\"><span class=\"ln\">{line}</span>{E(excerpt.Lines[i])}</span>");
        }

        writer.WriteLine("</pre>");
    }

    private static string RuleLink(string ruleId, string? uri) =>
        uri is null ? $"<span class=\"rule\">{E(ruleId)}</span>" : $"<a class=\"rule\" href=\"{E(uri)}\">{E(ruleId)}</a>";

    private static string SeverityCounts(ReportPage page)
    {
        var parts = new[] { DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Info }
            .Select(s => (Severity: s, Count: page.Count(s)))
            .Where(p => p.Count > 0)
            .Select(p => Plural(p.Count, SeverityNames.Of(p.Severity)))
            .ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    // No '<' or '&' in here: the page stays parseable as XML too.
    private const string Css = """

        :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-code: #f6f8fa; --bar: #0969da; --hot: #fff1c2; --flag: #ffebe9; }
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto; max-width: 1180px; padding: 24px; }
        h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
        h3 { font-size: 15px; margin: 0 0 4px; } code, pre { font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
        a { color: var(--bar); } .summary { font-size: 16px; margin: 0; } .scope, .note, footer { color: var(--muted); }
        .charts { display: flex; flex-wrap: wrap; gap: 24px; } figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 6px; }
        .chart rect { fill: var(--bar); } .chart text { font: 12px ui-monospace, Menlo, Consolas, monospace; fill: var(--fg); }
        .chart.by-host rect { fill: #8250df; } .chart.by-project rect { fill: #1a7f37; }
        .legend { list-style: none; padding: 0; margin: 6px 0 0; font-size: 13px; } .legend a { font-family: ui-monospace, Menlo, Consolas, monospace; }
        table { border-collapse: collapse; font-size: 14px; } th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: var(--bg-code); } .num { text-align: right; }
        article.diagnostic { border: 1px solid var(--line); border-left: 5px solid #bf8700; border-radius: 6px; padding: 10px 14px; margin: 12px 0; break-inside: avoid; }
        article.error { border-left-color: #cf222e; } article.info { border-left-color: #0969da; }
        .severity { text-transform: uppercase; font-size: 11px; font-weight: 700; letter-spacing: .04em; color: var(--muted); }
        .title { font-weight: 400; } .where { margin: 0; color: var(--muted); } .message { margin: 6px 0; }
        ol.chain { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 4px; }
        ol.chain li + li::before { content: "\2192"; color: var(--muted); margin-right: 4px; }
        ol.chain code { background: var(--bg-code); border-radius: 4px; padding: 1px 5px; } ol.chain .hot code { background: var(--hot); } ol.chain .leaf code { background: var(--flag); }
        pre.excerpt { background: var(--bg-code); border-radius: 6px; padding: 8px 0; overflow-x: auto; margin: 6px 0 0; tab-size: 4; }
        pre.excerpt .line { display: block; padding: 0 12px 0 0; } pre.excerpt .flagged { background: var(--flag); }
        pre.excerpt .ln { display: inline-block; width: 4em; padding-right: 12px; text-align: right; color: var(--muted); user-select: none; }
        .problem { margin-bottom: 6px; } .problem summary { cursor: pointer; } pre.problem-text { white-space: pre-wrap; font-size: 12px; background: var(--bg-code); padding: 8px; }
        .clean { font-size: 18px; } footer { margin-top: 32px; border-top: 1px solid var(--line); padding-top: 8px; font-size: 13px; }
        @media print { body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }

        """;
}
