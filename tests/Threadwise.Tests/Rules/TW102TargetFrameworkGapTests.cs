using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using VerifyFix = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer, Threadwise.Fixes.Blocking.TW102SyncApiInAsyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A project built for several target frameworks (its <c>TargetFrameworks</c>, which the package hands to analyzers as
/// <c>ThreadwiseTargetFrameworks</c>) is analyzed once per framework. The call still blocks in the build that reports it,
/// so it is reported; but a counterpart that another of the frameworks lacks (Process.WaitForExitAsync before .NET 5) is
/// awaited under <c>#if</c> the frameworks that have it, the call kept in <c>#else</c>, and a token overload that
/// another framework lacks is not used. Code inside an <c>#if</c> on a framework symbol is built for some frameworks only
/// and is fixed as usual. The sources are compiled as the newest framework's build is: with its <c>…_OR_GREATER</c> symbols.
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

    // What the SDK defines for a net10.0 build (the ones the fix's conditions use).
    private static readonly string[] s_net10Symbols =
    [
        "NET", "NET10_0", "NET5_0_OR_GREATER", "NET6_0_OR_GREATER", "NET7_0_OR_GREATER", "NET8_0_OR_GREATER", "NET10_0_OR_GREATER",
        "NETCOREAPP", "NETCOREAPP2_0_OR_GREATER", "NETCOREAPP2_1_OR_GREATER", "NETCOREAPP3_0_OR_GREATER", "NETCOREAPP3_1_OR_GREATER",
    ];

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

    private const string InstallerUnderIf = """
        class BrowserInstaller
        {
            public async Task InstallAsync(string archive)
            {
                await Task.Yield();
                using var process = Process.Start("tar", "-xf " + archive);
        #if NET5_0_OR_GREATER
                await process.WaitForExitAsync();
        #else
                process.WaitForExit();
        #endif
            }
        }
        """;

    private const string InstallerAwaited = """
        class BrowserInstaller
        {
            public async Task InstallAsync(string archive)
            {
                await Task.Yield();
                using var process = Process.Start("tar", "-xf " + archive);
                await process.WaitForExitAsync();
            }
        }
        """;

    private static string Targets(string frameworks) => "build_property.ThreadwiseTargetFrameworks = " + frameworks;

    private static Task Fixes(string code, string fixedCode, string? frameworks, string? title = null) => new VerifyFix.Test
    {
        TestCode = Usings + code,
        FixedCode = Usings + fixedCode,
        EditorConfig = frameworks is null ? null : Targets(frameworks),
        PreprocessorSymbols = s_net10Symbols,
        CodeActionTitle = title,
    }.RunAsync();

    // ---- the call is reported; the fix awaits under #if ------------------------------------------------------

    [Fact]
    public Task Fix_awaits_WaitForExitAsync_under_if_when_netstandard2_0_is_a_target() => Fixes(Installer, InstallerUnderIf, "netstandard2.0,net10.0", "Await 'WaitForExitAsync' under #if NET5_0_OR_GREATER, else keep 'WaitForExit'");

    [Fact]
    public Task Fix_keeps_the_declaration_in_both_branches_for_the_desktop_framework() => Fixes("""
        class Manifest
        {
            public async Task<int> CountAsync(string path, Func<Task> ready)
            {
                await ready();
                var lines = [|File.ReadAllLines(path)|];
                return lines.Length;
            }
        }
        """, """
        class Manifest
        {
            public async Task<int> CountAsync(string path, Func<Task> ready)
            {
                await ready();
        #if NETCOREAPP2_0_OR_GREATER || NETSTANDARD2_1_OR_GREATER
                var lines = await File.ReadAllLinesAsync(path);
        #else
                var lines = File.ReadAllLines(path);
        #endif
                return lines.Length;
            }
        }
        """, "net472,net10.0");

    [Fact]
    public Task Fix_reads_the_frameworks_with_platform_suffixes_and_stray_separators() => Fixes(Installer, InstallerUnderIf, ",net10.0-windows,netcoreapp3.1,");

    [Fact]
    public Task Fix_awaits_two_calls_of_one_statement_under_one_if() => Fixes("""
        class Settings
        {
            public async Task CopyAsync(string from, string to, Func<Task> ready)
            {
                await ready();
                [|File.WriteAllText(to, [|File.ReadAllText(from)|])|];
            }
        }
        """, """
        class Settings
        {
            public async Task CopyAsync(string from, string to, Func<Task> ready)
            {
                await ready();
        #if NETCOREAPP2_0_OR_GREATER || NETSTANDARD2_1_OR_GREATER
                await File.WriteAllTextAsync(to, await File.ReadAllTextAsync(from));
        #else
                File.WriteAllText(to, File.ReadAllText(from));
        #endif
            }
        }
        """, "netstandard2.0,net10.0");

    [Fact]
    public Task Fix_awaits_plainly_in_a_single_target_project() => Fixes(Installer, InstallerAwaited, null);

    [Fact]
    public Task Fix_awaits_plainly_when_every_target_has_the_counterpart() => Fixes(Installer, InstallerAwaited, "net8.0,net10.0");

    [Fact]
    public Task Fix_awaits_plainly_inside_an_if_on_a_framework_symbol() => Fixes("""
        class BrowserInstaller
        {
            public async Task InstallAsync(string archive)
            {
                await Task.Yield();
                using var process = Process.Start("tar", "-xf " + archive);
        #if NET5_0_OR_GREATER
                [|process.WaitForExit()|];
        #endif
            }
        }
        """, """
        class BrowserInstaller
        {
            public async Task InstallAsync(string archive)
            {
                await Task.Yield();
                using var process = Process.Start("tar", "-xf " + archive);
        #if NET5_0_OR_GREATER
                await process.WaitForExitAsync();
        #endif
            }
        }
        """, "netstandard2.0,net10.0");

    [Fact]
    public Task Fix_wraps_a_statement_of_a_switch_section() => Fixes("""
        class BrowserInstaller
        {
            public async Task InstallAsync(string archive, int kind)
            {
                await Task.Yield();
                using var process = Process.Start("tar", "-xf " + archive);
                switch (kind)
                {
                    case 1:
                        [|process.WaitForExit()|];
                        break;
                }
            }
        }
        """, """
        class BrowserInstaller
        {
            public async Task InstallAsync(string archive, int kind)
            {
                await Task.Yield();
                using var process = Process.Start("tar", "-xf " + archive);
                switch (kind)
                {
                    case 1:
        #if NET5_0_OR_GREATER
                        await process.WaitForExitAsync();
        #else
                        process.WaitForExit();
        #endif
                        break;
                }
            }
        }
        """, "netstandard2.0,net10.0");

    [Fact]
    public Task Fix_wraps_the_body_of_an_if_without_braces() => Fixes("""
        class BrowserInstaller
        {
            public async Task InstallAsync(Process process, bool wait)
            {
                await Task.Yield();
                if (wait)
                    [|process.WaitForExit()|];
            }
        }
        """, """
        class BrowserInstaller
        {
            public async Task InstallAsync(Process process, bool wait)
            {
                await Task.Yield();
                if (wait)
        #if NET5_0_OR_GREATER
                    await process.WaitForExitAsync();
        #else
                    process.WaitForExit();
        #endif
            }
        }
        """, "netstandard2.0,net10.0");

    [Fact]
    public Task Fix_awaits_a_StreamWriter_disposal_under_if_when_netstandard2_0_has_no_DisposeAsync() => Fixes("""
        class HeapSnapshot
        {
            public async Task SaveAsync(string path, Func<Task<string>> nextChunk)
            {
                using var [|writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous))|];
                await writer.WriteLineAsync(await nextChunk());
            }
        }
        """, """
        class HeapSnapshot
        {
            public async Task SaveAsync(string path, Func<Task<string>> nextChunk)
            {
        #if NETCOREAPP3_0_OR_GREATER || NETSTANDARD2_1_OR_GREATER
                await using var writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous));
        #else
                using var writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous));
        #endif
                await writer.WriteLineAsync(await nextChunk());
            }
        }
        """, "netstandard2.0,net8.0", "Use 'await using' under #if NETCOREAPP3_0_OR_GREATER || NETSTANDARD2_1_OR_GREATER");

    [Fact]
    public Task Fix_offers_no_await_using_under_if_where_the_convention_configures_the_disposal() => new VerifyFix.Test
    {
        TestCode = Usings + """
            class HeapSnapshot
            {
                public async Task SaveAsync(string path, Func<Task<string>> nextChunk)
                {
                    using var [|writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous))|];
                    await writer.WriteLineAsync(await nextChunk()).ConfigureAwait(false);
                }
            }
            """,
        FixedCode = Usings + """
            class HeapSnapshot
            {
                public async Task SaveAsync(string path, Func<Task<string>> nextChunk)
                {
                    using var [|writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous))|];
                    await writer.WriteLineAsync(await nextChunk()).ConfigureAwait(false);
                }
            }
            """,
        EditorConfig = Targets("netstandard2.0,net8.0") + "\nthreadwise.fix_configure_await = always",
        PreprocessorSymbols = s_net10Symbols,
    }.RunAsync();

    [Fact]
    public Task Flags_Thread_Sleep_and_fixes_it_plainly_since_every_target_has_Task_Delay() => Fixes("""
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
        """, """
        class Poller
        {
            public async Task PollAsync(Func<Task<bool>> ready)
            {
                while (!await ready())
                {
                    await Task.Delay(100);
                }
            }
        }
        """, "netstandard2.0,net8.0");

    // ---- a token overload only where every target has it ------------------------------------------------------

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

    [Fact]
    public Task Fix_leaves_out_a_token_overload_that_another_target_lacks() =>
        Fixes(ReleaseNotes, ReleaseNotes.Replace("[|reader.ReadToEnd()|]", "await reader.ReadToEndAsync()"), "netstandard2.0,net8.0");

    [Fact]
    public Task Fix_passes_the_token_where_every_target_has_the_overload() =>
        Fixes(ReleaseNotes, ReleaseNotes.Replace("[|reader.ReadToEnd()|]", "await reader.ReadToEndAsync(cancellationToken)"), "net8.0,net10.0");
}
