using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// In a console program (an executable that is neither a UI app nor a server), a helper that waits for a child process
/// it runs (<c>WaitForExit()</c>, the child's output read to its end) does not end a TW104 chain: the program's thread
/// has nothing else to serve. Libraries, servers and UI apps, and console apps that set
/// <c>threadwise.report_child_process_waits_in_console_apps = true</c>, still see the chain, and a helper that blocks on
/// something else stays reported in a console app too.
/// </summary>
public class TW104ConsoleChildProcessTests
{
    private const string Code = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;

        static class MergeUtil
        {
            public static bool MergeByFFmpeg(string ffmpeg, string list, string output) =>
                InvokeFFmpeg(ffmpeg, $"-f concat -i \"{list}\" -c copy \"{output}\"");

            private static bool InvokeFFmpeg(string binary, string arguments)
            {
                using var p = new Process();
                p.StartInfo = new ProcessStartInfo(binary, arguments) { RedirectStandardError = true, UseShellExecute = false };
                p.Start();
                var log = p.StandardError.ReadToEnd();
                p.WaitForExit();
                return p.ExitCode == 0 && log.Length >= 0;
            }
        }

        sealed class DownloadManager
        {
            public async Task<bool> DownloadStreamAsync(string ffmpeg, string list, string output)
            {
                await Task.Delay(1);
                return {|#0:MergeUtil.MergeByFFmpeg(ffmpeg, list, output)|};
            }
        }

        static class Program
        {
            static Task Main() => Task.CompletedTask;
        }
        """;

    private const string Message =
        "'MergeUtil.MergeByFFmpeg' blocks: MergeUtil.MergeByFFmpeg → InvokeFFmpeg → StreamReader.ReadToEnd; make these methods async and await 'StreamReader.ReadToEndAsync'";

    private static Verify.Test Test(OutputKind kind, string? reference = null, string? editorConfig = null, bool flagged = false, string code = Code) =>
        TW104HostVariants.Create(code, Message, kind, reference, editorConfig, flagged);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_merge_helper_that_waits_for_ffmpeg_in_a_console_app() => Test(OutputKind.ConsoleApplication).RunAsync();

    [Fact]
    public Task Ignores_the_same_helper_in_a_worker() =>
        Test(OutputKind.ConsoleApplication, reference: "Microsoft.Extensions.Hosting.Abstractions").RunAsync();

    [Fact]
    public Task Ignores_a_pipe_helper_that_waits_for_mkfifo_in_a_console_app() => Test(OutputKind.ConsoleApplication, code: """
        using System.Diagnostics;
        using System.Threading.Tasks;

        static class PipeUtil
        {
            public static bool CreatePipe(string name)
            {
                using var p = Process.Start("mkfifo", name)!;
                p.WaitForExit();
                return p.ExitCode == 0;
            }
        }

        sealed class LiveRecorder
        {
            public async Task StartAsync(string name)
            {
                await Task.Yield();
                if (!PipeUtil.CreatePipe(name))
                {
                    return;
                }
            }
        }

        static class Program
        {
            static Task Main() => Task.CompletedTask;
        }
        """).RunAsync();

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_chain_in_a_library() => Test(OutputKind.DynamicallyLinkedLibrary, flagged: true,
        code: Code.Replace("static Task Main() => Task.CompletedTask;", "")).RunAsync();

    [Fact]
    public Task Flags_the_chain_in_a_console_app_that_asks_for_it() => Test(OutputKind.ConsoleApplication, flagged: true, editorConfig: """
        root = true

        [*.cs]
        threadwise.report_child_process_waits_in_console_apps = true
        """).RunAsync();

    [Fact]
    public Task Flags_a_helper_that_blocks_on_the_network_in_a_console_app() => new Verify.Test
    {
        TestCode = """
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Probe
            {
                private static readonly HttpClient s_http = new HttpClient();

                public static string Fetch(string url) => s_http.Send(new HttpRequestMessage(HttpMethod.Get, url)).ReasonPhrase ?? "";
            }

            sealed class Runner
            {
                public async Task<string> RunAsync(string url)
                {
                    await Task.Yield();
                    return {|#0:Probe.Fetch(url)|};
                }
            }

            static class Program
            {
                static Task Main() => Task.CompletedTask;
            }
            """,
        OutputKind = OutputKind.ConsoleApplication,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage("'Probe.Fetch' blocks: Probe.Fetch → HttpClient.Send; make it async and await 'HttpClient.SendAsync'"),
        },
    }.RunAsync();
}
