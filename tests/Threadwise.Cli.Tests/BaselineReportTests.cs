using System.Text.Json;
using Microsoft.CodeAnalysis;
using Threadwise.Baselines;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Baselines;
using Threadwise.Cli.Commands;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Tests;

/// <summary>What --baseline, --since and --fail-on new put into the summary, JSON and markdown (made-up result, no loading).</summary>
public sealed class BaselineReportTests
{
    private static readonly string s_base = Path.Combine(Path.GetTempPath(), "Shop");

    private static readonly Finding s_new = new(
        "TW102", DiagnosticSeverity.Warning, "'File.ReadAllText' blocks", Path.Combine(s_base, "Orders", "Store.cs"), 14, 16, 14, 40, "Orders")
    {
        Fingerprint = new BaselineFingerprint("TW102", "M:Shop.Store.ReadAsync", "File.ReadAllText(path)", 0),
    };

    private static readonly Finding s_accepted = new(
        "TW101", DiagnosticSeverity.Warning, "'rows.Result' blocks", Path.Combine(s_base, "Orders", "Store.cs"), 30, 9, 30, 20, "Orders")
    {
        Fingerprint = new BaselineFingerprint("TW101", "M:Shop.Store.CountAsync", "rows.Result", 0),
    };

    private static ReportContext Context()
    {
        var result = new AnalysisResult(s_base, [s_new, s_accepted], ["Orders"], [], [], ThreadwiseAnalyzers.Load().Rules, TimeSpan.FromSeconds(1));
        var document = new BaselineDocument(
        [
            new BaselineEntry(s_accepted.Fingerprint!, "Orders/Store.cs"),
            new BaselineEntry(new BaselineFingerprint("TW104", "M:Shop.Export.RunAsync", "WriteAll(rows)", 0), "Orders/Export.cs"),
        ]);
        var comparison = BaselineComparison.Compare(Path.Combine(s_base, "threadwise.baseline.json"), document, result.Findings, RuleFilter.All);
        return new ReportContext(result, comparison.New) { Baseline = comparison, Since = "origin/main" };
    }

    [Fact]
    public void Summary_counts_new_accepted_and_fixed_and_lists_the_fixed_ones()
    {
        var writer = new StringWriter();
        SummaryTable.Write(Context(), writer);
        string text = writer.ToString();

        Assert.Contains("Only diagnostics in files changed since origin/main", text);
        Assert.Contains("1 new reported, 1 accepted by the baseline (not shown), 1 fixed (in the baseline, no longer found)", text);
        Assert.Matches(@"(?m)^TW104\s+Orders/Export\.cs\s+M:Shop\.Export\.RunAsync\s+WriteAll\(rows\)$", text);
    }

    [Fact]
    public void Json_has_the_new_diagnostics_with_fingerprints_and_a_baseline_object()
    {
        var writer = new StringWriter();
        JsonReport.Write(Context(), writer);
        using JsonDocument json = JsonDocument.Parse(writer.ToString());
        JsonElement root = json.RootElement;

        JsonElement only = Assert.Single(root.GetProperty("diagnostics").EnumerateArray().ToList());
        Assert.Equal("File.ReadAllText(path)", only.GetProperty("fingerprint").GetProperty("code").GetString());
        Assert.Equal("origin/main", root.GetProperty("since").GetString());
        JsonElement baseline = root.GetProperty("baseline");
        Assert.Equal(1, baseline.GetProperty("new").GetInt32());
        Assert.Equal(1, baseline.GetProperty("accepted").GetInt32());
        JsonElement fixedEntry = Assert.Single(baseline.GetProperty("fixed").EnumerateArray().ToList());
        Assert.Equal("TW104", fixedEntry.GetProperty("ruleId").GetString());
        Assert.Equal("Orders/Export.cs", fixedEntry.GetProperty("file").GetString());
        Assert.Equal("M:Shop.Export.RunAsync", fixedEntry.GetProperty("member").GetString());
    }

    [Fact]
    public void Markdown_has_a_table_of_fixed_entries()
    {
        var writer = new StringWriter();
        MarkdownReport.Write(Context(), writer);
        string text = writer.ToString();

        Assert.Contains("1 new, 1 accepted (not shown), 1 fixed", text);
        Assert.Contains("### Fixed since the baseline", text);
        Assert.Contains("`Orders/Export.cs` | `M:Shop.Export.RunAsync` | `WriteAll(rows)` |", text);
    }

    [Theory]
    [InlineData(0, ExitCodes.Clean)]
    [InlineData(1, ExitCodes.Findings)]
    public void Fail_on_new_fails_on_any_reported_diagnostic(int reported, int exitCode)
    {
        var info = new Finding("TW205", DiagnosticSeverity.Info, "m", null, 0, 0, 0, 0, "P");
        var settings = new AnalyzeSettings(".", RuleFilter.All, DiagnosticSeverity.Info, ReportFormat.Console, null, null, false, FailOnNew: true);

        Assert.Equal(exitCode, settings.ExitCodeFor(Enumerable.Repeat(info, reported).ToList()));
    }
}
