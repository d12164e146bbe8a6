using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Dispose cancels a token source of its own and then waits for a task of its own: the join of the type's background
/// loop it has just told to stop (Discord.Net's RequestQueue). A wait it did not cancel, another object's task, and the
/// same code in a method that is not a disposal are still reported.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    // ---- must not flag: a disposal that stops and joins its own loop ----------------------------------------------

    [Fact]
    public Task Ignores_Dispose_joining_its_own_loop_after_cancelling_it() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class RequestQueue : IDisposable
        {
            private readonly CancellationTokenSource _cancelTokenSource = new CancellationTokenSource();
            private readonly Task _cleanupTask;

            public RequestQueue() => _cleanupTask = RunCleanupAsync(_cancelTokenSource.Token);

            private static async Task RunCleanupAsync(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                    await Task.Delay(1000, token).ContinueWith(_ => { });
            }

            public void Dispose()
            {
                if (!(_cancelTokenSource is null))
                {
                    _cancelTokenSource.Cancel();
                    _cancelTokenSource.Dispose();
                    _cleanupTask.GetAwaiter().GetResult();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_Dispose_bool_joining_its_own_loops_after_a_conditional_cancel() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller : IDisposable
        {
            private CancellationTokenSource _stop = new CancellationTokenSource();
            private Task _poll = Task.CompletedTask;
            private Task<int> _flush = Task.FromResult(0);

            public void Start() => _poll = Task.Run(() => Task.Delay(Timeout.Infinite, _stop.Token));

            protected virtual void Dispose(bool disposing)
            {
                if (!disposing)
                    return;
                _stop?.Cancel();
                this._poll.Wait();
                Task.WaitAll(_poll, _flush);
            }

            public void Dispose() => Dispose(true);
        }
        """);

    // CAP's processing server: the join is bounded, conditional (?.) and inside a try that logs what the loops threw.
    [Fact]
    public Task Ignores_Dispose_joining_its_own_tasks_through_a_conditional_access_inside_a_try() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ProcessingServer : IDisposable
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private Task _compositeTask;
            private bool _disposed;

            public void Start() => _compositeTask = Task.WhenAll(Task.Delay(Timeout.Infinite, _cts.Token));

            public void Dispose()
            {
                if (_disposed) return;
                try
                {
                    _disposed = true;
                    _cts.Cancel();
                    _compositeTask?.Wait((int)TimeSpan.FromSeconds(10).TotalMilliseconds);
                }
                catch (AggregateException ex)
                {
                    Console.WriteLine(ex.InnerExceptions[0].Message);
                }
            }
        }
        """);

    // Foundatio's InMemoryQueue: the base class's SignalDispose cancels the disposal token its workers watch; Dispose then
    // waits, bounded, for each worker in its list.
    [Fact]
    public Task Ignores_Dispose_joining_its_workers_after_a_base_helper_cancelled_them() => Verify.VerifyAnalyzerAsync(Usings + """
        abstract class MaintenanceBase : IDisposable
        {
            private readonly CancellationTokenSource _disposedCancellationTokenSource = new CancellationTokenSource();
            private int _disposeState;

            protected CancellationToken DisposedToken => _disposedCancellationTokenSource.Token;

            protected bool SignalDispose()
            {
                if (Interlocked.CompareExchange(ref _disposeState, 1, 0) != 0)
                    return false;

                _disposedCancellationTokenSource.Cancel();
                return true;
            }

            public virtual void Dispose() { }
        }

        sealed class InMemoryQueue : MaintenanceBase
        {
            private readonly List<Task> _workers = new List<Task>();
            private readonly Task[] _pumps = Array.Empty<Task>();

            public void StartWorking() => _workers.Add(Task.Run(() => Task.Delay(Timeout.Infinite, DisposedToken)));

            public override void Dispose()
            {
                if (!SignalDispose())
                    return;

                foreach (var worker in _workers)
                {
                    if (worker.IsCompleted)
                        continue;

                    if (!worker.Wait(TimeSpan.FromSeconds(5)))
                        Console.WriteLine("Failed waiting for worker to stop");
                }

                foreach (var pump in _pumps ?? Array.Empty<Task>())
                    pump.Wait();

                base.Dispose();
            }
        }
        """);

    // OpenTelemetry's export workers: the synchronous Shutdown(timeout) API cancels the worker's own token and joins its
    // own task, as a Dispose does; so does a Stop().
    [Fact]
    public Task Ignores_Stop_and_Shutdown_joining_their_own_loop_after_cancelling_it() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class BatchExportWorker
        {
            private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
            private Task? _workerTask;

            public void Start() => _workerTask = Task.Run(() => Task.Delay(Timeout.Infinite, _cancellation.Token));

            public bool Shutdown(int timeoutMilliseconds)
            {
                try
                {
                    _cancellation.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }

                if (_workerTask == null)
                {
                    return true;
                }

                if (timeoutMilliseconds == Timeout.Infinite)
                {
                    _workerTask.Wait();
                    return true;
                }

                return timeoutMilliseconds == 0 || _workerTask.Wait(timeoutMilliseconds);
            }

            public void Stop()
            {
                _cancellation.Cancel();
                _workerTask?.GetAwaiter().GetResult();
            }
        }
        """);

    // OpenTelemetry's Prometheus listener: Stop copies its token source and worker task under a lock, clears the fields,
    // then cancels and joins the copies; a Shutdown takes them with Interlocked.Exchange.
    [Fact]
    public Task Ignores_Stop_and_Shutdown_joining_their_own_loop_through_copies_of_the_fields() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class HttpListenerHost : IDisposable
        {
            private readonly object _syncObject = new object();
            private CancellationTokenSource? _tokenSource;
            private Task? _workerThread;

            public void Start()
            {
                _tokenSource = new CancellationTokenSource();
                var token = _tokenSource.Token;
                _workerThread = Task.Run(() => Task.Delay(Timeout.Infinite, token));
            }

            public void Stop()
            {
                CancellationTokenSource? tokenSource;
                Task? workerThread;
                lock (_syncObject)
                {
                    tokenSource = _tokenSource;
                    workerThread = _workerThread;
                    if (tokenSource == null)
                    {
                        return;
                    }

                    _tokenSource = null;
                    _workerThread = null;
                }

                tokenSource.Cancel();
                if (workerThread != null && !workerThread.Wait(TimeSpan.FromSeconds(5)))
                {
                    Console.WriteLine("the loop did not stop");
                }
            }

            public bool Shutdown()
            {
                Interlocked.Exchange(ref _tokenSource, null)?.Cancel();
                var worker = Interlocked.Exchange(ref _workerThread, null);
                return worker?.Wait(TimeSpan.FromSeconds(5)) ?? true;
            }

            public void Dispose() => Stop();
        }
        """);

    [Fact]
    public Task Flags_Stop_joining_a_local_that_may_hold_another_objects_task() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Peer
        {
            public Task Loop = Task.CompletedTask;
        }

        public sealed class HttpListenerHost
        {
            private readonly CancellationTokenSource _tokenSource = new CancellationTokenSource();
            private readonly Peer _peer = new Peer();
            private Task _workerThread = Task.CompletedTask;

            public void Stop(bool peer)
            {
                var workerThread = _workerThread;
                if (peer)
                {
                    workerThread = _peer.Loop;
                }

                _tokenSource.Cancel();
                [|workerThread.Wait()|];
            }

            public void Shutdown(int timeoutMilliseconds)
            {
                var workerThread = _workerThread;
                workerThread ??= NextLoop();
                _tokenSource.Cancel();
                [|workerThread.Wait()|];
            }

            private Task NextLoop() => _peer.Loop;
        }
        """);

    [Fact]
    public Task Flags_Stop_and_Shutdown_that_join_without_cancelling_or_another_method_that_joins() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class BatchExportWorker
        {
            private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
            private readonly Func<Task> _export = () => Task.Delay(1);
            private Task _workerTask = Task.CompletedTask;

            // Waits for the loop without telling it to stop, or for other work.
            public void Stop() => [|_workerTask.Wait()|];

            public bool Shutdown(int timeoutMilliseconds)
            {
                _cancellation.Cancel();
                [|_export().Wait()|];
                return true;
            }

            // The same join in a method that is not a stop.
            public void Restart()
            {
                _cancellation.Cancel();
                [|_workerTask.Wait()|];
                _workerTask = Task.Run(() => Task.Delay(Timeout.Infinite));
            }
        }
        """);

    // ---- must flag: waits that are not the join of a loop it stopped --------------------------------------------

    [Fact]
    public Task Flags_Dispose_waits_it_did_not_cancel_first_or_on_another_objects_task_in_a_UI_app() => InUiApp(Usings + """
        sealed class Owner
        {
            public Task Loop { get; set; } = Task.CompletedTask;
        }

        sealed class Worker : IDisposable
        {
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            private readonly Owner _owner = new Owner();
            private Task _loop = Task.CompletedTask;
            private Task _flush = Task.CompletedTask;

            public void Start()
            {
                _loop = Task.Run(() => Task.Delay(Timeout.Infinite, _stop.Token));
                _flush = Task.Run(() => Task.Delay(1000));
            }

            public void Dispose()
            {
                [|_loop.Wait()|];
                _flush?[|.Wait(1000)|];
                _stop.Cancel();
                [|_owner.Loop.Wait()|];
                _owner?[|.Loop.Wait()|];
            }

            public void Stop()
            {
                _stop.Cancel();
                [|_loop.Wait()|];
            }
        }
        """).RunAsync();

    [Fact]
    public Task Flags_Dispose_joining_workers_when_the_helper_it_calls_cancels_nothing_of_its_own_in_a_UI_app() => InUiApp(Usings + """
        sealed class Scheduler
        {
            public CancellationTokenSource Stop { get; } = new CancellationTokenSource();
        }

        abstract class QueueBase : IDisposable
        {
            protected readonly Scheduler Shared = new Scheduler();
            private int _disposeState;

            protected bool SignalDispose() => Interlocked.CompareExchange(ref _disposeState, 1, 0) == 0;

            protected void StopShared() => Shared.Stop.Cancel();

            public virtual void Dispose() { }
        }

        sealed class InMemoryQueue : QueueBase
        {
            private readonly List<Task> _workers = new List<Task>();
            private readonly Owner _owner = new Owner();

            public override void Dispose()
            {
                if (!SignalDispose())
                    return;

                StopShared();
                foreach (var worker in _workers)
                    [|worker.Wait(TimeSpan.FromSeconds(5))|];

                foreach (var task in _owner.Tasks)
                    [|task.Wait()|];
            }
        }

        sealed class Owner
        {
            public List<Task> Tasks { get; } = new List<Task>();
        }
        """).RunAsync();
}
