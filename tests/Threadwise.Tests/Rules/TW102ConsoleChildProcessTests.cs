using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A console program (an executable that is neither a UI app nor a server) waiting for a child process it runs —
/// <c>WaitForExit()</c>, reading the child's redirected output to its end — holds its main thread or a pool thread whose
/// only job is that result: not reported. Libraries, servers and UI apps, and console apps that set
/// <c>threadwise.report_child_process_waits_in_console_apps = true</c>, still see it, and every other blocking call in a
/// console app stays reported. Shapes from a stream downloader's ffmpeg merge, its key probe and its mkfifo pipe.
/// </summary>
public class TW102ConsoleChildProcessTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Entry = """

        static class Program
        {
            static Task Main() => Task.CompletedTask;
        }
        """;

    private const string Merger = """
        sealed class Merger
        {
            public async Task<bool> MergeAsync(string ffmpeg, string list, string output)
            {
                await Task.Yield();
                using var p = new Process();
                p.StartInfo = new ProcessStartInfo(ffmpeg, $"-f concat -i \"{list}\" -c copy \"{output}\"") { UseShellExecute = false };
                p.Start();
                {|#0:p.WaitForExit()|};
                return p.ExitCode == 0;
            }
        }
        """;

    private static Verify.Test Test(string code, OutputKind kind = OutputKind.ConsoleApplication, string? reference = null, string? editorConfig = null)
    {
        var test = new Verify.Test
        {
            TestCode = Usings + code + (kind == OutputKind.DynamicallyLinkedLibrary ? "" : Entry),
            OutputKind = kind,
            EditorConfig = editorConfig,
        };
        if (reference != null)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.EmptyAssembly(reference));
        }

        return test;
    }

    private static Verify.Test Flagged(Verify.Test test, string thread = "the calling thread")
    {
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0)
            .WithMessage($"'Process.WaitForExit' blocks {thread} while it waits; await 'Process.WaitForExitAsync' instead"));
        return test;
    }

    private static string Unmarked(string code) => code.Replace("{|#0:", "").Replace(")|}", ")");

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_ffmpeg_merge_waited_for_in_a_console_app() => Test(Unmarked(Merger)).RunAsync();

    [Fact]
    public Task Ignores_child_stderr_read_to_end_before_the_wait_in_a_console_app() => Test("""
        sealed class KeyProbe
        {
            public async Task<string> ReadKeyIdAsync(string packager, string initFile)
            {
                await Task.Delay(1);
                using var p = new Process();
                p.StartInfo = new ProcessStartInfo(packager, $"--dump_stream_info \"{initFile}\"") { RedirectStandardError = true, UseShellExecute = false };
                p.Start();
                var errorOutput = p.StandardError.ReadToEnd();
                p.WaitForExit();
                return errorOutput.Trim();
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_child_stdout_read_line_by_line_in_a_worker() => Test("""
        sealed class GitLog
        {
            public async Task<int> CountAsync(string repository)
            {
                await Task.Yield();
                var psi = new ProcessStartInfo("git", "log --oneline") { WorkingDirectory = repository, RedirectStandardOutput = true };
                using var git = Process.Start(psi)!;
                var count = 0;
                while (git.StandardOutput.ReadLine() is { } line)
                {
                    if (line.Length > 0)
                    {
                        count++;
                    }
                }

                git.WaitForExit();
                return count;
            }
        }
        """, reference: "Microsoft.Extensions.Hosting.Abstractions").RunAsync();

    [Fact]
    public Task Ignores_a_pipe_created_by_mkfifo_in_a_console_app_async_lambda() => Test("""
        sealed class LiveRecorder
        {
            public Task StartAsync(string[] names) => Task.WhenAll(Array.ConvertAll(names, async name =>
            {
                await Task.Yield();
                using var mkfifo = Process.Start("mkfifo", name)!;
                mkfifo.WaitForExit();
            }));
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_a_wait_on_a_process_field_in_a_windowless_WinExe() => Test("""
        sealed class Tray
        {
            private readonly Process _child = new Process();

            public async Task StopAsync()
            {
                await Task.Yield();
                _child.Kill();
                _child.WaitForExit();
            }
        }
        """, kind: OutputKind.WindowsApplication).RunAsync();

    // Remotely's agent drives a shell: each command is written to the child's redirected input.
    [Fact]
    public Task Ignores_commands_written_to_the_child_input_in_a_worker() => Test("""
        sealed class Shell
        {
            private readonly Process _shell = Process.Start(new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true })!;

            public async Task<string> RunAsync(string command, string marker)
            {
                await Task.Yield();
                _shell.StandardInput.Write(command + "\n");
                _shell.StandardInput.WriteLine("echo " + marker);
                _shell.StandardInput.Flush();
                return _shell.StandardOutput.ReadLine() ?? "";
            }
        }
        """).RunAsync();

    // Remotely's agent: a worker that talks to its server through the SignalR client is no server itself.
    [Fact]
    public Task Ignores_the_wait_in_a_worker_that_references_only_ASP_NET_Core_client_assemblies() =>
        Test(Unmarked(Merger), reference: "Microsoft.AspNetCore.SignalR.Client").RunAsync();

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_wait_in_a_library() => Flagged(Test(Merger, kind: OutputKind.DynamicallyLinkedLibrary)).RunAsync();

    [Fact]
    public Task Flags_the_wait_on_a_server() => Flagged(Test(Merger, reference: "Microsoft.AspNetCore.Http.Abstractions")).RunAsync();

    [Fact]
    public Task Flags_the_wait_in_an_app_built_on_MVC() => Flagged(Test(Merger, reference: "Microsoft.AspNetCore.Mvc.Core")).RunAsync();

    [Fact]
    public Task Flags_the_wait_in_a_UI_app() => Flagged(Test(Merger, kind: OutputKind.WindowsApplication, reference: "PresentationFramework"), "the UI thread").RunAsync();

    [Fact]
    public Task Flags_the_wait_in_a_console_app_that_asks_for_it() => Flagged(Test(Merger, editorConfig: """
        root = true

        [*.cs]
        threadwise.report_child_process_waits_in_console_apps = true
        """)).RunAsync();

    [Fact]
    public Task Flags_other_blocking_calls_and_other_readers_in_a_console_app() => Test("""
        sealed class Poller
        {
            public async Task<string> PollAsync(TextReader input, Process child)
            {
                await Task.Yield();
                [|Thread.Sleep(100)|];
                [|child.StandardInput.BaseStream.Write(new byte[1], 0, 1)|];
                return [|input.ReadLine()|] ?? "";
            }
        }
        """).RunAsync();
}
