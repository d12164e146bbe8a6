using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

public class TW104BlockingHelperInAsyncTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_helper_that_blocks_directly() => Verify.VerifyAnalyzerAsync(Usings + """
        class SettingsLoader
        {
            public async Task<int> StartAsync(string path)
            {
                await Task.Yield();
                var settings = {|#0:LoadSettings(path)|};
                return settings.Length;
            }

            string LoadSettings(string path) => File.ReadAllText(path);
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'LoadSettings' blocks: LoadSettings → File.ReadAllText; make it async and await 'File.ReadAllTextAsync'"));

    [Fact]
    public Task Flags_two_level_chain_with_the_exact_message() => Verify.VerifyAnalyzerAsync(Usings + """
        class SettingsLoader
        {
            public async Task<string> StartAsync(string path)
            {
                await Task.Delay(1);
                return {|#0:LoadSettings(path)|};
            }

            string LoadSettings(string path)
            {
                var text = ReadFile(path);
                return text.Trim();
            }

            string ReadFile(string path) => File.ReadAllText(path);
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'LoadSettings' blocks: LoadSettings → ReadFile → File.ReadAllText; make these methods async and await 'File.ReadAllTextAsync'"));

    [Fact]
    public Task Flags_five_level_chain_ending_in_a_blocking_wait() => Verify.VerifyAnalyzerAsync(Usings + """
        class Catalog
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task UpdateAsync()
            {
                await Task.Yield();
                {|#0:Refresh()|};
            }

            void Refresh() => Load();
            void Load() => Parse(Read());
            string Read() => "{}";
            void Parse(string json) { if (json.Length == 0) Retry(); }
            void Retry() => Fetch("again");
            string Fetch(string name) => Download(name);
            string Download(string name) => _http.GetStringAsync(name).Result;
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Refresh' blocks: Refresh → Load → Parse → Retry → Fetch → Download → _http.GetStringAsync(name).Result; make these methods async and await the task"));

    [Fact]
    public Task Flags_chain_across_classes_and_files() => new Verify.Test
    {
        Sources =
        {
            Usings + """
            class ReportController
            {
                private readonly ReportStore _store = new ReportStore();

                public async Task<int> GetAsync(string name)
                {
                    await Task.Yield();
                    return {|#0:_store.Count(name)|};
                }
            }
            """,
            Usings + """
            class ReportStore
            {
                public int Count(string name) => Disk.Lines(name).Length;
            }

            static class Disk
            {
                public static string[] Lines(string name)
                {
                    Thread.Sleep(10);
                    return new[] { name };
                }
            }
            """,
        },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0)
                .WithMessage("'ReportStore.Count' blocks: ReportStore.Count → Disk.Lines → Thread.Sleep; make these methods async and await 'Task.Delay'"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_async_lambda_and_async_local_function_callers() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            public void Start(List<Func<Task>> jobs)
            {
                jobs.Add(async () =>
                {
                    await Task.Yield();
                    [|Save("a")|];
                });
                jobs.Add(RunAsync);

                async Task RunAsync()
                {
                    await Task.Yield();
                    [|Save("b")|];
                }
            }

            static void Save(string text) => Write(text);
            static void Write(string text) => File.AppendAllText("log.txt", text);
        }
        """);

    [Fact]
    public Task Flags_local_function_helper_and_mutual_recursion_that_reaches_a_leaf() => Verify.VerifyAnalyzerAsync(Usings + """
        class Tree
        {
            public async Task WalkAsync(string root)
            {
                await Task.Yield();
                [|Visit(root, 3)|];
                [|Sync()|];

                void Sync() => Thread.Sleep(5);
            }

            public async Task WalkChildrenAsync(string root)
            {
                await Task.Yield();
                {|#0:VisitChildren(root, 3)|};
            }

            void Visit(string path, int depth)
            {
                if (depth > 0) VisitChildren(path, depth);
                Log(path);
            }

            void VisitChildren(string path, int depth)
            {
                foreach (var child in new[] { path + "/a", path + "/b" })
                {
                    Visit(child, depth - 1);
                }
            }

            static void Log(string path) => File.AppendAllText("visited.txt", path);
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'VisitChildren' blocks: VisitChildren → Visit → Log → File.AppendAllText; make these methods async and await 'File.AppendAllTextAsync'"));

    [Fact]
    public Task Flags_property_getter_that_blocks_and_top_level_statements() => new Verify.Test
    {
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
        TestCode = Usings + """
            await Task.Yield();
            var config = new Config();
            Console.WriteLine({|#0:config.Host|});

            class Config
            {
                public string Host => System.Net.Dns.GetHostEntry("app.example").HostName;
            }
            """,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0)
                .WithMessage("'Config.Host' blocks: Config.Host → Dns.GetHostEntry; turn 'Config.Host' into an async method and await 'Dns.GetHostEntryAsync'"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_sealed_override_and_base_call() => Verify.VerifyAnalyzerAsync(Usings + """
        abstract class Store
        {
            public abstract void Flush();
            protected virtual void Persist() => Thread.Sleep(1);
        }

        sealed class DiskStore : Store
        {
            public override void Flush() => File.WriteAllText("x", "y");

            protected override void Persist() { }

            public async Task SaveAsync()
            {
                await Task.Yield();
                [|Flush()|];
                [|base.Persist()|];
            }
        }
        """);

    [Fact]
    public Task Flags_long_chain_shortened_in_the_message() => Verify.VerifyAnalyzerAsync(Usings + """
        class Pipeline
        {
            public async Task RunAsync()
            {
                await Task.Yield();
                {|#0:S1()|};
            }

            void S1() => S2();
            void S2() => S3();
            void S3() => S4();
            void S4() => S5();
            void S5() => S6();
            void S6() => S7();
            void S7() => S8();
            void S8() => S9();
            void S9() => Thread.Sleep(1);
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'S1' blocks: S1 → S2 → S3 → … 3 more … → S7 → S8 → S9 → Thread.Sleep; make these methods async and await 'Task.Delay'"));

    [Fact]
    public Task Flags_helper_calling_a_source_method_that_has_an_async_counterpart() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            public void Save(string text) => File.WriteAllText("store.txt", text);
            public Task SaveAsync(string text) => File.WriteAllTextAsync("store.txt", text);
        }

        class Orders
        {
            private readonly Store _store = new Store();

            public async Task PlaceAsync(string order)
            {
                await Task.Yield();
                {|#0:Persist(order)|};
            }

            void Persist(string order) => _store.Save(order);
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Persist' blocks: Persist → Store.Save; make it async and await 'Store.SaveAsync'"));

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_helper_with_an_async_counterpart_that_TW102_reports() => Verify.VerifyAnalyzerAsync(Usings + """
        class Repository
        {
            public async Task<string> GetAsync(string path)
            {
                await Task.Yield();
                return Load(path);
            }

            public string Load(string path) => File.ReadAllText(path);
            public Task<string> LoadAsync(string path) => File.ReadAllTextAsync(path);
        }
        """);

    [Fact]
    public Task Ignores_blocking_inside_an_offloaded_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class Indexer
        {
            public async Task BuildAsync(string path)
            {
                await Task.Yield();
                var work = Prepare(path);
                await work;
                Schedule(path);
            }

            Task Prepare(string path) => Task.Run(() => File.ReadAllText(path));

            void Schedule(string path)
            {
                Action later = () => Thread.Sleep(100);
                ThreadPool.QueueUserWorkItem(_ => File.Delete(path));
                _ = later;
            }
        }
        """);

    [Fact]
    public Task Ignores_interface_virtual_and_abstract_calls() => Verify.VerifyAnalyzerAsync(Usings + """
        interface IStore { string Read(); }

        class FileStore : IStore { public string Read() => File.ReadAllText("x"); }

        class Base
        {
            public virtual void Save() => Thread.Sleep(1);
            public virtual string Name => File.ReadAllText("name");
        }

        class Service
        {
            public async Task RunAsync(IStore store, Base item)
            {
                await Task.Yield();
                store.Read();
                item.Save();
                _ = item.Name;
            }
        }
        """);

    [Fact]
    public Task Ignores_recursion_and_cycles_without_leaves() => Verify.VerifyAnalyzerAsync(Usings + """
        class Parser
        {
            public async Task<int> ParseAsync(string text)
            {
                await Task.Yield();
                return Expression(text, 0) + Factorial(5);
            }

            int Expression(string text, int i) => i < text.Length ? Term(text, i + 1) : 0;
            int Term(string text, int i) => text[i] == '(' ? Expression(text, i + 1) : 1;
            int Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
        }
        """);

    [Fact]
    public Task Ignores_known_completed_and_sync_mode_waits_in_the_helper() => Verify.VerifyAnalyzerAsync(Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class Connection
        {
            public async Task OpenAsync()
            {
                await Task.Yield();
                Cached();
                Guarded(Task.FromResult(1));
                Open();
            }

            int Cached() => Task.FromResult(42).Result;

            int Guarded(Task<int> pending) => pending.IsCompleted ? pending.Result : 0;

            void Open() => OpenCoreAsync(IOBehavior.Synchronous).GetAwaiter().GetResult();

            async Task OpenCoreAsync(IOBehavior behavior)
            {
                if (behavior == IOBehavior.Asynchronous) await Task.Delay(1);
            }
        }
        """);

    [Fact]
    public Task Ignores_helpers_that_only_touch_memory_or_the_console() => Verify.VerifyAnalyzerAsync(Usings + """
        class Formatter
        {
            public async Task<string> FormatAsync(string text)
            {
                await Task.Yield();
                Log(text);
                return Render(text);
            }

            void Log(string text) => Console.WriteLine(text);

            string Render(string text)
            {
                using var stream = new MemoryStream();
                using var writer = new StreamWriter(stream);
                writer.Write(text);
                writer.Flush();
                var reader = new StringReader(text);
                return reader.ReadToEnd() + Cancel();
            }

            string Cancel()
            {
                using var cts = new CancellationTokenSource();
                cts.Cancel();
                return "";
            }
        }
        """);

    [Fact]
    public Task Flags_helper_that_sends_in_synchronous_mode() => Verify.VerifyAnalyzerAsync(Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class ServerSession
        {
            private readonly Stream _stream;
            public ServerSession(Stream stream) => _stream = stream;

            public async Task ResetAsync()
            {
                await Task.Yield();
                {|#0:Ping()|};
            }

            void Ping() => SendReply(new byte[1]);

            void SendReply(byte[] payload) => SendAsync(payload, IOBehavior.Synchronous, default).GetAwaiter().GetResult();

            async Task SendAsync(byte[] payload, IOBehavior ioBehavior, CancellationToken ct)
            {
                if (ioBehavior == IOBehavior.Asynchronous)
                    await _stream.WriteAsync(payload, 0, payload.Length, ct).ConfigureAwait(false);
                else
                    _stream.Write(payload, 0, payload.Length);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Ping' blocks: Ping → SendReply → ServerSession.SendAsync(IOBehavior.Synchronous); make these methods async and await 'ServerSession.SendAsync'"));

    [Fact]
    public Task Ignores_blocking_helper_called_in_the_sync_arm_of_a_mode_flag() => Verify.VerifyAnalyzerAsync(Usings + """
        class Pop3Client
        {
            async Task<string> ReadResponseAsync(Stream stream, bool doAsync, CancellationToken ct)
            {
                if (!doAsync)
                    return ReadLineBlocking(stream);

                var buffer = new byte[256];
                var read = await stream.ReadAsync(buffer, 0, buffer.Length, ct);
                return read.ToString();
            }

            async Task LoginAsync(Stream stream, bool isAsync)
            {
                var line = isAsync ? await ReadLineCoreAsync(stream) : ReadLineBlocking(stream);
                if (isAsync)
                {
                    await stream.FlushAsync();
                    return;
                }

                FlushBlocking(stream);
            }

            string ReadLineBlocking(Stream stream) => new StreamReader(stream).ReadLine() ?? "";
            Task<string> ReadLineCoreAsync(Stream stream) => Task.FromResult("");
            void FlushBlocking(Stream stream) => stream.Flush();
        }
        """);

    [Fact]
    public Task Flags_helper_that_calls_a_dual_branch_in_synchronous_mode() => Verify.VerifyAnalyzerAsync(Usings + """
        class Packet
        {
            public async Task<int> ReceiveAsync(Stream stream, byte[] buffer)
            {
                var read = await ReadCoreAsync(stream, buffer, true);
                return read + {|#0:Header(stream)|};
            }

            int Header(Stream stream) => ReadCoreAsync(stream, new byte[4], async: false).Result;

            async Task<int> ReadCoreAsync(Stream stream, byte[] buffer, bool async)
            {
                if (async)
                    return await stream.ReadAsync(buffer, 0, buffer.Length);
                else
                    return stream.Read(buffer, 0, buffer.Length);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Header' blocks: Header → Packet.ReadCoreAsync(async: false); make it async and await 'Packet.ReadCoreAsync'"));

    [Fact]
    public Task Ignores_chains_longer_than_the_configured_depth() => new Verify.Test
    {
        EditorConfig = "threadwise.tw104_max_depth = 2",
        TestCode = Usings + """
            class Job
            {
                public async Task RunAsync()
                {
                    await Task.Yield();
                    One();
                    [|Two()|];
                }

                public async Task RunLastAsync()
                {
                    await Task.Yield();
                    [|Three()|];
                }

                void One() => Two();
                void Two() => Three();
                void Three() => Thread.Sleep(1);
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Ignores_synchronous_callers() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            public void Import(string path) => Load(path);

            public Task ImportLaterAsync(string path)
            {
                Load(path);
                return Task.CompletedTask;
            }

            public async Task ImportAsync(string path)
            {
                await Task.Yield();
                await Task.Run(() => Load(path));
                Func<int> later = () => { Load(path); return 1; };
                int Local() { Load(path); return 2; }
            }

            void Load(string path) => File.ReadAllLines(path);
        }
        """);

    [Fact]
    public Task Ignores_generated_code() => Verify.VerifyAnalyzerAsync("""
        // <auto-generated/>
        using System.IO;
        using System.Threading.Tasks;

        class Generated
        {
            public async Task RunAsync()
            {
                await Task.Yield();
                Load();
            }

            void Load() => File.ReadAllText("x");
        }
        """);

    [Fact]
    public Task Ignores_async_and_task_returning_helpers() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public async Task RunAsync()
            {
                await Task.Yield();
                await Fetch();
                await Later();
            }

            async Task Fetch()
            {
                await Task.Yield();
                Thread.Sleep(1);
            }

            Task Later() => Task.Run(() => Thread.Sleep(1));
        }
        """);

    [Fact]
    public Task Ignores_iterators_and_conditional_methods() => Verify.VerifyAnalyzerAsync(Usings + """
        class Log
        {
            public async Task<int> CountAsync(string path)
            {
                await Task.Yield();
                var lines = Lines(path);
                Trace(path);
                return await Task.Run(() => System.Linq.Enumerable.Count(lines));
            }

            static IEnumerable<string> Lines(string path)
            {
                foreach (var line in File.ReadAllLines(path))
                    yield return line;
            }

            [System.Diagnostics.Conditional("DEBUG")]
            static void Trace(string text) => File.AppendAllText("trace.log", text);
        }
        """);

    [Fact]
    public Task Ignores_own_overload_chain_and_database_row_getters() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            public async Task ProcessAsync()
            {
                await Task.Yield();
                Process();
            }

            public void Process() => Thread.Sleep(1);

            public async Task<int> SumAsync(DbDataReader reader)
            {
                var sum = 0;
                while (await reader.ReadAsync())
                {
                    sum += Column(reader);
                }

                return sum;
            }

            static int Column(DbDataReader reader) => reader.IsDBNull(0) ? 0 : reader.GetInt32(0);
        }
        """);

    [Fact]
    public Task Ignores_property_setters_and_auto_properties() => Verify.VerifyAnalyzerAsync(Usings + """
        class Settings
        {
            private string _path = "";

            public string Path
            {
                get => _path;
                set { _path = value; File.WriteAllText("last", value); }
            }

            public int Count { get; set; }

            public async Task ApplyAsync(string path)
            {
                await Task.Yield();
                var old = Path;
                Path = path;
                Count = Count + 1;
                _ = old;
            }
        }
        """);

    [Fact]
    public Task Ignores_call_inside_a_lock_body() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly object _gate = new object();

            public async Task RefreshAsync()
            {
                await Task.Yield();
                lock (_gate)
                {
                    Reload();
                }
            }

            void Reload() => Thread.Sleep(1);
        }
        """);

    [Fact]
    public Task Ignores_waits_on_tasks_the_caller_passes() => Verify.VerifyAnalyzerAsync(Usings + """
        class Aggregator
        {
            public async Task<int> TotalAsync(IEnumerable<Func<Task<int>>> sources)
            {
                var tasks = new List<Task<int>>();
                foreach (var source in sources) tasks.Add(source());
                await Task.WhenAll(tasks);
                var first = tasks[0];
                return Combine(tasks) + Unwrap(first) + First(tasks.ToArray());
            }

            static int Combine(List<Task<int>> tasks)
            {
                var sum = 0;
                foreach (var task in tasks) sum += task.Result;
                return sum;
            }

            static int Unwrap(Task<int> task) => task.GetAwaiter().GetResult();

            static int First(Task<int>[] tasks) => tasks[0].Result;
        }
        """);

    [Fact]
    public Task Ignores_parsing_a_stream_the_caller_buffered() => Verify.VerifyAnalyzerAsync(Usings + """
        class Downloader
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task<string[]> GetLinesAsync(string url)
            {
                using var response = await _http.GetAsync(url);
                var buffer = new MemoryStream();
                await response.Content.CopyToAsync(buffer);
                buffer.Position = 0;
                return Parse(buffer);
            }

            static string[] Parse(Stream stream)
            {
                using var reader = new StreamReader(stream);
                var lines = new List<string>();
                string line;
                while ((line = reader.ReadLine()) != null) lines.Add(line);
                return lines.ToArray();
            }
        }
        """);

    // ---- error paths are not async paths (issue 10, shape 1) ---------------------------------------------------

    [Fact]
    public Task Ignores_blocking_reached_only_through_the_operand_of_throw() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connector
        {
            private readonly Stream _stream = new MemoryStream();
            private Task _pending = Task.CompletedTask;

            public Exception Break(Exception cause)
            {
                Cleanup();
                return new IOException("connection broken", cause);
            }

            void Cleanup() => ShutdownAsync().GetAwaiter().GetResult();

            Task ShutdownAsync() => _pending;
        }

        class Session
        {
            private readonly Connector _connector = new Connector();

            public async Task<int> ReadMessageAsync(byte[] buffer)
            {
                await Task.Yield();
                if (buffer.Length == 0)
                    throw _connector.Break(new InvalidDataException("empty"));
                return Parse(buffer);
            }

            int Parse(byte[] buffer)
            {
                try
                {
                    return buffer[0];
                }
                catch (IndexOutOfRangeException ex)
                {
                    throw _connector.Break(ex);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_expression_bodied_throw_helper_called_from_every_read() => Verify.VerifyAnalyzerAsync(Usings + """
        enum MessageType { Data, Error, Sync }

        class Protocol
        {
            private Task _shutdown = Task.CompletedTask;

            public async Task<int> ReadDataAsync(MessageType type, int length)
            {
                await Task.Yield();
                if (type != MessageType.Data) ThrowIfWrongType(type, MessageType.Data);
                return length;
            }

            public async Task ReadSyncAsync(MessageType type)
            {
                await Task.Yield();
                Expect(type, MessageType.Sync);
            }

            void Expect(MessageType actual, MessageType expected)
            {
                if (actual != expected) ThrowIfWrongType(actual, expected);
            }

            void ThrowIfWrongType(MessageType actual, MessageType expected) =>
                throw Break(new InvalidOperationException($"Expected {expected}, got {actual}"));

            Exception Break(Exception cause)
            {
                Cleanup();
                return cause;
            }

            void Cleanup() => _shutdown.GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Ignores_calls_to_DoesNotReturn_and_block_bodied_throw_helpers() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics.CodeAnalysis;

        class Pool
        {
            private readonly FileStream _journal = new FileStream("journal", FileMode.Append);

            public async Task<int> RentAsync(int size)
            {
                await Task.Yield();
                if (size < 0) ThrowInvalidSize(size);
                if (size > 1 << 20) FailFast("pool corrupted");
                return Take(size);
            }

            int Take(int size)
            {
                if (size == 0) ThrowInvalidSize(size);
                return size;
            }

            void ThrowInvalidSize(int size)
            {
                _journal.Flush();
                throw new ArgumentOutOfRangeException(nameof(size), size, "negative size");
            }

            [DoesNotReturn]
            void FailFast(string reason)
            {
                _journal.Flush();
                Environment.FailFast(reason);
            }
        }
        """);

    [Fact]
    public Task Ignores_blocking_inside_exception_filters_and_throw_helper_arguments() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics.CodeAnalysis;

        static class Throw
        {
            [DoesNotReturn]
            public static void Protocol(string detail) => throw new InvalidDataException(detail);
        }

        class Client
        {
            private Task<string> _diagnostics = Task.FromResult("");

            public async Task<int> QueryAsync(string sql)
            {
                await Task.Yield();
                return Execute(sql);
            }

            int Execute(string sql)
            {
                try
                {
                    if (sql.Length == 0) Throw.Protocol(Describe());
                    return sql.Length;
                }
                catch (IOException ex) when (LogFailure(ex))
                {
                    return -1;
                }
            }

            string Describe() => _diagnostics.Result;

            bool LogFailure(Exception ex)
            {
                File.AppendAllText("errors.log", ex.Message);
                return true;
            }
        }
        """);

    [Fact]
    public Task Ignores_throw_of_an_exception_built_by_a_blocking_factory_in_async_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class ServerError
        {
            public static Exception CreateException(int code) =>
                new InvalidOperationException(File.ReadAllText("errors/" + code + ".txt"));
        }

        class Channel
        {
            public async Task<string> RequestAsync(int status, string body)
            {
                await Task.Yield();
                if (status >= 500) throw ServerError.CreateException(status);
                return status == 200 ? body : throw ServerError.CreateException(status);
            }
        }
        """);

    [Fact]
    public Task Flags_helper_that_throws_on_one_path_and_blocks_on_the_other() => Verify.VerifyAnalyzerAsync(Usings + """
        class Validator
        {
            public async Task CheckAsync(string path)
            {
                await Task.Yield();
                {|#0:Validate(path)|};
            }

            void Validate(string path)
            {
                if (path.Length == 0) throw new ArgumentException("empty path");
                File.ReadAllBytes(path);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Validate' blocks: Validate → File.ReadAllBytes; make it async and await 'File.ReadAllBytesAsync'"));

    [Fact]
    public Task Flags_endless_worker_loop_that_never_returns_but_does_not_throw() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            public async Task StartAsync()
            {
                await Task.Yield();
                [|Loop()|];
            }

            void Loop()
            {
                while (true)
                {
                    Thread.Sleep(1000);
                }
            }
        }
        """);

    // ---- deliberate leaves are not multiplied (issue 10, shape 2) ----------------------------------------------

    [Fact]
    public Task Ignores_leaf_suppressed_by_pragma_of_its_own_rule() => Verify.VerifyAnalyzerAsync(Usings + """
        class SchemaCache
        {
            private readonly Func<Task<string>> _load = () => Task.FromResult("schema");

            public async Task<int> CountAsync()
            {
                await Task.Yield();
                return Get().Length + Columns().Length;
            }

            string[] Columns() => Get().Split(',');

            string Get()
            {
        #pragma warning disable TW103 // the sync API of this library must stay sync; the schema loads once
                return _load().GetAwaiter().GetResult();
        #pragma warning restore TW103
            }
        }
        """);

    [Fact]
    public Task Ignores_leaf_suppressed_by_a_peer_rule_pragma_or_attribute() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics.CodeAnalysis;

        class Transport
        {
            private readonly Stream _socket = new MemoryStream();
            private Task _closing = Task.CompletedTask;

            public async Task SendAsync(byte[] frame)
            {
                await Task.Yield();
                Write(frame);
                Close();
                Reset();
            }

            void Write(byte[] frame) => WriteCore(frame);

            void WriteCore(byte[] frame)
            {
        #pragma warning disable CA1849, MA0045 // frames are written under the caller's lock
                new BufferedStream(_socket).Write(frame, 0, frame.Length);
        #pragma warning restore CA1849, MA0045
            }

            [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = "completes synchronously")]
            void Close() => _closing.Wait();

            void Reset() => ResetCore();

            [SuppressMessage("Reliability", "MA0045")]
            void ResetCore() => Thread.Sleep(10);
        }
        """);

    [Fact]
    public Task Ignores_leaf_in_a_type_that_suppresses_TW104() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics.CodeAnalysis;

        [SuppressMessage("Threadwise.Blocking", "TW104", Justification = "legacy synchronous driver, wrapped on purpose")]
        class LegacyDriver
        {
            private readonly Task<int> _handshake = Task.Run(() => 1);

            public int Handshake() => _handshake.Result;
        }

        class Pool
        {
            private readonly LegacyDriver _driver = new LegacyDriver();

            public async Task<int> OpenAsync()
            {
                await Task.Yield();
                return Connect();
            }

            int Connect() => _driver.Handshake();
        }
        """);

    [Fact]
    public Task Flags_leaf_after_its_pragma_is_restored() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly Task<string> _value = Task.Run(() => "v");

            public async Task<int> LengthAsync()
            {
                await Task.Yield();
                return [|Deliberate()|].Length + [|Accidental()|].Length;
            }

            string Deliberate()
            {
        #pragma warning disable VSTHRD002
                var first = _value.Result;
        #pragma warning restore VSTHRD002
                return first + File.ReadAllText("cache.txt");
            }

            string Accidental() => _value.GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Flags_peer_suppressed_leaf_when_peer_suppressions_are_off() => new Verify.Test
    {
        EditorConfig = "threadwise.honor_peer_suppressions = false",
        TestCode = Usings + """
            class Store
            {
                public async Task SaveAsync(string text)
                {
                    await Task.Yield();
                    [|Persist(text)|];
                    Deliberate(text);
                }

                void Persist(string text)
                {
            #pragma warning disable MA0045
                    File.WriteAllText("store.txt", text);
            #pragma warning restore MA0045
                }

                void Deliberate(string text)
                {
            #pragma warning disable TW103, TW102
                    File.WriteAllText("store.txt", text);
            #pragma warning restore TW103, TW102
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Flags_one_leaf_once_per_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class Npgish
        {
            private readonly Task<int> _ready = Task.Run(() => 0);

            public async Task<int> ReadRowAsync()
            {
                await Task.Yield();
                var a = {|#0:ReadInt32()|};
                var b = ReadInt64();
                var c = ReadInt32();
                return a + (int)b + c;
            }

            public async Task<int> ReadOtherAsync()
            {
                await Task.Yield();
                Func<Task<int>> later = async () => { await Task.Yield(); return {|#2:ReadInt32()|}; };
                return (int){|#1:ReadInt64()|} + await later();
            }

            int ReadInt32() => EnsureReady();
            long ReadInt64() => EnsureReady();
            int EnsureReady() => _ready.Result;
        }
        """,
        Verify.Diagnostic().WithLocation(0),
        Verify.Diagnostic().WithLocation(1),
        Verify.Diagnostic().WithLocation(2));

    [Fact]
    public Task Flags_each_different_leaf_in_one_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            public async Task ImportAsync(string path)
            {
                await Task.Yield();
                [|ReadAll(path)|];
                [|Pause()|];
                ReadAll(path);
            }

            void ReadAll(string path) => File.ReadAllBytes(path);
            void Pause() => Thread.Sleep(10);
        }
        """);

    [Fact]
    public Task Ignores_later_calls_that_reach_an_already_reported_leaf() => Verify.VerifyAnalyzerAsync(Usings + """
        class MessageReader
        {
            private readonly Task _connected = Task.Run(() => { });

            public async Task<string> ReadAsync()
            {
                await Task.Yield();
                var header = {|#0:ReadHeader()|};
                var body = ReadBody();
                var trailer = ReadTrailer();
                return header + body + trailer;
            }

            string ReadHeader() { Wait(); return "h"; }
            string ReadBody() { Wait(); return "b"; }
            string ReadTrailer() => ReadBody();
            void Wait() => _connected.Wait();
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'ReadHeader' blocks: ReadHeader → Wait → _connected.Wait(); make these methods async and await the task"));

    // ---- leaves get exactly TW102's exemptions (issue 10, shape 14) --------------------------------------------

    [Fact]
    public Task Ignores_helpers_that_fill_and_read_a_memory_stream() => Verify.VerifyAnalyzerAsync(Usings + """
        class Frame
        {
            public async Task<byte[]> EncodeAsync(string payload, Stream network)
            {
                var frame = Encode(payload);
                await network.WriteAsync(frame, 0, frame.Length);
                return Decode(frame).Length > 0 ? frame : Array.Empty<byte>();
            }

            static byte[] Encode(string payload)
            {
                var buffer = new MemoryStream();
                using (var writer = new BinaryWriter(buffer))
                {
                    writer.Write(payload.Length);
                    writer.Write(payload);
                    writer.Flush();
                }

                return buffer.ToArray();
            }

            static string Decode(byte[] frame)
            {
                using var stream = new MemoryStream(frame);
                using var reader = new BinaryReader(stream);
                reader.ReadInt32();
                var text = new StreamReader(stream).ReadToEnd();
                stream.Read(new byte[4], 0, 4);
                return text;
            }
        }
        """);

    [Fact]
    public Task Ignores_helpers_that_parse_xml_or_json_from_a_string() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Text.Json;
        using System.Xml;

        class Config
        {
            public async Task<string> LoadAsync(HttpClient http)
            {
                var xml = await http.GetStringAsync("config.xml");
                var json = await http.GetStringAsync("config.json");
                return FirstElement(xml) + Name(json) + Echo(json);
            }

            static string FirstElement(string xml)
            {
                using var reader = XmlReader.Create(new StringReader(xml));
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element) return reader.Name;
                }

                return "";
            }

            static string Name(string json)
            {
                using var document = JsonDocument.Parse(json);
                return document.RootElement.GetProperty("name").GetString() ?? "";
            }

            static string Echo(string json)
            {
                var writer = new StringWriter();
                writer.Write(json);
                writer.Flush();
                return writer.ToString();
            }
        }
        """);

    [Fact]
    public Task Ignores_helpers_that_write_to_console_streams_and_read_buffered_row_getters() => Verify.VerifyAnalyzerAsync(Usings + """
        class Exporter
        {
            public async Task ExportAsync(DbCommand command)
            {
                using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    Print(Row(reader));
                }
            }

            static string Row(DbDataReader reader) =>
                reader.GetFieldValue<string>(0) + reader.GetString(1) + (reader.IsDBNull(2) ? "" : reader.GetValue(2));

            static void Print(string row)
            {
                Console.Out.WriteLine(row);
                Console.Error.Flush();
                Console.Out.Flush();
            }
        }
        """);
}
