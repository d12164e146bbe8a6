using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Local file I/O is a TW104 leaf in libraries only: in an application a helper that reads or writes a local file is not a
/// blocking chain (actions-runner's self-updater reading its script template; SourceGit, a UI app, saving its settings
/// JSON and writing a patch file from helpers called by a dozen handlers), unless
/// <c>threadwise.report_local_file_io_in_apps = true</c>. TW102 still reports such a call written in a UI app's async method.
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

    // SourceGit's Preferences: every change of the repository list saves the settings file.
    private const string SettingsSave = """
        using System.Collections.Generic;
        using System.IO;
        using System.Text.Json;
        using System.Threading.Tasks;

        sealed class Preferences
        {
            public List<string> Nodes { get; } = new();

            public void AddNode(string node)
            {
                Nodes.Add(node);
                Save();
            }

            public void Save()
            {
                using var stream = File.Create("preference.json");
                JsonSerializer.Serialize(stream, this);
            }
        }

        sealed class Welcome
        {
            public async Task CloneAsync(Preferences preferences, string path)
            {
                await Task.Delay(1);
                {|#0:preferences.AddNode(path)|};
            }
        }
        """;

    private const string Message =
        "'GenerateUpdateScript' blocks: GenerateUpdateScript → File.ReadAllText; make it async and await 'File.ReadAllTextAsync'";

    private static Verify.Test Test(OutputKind kind, string? editorConfig = null, string? reference = null, bool flagged = false) =>
        TW104HostVariants.Create(Code, Message, kind, reference, editorConfig, flagged);

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

    [Fact]
    public Task Ignores_a_helper_that_reads_a_local_file_in_a_UI_app() =>
        Test(OutputKind.WindowsApplication, reference: "PresentationFramework").RunAsync();

    [Fact]
    public Task Ignores_a_helper_that_serializes_settings_to_a_local_file_in_a_UI_app() => new Verify.Test
    {
        OutputKind = OutputKind.WindowsApplication,
        TestState = { AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") } },
        TestCode = SettingsSave.Replace("{|#0:", "").Replace("|};", ";") + """

            static class Program
            {
                static void Main() { }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Ignores_a_helper_that_writes_a_patch_file_in_a_UI_app() => new Verify.Test
    {
        OutputKind = OutputKind.WindowsApplication,
        TestState = { AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") } },
        TestCode = """
            using System.IO;
            using System.Threading.Tasks;

            sealed class DiffView
            {
                public async Task StageSelectionAsync(string[] lines, string tmpFile)
                {
                    GeneratePatch(lines, tmpFile);
                    await Task.Delay(1);
                    File.Delete(tmpFile);
                }

                private static void GeneratePatch(string[] lines, string output)
                {
                    using var writer = new StreamWriter(output);
                    foreach (var line in lines)
                    {
                        WriteLine(writer, '+', line);
                    }
                }

                private static void WriteLine(StreamWriter writer, char prefix, string line) => writer.WriteLine(prefix + line);
            }

            static class Program
            {
                static void Main() { }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Ignores_a_helper_of_a_library_that_writes_a_local_file_and_prints_to_the_terminal() => new Verify.Test
    {
        TestCode = """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            sealed class ExportCommand
            {
                public async Task RunAsync(string path, Func<Task<string[]>> fetch)
                {
                    var lines = await fetch();
                    Save(path, lines);
                }

                private static void Save(string path, string[] lines)
                {
                    File.WriteAllLines(path, lines);
                    Console.WriteLine($"Wrote {lines.Length} lines to {path}");
                }
            }
            """,
    }.RunAsync();

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
    public Task Flags_a_helper_that_reads_a_local_file_in_a_UI_app_when_the_option_asks() =>
        Test(OutputKind.WindowsApplication, "threadwise.report_local_file_io_in_apps = true", "PresentationFramework", flagged: true).RunAsync();

    [Fact]
    public Task Flags_a_helper_that_serializes_settings_to_a_local_file_in_a_library() => new Verify.Test
    {
        TestCode = SettingsSave,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage(
                "'Preferences.AddNode' blocks: Preferences.AddNode → Save → JsonSerializer.Serialize(Stream, Preferences, JsonSerializerOptions?); make these methods async and await 'JsonSerializer.SerializeAsync'"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_a_helper_that_reads_a_local_file_in_a_console_app_when_the_option_asks() =>
        Test(OutputKind.ConsoleApplication, "threadwise.report_local_file_io_in_apps = true", flagged: true).RunAsync();
}
