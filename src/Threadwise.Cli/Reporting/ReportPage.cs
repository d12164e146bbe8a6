using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>One bar of a chart (and one row of the matching table).</summary>
/// <param name="Detail">The rule's title, or empty.</param>
/// <param name="Link">The rule's help page, or null.</param>
internal sealed record CountRow(string Label, int Count, string Detail = "", string? Link = null);

/// <summary>A helper method that lies on several TW104 chains: making it async removes the blocking for all of them.</summary>
/// <param name="Chains">How many TW104 diagnostics have it on their chain.</param>
/// <param name="Example">One of those chains, as its message shows it.</param>
internal sealed record HotHelper(string Helper, int Chains, IReadOnlyList<string> Projects, string Example);

/// <summary>One diagnostic as the report shows it.</summary>
/// <param name="Chain">A TW104 diagnostic's chain, the blocking call last; empty for the other rules.</param>
/// <param name="QualifiedChain">The chain's helpers as <c>Type.Method</c>, step by step (null for the blocking call).</param>
internal sealed record ReportItem(
    Finding Finding,
    string Location,
    string Title,
    string? HelpUri,
    string Host,
    IReadOnlyList<string> Chain,
    IReadOnlyList<string?> QualifiedChain,
    CodeExcerpt? Excerpt);

/// <summary>
/// What the HTML page and its markdown twin show (<c>threadwise report</c>, <c>analyze --format html</c>): counts by
/// rule, by project and by host kind, the helpers on the most TW104 chains, and every diagnostic with its excerpt.
/// </summary>
internal sealed record ReportPage(
    ReportContext Context,
    IReadOnlyList<CountRow> ByRule,
    IReadOnlyList<CountRow> ByProject,
    IReadOnlyList<CountRow> ByHost,
    IReadOnlyList<HotHelper> Helpers,
    IReadOnlyList<ReportItem> Items)
{
    /// <summary>How many helpers the "fix these first" list shows.</summary>
    public const int MaxHelpers = 10;

    public string TargetName => Path.GetFileName(Context.Result.BaseDirectory.TrimEnd('/', '\\'));

    public static ReportPage Build(ReportContext context)
    {
        IReadOnlyList<Finding> findings = context.Findings;
        AnalysisResult result = context.Result;
        var excerpts = new CodeExcerpts();
        var items = findings.Select(f => new ReportItem(
                f,
                f.FilePath is null ? "" : $"{context.DisplayPath(f)}:{f.Line}:{f.Column}",
                context.Title(f.RuleId),
                JsonReport.HelpUri(context, f.RuleId),
                result.HostOf(f),
                BlockingChains.Steps(f),
                BlockingChains.QualifiedSteps(f),
                excerpts.For(f)))
            .ToList();

        return new ReportPage(
            context,
            findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new CountRow(g.Key, g.Count(), context.Title(g.Key), JsonReport.HelpUri(context, g.Key))).ToList(),
            ByCount(findings.GroupBy(f => f.Project)),
            ByCount(findings.GroupBy(result.HostOf)),
            HotHelpers(findings),
            items);
    }

    public int Count(DiagnosticSeverity severity) => Items.Count(i => i.Finding.Severity == severity);

    private static List<CountRow> ByCount(IEnumerable<IGrouping<string, Finding>> groups) =>
        groups.OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => new CountRow(g.Key, g.Count())).ToList();

    /// <summary>
    /// The helpers on two or more TW104 chains, most chains first; a helper on one chain is no shared cause. Of helpers on
    /// exactly the same chains (PriceOf → Lookup → File.ReadAllLines, every time) only the one nearest the blocking call
    /// is listed: making it async is the fix, its callers follow.
    /// </summary>
    private static List<HotHelper> HotHelpers(IReadOnlyList<Finding> findings)
    {
        var chains = findings.Where(f => f.RuleId == BlockingChains.RuleId).ToList();
        var onChains = new Dictionary<string, List<(int Chain, int Position)>>(StringComparer.Ordinal);
        for (int c = 0; c < chains.Count; c++)
        {
            IReadOnlyList<string> helpers = BlockingChains.Helpers(chains[c]);
            for (int p = 0; p < helpers.Count; p++)
            {
                if (!onChains.TryGetValue(helpers[p], out var list))
                {
                    onChains[helpers[p]] = list = [];
                }

                list.Add((c, p));
            }
        }

        return onChains
            .Where(h => h.Value.Count >= 2)
            .GroupBy(h => string.Join(",", h.Value.Select(v => v.Chain)), StringComparer.Ordinal)
            .Select(same => same.MaxBy(h => h.Value.Sum(v => v.Position)))
            .OrderByDescending(h => h.Value.Count)
            .ThenBy(h => h.Key, StringComparer.Ordinal)
            .Take(MaxHelpers)
            .Select(h => new HotHelper(
                h.Key,
                h.Value.Count,
                h.Value.Select(v => chains[v.Chain].Project).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                string.Join(" → ", BlockingChains.Steps(chains[h.Value[0].Chain]))))
            .ToList();
    }
}
