using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Threadwise.Cli.Tests;

/// <summary>
/// <c>threadwise report</c> on a generated folder of two projects (an ASP.NET Core one and a class library, with TW104
/// chains through shared helpers and code full of markup characters): the page is read with an HTML parser, then loaded
/// in headless Chromium, whose rendered DOM must hold the same rows and charts.
/// </summary>
public sealed class ReportEndToEndTests(ReportEndToEndTests.Shop shop) : IClassFixture<ReportEndToEndTests.Shop>
{
    /// <summary>Every diagnostic the folder has: rule and location.</summary>
    private static readonly (string Rule, string Location)[] s_expected =
    [
        ("TW104", "Shop.Core/Pricing.cs:11:22"),
        ("TW104", "Shop.Core/Pricing.cs:20:16"),
        ("TW102", "Shop.Core/Pricing.cs:26:9"),
        ("TW104", "Shop.Web/Catalog.cs:8:16"),
        ("TW104", "Shop.Web/Catalog.cs:14:16"),
        ("TW101", "Shop.Web/Catalog.cs:20:40"),
    ];

    [Fact]
    public async Task Report_writes_the_page_and_prints_the_summary()
    {
        CliRun run = await shop.Run;

        Assert.True(run.ExitCode == ExitCodes.Clean, run.ToString()); // --fail-on none by default: a report is for reading
        Assert.Contains($"Report written to {shop.HtmlFile}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Threadwise: 6 diagnostics (6 warnings) in 2 projects", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_has_a_row_per_diagnostic_with_its_rule_link_and_flagged_code()
    {
        IDocument page = await ParsedPageAsync();

        var rows = page.QuerySelectorAll("article.diagnostic");
        Assert.Equal(s_expected, rows.Select(r => (r.GetAttribute("data-rule")!, r.QuerySelector(".location")!.TextContent)));
        foreach (IElement row in rows)
        {
            string rule = row.GetAttribute("data-rule")!;
            Assert.Equal($"https://github.com/threadwise-analyzers/threadwise/blob/main/docs/rules/{rule}.md", row.QuerySelector("a.rule")!.GetAttribute("href"));
            Assert.NotNull(row.QuerySelector("pre.excerpt .line.flagged"));
            Assert.Equal(rule == "TW104", row.QuerySelector("ol.chain") is not null);
        }
    }

    [Fact]
    public async Task Charts_have_one_bar_per_rule_project_and_host_kind()
    {
        IDocument page = await ParsedPageAsync();

        Assert.Equal([("TW101", "1"), ("TW102", "1"), ("TW104", "4")], Bars(page, "svg.by-rule"));
        Assert.Equal([("Shop.Core", "3"), ("Shop.Web", "3")], Bars(page, "svg.by-project"));
        Assert.Equal([("ASP.NET Core", "3"), ("Other (console, library, service)", "3")], Bars(page, "svg.by-host"));
    }

    [Fact]
    public async Task Fix_first_names_the_helper_each_pair_of_chains_shares()
    {
        IDocument page = await ParsedPageAsync();

        var helpers = page.QuerySelectorAll("#fix-first tbody tr").Select(tr => (tr.Children[0].TextContent, tr.Children[1].TextContent)).ToList();
        Assert.Equal([("CatalogStore.LoadIndex", "2"), ("Rates.Lookup", "2")], helpers);
    }

    [Fact]
    public async Task Code_and_messages_with_markup_characters_are_escaped()
    {
        IDocument page = await ParsedPageAsync();
        string html = await File.ReadAllTextAsync(shop.HtmlFile);

        IElement tw101 = page.QuerySelector("article[data-rule=TW101]")!;
        Assert.StartsWith("'LoadAsync<Dictionary<string, int>>(\"a&b <c>\").Result' blocks the calling thread", tw101.QuerySelector(".message")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(
            ["    Dictionary<string, int> tags = LoadAsync<Dictionary<string, int>>(\"a&b <c>\").Result;",
             "    return tags.Count > 0 && category.Length > 0 ? tags.Count : 0;"], // indentation shared by the excerpt removed
            tw101.QuerySelectorAll("pre.excerpt .line").Skip(2).Take(2).Select(l => l.TextContent[l.QuerySelector(".ln")!.TextContent.Length..]));
        Assert.DoesNotContain("<c>", html, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script, link, img, iframe, object")); // self-contained: nothing to fetch
    }

    [ChromiumFact]
    public async Task Chromium_renders_every_row_and_chart()
    {
        await shop.Run;
        IDocument rendered = new HtmlParser().ParseDocument(HeadlessChromium.DumpDom(shop.HtmlFile));

        Assert.Equal(s_expected.Length, rendered.QuerySelectorAll("article.diagnostic").Length);
        Assert.Equal(3, rendered.QuerySelectorAll("svg.chart").Length);
        Assert.Equal(3, rendered.QuerySelectorAll("svg.by-rule g.bar rect").Length);
        Assert.Equal(2, rendered.QuerySelectorAll("#fix-first tbody tr").Length);

        string png = Path.Combine(Path.GetDirectoryName(shop.HtmlFile)!, "report.png");
        HeadlessChromium.Screenshot(shop.HtmlFile, png, 1280, 2400);
        byte[] bytes = await File.ReadAllBytesAsync(png);
        Assert.True(bytes.Length > 20_000 && bytes.AsSpan(0, 4).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), $"{png}: {bytes.Length} bytes");
    }

    private async Task<IDocument> ParsedPageAsync()
    {
        CliRun run = await shop.Run;
        Assert.True(File.Exists(shop.HtmlFile), run.ToString());
        return new HtmlParser().ParseDocument(await File.ReadAllTextAsync(shop.HtmlFile));
    }

    private static List<(string, string)> Bars(IDocument page, string chart) =>
        page.QuerySelectorAll($"{chart} g.bar").Select(g => (g.GetAttribute("data-label")!, g.GetAttribute("data-count")!)).ToList();

    /// <summary>The folder, restored, and one <c>report</c> run on it (shared by the tests of the class).</summary>
    public sealed class Shop
    {
        private readonly Lazy<Task<CliRun>> _run;

        public Shop()
        {
            Root = TestPaths.NewScratchFolder("report");
            HtmlFile = Path.Combine(Root, "out", "report.html");
            _run = new(GenerateAndReportAsync);
        }

        public string Root { get; }

        public string HtmlFile { get; }

        internal Task<CliRun> Run => _run.Value;

        private async Task<CliRun> GenerateAndReportAsync()
        {
            CodeBases.Write(Root, "Shop.Web/Shop.Web.csproj", """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <OutputType>Library</OutputType>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                </Project>
                """);
            CodeBases.Write(Root, "Shop.Web/Catalog.cs", """
                namespace Shop.Web;

                public sealed class CatalogEndpoints(CatalogStore store)
                {
                    public async Task<string> ListAsync(string category)
                    {
                        await Task.Yield();
                        return store.Describe(category);
                    }

                    public async Task<int> CountAsync(string category)
                    {
                        await Task.Yield();
                        return store.Count(category);
                    }

                    public async Task<int> TagsAsync(string category)
                    {
                        await Task.Yield();
                        Dictionary<string, int> tags = LoadAsync<Dictionary<string, int>>("a&b <c>").Result;
                        return tags.Count > 0 && category.Length > 0 ? tags.Count : 0;
                    }

                    private static async Task<T> LoadAsync<T>(string name) where T : new()
                    {
                        await Task.Delay(name.Length);
                        return new T();
                    }
                }

                public sealed class CatalogStore(string folder)
                {
                    public string Describe(string category) => LoadIndex(category).Trim();

                    public int Count(string category) => LoadIndex(category).Split('\n').Length;

                    private string LoadIndex(string category) => File.ReadAllText(Path.Combine(folder, category + ".idx"));
                }
                """);
            CodeBases.Write(Root, "Shop.Core/Shop.Core.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                </Project>
                """);
            CodeBases.Write(Root, "Shop.Core/Pricing.cs", """
                namespace Shop.Core;

                public static class Pricing
                {
                    public static async Task<decimal> TotalAsync(IReadOnlyList<string> skus)
                    {
                        await Task.Yield();
                        decimal total = 0;
                        foreach (string sku in skus)
                        {
                            total += Rates.PriceOf(sku);
                        }

                        return total;
                    }

                    public static async Task<decimal> DiscountAsync(string sku)
                    {
                        await Task.Yield();
                        return Rates.PriceOf(sku) * 0.1m;
                    }

                    public static async Task WarmUpAsync()
                    {
                        await Task.Yield();
                        Thread.Sleep(10);
                    }
                }

                public static class Rates
                {
                    public static decimal PriceOf(string sku) => decimal.Parse(Lookup(sku));

                    private static string Lookup(string sku) => File.ReadAllLines("rates.txt").First(l => l.StartsWith(sku, StringComparison.Ordinal));
                }
                """);
            await Task.WhenAll(
                CliRun.RestoreAsync(Path.Combine(Root, "Shop.Web", "Shop.Web.csproj")),
                CliRun.RestoreAsync(Path.Combine(Root, "Shop.Core", "Shop.Core.csproj")));
            return await CliRun.RunAsync("report", Root, "--output", HtmlFile);
        }
    }
}

/// <summary>A test that needs headless Chromium (<see cref="HeadlessChromium.Path"/>); skipped, saying why, where it is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!HeadlessChromium.IsInstalled)
        {
            Skip = $"{HeadlessChromium.Path} is missing: the page was checked with an HTML parser only, not rendered. " +
                   "Install Debian's chromium (apt-get install -y chromium; .ci/run does it as root) to render it.";
        }
    }
}
