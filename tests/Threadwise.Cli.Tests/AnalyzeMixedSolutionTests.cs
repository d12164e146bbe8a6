using System.Text.Json;

namespace Threadwise.Cli.Tests;

/// <summary>
/// <c>threadwise analyze</c> on a generated solution with one broken project, an .editorconfig and rule/fail-on options
/// (one run, shared; see <see cref="CodeBases"/>).
/// </summary>
[Collection(CodeBasesCollection.Name)]
public sealed class AnalyzeMixedSolutionTests(CodeBases codeBases)
{
    [Fact]
    public async Task Reports_the_broken_project_and_still_analyzes_the_good_one()
    {
        CliRun run = await codeBases.MixedSolution;
        var diagnostics = Diagnostics(run);

        Assert.Contains(diagnostics, d => d.RuleId == "TW101" && d.Project == "Good" && d.File == "Good/InventoryClient.cs" && d.Line == 7);
        Assert.Contains("Broken.csproj", run.Stderr);
        Assert.Contains("problem:", run.Stderr);
        using JsonDocument json = JsonDocument.Parse(run.Stdout);
        Assert.Contains(json.RootElement.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("Broken.csproj"));
        Assert.Equal(["Good"], json.RootElement.GetProperty("projects").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Analyzes_only_the_projects_the_solution_lists_not_the_ones_they_reference()
    {
        CliRun run = await codeBases.MixedSolution;

        Assert.DoesNotContain(Diagnostics(run), d => d.Project == "Outside" || (d.File ?? "").Contains("Clock.cs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Editorconfig_severity_none_hides_a_rule_and_threadwise_options_reach_the_analyzers()
    {
        CliRun run = await codeBases.MixedSolution;
        var diagnostics = Diagnostics(run);

        Assert.DoesNotContain(diagnostics, d => d.RuleId == "TW102"); // Thread.Sleep in an async method, set to none
        Assert.Contains(diagnostics, d => d.RuleId == "TW001" && d.Message.Contains("threadwise.not_an_option"));
    }

    [Fact]
    public async Task Property_option_reaches_the_project_evaluation()
    {
        CliRun run = await codeBases.MixedSolution;

        Assert.Contains(Diagnostics(run), d => d.RuleId == "TW101" && d.File == "Good/Legacy/LegacyExport.cs");
    }

    [Fact]
    public async Task Rules_option_leaves_out_the_rules_it_does_not_select()
    {
        CliRun run = await codeBases.MixedSolution;

        Assert.DoesNotContain(Diagnostics(run), d => d.RuleId == "TW301"); // the async void method
        Assert.All(Diagnostics(run), d => Assert.Matches("^TW[01]", d.RuleId));
    }

    [Fact]
    public async Task Fail_on_error_exits_with_0_when_only_warnings_are_found_and_keeps_stdout_machine_readable()
    {
        CliRun run = await codeBases.MixedSolution;

        Assert.True(run.ExitCode == ExitCodes.Clean, run.ToString());
        Assert.All(Diagnostics(run), d => Assert.Equal("warning", d.Severity));
        Assert.Contains("Threadwise:", run.Stderr); // the summary goes to stderr when stdout holds the JSON
    }

    private static List<(string RuleId, string Severity, string Message, string? File, int Line, string Project)> Diagnostics(CliRun run)
    {
        using JsonDocument json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (
                d.GetProperty("ruleId").GetString()!,
                d.GetProperty("severity").GetString()!,
                d.GetProperty("message").GetString()!,
                d.GetProperty("file").GetString(),
                d.GetProperty("line").GetInt32(),
                d.GetProperty("project").GetString()!))
            .ToList();
    }
}
