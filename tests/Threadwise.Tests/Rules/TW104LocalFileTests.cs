using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW104's leaves follow TW102 on local file I/O: in a console, worker or server application a helper that reads a
/// local file is not a blocking chain (actions-runner's self-updater reading its script template); in a UI app, a
/// library, or with <c>threadwise.report_local_file_io_in_apps = true</c> it is.
/// </summary>
public class TW104LocalFileTests
{
    private const string Code = """
        using System.IO;
        using System.Threading.Tasks;

        sealed class SelfUpdater
        {
            public async Task UpdateAsync(string root)
            {
                await Task.Yield();
                var script = {|#0:GenerateUpdateScript(root)|};
                await File.WriteAllTextAsync(Path.Combine(root, "update.sh"), script);
            }

            private static string GenerateUpdateScript(string root)
            {
                var template = File.ReadAllText(Path.Combine(root, "update.template"));
                return template.Replace("_ROOT_", root);
            }
        }

        static class Program
        {
            static Task Main() => Task.CompletedTask;
        }
        """;

    private const string Extractor = """
        using System.IO;
        using System.IO.Compression;
        using System.Threading.Tasks;

        sealed class InstallationManager
        {
            public async Task UpgradeAsync(ZipArchive package, string binPath)
            {
                await Task.Yield();
                foreach (var entry in package.Entries)
                {
                    {|#0:ExtractFile(entry, binPath)|};
                }
            }

            private static void ExtractFile(ZipArchiveEntry entry, string folder)
            {
                Directory.CreateDirectory(folder);
                entry.ExtractToFile(Path.Combine(folder, entry.Name), true);
            }
        }

        static class Program
        {
            static Task Main() => Task.CompletedTask;
        }
        """;

    private const string Message =
        "'GenerateUpdateScript' blocks: GenerateUpdateScript → File.ReadAllText; make it async and await 'File.ReadAllTextAsync'";

    private static Verify.Test Test(OutputKind kind, string? editorConfig = null, string? reference = null, bool flagged = false)
    {
        var test = new Verify.Test
        {
            TestCode = flagged ? Code : Code.Replace("{|#0:GenerateUpdateScript(root)|}", "GenerateUpdateScript(root)"),
            OutputKind = kind,
            EditorConfig = editorConfig,
        };
        if (reference != null)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.EmptyAssembly(reference));
        }

        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithMessage(Message));
        }

        return test;
    }

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_helper_that_reads_a_local_file_in_a_console_app() => Test(OutputKind.ConsoleApplication).RunAsync();

    [Fact]
    public Task Ignores_a_helper_that_reads_a_local_file_in_a_server() =>
        Test(OutputKind.ConsoleApplication, reference: "Microsoft.AspNetCore.Http.Abstractions").RunAsync();

    [Fact]
    public Task Ignores_a_helper_that_extracts_archive_entries_in_a_server() => new Verify.Test
    {
        OutputKind = OutputKind.ConsoleApplication,
        TestState = { AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") } },
        TestCode = Extractor.Replace("{|#0:ExtractFile(entry, binPath)|}", "ExtractFile(entry, binPath)"),
    }.RunAsync();

    [Fact]
    public Task Ignores_a_helper_that_reads_a_local_file_in_a_windows_app_without_a_UI_framework() =>
        Test(OutputKind.WindowsApplication).RunAsync();

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_helper_that_reads_a_local_file_in_a_library() => Test(OutputKind.DynamicallyLinkedLibrary, flagged: true).RunAsync();

    [Fact]
    public Task Flags_a_helper_that_extracts_archive_entries_in_a_library() => new Verify.Test
    {
        TestCode = Extractor,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage(
                "'ExtractFile' blocks: ExtractFile → ZipFileExtensions.ExtractToFile; make it async and await 'ZipFileExtensions.ExtractToFileAsync'"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_a_helper_that_reads_a_local_file_in_a_UI_app() =>
        Test(OutputKind.WindowsApplication, reference: "PresentationFramework", flagged: true).RunAsync();

    [Fact]
    public Task Flags_a_helper_that_reads_a_local_file_in_a_console_app_when_the_option_asks() =>
        Test(OutputKind.ConsoleApplication, "threadwise.report_local_file_io_in_apps = true", flagged: true).RunAsync();
}
