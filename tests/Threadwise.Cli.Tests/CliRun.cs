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

    /// <summary>Runs another program (dotnet, git) in a folder; its exit code and what it wrote to stdout and stderr.</summary>
    public static (int ExitCode, string Output) RunProgram(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = System.Diagnostics.Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>Runs <c>dotnet restore</c> on a generated project so MSBuildWorkspace sees its references.</summary>
    public static void Restore(string project)
    {
        var start = new ProcessStartInfo("dotnet", ["restore", project, "-nologo", "-v:q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet restore {project} failed:\n{output.Result}\n{error.Result}");
        }
    }
}
