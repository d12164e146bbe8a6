using System.Text.Json;
using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Commands;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Tests;

/// <summary>Severity selection, exit codes and the report formats, on a made-up result (no loading).</summary>
public sealed class ReportTests
{
    private static readonly string s_base = Path.Combine(Path.GetTempPath(), "Shop");

    private static readonly AnalysisResult s_result = new(
        s_base,
        [
            new("TW101", DiagnosticSeverity.Error, "'task.Result' blocks | waits", Path.Combine(s_base, "Orders", "OrderService.cs"), 12, 9, 12, 20, "Orders"),
            new("TW102", DiagnosticSeverity.Warning, "'File.ReadAllText' blocks", Path.Combine(s_base, "Orders", "OrderService.cs"), 30, 5, 30, 30, "Orders"),
            new("TW205", DiagnosticSeverity.Info, "the loop's iterations are independent", Path.Combine(s_base, "Billing", "Invoice Totals.cs"), 4, 1, 8, 2, "Billing"),
            new("TW001", DiagnosticSeverity.Warning, "'threadwise.x' is not a Threadwise option", null, 0, 0, 0, 0, "Billing"),
        ],
        ["Billing", "Orders"],
        [],
        [],
        ThreadwiseAnalyzers.Load().Rules,
        TimeSpan.FromSeconds(1.5));

    [Theory]
    [InlineData(DiagnosticSeverity.Info, 4)]
    [InlineData(DiagnosticSeverity.Warning, 3)]
    [InlineData(DiagnosticSeverity.Error, 1)]
    public void Severity_option_keeps_findings_at_or_above_it(DiagnosticSeverity minimum, int count) =>
        Assert.Equal(count, s_result.Select(minimum, RuleFilter.All).Count);

    [Theory]
    [InlineData(DiagnosticSeverity.Warning, "TW1*", ExitCodes.Findings)]
    [InlineData(DiagnosticSeverity.Error, "TW1*", ExitCodes.Findings)]
    [InlineData(DiagnosticSeverity.Error, "TW102,TW2*", ExitCodes.Clean)]
    [InlineData(DiagnosticSeverity.Warning, "TW2*", ExitCodes.Clean)]
    [InlineData(null, "TW1*", ExitCodes.Clean)]
    public void Fail_on_sets_exit_code_1_only_for_findings_at_that_level(DiagnosticSeverity? failOn, string rules, int exitCode)
    {
        var settings = new AnalyzeSettings(".", RuleFilter.Parse([rules]), DiagnosticSeverity.Info, ReportFormat.Console, null, failOn, false);

        Assert.Equal(exitCode, settings.ExitCodeFor(s_result.Select(settings.MinimumSeverity, settings.Rules)));
    }

    [Fact]
    public void Console_lists_diagnostics_in_compiler_format_then_tables_by_rule_and_project()
    {
        string text = Render(ConsoleReport.Write);

        Assert.Contains("Orders/OrderService.cs(12,9): error TW101: 'task.Result' blocks | waits [Orders]", text);
        Assert.Contains("warning TW001: 'threadwise.x' is not a Threadwise option [Billing]", text);
        Assert.Contains("Threadwise: 4 diagnostics (1 error, 2 warnings, 1 info) in 2 projects, 1.5 s", text);
        Assert.Matches(@"(?m)^TW102\s+1\s+\S", text);
        Assert.Matches(@"(?m)^Billing\s+2$", text);
    }

    [Fact]
    public void Markdown_has_count_tables_and_a_row_per_diagnostic_with_rule_links()
    {
        string text = Render(MarkdownReport.Write);

        Assert.Contains("| Rule | Count | Title |", text);
        Assert.Contains("| [TW101](https://github.com/threadwise-analyzers/threadwise/blob/main/docs/rules/TW101.md) | 1 |", text);
        Assert.Contains("| Billing | 2 |", text);
        Assert.Contains("| `Billing/Invoice Totals.cs:4` |", text);
        Assert.Contains("'task.Result' blocks \\| waits", text);
    }

    [Fact]
    public void Json_has_diagnostics_with_relative_paths_and_counts()
    {
        using JsonDocument json = JsonDocument.Parse(Render(JsonReport.Write));
        JsonElement first = json.RootElement.GetProperty("diagnostics")[0];

        Assert.Equal("TW101", first.GetProperty("ruleId").GetString());
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal("Orders/OrderService.cs", first.GetProperty("file").GetString());
        Assert.Equal(12, first.GetProperty("line").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("countsByProject").GetProperty("Billing").GetInt32());
    }

    [Fact]
    public void Sarif_escapes_paths_and_maps_info_to_note_and_omits_locations_it_does_not_have()
    {
        using JsonDocument sarif = JsonDocument.Parse(Render(SarifReport.Write));
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();

        JsonElement info = results.Single(r => r.GetProperty("ruleId").GetString() == "TW205");
        Assert.Equal("note", info.GetProperty("level").GetString());
        Assert.Equal("Billing/Invoice%20Totals.cs",
            info.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.False(results.Single(r => r.GetProperty("ruleId").GetString() == "TW001").TryGetProperty("locations", out _));
    }

    [Fact]
    public void Progress_writes_plain_lines_when_redirected_and_rewrites_one_line_on_a_terminal()
    {
        var redirected = new StringWriter();
        var plain = new ProgressLine(redirected, interactive: false);
        plain.Report("loading A.csproj");
        plain.Report("analyzing A (1/1)");
        plain.Clear();
        Assert.Equal($"loading A.csproj{Environment.NewLine}analyzing A (1/1){Environment.NewLine}", redirected.ToString());

        var terminal = new StringWriter();
        var live = new ProgressLine(terminal, interactive: true);
        live.Report("loading A.csproj");
        live.Report("analyzing");
        live.Clear();
        Assert.DoesNotContain(Environment.NewLine, terminal.ToString());
        Assert.False(terminal.ToString().Contains('\u001b'), "no ANSI escape codes");
        Assert.EndsWith("\r", terminal.ToString());
    }

    private static string Render(Action<ReportContext, TextWriter> write)
    {
        var writer = new StringWriter();
        write(new ReportContext(s_result, s_result.Select(DiagnosticSeverity.Info, RuleFilter.All)), writer);
        return writer.ToString();
    }
}
