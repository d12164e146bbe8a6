using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW502TaskEscapesScopeAnalyzer, Threadwise.Fixes.Correctness.TW502TaskEscapesScopeCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW502TaskEscapesScopeTests
{
    private const string Usings = """
        using System;
        using System.Buffers;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Connection : IDisposable
        {
            public Command CreateCommand() => new Command();
            public Task<int> PingAsync() => Task.Run(() => 1);
            public void Dispose() { }
        }

        sealed class Command
        {
            public Task<int> ExecuteAsync() => Task.Run(() => 0);
        }

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_task_returned_from_a_using_that_disposes_what_it_reads() => Verify.VerifyAnalyzerAsync(Usings + """
        class Uploader
        {
            public Task UploadAsync(string path, Stream target)
            {
                using (var source = File.OpenRead(path))
                {
                    return {|#0:source.CopyToAsync(target)|};
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'UploadAsync' returns a task that outlives its using of 'source': 'source' is disposed while the task may still run; make it async and await the task"));

    [Fact]
    public Task Flags_a_using_declaration_and_variables_derived_from_the_resource() => Verify.VerifyAnalyzerAsync(Usings + """
        class Repository
        {
            public Task<int> CountAsync(Func<Connection> open)
            {
                using var connection = open();
                var command = connection.CreateCommand();
                return {|#0:command.ExecuteAsync()|};
            }

            public Task<int> PingAsync(Connection connection)
            {
                using (connection)
                {
                    var pending = connection.PingAsync();
                    return [|pending|];
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'CountAsync' returns a task that outlives its using declaration of 'connection': 'connection' is disposed while the task may still run; make it async and await the task"));

    [Fact]
    public Task Flags_a_finally_that_returns_the_buffer_or_releases_the_lock_the_task_needs() => Verify.VerifyAnalyzerAsync(Usings + """
        class Writer
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

            public Task WriteAsync(Stream stream, int length)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    return {|#0:stream.WriteAsync(buffer, 0, length)|};
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            public Task FlushAsync(Stream stream)
            {
                _gate.Wait();
                try
                {
                    return {|#1:stream.FlushAsync()|};
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'WriteAsync' returns a task that outlives its try/finally: the finally block releases 'buffer' while the task may still run; make it async and await the task"),
        Verify.Diagnostic().WithLocation(1).WithMessage("'FlushAsync' returns a task that outlives its try/finally: the finally block releases the lock while the task may still run; make it async and await the task"));

    [Fact]
    public Task Flags_a_task_started_in_a_lock_without_offering_a_fix() => Verify.VerifyCodeFixAsync(Usings + """
        class Sender
        {
            private readonly object _sync = new object();

            public Task SendAsync(Stream stream, byte[] frame)
            {
                lock (_sync)
                {
                    return {|#0:stream.WriteAsync(frame, 0, frame.Length)|};
                }
            }
        }
        """,
        [Verify.Diagnostic().WithLocation(0).WithMessage("'SendAsync' returns a task that outlives its lock: the lock is released while the task may still run; a lock cannot be held across an await: wait on a SemaphoreSlim with WaitAsync and await the task")],
        Usings + """
        class Sender
        {
            private readonly object _sync = new object();

            public Task SendAsync(Stream stream, byte[] frame)
            {
                lock (_sync)
                {
                    return {|#0:stream.WriteAsync(frame, 0, frame.Length)|};
                }
            }
        }
        """);

    [Fact]
    public Task Flags_local_functions_lambdas_and_tasks_that_capture_the_resource() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            public Task ImportAsync(string path)
            {
                Func<Task> later = () =>
                {
                    using (var reader = new StreamReader(path))
                    {
                        return [|Task.Run(() => Console.WriteLine(reader.ReadLine()))|];
                    }
                };
                return Local();

                Task<string> Local()
                {
                    using var reader = new StreamReader(path);
                    return [|reader.ReadToEndAsync()|];
                }
            }
        }
        """);

    // ---- code fix --------------------------------------------------------------------------------------------

    [Fact]
    public Task Fixes_a_method_returning_a_value_by_awaiting_each_return() => Verify.VerifyCodeFixAsync(Usings + """
        class Repository
        {
            public Task<int> CountAsync(Func<Connection> open, bool quick)
            {
                if (quick)
                    return Task.FromResult(0);
                using (var connection = open())
                {
                    return [|connection.CreateCommand().ExecuteAsync()|];
                }
            }
        }
        """, Usings + """
        class Repository
        {
            public async Task<int> CountAsync(Func<Connection> open, bool quick)
            {
                if (quick)
                    return await Task.FromResult(0);
                using (var connection = open())
                {
                    return await connection.CreateCommand().ExecuteAsync();
                }
            }
        }
        """);

    [Fact]
    public Task Fixes_a_method_returning_Task_with_await_and_return_where_code_follows() => new Verify.Test
    {
        TestCode = Usings + """
        class Uploader
        {
            public Task UploadAsync(string path, Stream target, bool skip)
            {
                using (var source = File.OpenRead(path))
                {
                    if (skip)
                        return [|source.FlushAsync()|];
                    return [|source.CopyToAsync(target)|];
                }
            }
        }
        """,
        FixedCode = Usings + """
        class Uploader
        {
            public async Task UploadAsync(string path, Stream target, bool skip)
            {
                using (var source = File.OpenRead(path))
                {
                    if (skip)
                    {
                        await source.FlushAsync();
                        return;
                    }
                    await source.CopyToAsync(target);
                    return;
                }
            }
        }
        """,
        NumberOfIncrementalIterations = 1,
    }.RunAsync();

    [Fact]
    public Task Fixes_the_last_statement_without_a_return_and_follows_the_ConfigureAwait_convention() => Verify.VerifyCodeFixAsync(Usings + """
        class Writer
        {
            public Task WriteAsync(Stream stream, int length)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    return [|stream.WriteAsync(buffer, 0, length)|];
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            private async Task OtherAsync() => await Task.Delay(1).ConfigureAwait(false);
        }
        """, Usings + """
        class Writer
        {
            public async Task WriteAsync(Stream stream, int length)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    await stream.WriteAsync(buffer, 0, length).ConfigureAwait(false);
                    return;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            private async Task OtherAsync() => await Task.Delay(1).ConfigureAwait(false);
        }
        """);

    [Fact]
    public Task Fixes_a_using_declaration_whose_return_is_the_last_statement_and_a_lambda() => Verify.VerifyCodeFixAsync(Usings + """
        class Importer
        {
            public Task ImportAsync(string path, Stream target)
            {
                using var source = File.OpenRead(path);
                return [|source.CopyToAsync(target)|];
            }

            public Func<Task<string>> Reader(string path) => () =>
            {
                using var reader = new StreamReader(path);
                return [|reader.ReadToEndAsync()|];
            };
        }
        """, Usings + """
        class Importer
        {
            public async Task ImportAsync(string path, Stream target)
            {
                using var source = File.OpenRead(path);
                await source.CopyToAsync(target);
            }

            public Func<Task<string>> Reader(string path) => async () =>
            {
                using var reader = new StreamReader(path);
                return await reader.ReadToEndAsync();
            };
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_async_methods_that_await_inside_the_scope() => Verify.VerifyAnalyzerAsync(Usings + """
        class Uploader
        {
            public async Task UploadAsync(string path, Stream target)
            {
                using (var source = File.OpenRead(path))
                {
                    await source.CopyToAsync(target);
                }
            }

            public async Task<int> CountAsync(Connection connection)
            {
                using (connection)
                {
                    return await connection.PingAsync();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_completed_tasks_returned_from_a_scope() => Verify.VerifyAnalyzerAsync(Usings + """
        class Sizes
        {
            public Task<long> LengthAsync(string path)
            {
                using (var stream = File.OpenRead(path))
                {
                    return Task.FromResult(stream.Length);
                }
            }

            public Task CloseAsync(Stream stream)
            {
                using (stream)
                {
                    return Task.CompletedTask;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_value_read_out_of_the_resource_before_the_task_starts() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            public Task ImportAsync(string path)
            {
                using (var reader = new StreamReader(path))
                {
                    var text = reader.ReadToEnd();
                    return SaveAsync(reader.ReadLine(), text);
                }
            }

            private static Task SaveAsync(string? first, string rest) => Task.Delay(1);
        }
        """);

    [Fact]
    public Task Ignores_a_task_that_does_not_use_the_disposed_variable_or_existed_before_the_scope() => Verify.VerifyAnalyzerAsync(Usings + """
        class Sender
        {
            private readonly Stream _stream = Stream.Null;

            public Task SendAsync(Func<IDisposable> measure, Task pending)
            {
                using (var timing = measure())
                {
                    return _stream.FlushAsync();
                }
            }

            public Task WaitAsync(Stream stream)
            {
                var pending = stream.FlushAsync();
                using (stream)
                {
                    return pending;
                }
            }
        }
        """);

    // Meziantou.Analyzer#973: ExecutionContext.SuppressFlow() only affects the context captured when the task starts.
    [Fact]
    public Task Ignores_scopes_over_the_execution_context() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace Microsoft.Extensions.Logging
        {
            public interface ILogger { IDisposable? BeginScope<TState>(TState state) where TState : notnull; }
        }

        class Runner
        {
            private readonly Microsoft.Extensions.Logging.ILogger _logger = null!;

            protected Task RunInNewContextAsync(Func<Task> func, CancellationToken ct)
            {
                using (ExecutionContext.SuppressFlow())
                {
                    return Task.Run(func, ct);
                }
            }

            protected Task RunScopedAsync(Func<Task> func)
            {
                using (_logger.BeginScope("request"))
                {
                    return func();
                }
            }
        }
        """);

    // roslyn-analyzers#2949 and Gu.Analyzers#119: the resource is handed over and disposed when the task is done, so the
    // finally disposes only what was not handed over.
    [Fact]
    public Task Ignores_a_resource_the_try_body_hands_over_to_the_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Uploader
        {
            public Task UploadAsync(string path, Stream target)
            {
                Stream? owned = File.OpenRead(path);
                try
                {
                    var source = owned;
                    var copy = source.CopyToAsync(target).ContinueWith(_ => source.Dispose());
                    owned = null;
                    return copy;
                }
                finally
                {
                    owned?.Dispose();
                }
            }
        }
        """);

    // Meziantou.Analyzer#219: a task returned by a lambda inside the scope belongs to the lambda, which is awaited there.
    [Fact]
    public Task Ignores_tasks_returned_by_lambdas_inside_an_async_scope() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public async Task RunAsync(Connection connection)
            {
                using (connection)
                {
                    await ExecuteAsync(() => { return connection.PingAsync(); });
                }
            }

            private static async Task ExecuteAsync(Func<Task> operation) => await operation();
        }
        """);

    [Fact]
    public Task Ignores_finally_blocks_that_release_nothing_and_fields_read_under_a_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly object _sync = new object();
            private Task<int>? _load;
            private bool _busy;

            public Task<int> LoadAsync(Func<Task<int>> load)
            {
                lock (_sync)
                {
                    return _load ??= load();
                }
            }

            public Task<int> RefreshAsync(Func<Task<int>> load)
            {
                _busy = true;
                try
                {
                    return load();
                }
                finally
                {
                    _busy = false;
                }
            }
        }
        """);

    // StackExchange.Redis's AwaitableMutex (netfx): a lock hands out faulted or cancelled ValueTasks and queues a waiter whose
    // task is completed later, outside the lock; none is work that runs after the lock is released.
    [Fact]
    public Task Ignores_completed_value_tasks_and_queued_waiters_returned_under_a_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Mutex
        {
            private readonly System.Collections.Generic.Queue<TaskCompletionSource<bool>> _queue = new();
            private bool _disposed;

            public ValueTask<bool> TakeAsync(CancellationToken cancellationToken)
            {
                lock (_queue)
                {
                    if (_disposed) return DisposedAsync();
                    if (cancellationToken.IsCancellationRequested) return CanceledAsync(cancellationToken);
                    var pending = new TaskCompletionSource<bool>();
                    _queue.Enqueue(pending);
                    return new ValueTask<bool>(pending.Task);
                }
            }

            private static ValueTask<bool> DisposedAsync() => new(Task.FromException<bool>(new ObjectDisposedException("mutex")));

            private static ValueTask<bool> CanceledAsync(CancellationToken cancellationToken) => new ValueTask<bool>(Task.FromCanceled<bool>(cancellationToken));
        }
        """);

    // MassTransit's array converter: the finally disposes the enumerator only while 'disposeEnumerator' is true, and the
    // slow path hands the enumerator to the async local function (which disposes it) after setting it to false.
    [Fact]
    public Task Ignores_a_resource_handed_over_by_clearing_the_flag_its_disposal_tests() => Verify.VerifyAnalyzerAsync(Usings + """
        class Converter
        {
            public Task<int[]> Convert(System.Collections.Generic.IEnumerable<Task<int>> values)
            {
                var results = new System.Collections.Generic.List<int>();
                var enumerator = values.GetEnumerator();
                var disposeEnumerator = true;
                try
                {
                    while (enumerator.MoveNext())
                    {
                        var current = enumerator.Current;
                        if (current.IsCompleted)
                            results.Add(current.Result);
                        else
                        {
                            disposeEnumerator = false;
                            return ConvertAsync(enumerator, current, results);
                        }
                    }
                }
                finally
                {
                    if (disposeEnumerator)
                        enumerator.Dispose();
                }

                return Task.FromResult(results.ToArray());
            }

            static async Task<int[]> ConvertAsync(System.Collections.Generic.IEnumerator<Task<int>> enumerator, Task<int> current, System.Collections.Generic.List<int> results)
            {
                try
                {
                    results.Add(await current);
                    while (enumerator.MoveNext())
                        results.Add(await enumerator.Current);
                    return results.ToArray();
                }
                finally
                {
                    enumerator.Dispose();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_resource_whose_disposal_flag_the_body_never_clears() => Verify.VerifyAnalyzerAsync(Usings + """
        class Converter
        {
            public Task<int> Convert(System.Collections.Generic.IEnumerable<Task<int>> values, bool keep)
            {
                var enumerator = values.GetEnumerator();
                var disposeEnumerator = true;
                try
                {
                    disposeEnumerator = !keep;
                    return [|CountAsync(enumerator)|];
                }
                finally
                {
                    if (disposeEnumerator)
                        enumerator.Dispose();
                }
            }

            public Task<int> Count(System.Collections.Generic.IEnumerable<Task<int>> values)
            {
                var enumerator = values.GetEnumerator();
                var disposeEnumerator = true;
                var other = false;
                try
                {
                    other = false;
                    return [|CountAsync(enumerator)|];
                }
                finally
                {
                    if (disposeEnumerator)
                        enumerator.Dispose();
                    if (other)
                        enumerator.Dispose();
                }
            }

            static async Task<int> CountAsync(System.Collections.Generic.IEnumerator<Task<int>> enumerator)
            {
                var count = 0;
                while (enumerator.MoveNext())
                    count += await enumerator.Current;
                return count;
            }
        }
        """);

    // consuldotnet's AsyncReaderWriterLock (Stephen Toub's): a reader that must wait gets a continuation of the shared
    // reader source, which a later release completes; the continuation only reads its antecedent's result.
    [Fact]
    public Task Ignores_a_capture_free_continuation_of_a_waiter_returned_under_a_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class AsyncReaderWriterLock
        {
            private readonly System.Collections.Generic.Queue<TaskCompletionSource<IDisposable>> _waitingWriters = new();
            private readonly Task<IDisposable> _readerReleaser = Task.FromResult<IDisposable>(null!);
            private TaskCompletionSource<IDisposable> _waitingReader = new();
            private int _readersWaiting;
            private int _status;

            public Task<IDisposable> ReaderLockAsync()
            {
                lock (_waitingWriters)
                {
                    if (_status >= 0 && _waitingWriters.Count == 0)
                    {
                        ++_status;
                        return _readerReleaser;
                    }

                    ++_readersWaiting;
                    return _waitingReader.Task.ContinueWith(t => t.Result);
                }
            }

            public Task<IDisposable> WaitAsync(Task<IDisposable> pending)
            {
                Monitor.Enter(_waitingWriters);
                try
                {
                    return pending.ContinueWith(t => { var result = t.Result; return result; }, TaskScheduler.Default);
                }
                finally
                {
                    Monitor.Exit(_waitingWriters);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_continuations_under_a_lock_that_touch_guarded_state_or_follow_a_call() => Verify.VerifyAnalyzerAsync(Usings + """
        class Gate
        {
            private readonly object _sync = new object();
            private TaskCompletionSource<int> _waiting = new();
            private int _count;

            public Task<int> EnterAsync()
            {
                lock (_sync)
                {
                    return [|_waiting.Task.ContinueWith(t => t.Result + _count)|];
                }
            }

            public Task<int> LoadAsync(Func<Task<int>> load)
            {
                lock (_sync)
                {
                    return [|load().ContinueWith(t => t.Result)|];
                }
            }

            public Task<int> CountAsync(int extra)
            {
                lock (_sync)
                {
                    return [|_waiting.Task.ContinueWith(t => t.Result + extra)|];
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_returns_after_the_scope_and_values_that_are_not_tasks() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            public Task<string> ReadAsync(string path)
            {
                string first;
                using (var reader = new StreamReader(path))
                {
                    first = reader.ReadLine() ?? "";
                }

                return Task.Run(() => first.Trim());
            }

            public string Read(string path)
            {
                using (var reader = new StreamReader(path))
                {
                    return reader.ReadToEnd();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_finally_that_disposes_something_the_task_does_not_use() => Verify.VerifyAnalyzerAsync(Usings + """
        class Exporter
        {
            public Task ExportAsync(Stream target, Func<IDisposable> trace)
            {
                var span = trace();
                try
                {
                    return target.FlushAsync();
                }
                finally
                {
                    span.Dispose();
                }
            }
        }
        """);

    // ---- peer suppressions -----------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_returns_where_MA0100_CA2025_or_AsyncFixer04_is_suppressed_locally() => Verify.VerifyAnalyzerAsync("using System.Diagnostics.CodeAnalysis;\n" + Usings + """
        class Uploader
        {
            [SuppressMessage("Usage", "MA0100:Await task before disposing of resources")]
            public Task UploadAsync(string path, Stream target)
            {
                using (var source = File.OpenRead(path))
                {
                    return source.CopyToAsync(target);
                }
            }

            public Task CopyAsync(string path, Stream target)
            {
                using var source = File.OpenRead(path);
        #pragma warning disable CA2025 // the stream is only read before the first await
                return source.CopyToAsync(target);
        #pragma warning restore CA2025
            }

            public Task MirrorAsync(string path, Stream target)
            {
                using var source = File.OpenRead(path);
                return [|source.CopyToAsync(target)|];
            }
        }
        """);
}
