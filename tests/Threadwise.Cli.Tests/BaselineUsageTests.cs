namespace Threadwise.Cli.Tests;

/// <summary>Usage errors of baseline, --baseline, --since and --fail-on new: exit code 2 before anything is loaded.</summary>
public sealed class BaselineUsageTests
{
    [Fact]
    public async Task Fail_on_new_without_a_baseline_is_a_usage_error()
    {
        string root = TestPaths.NewScratchFolder("failonnew");
        CodeBases.Write(root, "Lib/Lib.csproj", "<Project />");

        CliRun run = await CliRun.RunAsync("analyze", root, "--fail-on", "new");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--fail-on new needs --baseline", run.Stderr);
    }

    [Theory]
    [InlineData(null, "does not exist")]
    [InlineData("{ \"format\": \"threadwise-baseline\", \"version\": 7, \"entries\": [] }", "\"version\" must be 1")]
    [InlineData("not json", "is not a Threadwise baseline")]
    public async Task Missing_or_malformed_baseline_is_a_usage_error(string? content, string message)
    {
        string root = TestPaths.NewScratchFolder("badbaseline");
        CodeBases.Write(root, "Lib/Lib.csproj", "<Project />");
        string baseline = Path.Combine(root, "threadwise.baseline.json");
        if (content is not null)
        {
            File.WriteAllText(baseline, content);
        }

        CliRun run = await CliRun.RunAsync("analyze", root, "--baseline", baseline);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains(message, run.Stderr);
        Assert.DoesNotContain("loading", run.Stderr);
    }

    [Fact]
    public async Task Since_outside_a_git_repository_is_a_usage_error()
    {
        string root = TestPaths.NewScratchFolder("nogit");
        CodeBases.Write(root, "Lib/Lib.csproj", "<Project />");
        Environment.SetEnvironmentVariable("GIT_CEILING_DIRECTORIES", Path.GetDirectoryName(root));

        CliRun run = await CliRun.RunAsync("analyze", root, "--since", "main");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--since needs a git repository", run.Stderr);
    }

    [Fact]
    public async Task Baseline_of_a_missing_target_exits_with_2()
    {
        CliRun run = await CliRun.RunAsync("baseline", Path.Combine(TestPaths.NewScratchFolder("missing"), "nothing.sln"));

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("does not exist", run.Stderr);
    }
}
