using Threadwise.Rules.Blocking;
using Threadwise.Tests.Verifiers;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// An async function without awaits whose CS1998 the maintainer suppressed locally is synchronous on purpose: its
/// synchronous I/O (TW102) and blocking helpers (TW104) are its implementation (Rebus's file-system transport and saga
/// storage: <c>#pragma warning disable 1998</c> at the top of the file). Waits on tasks, functions that do await, and
/// suppressions out of force keep their warnings.
/// </summary>
public class SynchronousOnPurposeTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics.CodeAnalysis;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string SagaIndex = """
        class SagaIndex
        {
            private readonly string _path;
            public SagaIndex(string path) => _path = path;
            public string FindById(Guid id) => File.ReadAllText(Path.Combine(_path, id + ".json"));
            public void Insert(Guid id, string json) => File.WriteAllText(Path.Combine(_path, id + ".json"), json);
        }
        """;

    // ---- must not flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_TW102_in_async_methods_without_awaits_under_a_file_level_1998_pragma() =>
        CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync("#pragma warning disable 1998\n" + Usings + """
            interface ITimeoutManager { Task Defer(DateTimeOffset due, string body); Task<string[]> GetDue(); }

            class FileSystemTimeoutManager : ITimeoutManager
            {
                private readonly string _folder;
                public FileSystemTimeoutManager(string folder) => _folder = folder;

                public async Task Defer(DateTimeOffset due, string body) =>
                    File.WriteAllText(Path.Combine(_folder, due.Ticks + ".json"), body);

                public async Task<string[]> GetDue()
                {
                    var due = new List<string>();
                    foreach (var file in Directory.GetFiles(_folder))
                    {
                        due.Add(File.ReadAllText(file));
                    }

                    return due.ToArray();
                }
            }
            """);

    [Fact]
    public Task Ignores_TW102_under_SuppressMessage_CS1998_and_the_CS_spelling_of_the_pragma() =>
        CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
            class Journal
            {
                [SuppressMessage("Compiler", "CS1998:Async method lacks 'await' operators and will run synchronously", Justification = "local file, sync on purpose")]
                public async Task AppendAsync(string path, string line) => File.AppendAllText(path, line);

            #pragma warning disable CS1998
                public async Task<string> ReadAsync(string path)
                {
                    using (var reader = new StreamReader(path))
                    {
                        return reader.ReadToEnd();
                    }
                }
            #pragma warning restore CS1998
            }
            """);

    [Fact]
    public Task Ignores_TW104_calls_of_blocking_helpers_in_a_1998_suppressed_method() =>
        CSharpAnalyzerVerifier<TW104BlockingHelperInAsyncAnalyzer>.VerifyAnalyzerAsync("#pragma warning disable 1998\n" + Usings + SagaIndex + """

            class FileSystemSagaStorage
            {
                private readonly string _basePath;
                public FileSystemSagaStorage(string basePath) => _basePath = basePath;

                public async Task<string> Find(Guid id)
                {
                    var index = new SagaIndex(_basePath);
                    return index.FindById(id);
                }

                public async Task Insert(Guid id, string json) => new SagaIndex(_basePath).Insert(id, json);
            }
            """);

    [Fact]
    public Task Ignores_TW102_in_a_local_function_under_the_pragma() =>
        CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
            class Exporter
            {
                public Task ExportAsync(string path, string text)
                {
                    return Write();

            #pragma warning disable 1998 // the export is local and small: written synchronously on purpose
                    async Task Write() => File.WriteAllText(path, text);
            #pragma warning restore 1998
                }
            }
            """);

    // ---- must flag -----------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_TW102_in_a_method_that_awaits_even_under_the_pragma() =>
        CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync("#pragma warning disable 1998\n" + Usings + """
            class Store
            {
                public async Task SaveAsync(string path, string json, Func<Task> before)
                {
                    await before();
                    [|File.WriteAllText(path, json)|];
                }

                public async Task SaveAllAsync(string path, string[] lines)
                {
                    await using (var stream = File.OpenRead(path)) { }
                    [|File.WriteAllText(path, lines[0])|];
                }
            }
            """);

    [Fact]
    public Task Flags_TW102_without_the_suppression_or_after_its_restore() =>
        CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
            class Store
            {
                public async Task SaveAsync(string path, string json) => [|File.WriteAllText(path, json)|];

            #pragma warning disable 1998
            #pragma warning restore 1998
                public async Task<string> LoadAsync(string path) => [|File.ReadAllText(path)|];

            #pragma warning disable 4014 // another warning says nothing about running synchronously
                public async Task<string[]> LinesAsync(string path) => [|File.ReadAllLines(path)|];
            }
            """);

    [Fact]
    public Task Flags_TW104_in_a_method_without_awaits_when_only_another_member_suppresses_1998() =>
        CSharpAnalyzerVerifier<TW104BlockingHelperInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + SagaIndex + """

            class FileSystemSagaStorage
            {
                private readonly string _basePath;
                public FileSystemSagaStorage(string basePath) => _basePath = basePath;

                [SuppressMessage("Compiler", "CS1998")]
                public async Task Insert(Guid id, string json) => new SagaIndex(_basePath).Insert(id, json);

                public async Task<string> Find(Guid id) => [|new SagaIndex(_basePath).FindById(id)|];
            }
            """);

    [Fact]
    public Task Flags_TW101_waits_on_tasks_in_a_1998_suppressed_method() =>
        CSharpAnalyzerVerifier<TW101BlockingWaitAnalyzer>.VerifyAnalyzerAsync("#pragma warning disable 1998\n" + Usings + """
            class Client
            {
                private readonly Func<Task<string>> _fetch = () => Task.FromResult("");

                public async Task<string> GetAsync() => [|_fetch().Result|];
            }
            """);

    [Fact]
    public Task Flags_TW102_under_the_pragma_when_peer_suppressions_are_not_honoured() => new CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.Test
    {
        EditorConfig = "threadwise.honor_peer_suppressions = false",
        TestCode = "#pragma warning disable 1998\n" + Usings + """
            class Store
            {
                public async Task SaveAsync(string path, string json) => [|File.WriteAllText(path, json)|];
            }
            """,
    }.RunAsync();
}
