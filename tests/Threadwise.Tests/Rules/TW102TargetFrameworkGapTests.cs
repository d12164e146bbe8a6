using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using VerifyFix = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer, Threadwise.Fixes.Blocking.TW102SyncApiInAsyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A project built for several target frameworks (its <c>TargetFrameworks</c>, which the package hands to analyzers
/// as <c>ThreadwiseTargetFrameworks</c>) is analyzed once per framework. A counterpart that another of its frameworks lacks (Process.WaitForExitAsync
/// before .NET 5, Stream and TextWriter DisposeAsync before .NET Core 3.0 and .NET Standard 2.1) is not suggested: the fix
/// would not compile there. Code inside an <c>#if</c> on a framework symbol is built for some frameworks only and is
/// reported as before. (puppeteer-sharp's BrowserFetcher and CdpPage, MassTransit's FileSystemMessageDataRepository.)
/// </summary>
public class TW102TargetFrameworkGapTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Installer = """
        class BrowserInstaller
        {
            public async Task InstallAsync(string archive)
            {
                await Task.Yield();
                using var process = Process.Start("tar", "-xf " + archive);
                [|process.WaitForExit()|];
            }
        }
        """;

    private const string SnapshotWriter = """
        class HeapSnapshot
        {
            public async Task SaveAsync(string path, Func<Task<string>> nextChunk)
            {
                using var [|writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous))|];
                await writer.WriteLineAsync(await nextChunk());
            }
        }
        """;

    private static string Targets(string frameworks) => "build_property.ThreadwiseTargetFrameworks = " + frameworks;

    // Not reported with these frameworks; and reported without them, so that the case says something.
    private static async Task Ignores(string code, string frameworks)
    {
        await new Verify.Test
        {
            TestCode = Usings + code.Replace("[|", "").Replace("|]", ""),
            EditorConfig = Targets(frameworks),
        }.RunAsync();
        await Flags(code, null);
    }

    private static Task Flags(string code, string? frameworks) => new Verify.Test
    {
        TestCode = Usings + code,
        EditorConfig = frameworks is null ? null : Targets(frameworks),
    }.RunAsync();

    // ---- must not flag ----------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_WaitForExit_when_the_project_also_targets_netstandard2_0() => Ignores(Installer, "netstandard2.0,net8.0");

    [Fact]
    public Task Ignores_WaitForExit_when_the_project_also_targets_the_desktop_framework() => Ignores(Installer, "net472,net10.0");

    [Fact]
    public Task Ignores_WaitForExit_when_an_older_target_is_netcoreapp3_1_with_a_platform_suffix() => Ignores(Installer, ",net10.0-windows,netcoreapp3.1,");

    [Fact]
    public Task Ignores_a_StreamWriter_disposal_when_netstandard2_0_has_no_DisposeAsync() => Ignores(SnapshotWriter, "netstandard2.0,net8.0");

    [Fact]
    public Task Ignores_a_FileStream_disposal_when_net462_has_no_DisposeAsync() => Ignores("""
        class MessageDataStore
        {
            public async Task PutAsync(string path, byte[] header, Stream content)
            {
                using var [|file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true)|];
                await file.WriteAsync(header, 0, header.Length);
                await content.CopyToAsync(file);
            }
        }
        """, "net462,net8.0");

    [Fact]
    public Task Ignores_ZipFile_ExtractToDirectory_whose_async_form_came_in_net10_when_net8_is_a_target() => Ignores("""
        class BrowserFetcher
        {
            public async Task InstallAsync(string archive, string folder, Func<Task> download)
            {
                await download();
                [|System.IO.Compression.ZipFile.ExtractToDirectory(archive, folder)|];
            }
        }
        """, "net8.0,net10.0");

    // ---- must flag --------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_WaitForExit_in_a_single_target_project() => Flags(Installer, null);

    [Fact]
    public Task Flags_WaitForExit_when_every_target_has_WaitForExitAsync() => Flags(Installer, "net8.0,net10.0");

    [Fact]
    public Task Flags_WaitForExit_inside_an_if_on_a_framework_symbol() => Flags("""
        class BrowserInstaller
        {
            public async Task InstallAsync(string archive)
            {
                await Task.Yield();
                using var process = Process.Start("tar", "-xf " + archive);
        #if !NETSTANDARD2_0
                [|process.WaitForExit()|];
        #else
                process.WaitForExit();
        #endif
            }
        }
        """, "netstandard2.0,net8.0");

    [Fact]
    public Task Flags_a_StreamWriter_disposal_when_every_target_has_DisposeAsync() => Flags(SnapshotWriter, "netstandard2.1,net8.0");

    [Fact]
    public Task Flags_Thread_Sleep_whose_Task_Delay_every_target_has() => Flags("""
        class Poller
        {
            public async Task PollAsync(Func<Task<bool>> ready)
            {
                while (!await ready())
                {
                    [|Thread.Sleep(100)|];
                }
            }
        }
        """, "netstandard2.0,net8.0");

    // ---- the fix ----------------------------------------------------------------------------------------------

    private const string ReleaseNotes = """
        class Release
        {
            public async Task<string> NotesAsync(TextReader reader, CancellationToken cancellationToken)
            {
                await Task.Yield();
                return [|reader.ReadToEnd()|];
            }
        }
        """;

    private static Task FixReadsTo(string awaited, string frameworks) => new VerifyFix.Test
    {
        TestCode = Usings + ReleaseNotes,
        FixedCode = Usings + ReleaseNotes.Replace("[|reader.ReadToEnd()|]", awaited),
        EditorConfig = Targets(frameworks),
    }.RunAsync();

    [Fact]
    public Task Fix_leaves_out_a_token_overload_that_another_target_lacks() =>
        FixReadsTo("await reader.ReadToEndAsync()", "netstandard2.0,net8.0");

    [Fact]
    public Task Fix_passes_the_token_where_every_target_has_the_overload() =>
        FixReadsTo("await reader.ReadToEndAsync(cancellationToken)", "net8.0,net10.0");
}
