using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW303StartNewWithAsyncDelegateAnalyzer, Threadwise.Fixes.Correctness.TW303StartNewWithAsyncDelegateCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW303StartNewWithAsyncDelegateTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_StartNew_with_an_async_lambda_with_the_message_naming_the_type() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            async Task ImportAsync()
            {
                await {|#0:Task.Factory.StartNew(async () => await Task.Delay(100))|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'StartNew' with an async lambda returns 'Task<Task>': the outer task completes at the delegate's first await, not when its work ends; use Task.Run or Unwrap"));

    [Fact]
    public Task Flags_StartNew_LongRunning_with_an_async_lambda_returning_a_value() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            Task<Task<int>> Start()
            {
                return [|Task.Factory.StartNew(async () => { await Task.Delay(100); return 1; }, TaskCreationOptions.LongRunning)|];
            }
        }
        """);

    [Fact]
    public Task Flags_StartNew_with_a_task_returning_method_group_or_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            private Task? _pump;

            async Task StartAsync()
            {
                _pump = {|#0:Task.Factory.StartNew(PumpAsync)|};
                await [|Task.Factory.StartNew(() => PumpAsync())|];
            }

            Task PumpAsync() => Task.Delay(1);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'StartNew' with method 'PumpAsync' returns 'Task<Task>': the outer task completes at the delegate's first await, not when its work ends; use Task.Run or Unwrap"));

    [Fact]
    public Task Flags_StartNew_on_a_custom_TaskFactory() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            private readonly TaskFactory _factory = new TaskFactory(TaskScheduler.Default);

            async Task ImportAsync()
            {
                await [|_factory.StartNew(async () => await Task.Delay(1))|];
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_StartNew_whose_result_is_unwrapped() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            async Task ImportAsync()
            {
                await Task.Factory.StartNew(async () => await Task.Delay(1)).Unwrap();
                await TaskExtensions.Unwrap(Task.Factory.StartNew(async () => await Task.Delay(1)));
                await await Task.Factory.StartNew(async () => await Task.Delay(1));
                await (await Task.Factory.StartNew(async () => await Task.Delay(1)).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Ignores_StartNew_whose_outer_task_is_stored_in_a_local_and_only_unwrapped() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ConcurrentStream
        {
            private Task? _watcherTask;

            private void Initial()
            {
                Task<Task> task = Task.Factory.StartNew(
                    function: Watcher,
                    cancellationToken: CancellationToken.None,
                    creationOptions: TaskCreationOptions.LongRunning,
                    scheduler: TaskScheduler.Default);

                _watcherTask = task.Unwrap();
            }

            private async Task Watcher() => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Flags_StartNew_whose_local_is_also_used_without_unwrapping() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ConcurrentStream
        {
            private Task? _watcherTask;
            private Task? _outer;

            private void Initial()
            {
                Task<Task> task = [|Task.Factory.StartNew(Watcher, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)|];
                _watcherTask = task.Unwrap();
                _outer = task;
            }

            private async Task Watcher() => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Ignores_StartNew_whose_inner_task_is_stored_and_waited_for_by_hand() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ExclusiveTimer : IDisposable
        {
            private readonly TaskFactory _factory = new TaskFactory(new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler);
            private Task? _loop;
            private bool _disposed;

            public void Dispose()
            {
                // Hop onto the exclusive scheduler to stop, then wait for the loop it hands back.
                var task = _factory.StartNew(() =>
                {
                    _disposed = true;
                    return _loop;
                }).GetAwaiter().GetResult();

                task?.GetAwaiter().GetResult();
            }

            public void Stop()
            {
                var inner = _factory.StartNew(() => _loop ?? Task.CompletedTask).Result;
                inner.Wait();
            }

            public async Task DrainAsync()
            {
                var inner = await _factory.StartNew(async () => await Task.Delay(1));
                await inner;
            }
        }
        """);

    [Fact]
    public Task Flags_StartNew_whose_stored_inner_task_nobody_waits_for() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Pump
        {
            private readonly TaskFactory _factory = new TaskFactory(TaskScheduler.Default);

            public int Start()
            {
                var inner = [|_factory.StartNew(async () => await Task.Delay(1))|].Result;
                return inner.Id;
            }

            public async Task<int> StartAsync()
            {
                var inner = await [|Task.Factory.StartNew(async () => await Task.Delay(1))|];
                return inner.Id;
            }
        }
        """);

    [Fact]
    public Task Ignores_StartNew_with_synchronous_work() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            async Task<int> ImportAsync(CancellationToken cancellationToken)
            {
                await Task.Factory.StartNew(() => Compute(), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                return await Task.Factory.StartNew(() => Compute());
            }

            static int Compute() => 42;
        }
        """);

    [Fact]
    public Task Ignores_Task_Run_with_an_async_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            async Task ImportAsync()
            {
                await Task.Run(async () => await Task.Delay(1));
                var n = await Task.Run(async () => { await Task.Delay(1); return 1; });
            }
        }
        """);

    [Fact]
    public Task Ignores_StartNew_with_a_lambda_that_does_not_return_a_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            void Start(Task previous)
            {
                Task.Factory.StartNew(() => previous.Wait());
                Task.Factory.StartNew(state => Console.WriteLine(state), "x");
            }
        }
        """);

    [Fact]
    public Task Ignores_ContinueWith_which_is_not_StartNew() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            async Task ImportAsync(Task first)
            {
                await first.ContinueWith(t => Task.Delay(1)).Unwrap();
            }
        }
        """);

    // ---- discarded outer task, StartNew chosen for what Task.Run cannot give --------------------------------------

    [Fact]
    public Task Ignores_discarded_accept_loop_handler_started_with_PreferFairness() => Verify.VerifyAnalyzerAsync(Usings + """
        class BrokerListener
        {
            private readonly Queue<object> _pending = new();

            public async Task AcceptLoopAsync(CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var connection = await AcceptAsync(cancellationToken).ConfigureAwait(false);
                    _ = Task.Factory.StartNew(() => HandleConnectionAsync(connection), cancellationToken, TaskCreationOptions.PreferFairness, TaskScheduler.Default).ConfigureAwait(false);
                }
            }

            private Task<object> AcceptAsync(CancellationToken cancellationToken) => Task.FromResult(new object());

            private async Task HandleConnectionAsync(object connection)
            {
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_send_loop_started_as_a_statement_on_its_own_scheduler() => Verify.VerifyAnalyzerAsync(Usings + """
        class SessionPump
        {
            private readonly TaskScheduler _scheduler;
            private readonly TaskFactory _factory;

            public SessionPump(TaskScheduler scheduler)
            {
                _scheduler = scheduler;
                _factory = new TaskFactory(scheduler);
            }

            public void Start(CancellationToken cancellationToken)
            {
                Task.Factory.StartNew(async () => await SendLoopAsync(cancellationToken), cancellationToken, TaskCreationOptions.None, _scheduler);
                _ = _factory.StartNew(() => ReceiveLoopAsync(cancellationToken));
                Task.Factory.StartNew(async () => await SendLoopAsync(cancellationToken), cancellationToken, TaskCreationOptions.PreferFairness | TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            private Task SendLoopAsync(CancellationToken cancellationToken) => Task.Delay(1, cancellationToken);

            private Task ReceiveLoopAsync(CancellationToken cancellationToken) => Task.Delay(1, cancellationToken);
        }
        """);

    [Fact]
    public Task Ignores_discarded_start_with_a_state_object_or_hidden_scheduler() => Verify.VerifyAnalyzerAsync(Usings + """
        class RetryScheduler
        {
            public void Schedule(int attempt, CancellationToken cancellationToken)
            {
                _ = Task.Factory.StartNew(async state => await Task.Delay((int)state!), attempt * 100);
                _ = Task.Factory.StartNew(async () => await Task.Delay(attempt), cancellationToken, TaskCreationOptions.HideScheduler, TaskScheduler.Default);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_start_nobody_observes_that_does_not_ask_for_LongRunning() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class MessageBus
        {
            private readonly CancellationTokenSource _disposed = new CancellationTokenSource();

            // A delayed send: nothing waits for it, and the body logs its own failures.
            public void PublishLater(string message, TimeSpan delay)
            {
                Task.Factory.StartNew(async () =>
                {
                    await Task.Delay(delay, _disposed.Token);
                    try { await SendAsync(message); } catch (Exception e) { Console.Error.WriteLine(e); }
                }, _disposed.Token);
            }

            public void Warm()
            {
                _ = Task.Factory.StartNew(() => SendAsync("ping"));
                _ = Task.Factory.StartNew(async () => await SendAsync("ping")).ConfigureAwait(false);
            }

            private Task SendAsync(string message) => Task.Delay(message.Length);
        }
        """);

    [Fact]
    public Task Ignores_a_watcher_started_into_a_using_local_that_nothing_reads() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Downloader
        {
            public async Task<int> DownloadAsync(Func<bool> shouldStop, CancellationTokenSource cts)
            {
                // Watch for a stop request while the download runs.
                using var watcher = Task.Factory.StartNew(async () =>
                {
                    while (!cts.IsCancellationRequested)
                    {
                        if (shouldStop()) { cts.Cancel(); break; }
                        await Task.Delay(500);
                    }
                });

                using (var second = Task.Factory.StartNew(async () => await Task.Delay(1)))
                {
                    await Task.Delay(10, cts.Token);
                }

                await Task.Delay(100, cts.Token);
                return 1;
            }
        }
        """);

    // puppeteer-sharp's transports, eShop's event bus, Papercut's SMTP server: LongRunning asked for a receive loop that
    // only awaits; the dedicated thread ends at the first await and nothing that follows needs it.
    [Fact]
    public Task Ignores_an_unobserved_LongRunning_start_of_work_that_only_awaits() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Transport
        {
            private readonly System.IO.Stream _pipe = System.IO.Stream.Null;
            private readonly CancellationTokenSource _readCts = new CancellationTokenSource();

            public void Start()
            {
                Task.Factory.StartNew(
                    () => ReceiveLoopAsync(_readCts.Token),
                    _readCts.Token,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default);

                _ = Task.Factory.StartNew(async () =>
                {
                    try
                    {
                        await ConnectAsync();
                    }
                    catch (Exception ex)
                    {
                        Console.Error.WriteLine(ex.Message);
                    }
                }, TaskCreationOptions.LongRunning);

                Task.Factory.StartNew(ReceiveLoopAsync2, TaskCreationOptions.LongRunning);
            }

            private async Task ReceiveLoopAsync(CancellationToken token)
            {
                var buffer = new byte[4096];
                while (!token.IsCancellationRequested)
                {
                    var read = await _pipe.ReadAsync(buffer, 0, buffer.Length, token).ConfigureAwait(false);
                    Dispatch(buffer, read);
                }
            }

            private Task ReceiveLoopAsync2() => ReceiveLoopAsync(_readCts.Token);

            private Task ConnectAsync() => Task.Delay(1);

            private static void Dispatch(byte[] buffer, int count) => Array.Clear(buffer, 0, count);
        }
        """);

    // The same starts whose work blocks after its first await, in the lambda or in a helper it calls.
    [Fact]
    public Task Flags_an_unobserved_LongRunning_start_of_work_that_blocks() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Consumer
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(0);

            public void Start()
            {
                _ = [|Task.Factory.StartNew(async () =>
                {
                    await Task.Delay(1);
                    while (!_cts.IsCancellationRequested)
                    {
                        Poll();
                    }
                }, _cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)|];

                [|Task.Factory.StartNew(ListenAsync, TaskCreationOptions.LongRunning)|];
            }

            private async Task ListenAsync()
            {
                await Task.Yield();
                _gate.Wait(_cts.Token);
            }

            private void Poll() => Thread.Sleep(100);
        }
        """);

    [Fact]
    public Task Flags_a_using_local_that_is_read_and_an_unobserved_LongRunning_start() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Consumers
        {
            public async Task RunAsync(CancellationToken cancellationToken)
            {
                using var watcher = [|Task.Factory.StartNew(async () => await Task.Delay(500))|];
                await watcher;

                // The transport's listen loop believes it has a thread of its own; it loses it at the first await.
                _ = [|Task.Factory.StartNew(async () =>
                {
                    await Task.Delay(1, cancellationToken);
                    while (!cancellationToken.IsCancellationRequested) Thread.Sleep(10);
                }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)|];
            }
        }
        """);

    [Fact]
    public Task Flags_PreferFairness_start_whose_outer_task_is_awaited_stored_or_returned() => Verify.VerifyAnalyzerAsync(Usings + """
        class BrokerListener
        {
            private Task? _sendLoop;

            public async Task RunAsync(CancellationToken cancellationToken)
            {
                await [|Task.Factory.StartNew(() => PumpAsync(cancellationToken), cancellationToken, TaskCreationOptions.PreferFairness, TaskScheduler.Default)|];
                _sendLoop = [|Task.Factory.StartNew(() => PumpAsync(cancellationToken), cancellationToken, TaskCreationOptions.PreferFairness, TaskScheduler.Default)|];
            }

            public Task StartAsync(CancellationToken cancellationToken) =>
                [|Task.Factory.StartNew(() => PumpAsync(cancellationToken), cancellationToken, TaskCreationOptions.PreferFairness, TaskScheduler.Default)|];

            private Task PumpAsync(CancellationToken cancellationToken) => Task.Delay(1, cancellationToken);
        }
        """);

    [Fact]
    public Task Flags_PreferFairness_start_passed_on_or_continued() => Verify.VerifyAnalyzerAsync(Usings + """
        class Supervisor
        {
            private readonly List<Task> _workers = new();

            public void Start(CancellationToken cancellationToken)
            {
                _workers.Add([|Task.Factory.StartNew(() => WorkAsync(cancellationToken), cancellationToken, TaskCreationOptions.PreferFairness, TaskScheduler.Default)|]);
                _ = [|Task.Factory.StartNew(() => WorkAsync(cancellationToken), cancellationToken, TaskCreationOptions.PreferFairness, TaskScheduler.Default)|]
                    .ContinueWith(t => Console.Error.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
            }

            private Task WorkAsync(CancellationToken cancellationToken) => Task.Delay(1, cancellationToken);
        }
        """);

    // ---- fix ---------------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_uses_Task_Run_for_default_options() => Verify.VerifyCodeFixAsync(Usings + """
        class Importer
        {
            async Task ImportAsync()
            {
                await [|Task.Factory.StartNew(async () =>
                {
                    await Task.Delay(100);
                })|];
            }
        }
        """, Usings + """
        class Importer
        {
            async Task ImportAsync()
            {
                await Task.Run(async () =>
                {
                    await Task.Delay(100);
                });
            }
        }
        """);

    [Fact]
    public Task Fix_All_keeps_the_token_and_drops_LongRunning_and_the_default_scheduler() => Verify.VerifyCodeFixAsync(Usings + """
        class Importer
        {
            Task Start(CancellationToken cancellationToken)
            {
                _ = [|Task.Factory.StartNew(async () => { await Task.Delay(1); Thread.Sleep(1); }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)|];
                [|Task.Factory.StartNew(async () => { await Task.Delay(2); Thread.Sleep(2); }, TaskCreationOptions.LongRunning)|];
                return [|Task.Factory.StartNew(async () => await Task.Delay(3), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)|];
            }
        }
        """, Usings + """
        class Importer
        {
            Task Start(CancellationToken cancellationToken)
            {
                _ = Task.Run(async () => { await Task.Delay(1); Thread.Sleep(1); }, cancellationToken);
                Task.Run(async () => { await Task.Delay(2); Thread.Sleep(2); });
                return Task.Run(async () => await Task.Delay(3), cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Fix_uses_Task_Run_for_a_method_group() => Verify.VerifyCodeFixAsync(Usings + """
        class Importer
        {
            async Task StartAsync()
            {
                await [|Task.Factory.StartNew(PumpAsync)|];
            }

            Task PumpAsync() => Task.Delay(1);
        }
        """, Usings + """
        class Importer
        {
            async Task StartAsync()
            {
                await Task.Run(PumpAsync);
            }

            Task PumpAsync() => Task.Delay(1);
        }
        """);

    [Fact]
    public Task Fix_unwraps_where_the_scheduler_or_a_state_object_matters() => Verify.VerifyCodeFixAsync(Usings + """
        class Importer
        {
            private readonly TaskScheduler _ui = TaskScheduler.Current;

            async Task ImportAsync(CancellationToken cancellationToken)
            {
                await [|Task.Factory.StartNew(async () => await Task.Delay(1), cancellationToken, TaskCreationOptions.None, _ui)|];
                await [|Task.Factory.StartNew(async state => await Task.Delay((int)state!), 5)|];
            }
        }
        """, Usings + """
        class Importer
        {
            private readonly TaskScheduler _ui = TaskScheduler.Current;

            async Task ImportAsync(CancellationToken cancellationToken)
            {
                await Task.Factory.StartNew(async () => await Task.Delay(1), cancellationToken, TaskCreationOptions.None, _ui).Unwrap();
                await Task.Factory.StartNew(async state => await Task.Delay((int)state!), 5).Unwrap();
            }
        }
        """);

    [Fact]
    public Task Fix_is_not_offered_where_the_result_is_used_as_Task_of_Task() => Verify.VerifyCodeFixAsync(Usings + """
        class Importer
        {
            async Task ImportAsync()
            {
                var outer = [|Task.Factory.StartNew(async () => await Task.Delay(1))|];
                await outer.Result;
            }
        }
        """, Usings + """
        class Importer
        {
            async Task ImportAsync()
            {
                var outer = [|Task.Factory.StartNew(async () => await Task.Delay(1))|];
                await outer.Result;
            }
        }
        """);
}
