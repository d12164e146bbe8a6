namespace Threadwise.Cli.Tests;

/// <summary>issue 13's promise for <c>fix</c>: on a copy of samples/ReportService, fix leaves nothing, and a build of the result is clean.</summary>
public sealed class FixSampleTests
{
    [Fact]
    public async Task Fix_leaves_no_warning_in_the_sample_and_it_still_builds()
    {
        string folder = await CodeBases.CopySampleAsync("fix-sample");
        int expected = ExpectComments.Collect(folder).Count;

        CliRun run = await CliRun.RunAsync("fix", folder, "--fail-on", "warning");

        Assert.True(run.ExitCode == ExitCodes.Clean, run.ToString());
        Assert.Contains($"Threadwise fix: {expected} diagnostics fixed in ", run.Stdout);
        Assert.Contains("; 0 left;", run.Stdout);
        Assert.Contains("await File.WriteAllTextAsync(path, text, cancellationToken);", File.ReadAllText(Path.Combine(folder, "ReportStore.cs")));

        var (exitCode, output) = await CliRun.RunProgramAsync(
            "dotnet", folder, "build", "ReportService.csproj", "--no-restore", "-nologo", "-v:q", "-m:1", "-p:TreatWarningsAsErrors=false");
        Assert.True(exitCode == 0, "dotnet build of the fixed sample failed:\n" + output);
    }
}
