namespace Threadwise.Cli.Tests;

/// <summary>Usage of report and analyze --format html: exit code 2 before anything is loaded.</summary>
public sealed class ReportUsageTests
{
    [Fact]
    public async Task Markdown_flag_with_format_html_is_a_usage_error()
    {
        string root = TestPaths.NewScratchFolder("report-usage");
        CodeBases.Write(root, "Lib/Lib.csproj", "<Project />");

        CliRun run = await CliRun.RunAsync("report", root, "--markdown", "--format", "html");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--markdown and --format html contradict each other", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("loading", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report")]
    [InlineData("report", "--format", "markdown")]
    [InlineData("analyze", "--format", "html")]
    public async Task Html_and_markdown_reports_are_accepted_options(string verb, params string[] options)
    {
        string missing = Path.Combine(TestPaths.NewScratchFolder("report-usage"), "Missing.sln");

        CliRun run = await CliRun.RunAsync([verb, missing, .. options]);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("does not exist", run.Stderr, StringComparison.Ordinal); // the target, not the option, is refused
    }
}
