using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Local file I/O in a console, worker or server application is not reported: the waiting thread is a pool thread and
/// awaiting frees none worth having (no asynchronous file I/O on Linux). Libraries, UI apps and WebAssembly clients, and
/// applications that set <c>threadwise.report_local_file_io_in_apps = true</c>, still see it. Shapes from actions-runner's
/// listener (settings and credentials files) and Oqtane's server (a user-import file read line by line, a framework
/// package opened with ZipFile).
/// </summary>
public class TW102LocalFileTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.IO.Compression;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Entry = """

        static class Program
        {
            static Task Main() => Task.CompletedTask;
        }
        """;

    private const string Server = "Microsoft.AspNetCore.Http.Abstractions";
    private const string WindowsForms = "System.Windows.Forms";
    private const string WebAssembly = "Microsoft.AspNetCore.Components.WebAssembly";

    private static Verify.Test App(string code, string? editorConfig = null, params string[] references)
    {
        var test = new Verify.Test
        {
            TestCode = Usings + code + Entry,
            OutputKind = OutputKind.ConsoleApplication,
            EditorConfig = editorConfig,
        };
        foreach (var reference in references)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.EmptyAssembly(reference));
        }

        return test;
    }

    private const string ConfigUpdater = """
        sealed class ConfigUpdater
        {
            public async Task RefreshAsync(string settingsPath, string credentialsPath)
            {
                await Task.Delay(10);
                string settings = {|#0:File.ReadAllText(settingsPath)|};
                {|#1:File.WriteAllText(credentialsPath, settings)|};
            }
        }
        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_whole_file_calls_in_a_console_app() => App(ConfigUpdater.Replace("{|#0:", "").Replace("{|#1:", "").Replace(")|}", ")")).RunAsync();

    [Fact]
    public Task Ignores_a_reader_opened_on_a_path_in_a_server_helper() => App("""
        sealed class UserImporter
        {
            public async Task<int> ImportAsync(string filePath)
            {
                await Task.Yield();
                var rows = 0;
                using (var reader = new StreamReader(filePath))
                {
                    while (reader.Peek() > -1)
                    {
                        var row = reader.ReadLine();
                        rows += row is null ? 0 : 1;
                    }
                }

                return rows;
            }
        }
        """, null, Server).RunAsync();

    [Fact]
    public Task Ignores_an_archive_opened_on_a_path_and_its_entries_in_a_server() => App("""
        sealed class InstallationManager
        {
            public async Task<string> ReadNuspecAsync(string package)
            {
                await Task.Yield();
                using (ZipArchive archive = ZipFile.OpenRead(package))
                {
                    foreach (ZipArchiveEntry entry in archive.Entries)
                    {
                        if (entry.FullName.EndsWith(".nuspec"))
                        {
                            using var reader = new StreamReader(entry.Open());
                            return reader.ReadToEnd();
                        }
                    }
                }

                return "";
            }
        }
        """, null, Server).RunAsync();

    [Fact]
    public Task Ignores_a_file_stream_and_its_disposal_in_a_worker() => App("""
        sealed class StateFile
        {
            public async Task SaveAsync(string path, byte[] state)
            {
                await Task.Yield();
                using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
                stream.Write(state, 0, state.Length);
                stream.Flush();
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_a_writer_from_File_CreateText_in_a_console_app() => App("""
        sealed class ProblemMatcher
        {
            public async Task WriteAsync(string path, string[] lines)
            {
                await Task.Yield();
                using var writer = File.CreateText(path);
                foreach (var line in lines)
                {
                    writer.WriteLine(line);
                }
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_a_serializer_writing_to_a_file_stream_in_a_console_app() => App("""
        sealed class StateStore
        {
            public async Task SaveAsync(string path, int[] state)
            {
                await Task.Yield();
                using var stream = File.Create(path);
                System.Text.Json.JsonSerializer.Serialize(stream, state);
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_a_hash_of_a_file_stream_in_a_server() => App("""
        sealed class Checksums
        {
            public async Task<byte[]> OfAsync(string path)
            {
                await Task.Yield();
                using var sha = System.Security.Cryptography.SHA256.Create();
                using var stream = File.OpenRead(path);
                return sha.ComputeHash(stream);
            }
        }
        """, null, Server).RunAsync();

    [Fact]
    public Task Ignores_whole_file_calls_in_top_level_statements() => new Verify.Test
    {
        OutputKind = OutputKind.ConsoleApplication,
        TestCode = Usings + """
            await Task.Yield();
            var lines = File.ReadAllLines("index.txt");
            Console.WriteLine(lines.Length);
            """,
    }.RunAsync();

    [Fact]
    public Task Ignores_whole_file_calls_when_the_option_is_false() => App(
        ConfigUpdater.Replace("{|#0:", "").Replace("{|#1:", "").Replace(")|}", ")"),
        "threadwise.report_local_file_io_in_apps = false").RunAsync();

    // A library that also references a UI framework (git-credential-manager's core: its "diagnose" command prints its
    // progress to the console and writes gcm-diagnose.log): code that talks to the terminal is a command-line program's.
    private const string DiagnoseCommand = """
        sealed class DiagnoseCommand
        {
            public async Task<int> ExecuteAsync(string logPath, Func<string, Task<bool>> run, string[] checks)
            {
                Console.WriteLine("Running diagnostics...");
                using var log = new StreamWriter(logPath, append: false);
                log.WriteLine("Diagnose log at {0:s}Z", DateTime.UtcNow);
                var failed = 0;
                foreach (var check in checks)
                {
                    Console.Write($"  >>>>  {check}");
                    var ok = await run(check);
                    log.WriteLine("Success: {0}", ok);
                    Console.WriteLine(ok ? " [ OK ]" : " [FAIL]");
                    failed += ok ? 0 : 1;
                    log.Flush();
                }

                return failed;
            }
        }
        """;

    [Fact]
    public Task Ignores_a_log_file_written_by_code_that_prints_to_the_terminal_in_a_library_with_a_UI_reference() => new Verify.Test
    {
        TestCode = Usings + DiagnoseCommand,
        TestState = { AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") } },
    }.RunAsync();

    [Fact]
    public Task Ignores_a_file_read_by_code_that_writes_to_standard_error_in_a_library() => new Verify.Test
    {
        TestCode = Usings + """
            sealed class InitCommand
            {
                public async Task RunAsync(string templatePath, Func<string, Task> upload)
                {
                    var template = File.ReadAllText(templatePath);
                    await upload(template);
                    Console.Error.WriteLine($"uploaded {templatePath}");
                }
            }
            """,
    }.RunAsync();

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_local_file_io_where_the_console_is_only_used_in_a_catch_or_another_method() => new Verify.Test
    {
        TestCode = Usings + """
            sealed class Exporter
            {
                public async Task ExportAsync(string path, Func<Task<string>> produce)
                {
                    try
                    {
                        var text = await produce();
                        {|#0:File.WriteAllText(path, text)|};
                    }
                    catch (IOException ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }

                public async Task AppendAsync(string path, Func<Task<string>> produce)
                {
                    var text = await produce();
                    {|#1:File.AppendAllText(path, text)|};
                    Report(path);
                }

                private static void Report(string path) => Console.WriteLine($"wrote {path}");
            }
            """,
        TestState = { AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") } },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "the calling thread", "File.WriteAllTextAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("File.AppendAllText", "the calling thread", "File.AppendAllTextAsync"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_a_stream_the_caller_passes_in_code_that_prints_to_the_terminal() => new Verify.Test
    {
        TestCode = Usings + """
            sealed class Uploader
            {
                public async Task SendAsync(Stream network, byte[] payload)
                {
                    await Task.Yield();
                    Console.WriteLine("sending");
                    {|#0:network.Write(payload, 0, payload.Length)|};
                }
            }
            """,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithArguments("Stream.Write", "the calling thread", "Stream.WriteAsync"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_whole_file_calls_in_a_library() => new Verify.Test
    {
        TestCode = Usings + ConfigUpdater,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithArguments("File.ReadAllText", "the calling thread", "File.ReadAllTextAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("File.WriteAllText", "the calling thread", "File.WriteAllTextAsync"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_whole_file_calls_in_a_console_app_when_the_option_asks() => new Verify.Test
    {
        TestCode = Usings + ConfigUpdater + Entry,
        OutputKind = OutputKind.ConsoleApplication,
        EditorConfig = "threadwise.report_local_file_io_in_apps = true",
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithArguments("File.ReadAllText", "the calling thread", "File.ReadAllTextAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("File.WriteAllText", "the calling thread", "File.WriteAllTextAsync"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_whole_file_calls_in_a_UI_app() => new Verify.Test
    {
        TestCode = Usings + ConfigUpdater + Entry,
        OutputKind = OutputKind.WindowsApplication,
        TestState = { AdditionalReferences = { TestReferences.EmptyAssembly(WindowsForms) } },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithArguments("File.ReadAllText", "the UI thread", "File.ReadAllTextAsync"),
            Verify.Diagnostic().WithLocation(1).WithArguments("File.WriteAllText", "the UI thread", "File.WriteAllTextAsync"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_a_reader_opened_on_a_path_in_a_WebAssembly_client() => App("""
        sealed class Importer
        {
            public async Task<string?> FirstLineAsync(string path)
            {
                await Task.Yield();
                using var reader = new StreamReader(path);
                return {|#0:reader.ReadLine()|};
            }
        }
        """, null, WebAssembly)
        .WithExpected(Verify.Diagnostic().WithLocation(0).WithArguments("StreamReader.ReadLine", "the UI thread of a Blazor WebAssembly app", "StreamReader.ReadLineAsync"))
        .RunAsync();

    [Fact]
    public Task Flags_network_and_waits_in_a_console_app() => App("""
        sealed class Poller
        {
            public async Task<string> PollAsync(string host)
            {
                await Task.Yield();
                {|#0:Thread.Sleep(100)|};
                return {|#1:System.Net.Dns.GetHostEntry(host)|}.HostName;
            }
        }
        """)
        .WithExpected(
            Verify.Diagnostic().WithLocation(0).WithArguments("Thread.Sleep", "the calling thread", "Task.Delay"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Dns.GetHostEntry", "the calling thread", "Dns.GetHostEntryAsync"))
        .RunAsync();

    [Fact]
    public Task Flags_a_serializer_writing_to_a_stream_the_caller_passes_in_a_console_app() => App("""
        sealed class StateStore
        {
            public async Task SaveAsync(Stream destination, int[] state)
            {
                await Task.Yield();
                {|#0:System.Text.Json.JsonSerializer.Serialize(destination, state)|};
            }
        }
        """)
        .WithExpected(Verify.Diagnostic().WithLocation(0).WithArguments("JsonSerializer.Serialize", "the calling thread", "JsonSerializer.SerializeAsync"))
        .RunAsync();

    [Fact]
    public Task Flags_a_serializer_writing_to_a_file_stream_in_a_library() => new Verify.Test
    {
        TestCode = Usings + """
            sealed class StateStore
            {
                public async Task SaveAsync(string path, int[] state)
                {
                    await Task.Yield();
                    using var {|#1:stream = File.Create(path, 4096, FileOptions.Asynchronous)|};
                    {|#0:System.Text.Json.JsonSerializer.Serialize(stream, state)|};
                }
            }
            """,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithArguments("JsonSerializer.Serialize", "the calling thread", "JsonSerializer.SerializeAsync"),
            Verify.Diagnostic().WithLocation(1).WithMessage("'stream' is disposed synchronously, which blocks the calling thread while it flushes or closes; use 'await using'"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_a_stream_the_caller_passes_in_a_console_app() => App("""
        sealed class Copier
        {
            public async Task CopyAsync(Stream source, byte[] buffer)
            {
                await Task.Yield();
                {|#0:source.Read(buffer, 0, buffer.Length)|};
            }
        }
        """)
        .WithExpected(Verify.Diagnostic().WithLocation(0).WithArguments("Stream.Read", "the calling thread", "Stream.ReadAsync"))
        .RunAsync();
}

internal static class LocalFileTestExtensions
{
    public static Verify.Test WithExpected(this Verify.Test test, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }
}
