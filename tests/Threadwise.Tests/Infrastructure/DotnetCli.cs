using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Threadwise.Tests.Infrastructure;

/// <summary>The result of one <c>dotnet</c> invocation.</summary>
/// <param name="CommandLine">What was run, for messages.</param>
/// <param name="WorkingDirectory">Where it was run.</param>
/// <param name="ExitCode">The process exit code; -1 when it timed out.</param>
/// <param name="Output">Standard output and standard error, interleaved line by line as they arrived.</param>
/// <param name="Elapsed">Wall-clock time.</param>
/// <param name="TimedOut">True when the process was killed because it ran past the timeout.</param>
public sealed record DotnetResult(
    string CommandLine,
    string WorkingDirectory,
    int ExitCode,
    string Output,
    TimeSpan Elapsed,
    bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>A description for assertion messages: the command, the outcome and the full output.</summary>
    public string Describe() =>
        $"`{CommandLine}` in {WorkingDirectory} " +
        (TimedOut ? $"timed out after {Elapsed.TotalSeconds:0.0} s" : $"exited with {ExitCode} after {Elapsed.TotalSeconds:0.0} s") +
        $"{Environment.NewLine}--- output ---{Environment.NewLine}{Output}--- end of output ---";

    /// <summary>Throws (failing the test) with the full output unless the command exited with 0.</summary>
    public DotnetResult EnsureSuccess()
    {
        if (!Succeeded)
        {
            throw new Xunit.Sdk.XunitException("dotnet command failed: " + Describe());
        }

        return this;
    }

    /// <summary>The unique compiler warnings in the output (see <see cref="BuildOutput.ParseWarnings"/>).</summary>
    public IReadOnlyList<BuildDiagnostic> Warnings => BuildOutput.ParseWarnings(Output);
}

