using System.Diagnostics;

namespace Threadwise.Cli.Tests;

/// <summary>One in-process run of the command line, with what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        MSBuildRegistration.EnsureRegistered();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exitCode = await CliApp.RunAsync(args, stdout, stderr, interactive: false);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>
    /// Runs another program (dotnet, git) in a folder; its exit code and what it wrote to stdout and stderr. Awaited, not
    /// waited on, so independent steps can run at once (the two restores of the report test).
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunProgramAsync(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // Restores and builds run for seconds, too short for dynamic PGO's instrumented tier to pay off (about 14% less
        // CPU in a build of the samples without it; the test hosts turn it off in their project files).
        start.Environment["DOTNET_TieredPGO"] = "0";
        // One compiler server for the builds of the run instead of a csc process per project (17 -> 11.5 CPU-seconds of
        // compiling in this project's run). Set, since a machine may turn it off for every build; shut down at exit.
        start.Environment["UseSharedCompilation"] = "true";
        Threadwise.Tests.Shared.CompilerServer.ShutDownAtExit("dotnet");
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Runs <c>dotnet restore</c> on a generated project so MSBuildWorkspace sees its references.</summary>
    public static async Task RestoreAsync(string project)
    {
        var (exitCode, output) = await RunProgramAsync("dotnet", Path.GetDirectoryName(project)!, "restore", project, "-nologo", "-v:q");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dotnet restore {project} failed:\n{output}");
        }
    }
}
