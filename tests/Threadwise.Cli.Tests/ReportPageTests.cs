using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.CodeAnalysis;
using Threadwise.Baselines;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Tests;

/// <summary>The report page's model, its HTML and its markdown twin, on a made-up result with real files (no loading).</summary>
public sealed class ReportPageTests
{
    private const string Orders = "Orders/OrderService.cs";

    [Fact]
    public void Chain_is_read_from_the_TW104_message_with_the_blocking_call_last()
    {
        Finding f = Tw104("'Load' blocks: Load → Disk.Read → File.ReadAllText; make these methods async and await 'File.ReadAllTextAsync'", "M:Shop.Store.SaveAsync");

        Assert.Equal(["Load", "Disk.Read", "File.ReadAllText"], BlockingChains.Steps(f));
        Assert.Equal(["Store.Load", "Disk.Read", null], BlockingChains.QualifiedSteps(f));
        Assert.Equal(["Store.Load", "Disk.Read"], BlockingChains.Helpers(f));
    }

    [Fact]
    public void Chain_keeps_a_leaf_that_holds_a_semicolon_and_an_elided_chain_leaves_the_next_step_unqualified()
    {
        Finding withSemicolon = Tw104("'Run' blocks: Run → Get(\"a; make b\").Result; make it async and await the task", null);
        Finding elided = Tw104("'S1' blocks: S1 → S2 → S3 → … 3 more … → S7 → Other.S8 → S9 → Thread.Sleep; turn 'S1' into an async method and await 'Task.Delay'", "M:N.Jobs`1.RunAsync(System.Int32)");

        Assert.Equal(["Run", "Get(\"a; make b\").Result"], BlockingChains.Steps(withSemicolon));
        Assert.Equal(["Jobs.S1", "Jobs.S2", "Jobs.S3", "S7", "Other.S8", "Other.S9"], BlockingChains.Helpers(elided));
    }

    [Fact]
    public void Other_rules_and_unexpected_messages_have_no_chain()
    {
        Assert.Empty(BlockingChains.Steps(new Finding("TW101", DiagnosticSeverity.Warning, "'x' blocks: a → b; make it async", null, 0, 0, 0, 0, "P")));
        Assert.Empty(BlockingChains.Steps(Tw104("something else entirely", null)));
        Assert.Null(BlockingChains.CallerType("<top-level statements>"));
        Assert.Equal("Outer", BlockingChains.CallerType("M:Outer.M``1(``0)"));
    }

    [Fact]
    public void Fix_first_lists_helpers_on_several_chains_and_of_helpers_always_together_the_one_nearest_the_blocking_call()
    {
        ReportPage page = Page(out _);

        HotHelper top = Assert.Single(page.Helpers);
        Assert.Equal("Rates.Lookup", top.Helper); // Rates.PriceOf lies on the same two chains, further from the blocking call
        Assert.Equal(3, top.Chains);
        Assert.Equal(["Billing", "Orders"], top.Projects);
    }

    [Fact]
    public void Counts_by_rule_project_and_host_kind()
    {
        ReportPage page = Page(out _);

        Assert.Equal([("TW101", 1), ("TW104", 3)], page.ByRule.Select(r => (r.Label, r.Count)));
        Assert.Equal([("Orders", 3), ("Billing", 1)], page.ByProject.Select(r => (r.Label, r.Count)));
        Assert.Equal([(HostKinds.Server, 3), (HostKinds.Plain, 1)], page.ByHost.Select(r => (r.Label, r.Count)));
    }

    [Fact]
    public void Excerpt_shows_two_lines_around_the_flagged_ones_clamped_to_the_file()
    {
        ReportPage page = Page(out _);

        CodeExcerpt first = page.Items[0].Excerpt!;
        Assert.Equal(1, first.FirstLine);
        Assert.Equal(4, first.Lines.Count);
        Assert.True(first.IsFlagged(2));
        Assert.False(first.IsFlagged(3));
    }