/// <summary>Runs the <c>dotnet</c> CLI as a child process with a clean environment.</summary>
public static class DotnetCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Variables the test host (vstest / testhost, or an outer <c>dotnet build</c>) sets for itself. Inherited by a
    /// nested <c>dotnet</c>, they pin it to the outer MSBuild's state (SDK paths, read-only target caching, logger
    /// settings), so they are removed from the child's environment. Prefixes end with '*'.
    /// </summary>
    private static readonly string[] s_removedVariables =
    [
        "MSBuildExtensionsPath",
        "MSBUILD_EXE_PATH",
        "MSBuildSDKsPath",
        "MSBuildLoadMicrosoftTargetsReadOnly",
        "MSBUILDENSURESTDOUTFORTASKPROCESSES",
        "MSBUILDFAILONDRIVEENUMERATINGWILDCARD",
        "MSBUILDNOINPROCNODE",
        "_MSBUILDTLENABLED",
        "DOTNET_HOST_PATH",
        "VSTEST*",
        "TESTINGPLATFORM*",
    ];

    /// <summary>Variables always set in the child.</summary>
    private static readonly KeyValuePair<string, string>[] s_addedVariables =
    [
        new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
        new("DOTNET_NOLOGO", "1"),
        new("DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "1"),
        new("DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE", "1"),
        // English, plain console logger output, whatever the machine or terminal: the parsers expect it.
        new("DOTNET_CLI_UI_LANGUAGE", "en"),
        new("MSBUILDTERMINALLOGGER", "off"),
        // No long-lived MSBuild nodes or MSBuild server: they would inherit the redirected stdout/stderr pipes and keep
        // them open after the build ends, so reading the output would hang.
        new("MSBUILDDISABLENODEREUSE", "1"),
        new("DOTNET_CLI_USE_MSBUILD_SERVER", "0"),
        // The compiler server (VBCSCompiler) does not hold the pipes, and one server for every compile of the run
        // halves the sample build (52-63 -> 26 CPU-seconds: csc and the analyzers are loaded and JIT-compiled once, not
        // once per project). Set, not inherited: a machine may turn it off for every build. Shut down at exit.
        new("UseSharedCompilation", "true"),
        // MSBuild, csc, dotnet format and the course programs run for seconds, too short for dynamic PGO's instrumented
        // tier to pay off: the sample build took 56 instead of 65 CPU-seconds without it (the test hosts turn it off in
        // their project files).
        new("DOTNET_TieredPGO", "0"),
    ];

    /// <summary>The dotnet host running the tests (so the child uses the same SDK install), else <c>dotnet</c> from PATH.</summary>
    public static string DotnetPath { get; } = FindDotnet();

    /// <summary>The build configuration of the test assembly (Debug/Release), for building projects the same way.</summary>
    public static string Configuration { get; } =
        typeof(DotnetCli).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c ? c : "Debug";

    /// <summary>Runs <c>dotnet</c> with the arguments in the working directory, waits up to the timeout (default 5 minutes).</summary>
    public static DotnetResult Run(string workingDirectory, params string[] arguments) =>
        Run(workingDirectory, arguments, timeout: null, environment: null);

    /// <summary>
    /// Runs <c>dotnet</c> with the arguments in the working directory. <paramref name="environment"/> adds or overrides
    /// variables (a null value removes one). On timeout the whole process tree is killed and the partial output returned.
    /// </summary>
    public static DotnetResult Run(
        string workingDirectory,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        Shared.CompilerServer.ShutDownAtExit(DotnetPath);
        string[] args = arguments.ToArray();
        var psi = new ProcessStartInfo(DotnetPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        PrepareEnvironment(psi.Environment, environment);

        string commandLine = "dotnet " + string.Join(" ", args.Select(Quote));
        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        var stdoutClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        void Append(string line)
        {
            lock (output)
            {
                output.Append(line).Append('\n');
            }
        }

        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                stdoutClosed.TrySetResult();
            }
            else
            {
                Append(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                stderrClosed.TrySetResult();
            }
            else
            {
                Append(e.Data);
            }
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        TimeSpan limit = timeout ?? DefaultTimeout;
        bool exited = process.WaitForExit(limit);
        if (!exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in the meantime.
            }

            process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        // The process has exited; give the readers a moment to drain. A grandchild that kept the pipes open must not hang the test.
        Task.WhenAll(stdoutClosed.Task, stderrClosed.Task).Wait(TimeSpan.FromSeconds(exited ? 30 : 5));
        stopwatch.Stop();

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return new DotnetResult(commandLine, workingDirectory, exited ? process.ExitCode : -1, text, stopwatch.Elapsed, TimedOut: !exited);
    }

    private static void PrepareEnvironment(IDictionary<string, string?> env, IReadOnlyDictionary<string, string?>? overrides)
    {
        foreach (string key in env.Keys.ToList())
        {
            if (IsRemoved(key))
            {
                env.Remove(key);
            }
        }

        foreach (KeyValuePair<string, string> pair in s_addedVariables)
        {
            env[pair.Key] = pair.Value;
        }

        if (overrides is not null)
        {
            foreach (KeyValuePair<string, string?> pair in overrides)
            {
                if (pair.Value is null)
                {
                    env.Remove(pair.Key);
                }
                else
                {
                    env[pair.Key] = pair.Value;
                }
            }
        }
    }

    private static bool IsRemoved(string name)
    {
        foreach (string pattern in s_removedVariables)
        {
            bool match = pattern.EndsWith('*')
                ? name.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
                : string.Equals(name, pattern, StringComparison.OrdinalIgnoreCase);
            if (match)
            {
                return true;
            }
        }

        return false;
    }

    private static string FindDotnet()
    {
        // Set by the dotnet CLI for the processes it starts (the test host among them); we remove it from the
        // child's environment but use it to pick the same host.
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? processPath = Environment.ProcessPath;
        if (processPath is not null &&
            Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return processPath;
        }

        return "dotnet";
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c == '"') ? arg : "\"" + arg.Replace("\"", "\\\"") + "\"";
}

/// <summary>One compiler diagnostic as printed by MSBuild: <c>File.cs(12,17): warning TW101: message [project]</c>.</summary>
/// <param name="File">The path as printed (usually absolute).</param>
public sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message, string? Project)
{
    public string FileName => Path.GetFileName(File);

    public override string ToString() => $"{FileName}({Line},{Column}): {Severity} {Id}: {Message}";
}

/// <summary>Parses diagnostics out of <c>dotnet build</c> / MSBuild console output.</summary>
public static partial class BuildOutput
{
    // file(line,col) or file(line,col,endLine,endCol), then ": warning ID: message", then an optional " [project]".
    [GeneratedRegex(
        @"^\s*(?<file>[^\r\n]+?)\((?<line>\d+),(?<col>\d+)(?:,\d+,\d+)?\)\s*:\s*(?<sev>warning|error|info)\s+(?<id>[A-Za-z]+\d+)\s*:\s*(?<msg>[^\r\n]*?)(?:\s+\[(?<proj>[^\]\r\n]+)\])?\s*$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DiagnosticLine();

    /// <summary>All file-positioned diagnostics, unique by file, line, column, severity and ID (the build summary repeats them).</summary>
    public static IReadOnlyList<BuildDiagnostic> ParseDiagnostics(string output)
    {
        var seen = new HashSet<(string, int, int, string, string)>();
        var result = new List<BuildDiagnostic>();
        foreach (Match m in DiagnosticLine().Matches(output))
        {
            var diagnostic = new BuildDiagnostic(
                m.Groups["file"].Value.Trim(),
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["sev"].Value,
                m.Groups["id"].Value,
                m.Groups["msg"].Value,
                m.Groups["proj"].Success ? m.Groups["proj"].Value : null);
            if (seen.Add((diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.Severity, diagnostic.Id)))
            {
                result.Add(diagnostic);
            }
        }

        return result;
    }

    /// <summary>The unique warnings in the output.</summary>
    public static IReadOnlyList<BuildDiagnostic> ParseWarnings(string output) =>
        ParseDiagnostics(output).Where(d => d.Severity == "warning").ToList();
}
