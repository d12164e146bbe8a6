namespace Threadwise.Cli.Tests;

/// <summary>Usage errors and code bases where nothing can be analyzed: exit code 2 and a clear message on stderr.</summary>
public sealed class AnalyzeErrorTests
{
    [Fact]
    public async Task Folder_whose_only_project_is_broken_exits_with_2()
    {
        string root = TestPaths.NewScratchFolder("broken");
        CodeBases.Write(root, "Broken/Broken.csproj", """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup>""");

        CliRun run = await CliRun.RunAsync("analyze", root);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("Broken.csproj", run.Stderr);
        Assert.Contains("no project of", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("--format", "pdf")] // html became a format with threadwise report (issue 13)
    [InlineData("--severity", "fatal")]
    [InlineData("--fail-on", "sometimes")]
    [InlineData("--no-such-option", "x")]
    public async Task Invalid_option_is_a_usage_error(string option, string value)
    {
        CliRun run = await CliRun.RunAsync("analyze", ".", option, value);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("error:", run.Stderr);
        Assert.Contains("--help", run.Stderr);
    }

    [Fact]
    public async Task Rules_pattern_matching_no_rule_is_a_usage_error()
    {
        CliRun run = await CliRun.RunAsync("analyze", ".", "--rules", "TW101,TW9*");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("TW9*", run.Stderr);
        Assert.DoesNotContain("TW101,", run.Stderr.Split('(')[0]);
    }

    [Fact]
    public async Task Property_without_a_value_is_a_usage_error()
    {
        string root = TestPaths.NewScratchFolder("property");
        CodeBases.Write(root, "Lib/Lib.csproj", "<Project />");

        CliRun run = await CliRun.RunAsync("analyze", root, "-p", "Configuration");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("is not Name=Value", run.Stderr);
    }

    [Fact]
    public async Task Missing_target_exits_with_2()
    {
        CliRun run = await CliRun.RunAsync("analyze", Path.Combine(TestPaths.NewScratchFolder("missing"), "nothing.sln"));

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("does not exist", run.Stderr);
    }

    [Fact]
    public async Task No_command_exits_with_2()
    {
        CliRun run = await CliRun.RunAsync();

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("error:", run.Stderr);
    }
}
