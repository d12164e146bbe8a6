using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW304 on work started on the thread pool with <c>Task.Run</c>/<c>Task.Factory.StartNew</c> as a statement: written
/// that way it is background work on purpose (reader pumps, deferred retries, kill timers started from event handlers),
/// so it is not reported, whether or not the worker can fault. In the entry point it is: the process ends when
/// <c>Main</c> returns, so the worker may never finish. A source helper whose whole body is such a start is the same
/// statement written through a name.
/// </summary>
public class TW304PoolWorkerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_reader_and_writer_pumps_started_for_a_child_process() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ProcessPumps
        {
            private readonly TaskCompletionSource<bool> _exited = new TaskCompletionSource<bool>();
            private readonly CancellationTokenSource _stdinCancel = new CancellationTokenSource();
            private int _openReaders = 2;

            public void StartReadStream(StreamReader reader, ConcurrentQueue<string> lines)
            {
                Task.Run(() =>
                {
                    while (!reader.EndOfStream)
                    {
                        var line = reader.ReadLine();
                        if (line != null)
                        {
                            lines.Enqueue(line);
                        }
                    }

                    if (Interlocked.Decrement(ref _openReaders) == 0)
                    {
                        _exited.TrySetResult(true);
                    }
                });
            }

            public void StartWriteStream(Queue<string> input, StreamWriter stdin)
            {
                Task.Run(async () =>
                {
                    while (!_exited.Task.IsCompleted && input.Count > 0)
                    {
                        await stdin.WriteLineAsync(input.Dequeue());
                        await stdin.FlushAsync();
                    }
                });
            }
        }
        """);

    [Fact]
    public Task Ignores_a_delayed_kill_started_from_an_event_handler() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ChildProcess
        {
            private readonly TaskCompletionSource<bool> _exited = new TaskCompletionSource<bool>();
            private volatile bool _readersOpen = true;

            public void OnExited(object? sender, EventArgs e)
            {
                if (_readersOpen)
                {
                    Task.Run(async () =>
                    {
                        await Task.Delay(TimeSpan.FromSeconds(5));
                        KillTree();
                        _exited.TrySetResult(true);
                    });
                }
                else
                {
                    _exited.TrySetResult(true);
                }
            }

            private void KillTree() => throw new InvalidOperationException("gone");
        }
        """);

    [Fact]
    public Task Ignores_a_deferred_retry_guarded_by_a_flag_and_a_recursion_moved_to_the_pool() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class CommitPolicy
        {
            private int _retryScheduled;

            public bool Admit(long elapsed, long threshold, Action commit)
            {
                if (elapsed < threshold)
                {
                    if (Interlocked.CompareExchange(ref _retryScheduled, 1, 0) == 0)
                    {
                        Task.Run(async () =>
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(threshold)).ConfigureAwait(false);
                            _retryScheduled = 0;
                            commit();
                        });
                    }

                    return false;
                }

                return true;
            }

            public void ShiftReadOnly(bool recurse)
            {
                if (recurse)
                {
                    Task.Run(() => ShiftReadOnly(false));
                    return;
                }

                Task.Factory.StartNew(Compact, TaskCreationOptions.LongRunning);
            }

            private void Compact() => throw new NotSupportedException();
        }
        """);

    [Fact]
    public Task Ignores_pool_starts_with_ConfigureAwait_and_in_a_void_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Warmer
        {
            public void Warm(List<string> keys, Func<string, Task> load)
            {
                Task.Run(() => load("first")).ConfigureAwait(false);
                keys.ForEach(key => Task.Run(() => load(key)));
            }
        }
        """);

    // Hangfire's dispatcher: one loop per worker started on the dispatcher's scheduler, the inner task flattened.
    [Fact]
    public Task Ignores_an_unwrapped_start_of_async_loops() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Dispatcher
        {
            private readonly TaskScheduler _scheduler;
            private readonly CountdownEvent _stopped;
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();

            public Dispatcher(TaskScheduler scheduler, int workers)
            {
                _scheduler = scheduler;
                _stopped = new CountdownEvent(workers);
                for (var i = 0; i < workers; i++)
                {
                    Task.Factory.StartNew(DispatchLoop, CancellationToken.None, TaskCreationOptions.None, _scheduler).Unwrap();
                }
            }

            private async Task DispatchLoop()
            {
                try
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        await Task.Delay(100, _stop.Token);
                    }
                }
                finally
                {
                    _stopped.Signal();
                }
            }
        }
        """);

    // Discord.Net's TaskCompletionSourceExtensions: completing a download waiter on the pool, started as a statement.
    [Fact]
    public Task Ignores_a_source_helper_whose_whole_body_starts_pool_work() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TaskCompletionSourceExtensions
        {
            public static Task<bool> TrySetResultAsync<T>(this TaskCompletionSource<T> source, T result)
                => Task.Run(() => source.TrySetResult(result));

            public static Task SetCanceledLaterAsync<T>(this TaskCompletionSource<T> source)
            {
                return Task.Factory.StartNew(() => source.TrySetCanceled(), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
            }
        }

        sealed class Guild
        {
            private readonly TaskCompletionSource<bool> _downloaded = new TaskCompletionSource<bool>();

            public void OnMembersDownloaded()
            {
                _downloaded.TrySetResultAsync(true);
                _downloaded.SetCanceledLaterAsync();
            }
        }
        """);

    [Fact]
    public Task Flags_helpers_that_do_more_than_start_pool_work_and_a_wrapper_dropped_in_Main() => new Verify.Test
    {
        TestCode = Usings + """
            static class Helpers
            {
                public static Task SaveLaterAsync(Stream stream, byte[] data)
                {
                    stream.Position = 0;
                    return Task.Run(() => stream.Write(data, 0, data.Length));
                }

                public static Task FlushAsync(Stream stream) => stream.FlushAsync();

                public static Task RunLater(Action work) => Task.Run(work);
            }

            sealed class Uploader
            {
                public void Upload(Stream stream)
                {
                    [|Helpers.SaveLaterAsync(stream, new byte[1])|];
                    [|Helpers.FlushAsync(stream)|];
                    Helpers.RunLater(() => Console.WriteLine("later"));
                }
            }

            static class Program
            {
                static void Main()
                {
                    new Uploader().Upload(new MemoryStream());
                    [|Helpers.RunLater(() => Console.WriteLine("later"))|];
                }
            }
            """,
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Flags_an_unwrapped_start_in_Main() => new Verify.Test
    {
        TestCode = Usings + """
            static class Program
            {
                static void Main()
                {
                    [|Task.Factory.StartNew(async () => await Task.Delay(100)).Unwrap()|];
                    Console.WriteLine("done");
                }
            }
            """,
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Flags_pool_starts_in_Main_where_the_process_may_end_first() => new Verify.Test
    {
        TestCode = Usings + """
            static class Program
            {
                static void Main()
                {
                    [|Task.Factory.StartNew(() => Compute(), TaskCreationOptions.LongRunning)|];
                    [|Task.Run(async () => await Task.Delay(100))|];
                    Console.WriteLine("done");
                }

                static int Compute() => 42;
            }
            """,
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Flags_a_pool_start_in_top_level_statements() => new Verify.Test
    {
        TestCode = """
            using System;
            using System.Threading.Tasks;

            [|Task.Run(() => Console.WriteLine(Fib(30)))|];

            static int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);
            """,
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Flags_an_async_call_dropped_next_to_a_pool_start() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Uploader
        {
            public void Upload(Stream destination, byte[] chunk)
            {
                Task.Run(() => destination.Write(chunk, 0, chunk.Length));
                [|destination.FlushAsync()|];
            }
        }
        """);
}
