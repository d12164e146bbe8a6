using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Locks.TW402BlockingInLockAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW402's blocking calls are TW102's kind, judged as TW102 judges local files: in a console, worker or server
/// application, local file I/O under a lock is not reported (a settings file written under its lock, an archive list
/// appended and read under one), unless <c>threadwise.report_local_file_io_in_apps = true</c>. Libraries, UI apps and
/// network I/O under a lock stay reported. Shapes from BBDown's download archive and Remotely's agent configuration.
/// </summary>
public class TW402LocalFileTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Linq;
        using System.Net.Sockets;

        """;

    private const string Entry = """

        static class Program
        {
            static void Main() { }
        }
        """;

    private const string Archive = """
        static class DownloadArchive
        {
            private static readonly object fileLock = new object();

            public static void Save(string directory, string id)
            {
                lock (fileLock)
                {
                    string filePath = Path.Combine(directory, "downloads.archive");
                    {|#0:File.AppendAllText(filePath, id + "|")|};
                }
            }

            public static bool Contains(string directory, string id)
            {
                lock (fileLock)
                {
                    string filePath = Path.Combine(directory, "downloads.archive");
                    if (!File.Exists(filePath)) return false;
                    var text = {|#1:File.ReadAllText(filePath)|};
                    return text.Split('|').Any(item => item == id);
                }
            }
        }
        """;

    private const string Settings = """
        sealed class ConnectionSettings
        {
            private static readonly object _fileLock = new();
            private string? _current;

            public void Save(string json)
            {
                lock (_fileLock)
                {
                    _current = json;
                    {|#0:File.WriteAllText("connection.json", json)|};
                }
            }

            public string Load()
            {
                lock (_fileLock)
                {
                    _current = {|#1:File.ReadAllText("connection.json")|};
                    return _current;
                }
            }
        }
        """;

    private static Verify.Test App(string code, string? editorConfig = null, string? reference = null)
    {
        var test = new Verify.Test
        {
            TestCode = Usings + code + Entry,
            OutputKind = OutputKind.ConsoleApplication,
            EditorConfig = editorConfig,
        };
        if (reference != null)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.EmptyAssembly(reference));
        }

        return test;
    }

    private static string Unmarked(string code) => code.Replace("{|#0:", "").Replace("{|#1:", "").Replace(")|}", ")");

    private static DiagnosticResult Expected(int marker, string call, string lockName) =>
        Verify.Diagnostic(Threadwise.Rules.Locks.TW402BlockingInLockAnalyzer.Rule).WithLocation(marker).WithArguments(call, lockName);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_an_archive_file_appended_and_read_under_its_lock_in_a_console_app() => App(Unmarked(Archive)).RunAsync();

    [Fact]
    public Task Ignores_a_settings_file_written_under_a_lock_that_also_guards_state_in_a_worker() => App(Unmarked(Settings)).RunAsync();

    [Fact]
    public Task Ignores_a_list_file_reloaded_under_a_lock_in_a_server_app() => App("""
        sealed class BlockList
        {
            private readonly object _gate = new object();
            private string[] _entries = Array.Empty<string>();

            public bool IsBlocked(string path, string address)
            {
                lock (_gate)
                {
                    if (_entries.Length == 0)
                    {
                        _entries = File.ReadAllLines(path);
                    }

                    return Array.IndexOf(_entries, address) >= 0;
                }
            }
        }
        """, reference: "Microsoft.AspNetCore.Http.Abstractions").RunAsync();

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_archive_file_in_a_library() => new Verify.Test
    {
        TestCode = Usings + Archive,
        ExpectedDiagnostics = { Expected(0, "File.AppendAllText", "fileLock"), Expected(1, "File.ReadAllText", "fileLock") },
    }.RunAsync();

    [Fact]
    public Task Flags_the_settings_file_in_an_app_that_asks_for_local_file_io() =>
        WithExpected(App(Settings, "threadwise.report_local_file_io_in_apps = true"),
            Expected(0, "File.WriteAllText", "_fileLock"), Expected(1, "File.ReadAllText", "_fileLock")).RunAsync();

    [Fact]
    public Task Flags_the_archive_file_in_a_windows_forms_app() =>
        WithExpected(App(Archive, reference: "System.Windows.Forms"),
            Expected(0, "File.AppendAllText", "fileLock"), Expected(1, "File.ReadAllText", "fileLock")).RunAsync();

    [Fact]
    public Task Flags_network_io_under_a_lock_in_a_console_app() =>
        WithExpected(App("""
            sealed class Probe
            {
                private readonly object _gate = new object();
                private readonly NetworkStream _stream;

                public Probe(NetworkStream stream) => _stream = stream;

                public void Ping(byte[] payload)
                {
                    lock (_gate)
                    {
                        {|#0:_stream.Write(payload, 0, payload.Length)|};
                    }
                }
            }
            """), Expected(0, "NetworkStream.Write", "_gate")).RunAsync();

    private static Verify.Test WithExpected(Verify.Test test, params DiagnosticResult[] expected)
    {
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }
}
