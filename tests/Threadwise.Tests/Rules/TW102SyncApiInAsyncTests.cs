using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer, Threadwise.Fixes.Blocking.TW102SyncApiInAsyncCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW102SyncApiInAsyncTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.Diagnostics;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_file_and_stream_IO() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task M(string path, Stream stream, byte[] buffer, StreamReader reader, TextWriter writer)
            {
                await Task.Yield();
                var text = [|File.ReadAllText(path)|];
                [|File.WriteAllText(path, text)|];
                var read = [|stream.Read(buffer, 0, buffer.Length)|];
                [|stream.Write(buffer, 0, read)|];
                [|stream.Flush()|];
                var line = [|reader.ReadLine()|];
                var rest = [|reader.ReadToEnd()|];
                [|writer.WriteLine(line)|];
            }
        }
        """);

    [Fact]
    public Task Flags_sleeping_and_waiting_calls() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task M(SemaphoreSlim gate, Process process)
            {
                await Task.Yield();
                [|Thread.Sleep(100)|];
                [|gate.Wait()|];
                [|process.WaitForExit()|];
            }
        }
        """);

    [Fact]
    public Task Flags_database_calls_that_do_IO() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task M(DbConnection connection, DbCommand command, DbDataReader reader)
            {
                await Task.Yield();
                [|connection.Open()|];
                var count = [|command.ExecuteNonQuery()|];
                while ([|reader.Read()|])
                {
                }
            }
        }
        """);

    [Fact]
    public Task Flags_source_methods_with_a_matching_async_counterpart() => Verify.VerifyAnalyzerAsync(Usings + """
        class Repository
        {
            public string Load(int id) { Thread.Sleep(1); return id.ToString(); }
            public async Task<string> LoadAsync(int id, CancellationToken cancellationToken = default) { await Task.Yield(); return id.ToString(); }
        }

        static class RepositoryExtensions
        {
            public static int Count(this Repository repository) { Thread.Sleep(1); return 0; }
            public static Task<int> CountAsync(this Repository repository) => Task.Run(() => 0);
        }

        class Service
        {
            async Task<string> M(Repository repository)
            {
                await Task.Yield();
                return [|repository.Load(1)|] + {|#0:repository.Count()|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'Repository.Count' blocks the calling thread while it waits; await 'Repository.CountAsync' instead"));

    [Fact]
    public Task Flags_an_inherited_method_on_a_derived_type_that_declares_the_counterpart() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            public void Save() => Thread.Sleep(1);
        }

        class CloudStore : Store
        {
            public Task SaveAsync() => Task.Delay(1);
        }

        class C
        {
            async Task M(Store local, CloudStore cloud)
            {
                await Task.Yield();
                local.Save();
                [|cloud.Save()|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_wrapper_whose_async_method_calls_another_objects_synchronous_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class Counting
        {
            private readonly Stream _inner;
            public Counting(Stream inner) => _inner = inner;
            public int Read(byte[] buffer) => _inner.Read(buffer, 0, buffer.Length);

            public async Task<int> ReadAsync(byte[] buffer)
            {
                await Task.Yield();
                return [|_inner.Read(buffer, 0, buffer.Length)|];
            }
        }
        """);

    [Fact]
    public Task Flags_calls_in_async_lambdas() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            void M(string path)
            {
                Func<Task<string>> load = async () => { await Task.Yield(); return [|File.ReadAllText(path)|]; };
            }
        }
        """);

    [Fact]
    public Task Flags_synchronous_using_of_a_writer() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task M(string path)
            {
                await Task.Yield();
                using var {|#0:writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous))|};
                using (var [|stream = File.Create(path, 4096, FileOptions.Asynchronous)|])
                {
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'writer' is disposed synchronously, which blocks the calling thread while it flushes or closes; use 'await using'"));

    [Fact]
    public Task Message_names_the_call_and_its_counterpart() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<string> M(string path, StreamReader reader)
            {
                await Task.Yield();
                [|Thread.Sleep(10)|];
                var line = {|#1:reader.ReadLine()|};
                return {|#0:File.ReadAllText(path)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'File.ReadAllText' blocks the calling thread while it waits; await 'File.ReadAllTextAsync' instead"),
        Verify.Diagnostic().WithLocation(1).WithMessage("'StreamReader.ReadLine' blocks the calling thread while it waits; await 'StreamReader.ReadLineAsync' instead"));

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_synchronous_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            string M(string path)
            {
                Thread.Sleep(10);
                return File.ReadAllText(path);
            }
        }
        """);

    [Fact]
    public Task Ignores_code_in_a_non_async_lambda_inside_an_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<string> M(string path)
            {
                await Task.Run(() => Thread.Sleep(10));
                return await Task.Run(() => File.ReadAllText(path));
            }
        }
        """);

    [Fact]
    public Task Ignores_an_async_method_built_on_its_own_synchronous_overload() => Verify.VerifyAnalyzerAsync(Usings + """
        class Job
        {
            public void Run() { }
            public void Run(int times) { }

            public async Task RunAsync()
            {
                await Task.Yield();
                Run();
                Run(2);
            }
        }
        """);

    [Fact]
    public Task Ignores_alternatives_that_are_not_awaitable() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public void Send() { }
            public void SendAsync() { }
            public int Receive() => 0;
            public int ReceiveAsync() => 0;
        }

        class C
        {
            async Task M(Client client)
            {
                await Task.Yield();
                client.Send();
                client.Receive();
            }
        }
        """);

    [Fact]
    public Task Ignores_obsolete_counterparts() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public void Send() { }
            [Obsolete("Use Send")] public Task SendAsync() => Task.CompletedTask;
        }

        class C
        {
            async Task M(Client client)
            {
                await Task.Yield();
                client.Send();
            }
        }
        """);

    [Fact]
    public Task Ignores_counterparts_with_different_parameters() => Verify.VerifyAnalyzerAsync(Usings + """
        class Api
        {
            public string Get() => "";
            public Task<string> GetAsync(int id) => Task.FromResult("");
        }

        class C
        {
            async Task<string> M(Api api)
            {
                await Task.Yield();
                return api.Get();
            }
        }
        """);

    [Fact]
    public Task Ignores_calls_inside_a_lock_body() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            private readonly object _gate = new object();

            async Task M(string path)
            {
                await Task.Yield();
                lock (_gate)
                {
                    File.WriteAllText(path, "");
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_in_memory_streams_readers_and_writers() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<string> M(byte[] data, string text)
            {
                await Task.Yield();
                var memory = new MemoryStream();
                memory.Write(data, 0, data.Length);
                memory.Flush();
                memory.Read(data, 0, data.Length);
                using var reader = new StreamReader(new MemoryStream(data));
                var line = reader.ReadLine();
                var stringReader = new StringReader(text);
                var first = stringReader.ReadLine();
                using var writer = new StringWriter();
                writer.WriteLine(first);
                using var xml = System.Xml.XmlReader.Create(new StringReader(text));
                xml.Read();
                return line + writer.ToString();
            }
        }
        """);

    [Fact]
    public Task Ignores_the_console() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task M()
            {
                await Task.Yield();
                Console.WriteLine("working");
                Console.Out.WriteLine("working");
                Console.Out.Flush();
            }
        }
        """);

    [Fact]
    public Task Ignores_polling_waits_with_a_zero_timeout() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<bool> M(SemaphoreSlim gate)
            {
                await Task.Yield();
                Thread.Sleep(0);
                return gate.Wait(0) || gate.Wait(TimeSpan.Zero);
            }
        }
        """);

    [Fact]
    public Task Ignores_LINQ_Select_that_only_projects_tasks_for_WhenAll() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<string[]> M(IEnumerable<string> paths) =>
                await Task.WhenAll(paths.Select(path => File.ReadAllTextAsync(path)).ToList());
        }
        """);

    [Fact]
    public Task Ignores_cancellation_and_column_getters_of_a_buffered_row() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(CancellationTokenSource source, DbDataReader reader)
            {
                source.Cancel();
                var total = 0;
                while (await reader.ReadAsync())
                {
                    if (!reader.IsDBNull(0))
                    {
                        total += reader.GetInt32(0) + reader.GetFieldValue<int>(1) + (int)reader[2];
                    }
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task Ignores_the_synchronous_arm_of_a_shared_sync_async_implementation() => Verify.VerifyAnalyzerAsync(Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class C
        {
            async Task<int> Read(Stream stream, byte[] buffer, IOBehavior ioBehavior, bool useAsync)
            {
                int read;
                if (ioBehavior == IOBehavior.Asynchronous)
                    read = await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                else
                    read = stream.Read(buffer, 0, buffer.Length);

                read += useAsync ? await stream.ReadAsync(buffer, 0, 1) : stream.Read(buffer, 0, 1);

                switch (ioBehavior)
                {
                    case IOBehavior.Asynchronous:
                        await stream.FlushAsync();
                        break;
                    default:
                        stream.Flush();
                        break;
                }

                return read;
            }
        }
        """);

    // ---- dual sync/async paths and calls made in synchronous mode ------------------------------------------

    private const string ProtocolClient = """
        enum IOBehavior { Synchronous, Asynchronous }

        class Protocol
        {
            private readonly Stream _stream;
            public Protocol(Stream stream) => _stream = stream;

            public async Task<int> SendAsync(byte[] payload, IOBehavior ioBehavior, CancellationToken ct)
            {
                if (ioBehavior == IOBehavior.Asynchronous)
                    await _stream.WriteAsync(payload, 0, payload.Length, ct).ConfigureAwait(false);
                else
                    _stream.Write(payload, 0, payload.Length);
                return payload.Length;
            }

            public ValueTask<int> ReadAsync(byte[] buffer, bool async) =>
                async ? new ValueTask<int>(_stream.ReadAsync(buffer, 0, buffer.Length)) : new ValueTask<int>(_stream.Read(buffer, 0, buffer.Length));
        }

        """;

    [Fact]
    public Task Flags_call_in_synchronous_mode_on_an_async_path() => Verify.VerifyAnalyzerAsync(Usings + ProtocolClient + """
        class Session
        {
            async Task PingAsync(Protocol protocol, CancellationToken ct)
            {
                await Task.Yield();
                {|#0:protocol.SendAsync(new byte[1], IOBehavior.Synchronous, ct)|}.GetAwaiter().GetResult();
                await {|#1:protocol.SendAsync(new byte[2], IOBehavior.Synchronous, ct)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Protocol.SendAsync' is called in synchronous mode ('IOBehavior.Synchronous'), which blocks the calling thread while it does its I/O; pass the asynchronous mode and await it"),
        Verify.Diagnostic().WithLocation(1)
            .WithMessage("'Protocol.SendAsync' is called in synchronous mode ('IOBehavior.Synchronous'), which blocks the calling thread while it does its I/O; pass the asynchronous mode and await it"));

    [Fact]
    public Task Flags_async_false_argument_on_an_async_path() => Verify.VerifyAnalyzerAsync(Usings + ProtocolClient + """
        class Session
        {
            async Task<int> ReadHeaderAsync(Protocol protocol, byte[] buffer)
            {
                await Task.Yield();
                return {|#0:protocol.ReadAsync(buffer, async: false)|}.Result;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Protocol.ReadAsync' is called in synchronous mode ('async: false'), which blocks the calling thread while it does its I/O; pass the asynchronous mode and await it"));

    [Fact]
    public Task Flags_both_calls_in_synchronous_mode_behind_a_conditional() => Verify.VerifyAnalyzerAsync(Usings + ProtocolClient + """
        class Session
        {
            async Task<int> ReadAsync(Protocol protocol, byte[] small, byte[] large, bool wantSmall)
            {
                await Task.Yield();
                return (wantSmall ? [|protocol.ReadAsync(small, async: false)|] : [|protocol.ReadAsync(large, async: false)|]).GetAwaiter().GetResult();
            }
        }
        """);

    [Fact]
    public Task Flags_sync_call_in_the_async_arm_of_a_mode_flag() => Verify.VerifyAnalyzerAsync(Usings + """
        class MailClient
        {
            async Task ConnectAsync(Stream stream, byte[] greeting, bool doAsync)
            {
                if (doAsync)
                {
                    [|stream.Write(greeting, 0, greeting.Length)|];
                    await stream.FlushAsync();
                }
                else
                {
                    stream.Write(greeting, 0, greeting.Length);
                    stream.Flush();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_mode_passed_through_as_a_parameter() => Verify.VerifyAnalyzerAsync(Usings + ProtocolClient + """
        class Session
        {
            async Task<int> PingAsync(Protocol protocol, IOBehavior ioBehavior, bool async, byte[] buffer, CancellationToken ct)
            {
                await protocol.SendAsync(buffer, ioBehavior, ct).ConfigureAwait(false);
                return await protocol.ReadAsync(buffer, async);
            }
        }
        """);

    [Fact]
    public Task Ignores_synchronous_mode_in_synchronous_code_and_in_the_sync_arm() => Verify.VerifyAnalyzerAsync(Usings + ProtocolClient + """
        class Session
        {
            public int Ping(Protocol protocol, byte[] buffer) =>
                protocol.SendAsync(buffer, IOBehavior.Synchronous, default).GetAwaiter().GetResult();

            async Task<int> PingCoreAsync(Protocol protocol, byte[] buffer, IOBehavior ioBehavior)
            {
                if (ioBehavior == IOBehavior.Synchronous)
                    return protocol.SendAsync(buffer, IOBehavior.Synchronous, default).GetAwaiter().GetResult();
                return await protocol.SendAsync(buffer, IOBehavior.Asynchronous, default);
            }
        }
        """);

    [Fact]
    public Task Ignores_synchronous_mode_of_a_callee_that_does_nothing_then() => Verify.VerifyAnalyzerAsync(Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class Pool
        {
            async Task OpenAsync()
            {
                await Task.Yield();
                await YieldIfAsync(IOBehavior.Synchronous);
                await ResetAsync(async: false);
            }

            async Task YieldIfAsync(IOBehavior ioBehavior)
            {
                if (ioBehavior == IOBehavior.Asynchronous)
                    await Task.Yield();
            }

            Task ResetAsync(bool async) => async ? Task.Delay(1) : Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Ignores_sync_arm_chosen_by_a_mode_flag_that_calls_a_differently_named_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class MailClient
        {
            private readonly bool _isAsync;
            public bool UseAsync { get; set; }

            async Task<string> ReadLineAsync(Stream stream, StreamReader reader, byte[] buffer, bool doAsync, CancellationToken ct)
            {
                int read;
                if (doAsync)
                    read = await stream.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
                else
                    read = stream.Read(buffer, 0, 1);

                if (_isAsync)
                    await stream.FlushAsync(ct);
                else
                    reader.ReadToEnd();

                var line = UseAsync ? await ReceiveBlockAsync(stream) : reader.ReadLine();
                var runAsync = doAsync && read > 0;
                if (!runAsync)
                    File.ReadAllText("greeting.txt");
                return line;
            }

            Task<string> ReceiveBlockAsync(Stream stream) => Task.FromResult("");
        }
        """);

    [Fact]
    public Task Ignores_method_whose_sync_mode_returns_early() => Verify.VerifyAnalyzerAsync(Usings + """
        class ImapClient
        {
            async Task AuthenticateAsync(Stream stream, byte[] command, bool doAsync, CancellationToken ct)
            {
                if (!doAsync)
                {
                    stream.Write(command, 0, command.Length);
                    stream.Flush();
                    return;
                }

                await stream.WriteAsync(command, 0, command.Length, ct);
                await stream.FlushAsync(ct);
            }

            async Task LogoutAsync(Stream stream, byte[] command, bool isAsync, CancellationToken ct)
            {
                if (isAsync)
                {
                    await stream.WriteAsync(command, 0, command.Length, ct);
                    return;
                }

                stream.Write(command, 0, command.Length);
                stream.Flush();
            }
        }
        """);

    [Fact]
    public Task Ignores_sync_arm_of_an_enum_mode_switch_with_different_methods() => Verify.VerifyAnalyzerAsync(Usings + """
        enum SyncMode { Sync, Async }

        class Channel
        {
            async Task<int> ReceiveAsync(Stream stream, StreamReader reader, byte[] buffer, SyncMode mode)
            {
                var count = mode switch
                {
                    SyncMode.Async => await stream.ReadAsync(buffer, 0, buffer.Length),
                    _ => reader.Read(),
                };

                switch (mode)
                {
                    case SyncMode.Sync:
                        stream.Flush();
                        break;
                    case SyncMode.Async:
                        await stream.FlushAsync();
                        break;
                }

                if (mode is SyncMode.Sync)
                    File.ReadAllBytes("x");
                if (mode != SyncMode.Async)
                    reader.ReadToEnd();
                return count;
            }
        }
        """);

    [Fact]
    public Task Ignores_sync_arm_when_the_async_arm_uses_FromAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Net.Sockets;

        class Connector
        {
            async Task ConnectAsync(Socket socket, string host, int port, int timeout)
            {
                if (timeout > 0)
                    await Task.Factory.FromAsync(socket.BeginConnect, socket.EndConnect, host, port, null).ConfigureAwait(false);
                else
                    socket.Connect(host, port);
            }
        }
        """);

    // linq2db's bulk copy: the driver's async writer when it has one, its synchronous writer otherwise.
    [Fact]
    public Task Ignores_the_sync_call_after_a_capability_guard_that_awaits_and_returns() => Verify.VerifyAnalyzerAsync(Usings + """
        class Adapter
        {
            public Func<Stream, Task>? WriteAsync;
            public Action<Stream>? Write;
        }

        class BulkCopy
        {
            public Task<int> CopyRowsAsync(Stream target) => Task.FromResult(0);
            public int CopyRows(Stream target) { target.Write(new byte[1], 0, 1); return 1; }

            async Task<int> CopyAsync(Adapter adapter, Stream target)
            {
                await Task.Yield();
                if (adapter.WriteAsync != null)
                    return await CopyRowsAsync(target).ConfigureAwait(false);

                if (adapter.Write != null)
                {
                    return CopyRows(target);
                }

                throw new NotSupportedException();
            }
        }
        """);

    [Fact]
    public Task Flags_the_sync_call_after_a_guard_that_awaits_and_falls_through() => Verify.VerifyAnalyzerAsync(Usings + """
        class BulkCopy
        {
            public Task<int> CopyRowsAsync(Stream target) => Task.FromResult(0);
            public int CopyRows(Stream target) { target.Write(new byte[1], 0, 1); return 1; }

            async Task<int> CopyAsync(bool warmUp, Stream target)
            {
                if (warmUp)
                    await CopyRowsAsync(target).ConfigureAwait(false);

                return [|CopyRows(target)|];
            }
        }
        """);

    [Fact]
    public Task Flags_the_sync_call_after_a_guard_that_yields_the_awaited_result() => Verify.VerifyAnalyzerAsync(Usings + """
        class BulkCopy
        {
            public Task<int> CopyRowsAsync(Stream target) => Task.FromResult(0);
            public int CopyRows(Stream target) { target.Write(new byte[1], 0, 1); return 1; }

            async IAsyncEnumerable<int> CopyAsync(bool warmUp, Stream target)
            {
                if (warmUp)
                    yield return await CopyRowsAsync(target).ConfigureAwait(false);

                yield return [|CopyRows(target)|];
            }
        }
        """);

    [Fact]
    public Task Ignores_a_counterpart_that_only_wraps_the_synchronous_call() => Verify.VerifyAnalyzerAsync(Usings + """
        class Settings
        {
            public string Read() => "";
            public Task<string> ReadAsync() => Task.FromResult(Read());
        }

        class C
        {
            async Task<string> M(Settings settings)
            {
                await Task.Yield();
                return settings.Read();
            }
        }
        """);

    [Fact]
    public Task Ignores_counterparts_that_only_move_the_synchronous_call_to_the_thread_pool() => Verify.VerifyAnalyzerAsync(Usings + """
        static class PromiseExtensions
        {
            // Discord.Net's shape: complete the promise on a pool thread so its awaiters do not run inline here.
            public static Task<bool> TrySetExceptionAsync<T>(this TaskCompletionSource<T> source, Exception error)
                => Task.Run(() => source.TrySetException(error));

            public static Task SetResultAsync<T>(this TaskCompletionSource<T> source, T result)
                => Task.Factory.StartNew(() => { source.SetResult(result); });
        }

        class Journal
        {
            public void Save(string line) => File.AppendAllText("journal.log", line);

            public Task SaveAsync(string line)
            {
                return Task.Run(() => { Save(line); });
            }
        }

        class C
        {
            async Task M(TaskCompletionSource<int> promise, Journal journal, Exception error)
            {
                await Task.Yield();
                promise.TrySetException(error);
                promise.SetResult(1);
                journal.Save("done");
            }
        }
        """);

    [Fact]
    public Task Ignores_completing_a_task_source_whatever_its_async_twin_does() => Verify.VerifyAnalyzerAsync(Usings + """
        static class PromiseExtensions
        {
            public static async Task<bool> TrySetExceptionAsync<T>(this TaskCompletionSource<T> source, Exception error)
            {
                await Task.Yield();
                return source.TrySetException(error);
            }

            public static async Task TrySetCanceledAsync(this TaskCompletionSource source)
            {
                await Task.Yield();
                source.TrySetCanceled();
            }
        }

        class C
        {
            async Task M(TaskCompletionSource<int> typed, TaskCompletionSource untyped, Exception error)
            {
                await Task.Yield();
                typed.TrySetException(error);
                untyped.TrySetCanceled();
            }
        }
        """);

    [Fact]
    public Task Flags_a_call_whose_counterpart_runs_more_than_the_synchronous_call() => Verify.VerifyAnalyzerAsync(Usings + """
        class Journal
        {
            public void Save(string line) => File.AppendAllText("journal.log", line);

            public Task SaveAsync(string line) => Task.Run(() => File.AppendAllTextAsync("journal.log", line));

            public void Flush() => File.AppendAllText("journal.log", "");

            public Task FlushAsync() => Task.Run(async () => await File.AppendAllTextAsync("journal.log", ""));
        }

        class C
        {
            async Task M(Journal journal)
            {
                await Task.Yield();
                [|journal.Save("done")|];
                [|journal.Flush()|];
            }
        }
        """);

    [Fact]
    public Task Ignores_calls_that_return_an_async_stream() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Paging
        {
            // Discord.Net's shape: Flatten composes the pages into one async stream, FlattenAsync collects it.
            public static async IAsyncEnumerable<T> Flatten<T>(this IAsyncEnumerable<IReadOnlyCollection<T>> pages)
            {
                await foreach (var page in pages)
                    foreach (var item in page)
                        yield return item;
            }

            public static async Task<IEnumerable<T>> FlattenAsync<T>(this IAsyncEnumerable<IReadOnlyCollection<T>> pages)
            {
                var all = new List<T>();
                await foreach (var item in pages.Flatten())
                    all.Add(item);
                return all;
            }
        }

        sealed class Feed : IAsyncEnumerable<string>
        {
            public IAsyncEnumerator<string> GetAsyncEnumerator(CancellationToken cancellationToken = default) => null!;
        }

        sealed class Channel
        {
            public IAsyncEnumerable<IReadOnlyCollection<string>> GetUsers() => null!;
            public Feed Open() => new Feed();
            public Task<Feed> OpenAsync() => Task.FromResult(new Feed());
        }

        class C
        {
            async Task<int> M(Channel channel)
            {
                await Task.Yield();
                var users = channel.GetUsers().Flatten();
                var feed = channel.Open();
                var count = 0;
                await foreach (var user in users)
                    count++;
                await foreach (var line in feed)
                    count++;
                return count;
            }
        }
        """);

    [Fact]
    public Task Flags_a_call_that_returns_a_synchronous_sequence() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Log
        {
            public IEnumerable<string> ReadLines() => File.ReadLines("app.log");
            public Task<List<string>> ReadLinesAsync() => Task.FromResult(new List<string>());
        }

        class C
        {
            async Task<int> M(Log log)
            {
                await Task.Yield();
                return [|log.ReadLines()|].Count();
            }
        }
        """);

    [Fact]
    public Task Ignores_Dispose_inside_DisposeAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        class Owner : IAsyncDisposable
        {
            private readonly StreamWriter _writer = new StreamWriter(new MemoryStream());
            private readonly FileStream _file = File.Create("x");

            public async ValueTask DisposeAsync()
            {
                await Task.Yield();
                _writer.Dispose();
                _file.Dispose();
            }
        }
        """);

    [Fact]
    public Task Ignores_using_of_resources_whose_disposal_does_no_IO() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task M(string path, DbConnection connection, CancellationToken token)
            {
                await Task.Yield();
                using var memory = new MemoryStream();
                using var command = connection.CreateCommand();
                using var registration = token.Register(() => { });
                using var input = File.OpenRead(path);
                using (var text = new StringWriter())
                {
                }

                await using var output = new StreamWriter(path);
            }
        }
        """);

    [Fact]
    public Task Ignores_calls_that_are_already_asynchronous() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task M(string path, Stream stream)
            {
                var text = await File.ReadAllTextAsync(path);
                await stream.FlushAsync();
                var pending = stream.WriteAsync(new byte[1], 0, 1);
                await pending;
            }
        }
        """);

    [Fact]
    public Task Ignores_CreateScope_whose_scope_is_disposed_asynchronously_later() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace Microsoft.Extensions.DependencyInjection
        {
            public interface IServiceScope : IDisposable { }
            public readonly struct AsyncServiceScope { }
            public static class ServiceProviderServiceExtensions
            {
                public static IServiceScope CreateScope(this IServiceProvider provider) => null!;
                public static AsyncServiceScope CreateAsyncScope(this IServiceProvider provider) => default;
                public static Task<IServiceScope> CreateScopeAsync(this IServiceProvider provider) => Task.FromResult<IServiceScope>(null!);
            }
        }

        namespace App
        {
            using Microsoft.Extensions.DependencyInjection;

            class C
            {
                async Task M(IServiceProvider provider)
                {
                    await Task.Yield();
                    var scope = provider.CreateScope();
                }
            }
        }
        """);

    // ---- code fix -------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_awaits_the_counterpart() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task<int> M(string path, StreamReader reader)
            {
                var text = [|File.ReadAllText(path)|];
                return [|reader.ReadLine()|].Trim().Length + text.Length;
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(string path, StreamReader reader)
            {
                var text = await File.ReadAllTextAsync(path);
                return (await reader.ReadLineAsync()).Trim().Length + text.Length;
            }
        }
        """);

    [Fact]
    public Task Fix_forwards_the_cancellation_token_in_scope() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task M(string path, CancellationToken cancellationToken)
            {
                var text = [|File.ReadAllText(path)|];
                [|Thread.Sleep(100)|];
            }
        }
        """, Usings + """
        class C
        {
            async Task M(string path, CancellationToken cancellationToken)
            {
                var text = await File.ReadAllTextAsync(path, cancellationToken);
                await Task.Delay(100, cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Fix_Thread_Sleep_becomes_Task_Delay() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task M()
            {
                [|Thread.Sleep(TimeSpan.FromSeconds(1))|];
            }
        }
        """, Usings + """
        class C
        {
            async Task M()
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
        """);

    [Fact]
    public Task Fix_turns_using_into_await_using() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task M(string path)
            {
                // the report
                using var [|writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous))|];
                using (var [|stream = File.Create(path + ".bak", 4096, FileOptions.Asynchronous)|])
                {
                    await stream.WriteAsync(new byte[1]);
                }

                await writer.WriteLineAsync("done");
            }
        }
        """, Usings + """
        class C
        {
            async Task M(string path)
            {
                // the report
                await using var writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous));
                await using (var stream = File.Create(path + ".bak", 4096, FileOptions.Asynchronous))
                {
                    await stream.WriteAsync(new byte[1]);
                }

                await writer.WriteLineAsync("done");
            }
        }
        """);

    [Fact]
    public Task Fix_All_rewrites_every_call_in_the_document() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task Copy(Stream source, Stream target, byte[] buffer, CancellationToken ct)
            {
                int read;
                while ((read = [|source.Read(buffer, 0, buffer.Length)|]) > 0)
                {
                    [|target.Write(buffer, 0, read)|];
                }

                [|target.Flush()|];
            }
        }
        """, Usings + """
        class C
        {
            async Task Copy(Stream source, Stream target, byte[] buffer, CancellationToken ct)
            {
                int read;
                while ((read = await source.ReadAsync(buffer, 0, buffer.Length, ct)) > 0)
                {
                    await target.WriteAsync(buffer, 0, read, ct);
                }

                await target.FlushAsync(ct);
            }
        }
        """);
    // Garnet (round 5 corpus): 'a?.Log.Commit()' threw AD0001 in the counterpart lookup, which bound '.Log.CommitAsync()'
    // outside its conditional access. A call inside a conditional access has no plain awaitable rewrite: not reported,
    // like 'l?.Commit()'.
    [Fact]
    public Task Ignores_calls_inside_a_conditional_access_chain() => Verify.VerifyAnalyzerAsync(Usings + """
        class Log
        {
            public void Commit() { }
            public Task CommitAsync() => Task.CompletedTask;
        }

        class Store
        {
            public Log Log = new Log();
            public Store[] Children = new Store[0];
        }

        class C
        {
            async Task M(Store a, Log l)
            {
                await Task.Yield();
                a?.Log.Commit();
                a?.Children[0].Log.Commit();
                a?.Log!.Commit();
                l?.Commit();
            }
        }
        """);
}
