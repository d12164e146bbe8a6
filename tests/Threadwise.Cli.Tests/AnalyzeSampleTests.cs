using System.Text.Json;

namespace Threadwise.Cli.Tests;

/// <summary><c>threadwise analyze</c> on samples/ReportService, end to end (one run, shared).</summary>
[Collection(CodeBasesCollection.Name)]
public sealed class AnalyzeSampleTests(CodeBases codeBases)
{
    [Fact]
    public async Task Reports_the_same_diagnostics_as_the_build_of_the_sample()
    {
        SampleRun sample = await codeBases.Sample;
        var expected = ExpectComments.Collect(sample.Folder);
        var reported = Results(sample.Sarif)
            .Select(r => (File: r.Uri, r.Line, Rule: r.RuleId))
            .ToHashSet();

        Assert.NotEmpty(expected);
        Assert.True(expected.SetEquals(reported),
            $"missing: {string.Join("; ", expected.Except(reported))}\nunexpected: {string.Join("; ", reported.Except(expected))}\n{sample.Run}");
    }

    [Fact]
    public async Task Sarif_names_the_rules_with_help_links_and_locates_results_relative_to_the_target()
    {
        SampleRun sample = await codeBases.Sample;
        using JsonDocument sarif = JsonDocument.Parse(sample.Sarif);
        JsonElement root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        JsonElement run = root.GetProperty("runs")[0];

        JsonElement driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("Threadwise", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        JsonElement tw101 = rules.Single(r => r.GetProperty("id").GetString() == "TW101");
        Assert.EndsWith("/docs/rules/TW101.md", tw101.GetProperty("helpUri").GetString());
        Assert.False(string.IsNullOrEmpty(tw101.GetProperty("shortDescription").GetProperty("text").GetString()));

        JsonElement result = run.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "TW101");
        Assert.Equal("warning", result.GetProperty("level").GetString());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
        Assert.Equal("TW101", rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
        JsonElement location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        JsonElement artifact = location.GetProperty("artifactLocation");
        Assert.DoesNotContain("/", artifact.GetProperty("uri").GetString()); // the sample's files sit in the target folder
        Assert.EndsWith(".cs", artifact.GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", artifact.GetProperty("uriBaseId").GetString());
        Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() > 0);
        Assert.True(location.GetProperty("region").GetProperty("startColumn").GetInt32() > 0);
        string baseUri = run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!;
        Assert.StartsWith("file:///", baseUri);
        Assert.EndsWith("/ReportService/", baseUri);
    }

    [Fact]
    public async Task Exits_with_1_on_warnings_and_prints_summary_and_timing_tables()
    {
        SampleRun sample = await codeBases.Sample;
        CliRun run = sample.Run;

        Assert.True(run.ExitCode == ExitCodes.Findings, run.ToString());
        Assert.Contains("Report written to", run.Stdout);
        Assert.Matches(@"Threadwise: \d+ diagnostics \(\d+ warnings\) in 1 project", run.Stdout);
        Assert.Matches(@"(?m)^TW101\s+\d+\s+\S", run.Stdout);        // by rule
        Assert.Matches(@"(?m)^ReportService\s+\d+$", run.Stdout);    // by project
        Assert.Contains("Analyzer execution time", run.Stdout);      // --timing
        Assert.Matches(@"(?m)^TW104\s+\d+\.\d{3}\s+\d+\.\d%\s+TW104BlockingHelperInAsyncAnalyzer$", run.Stdout);
        Assert.Contains("analyzing ReportService (1/1)", run.Stderr); // progress, plain lines when redirected
        Assert.False(run.Stderr.Contains('\u001b'), "no ANSI escape codes");
        Assert.False(run.Stderr.Contains("problem:", StringComparison.Ordinal), run.Stderr); // the whole stderr names the problem
    }

    private static IEnumerable<(string RuleId, string Uri, int Line)> Results(string sarif)
    {
        using JsonDocument document = JsonDocument.Parse(sarif);
        foreach (JsonElement result in document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
        {
            JsonElement location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            yield return (
                result.GetProperty("ruleId").GetString()!,
                location.GetProperty("artifactLocation").GetProperty("uri").GetString()!,
                location.GetProperty("region").GetProperty("startLine").GetInt32());
        }
    }
}
