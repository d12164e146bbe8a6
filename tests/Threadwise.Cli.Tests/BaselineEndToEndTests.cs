using System.Text.Json;
using System.Text.RegularExpressions;

namespace Threadwise.Cli.Tests;

/// <summary>
/// issue 13's promise, end to end on a copy of samples/ReportService: take a baseline, add one bug, and both
/// <c>analyze --baseline</c>, and <c>analyze</c> and <c>dotnet build</c> with the baseline as AdditionalFiles (through the
/// suppressor), report exactly the new one.
/// </summary>
public sealed partial class BaselineEndToEndTests
{
    [Fact]
    public async Task After_a_baseline_only_the_new_bug_is_reported_by_analyze_and_by_the_build()
    {
        string folder = await CodeBases.CopySampleAsync("baseline");
        string project = Path.Combine(folder, "ReportService.csproj");
        string baselineFile = Path.Combine(folder, "threadwise.baseline.json");

        CliRun baseline = await CliRun.RunAsync("baseline", folder);
        Assert.True(baseline.ExitCode == ExitCodes.Clean, baseline.ToString());
        var expected = ExpectComments.Collect(folder);
        using (JsonDocument written = JsonDocument.Parse(File.ReadAllText(baselineFile)))
        {
            Assert.Equal("threadwise-baseline", written.RootElement.GetProperty("format").GetString());
            Assert.Equal(expected.Count, written.RootElement.GetProperty("entries").GetArrayLength());
        }

        // One new bug in a new member above the accepted ones (their lines move), and the baseline and the analyzer
        // added to the project the way docs/cli.md tells a team to.
        string store = Path.Combine(folder, "ReportStore.cs");
        File.WriteAllText(store, File.ReadAllText(store).Replace(
            "    public string Directory => directory;\n",
            "    public string Directory => directory;\n\n    public async Task<string> ReadIndexAsync()\n    {\n        await Task.Yield();\n        return File.ReadAllText(IndexPath);\n    }\n",
            StringComparison.Ordinal));
        string analyzer = Path.Combine(AppContext.BaseDirectory, "Threadwise.Analyzers.dll");
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            "</Project>",
            $"""
              <ItemGroup>
                <Analyzer Include="{analyzer}" />
                <AdditionalFiles Include="threadwise.baseline.json" />
              </ItemGroup>
            </Project>
            """,
            StringComparison.Ordinal));

        string json = Path.Combine(folder, "..", "new.json");
        CliRun analyze = await CliRun.RunAsync("analyze", folder, "--baseline", baselineFile, "--fail-on", "new", "--format", "json", "--output", json);
        Assert.True(analyze.ExitCode == ExitCodes.Findings, analyze.ToString());
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllText(json)))
        {
            JsonElement only = Assert.Single(report.RootElement.GetProperty("diagnostics").EnumerateArray().ToList());
            Assert.Equal("TW102", only.GetProperty("ruleId").GetString());
            Assert.Equal("ReportStore.cs", only.GetProperty("file").GetString());
            Assert.Contains("File.ReadAllText", only.GetProperty("message").GetString());
            JsonElement summary = report.RootElement.GetProperty("baseline");
            Assert.Equal(expected.Count, summary.GetProperty("accepted").GetInt32());
            Assert.Equal(0, summary.GetProperty("fixed").GetArrayLength());
        }

        Assert.Contains($"1 new reported, {expected.Count} accepted by the baseline (not shown), 0 fixed", analyze.Stdout);

        // Without --baseline the command runs the suppressor like a build: it reads the baseline from the project's
        // AdditionalFiles and agrees.
        CliRun plain = await CliRun.RunAsync("analyze", folder, "--severity", "warning");
        Assert.True(plain.ExitCode == ExitCodes.Findings, plain.ToString());
        string reported = Assert.Single(plain.Stdout.Split('\n'), line => line.Contains(": warning TW", StringComparison.Ordinal));
        Assert.StartsWith("ReportStore.cs(", reported);
        Assert.Contains("warning TW102: 'File.ReadAllText'", reported);

        var warnings = await BuildAsync(project);
        string warning = Assert.Single(warnings);
        Assert.Matches(@"ReportStore\.cs\(\d+,\d+\): warning TW102: 'File\.ReadAllText'", warning);
    }

    /// <summary><c>dotnet build --no-incremental</c>; the unique Threadwise warnings it prints.</summary>
    private static async Task<IReadOnlyList<string>> BuildAsync(string project)
    {
        var (exitCode, output) = await CliRun.RunProgramAsync(
            "dotnet", Path.GetDirectoryName(project)!, "build", project, "--no-incremental", "--no-restore", "-nologo", "-v:q", "-m:1", "-p:TreatWarningsAsErrors=false");
        Assert.True(exitCode == 0, $"dotnet build failed:\n{output}");
        return output.Split('\n')
            .Select(line => ThreadwiseWarning().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"[^\s/\\]+\.cs\(\d+,\d+\): warning TW\d+: [^\[(]*")]
    private static partial Regex ThreadwiseWarning();
}
