using System.Diagnostics;

namespace Threadwise.Tests.Shared;

/// <summary>
/// The compiler server (VBCSCompiler) the test projects' child builds share. Linked into both test projects: each
/// shuts down, when its test host exits, the server its builds started, which would otherwise live on, idle, for ten
/// minutes after the run.
/// </summary>
internal static class CompilerServer
{
    private static int s_shutdownRegistered;

    /// <summary>Registers, once per test host, the shutdown of the server with <paramref name="dotnet"/> at exit.</summary>
    public static void ShutDownAtExit(string dotnet)
    {
        if (Interlocked.Exchange(ref s_shutdownRegistered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => ShutDown(dotnet);
        }
    }

    private static void ShutDown(string dotnet)
    {
        var start = new ProcessStartInfo(dotnet, ["build-server", "shutdown", "--vbcscompiler"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process? process = Process.Start(start);
        if (process is null)
        {
            return;
        }

        // Drained as it comes, so a full pipe cannot stall the shutdown; what it says is not needed.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit(30_000);
    }
}