    [Fact]
    public void Html_escapes_messages_code_and_chains_and_loads_nothing_from_outside()
    {
        ReportPage page = Page(out string source);
        var html = new StringWriter();
        HtmlReport.Write(page, html);
        string text = html.ToString();
        IDocument document = new HtmlParser().ParseDocument(text);

        IElement tw101 = document.QuerySelector("article.diagnostic[data-rule=TW101]")!;
        Assert.Equal(page.Items.Single(i => i.Finding.RuleId == "TW101").Finding.Message, tw101.QuerySelector(".message")!.TextContent);
        Assert.Equal(source.Split('\n')[1], tw101.QuerySelector(".line.flagged")!.TextContent[1..]); // after its line number, 2
        Assert.Contains("&lt;script&gt;", text, StringComparison.Ordinal);
        Assert.Empty(document.QuerySelectorAll("script, link, img, iframe, object"));
        Assert.DoesNotContain("url(", document.QuerySelector("style")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(4, document.QuerySelectorAll("article.diagnostic").Length);
        Assert.Equal(["TW101", "TW104"], document.QuerySelectorAll("svg.by-rule g.bar").Select(g => g.GetAttribute("data-label")));
        Assert.Equal(["Rates.PriceOf", "Lookup", "File.ReadAllLines"], document.QuerySelector("article[data-rule=TW104] ol.chain")!.Children.Select(li => li.TextContent));
        Assert.Equal("Lookup", document.QuerySelector("article[data-rule=TW104] ol.chain li.hot")!.TextContent);
    }

    [Fact]
    public void Markdown_has_the_same_sections_with_code_in_fences_that_its_backticks_cannot_close()
    {
        ReportPage page = Page(out _);
        var markdown = new StringWriter();
        ReportMarkdown.Write(page, markdown);
        string text = markdown.ToString();

        Assert.Contains("### By rule", text, StringComparison.Ordinal);
        Assert.Contains("| [TW104](https://github.com/threadwise-analyzers/threadwise/blob/main/docs/rules/TW104.md) | 3 | ████████████████████ |", text, StringComparison.Ordinal);
        Assert.Contains($"| {HostKinds.Server} | 3 |", text, StringComparison.Ordinal);
        Assert.Contains("| `Rates.Lookup` | 3 | Billing, Orders |", text, StringComparison.Ordinal);
        Assert.Contains("Chain: `Rates.PriceOf` → `Lookup` → `File.ReadAllLines`", text, StringComparison.Ordinal);
        Assert.Contains("'Get&lt;int\\[\\]>(\"&lt;script>\").Result'", text, StringComparison.Ordinal); // prose: no tag, no link
        Assert.Contains(">    2          int[] rows = Get<int[]>(\"<script>\").Result; // ``` stays inside", text, StringComparison.Ordinal);
        Assert.Contains("````text", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_without_diagnostics_says_so_and_draws_no_charts()
    {
        var result = new AnalysisResult(TestPaths.NewScratchFolder("report-empty"), [], ["Clean"], ["Broken.csproj: not restored"], [], ThreadwiseAnalyzers.Load().Rules, TimeSpan.FromSeconds(1));
        var html = new StringWriter();
        HtmlReport.Write(new ReportContext(result, []), html);
        IDocument document = new HtmlParser().ParseDocument(html.ToString());

        Assert.Empty(document.QuerySelectorAll("svg, article"));
        Assert.NotNull(document.QuerySelector("p.clean"));
        Assert.Equal("Broken.csproj: not restored", document.QuerySelector("#problems li")!.TextContent);
    }

    private static Finding Tw104(string message, string? member) =>
        new("TW104", DiagnosticSeverity.Warning, message, null, 0, 0, 0, 0, "P")
        {
            Fingerprint = member is null ? null : new BaselineFingerprint("TW104", member, "x", 0),
        };

    /// <summary>Three TW104 chains through Rates (two projects) and a TW101 whose code and message hold markup.</summary>
    private static ReportPage Page(out string source)
    {
        string root = TestPaths.NewScratchFolder("report-page");
        source = "    {\n        int[] rows = Get<int[]>(\"<script>\").Result; // ``` stays inside\n    }\n}\n";
        CodeBases.Write(root, Orders, source);
        string file = Path.Combine(root, Orders);
        const string Chain = "'Rates.PriceOf' blocks: Rates.PriceOf → Lookup → File.ReadAllLines; make these methods async and await 'File.ReadAllLinesAsync'";
        var result = new AnalysisResult(
            root,
            [
                new("TW101", DiagnosticSeverity.Warning, "'Get<int[]>(\"<script>\").Result' blocks a request thread", file, 2, 22, 2, 50, "Orders"),
                new("TW104", DiagnosticSeverity.Warning, Chain, file, 3, 9, 3, 20, "Orders") { Fingerprint = new("TW104", "M:Shop.Cart.TotalAsync", "x", 0) },
                new("TW104", DiagnosticSeverity.Warning, Chain, file, 4, 9, 4, 20, "Orders") { Fingerprint = new("TW104", "M:Shop.Cart.TaxAsync", "x", 0) },
                new("TW104", DiagnosticSeverity.Warning, Chain, null, 0, 0, 0, 0, "Billing") { Fingerprint = new("TW104", "M:Bill.Invoice.SumAsync", "x", 0) },
            ],
            ["Billing", "Orders"],
            [],
            [],
            ThreadwiseAnalyzers.Load().Rules,
            TimeSpan.FromSeconds(2))
        {
            ProjectHosts = new Dictionary<string, string> { ["Orders"] = HostKinds.Server, ["Billing"] = HostKinds.Plain },
        };
        return ReportPage.Build(new ReportContext(result, result.Findings));
    }
}
