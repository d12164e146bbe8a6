using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW104 takes a call as a blocking leaf only where its counterpart exists on every target framework of the project
/// (<see cref="TW102TargetFrameworkGapTests"/>): a helper that waits for a process is not reported through a chain in a
/// library that also builds for netstandard2.0, where Process.WaitForExitAsync does not exist (puppeteer-sharp's
/// BrowserFetcher, testcontainers' Dockerfile reader).
/// </summary>
public class TW104TargetFrameworkGapTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Threading.Tasks;

        """;

    private const string Fetcher = """
        class BrowserFetcher
        {
            public async Task DownloadAsync(string archive, Func<string, Task> download)
            {
                await download(archive);
                {|#0:ExtractTar(archive)|};
            }

            private static void ExtractTar(string archive)
            {
                using var process = Process.Start("tar", "-xf " + archive);
                process.WaitForExit();
            }
        }
        """;

    private const string Dockerfile = """
        class ImageBuilder
        {
            public async Task<int> BuildAsync(string dockerfile, Func<string, Task<int>> build)
            {
                var bases = {|#0:BaseImages(dockerfile)|};
                return await build(bases[0]);
            }

            private static string[] BaseImages(string dockerfile) => File.ReadAllLines(dockerfile);
        }
        """;

    // Not reported with these frameworks; and reported without them, so that the case says something.
    private static async Task Ignores(string code, string frameworks)
    {
        await new Verify.Test
        {
            TestCode = Usings + code.Replace("{|#0:", "").Replace(")|}", ")"),
            EditorConfig = "build_property.ThreadwiseTargetFrameworks = " + frameworks,
        }.RunAsync();
        await new Verify.Test
        {
            TestCode = Usings + code,
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0) },
        }.RunAsync();
    }

    [Fact]
    public Task Ignores_a_helper_waiting_for_a_process_when_netstandard2_0_is_a_target() => Ignores(Fetcher, "netstandard2.0,net8.0");

    [Fact]
    public Task Ignores_a_helper_reading_a_file_when_net472_is_a_target() => Ignores(Dockerfile, "net472,net8.0");

    [Fact]
    public Task Ignores_a_helper_waiting_for_a_process_when_netcoreapp3_1_is_a_target() => Ignores(Fetcher, "netcoreapp3.1,net6.0");

    [Fact]
    public Task Flags_a_helper_waiting_for_a_process_in_a_single_target_project() => Verify.VerifyAnalyzerAsync(Usings + Fetcher,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'ExtractTar' blocks: ExtractTar → Process.WaitForExit; make it async and await 'Process.WaitForExitAsync'"));

    [Fact]
    public Task Flags_a_helper_reading_a_file_when_every_target_has_ReadAllLinesAsync() => new Verify.Test
    {
        TestCode = Usings + Dockerfile,
        EditorConfig = "build_property.ThreadwiseTargetFrameworks = netstandard2.1,net8.0",
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0)
                .WithMessage("'BaseImages' blocks: BaseImages → File.ReadAllLines; make it async and await 'File.ReadAllLinesAsync'"),
        },
    }.RunAsync();
}
