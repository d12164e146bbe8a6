using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW302AsyncVoidDelegateAnalyzer, Threadwise.Fixes.Correctness.TW302AsyncVoidDelegateCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW302AsyncVoidDelegateTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_async_lambda_assigned_to_Action_with_the_message_naming_the_delegate() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            void M()
            {
                Action refresh = {|#0:async () => await Task.Delay(1)|};
                refresh();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("The async lambda is converted to 'Action', which returns void: it runs as async void, nothing awaits it and its exceptions crash the process"));

    [Fact]
    public Task Flags_List_ForEach_with_an_async_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            void Save(List<string> names)
            {
                names.ForEach([|async name => await Task.Delay(name.Length)|]);
            }
        }
        """);

    [Fact]
    public Task Flags_thread_timer_and_thread_pool_callbacks() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            private Timer? _timer;

            void Start()
            {
                var thread = new Thread([|async () => await Task.Delay(1)|]);
                thread.Start();
                ThreadPool.QueueUserWorkItem([|async _ => await Task.Delay(1)|]);
                _timer = new Timer([|async state => await Task.Delay(1)|], null, 0, 1000);
                var task = new Task([|async () => await Task.Delay(1)|]);
            }
        }
        """);

    [Fact]
    public Task Flags_async_void_method_group_and_async_anonymous_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            void Start()
            {
                new Thread({|#0:Run|}).Start();
                Action a = [|async delegate { await Task.Delay(1); }|];
            }

            async void Run() => await Task.Delay(1);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("The async method 'Run' is converted to 'ThreadStart', which returns void: it runs as async void, nothing awaits it and its exceptions crash the process"));

    [Fact]
    public Task Flags_combining_into_a_delegate_field_that_is_not_an_event() => Verify.VerifyAnalyzerAsync(Usings + """
        class Pipeline
        {
            private Action<int>? _steps;

            void Add()
            {
                _steps += [|async n => await Task.Delay(n)|];
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_event_subscriptions() => Verify.VerifyAnalyzerAsync(Usings + """
        class Button
        {
            public event EventHandler? Click;
            public event Action<string>? Renamed;
        }

        class Form
        {
            void Wire(Button button)
            {
                button.Click += async (sender, e) => await Task.Delay(1);
                button.Renamed += async name => await Task.Delay(name.Length);
                button.Click += async delegate { await Task.Delay(1); };
                button.Click += OnClick;
                button.Click -= OnClick;
            }

            async void OnClick(object? sender, EventArgs e) => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Ignores_event_handler_delegates_created_outside_a_subscription() => Verify.VerifyAnalyzerAsync(Usings + """
        static class WeakEvents
        {
            public static void AddHandler(object source, string eventName, EventHandler<EventArgs> handler) { }
        }

        class View
        {
            void Wire(object model)
            {
                WeakEvents.AddHandler(model, "Changed", async (sender, e) => await Task.Delay(1));
                EventHandler handler = new EventHandler(async (sender, e) => await Task.Delay(1));
            }
        }
        """);

    [Fact]
    public Task Ignores_async_lambdas_that_bind_to_Func_of_Task_overloads() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Retry
        {
            public static void Run(Action action) { }
            public static Task Run(Func<Task> action) => action();
        }

        class C
        {
            async Task M()
            {
                await Task.Run(async () => await Task.Delay(1));
                await Task.Run(async () => { await Task.Delay(1); return 1; });
                var outer = Task.Factory.StartNew(async () => await Task.Delay(1));
                await Retry.Run(async () => await Task.Delay(1));
                Func<Task> later = async () => await Task.Delay(1);
                Func<int, Task<int>> twice = async n => { await Task.Yield(); return n * 2; };
            }
        }
        """);

    [Fact]
    public Task Ignores_Parallel_loops_which_are_TW203_s() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            void M(List<string> names)
            {
                Parallel.ForEach(names, async name => await Task.Delay(name.Length));
                Parallel.For(0, 10, async i => await Task.Delay(i));
                Parallel.Invoke(async () => await Task.Delay(1), async () => await Task.Delay(2));
            }
        }
        """);

    [Fact]
    public Task Ignores_non_async_lambdas_and_async_Task_method_groups() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            void M(List<string> names)
            {
                names.ForEach(name => Console.WriteLine(name));
                Action log = () => Console.WriteLine("x");
                Func<Task> refresh = RefreshAsync;
                var thread = new Thread(() => RefreshAsync().GetAwaiter().GetResult());
            }

            async Task RefreshAsync() => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Ignores_async_lambdas_passed_as_Delegate_whose_natural_type_returns_a_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Routes
        {
            public void Map(string pattern, Delegate handler) { }

            void Configure()
            {
                Map("/reports", async () => { await Task.Delay(1); return "ok"; });
                Map("/ping", async () => await Task.Delay(1));
            }
        }
        """);

    // ---- fix ---------------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_turns_ForEach_into_an_awaiting_foreach_loop() => Verify.VerifyCodeFixAsync(Usings + """
        class Store
        {
            async Task SaveAllAsync(List<string> names)
            {
                names.ForEach([|async name =>
                {
                    await Task.Delay(name.Length);
                    Console.WriteLine(name);
                }|]);
            }
        }
        """, Usings + """
        class Store
        {
            async Task SaveAllAsync(List<string> names)
            {
                foreach (var name in names)
                {
                    await Task.Delay(name.Length);
                    Console.WriteLine(name);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_All_rewrites_expression_bodies_and_typed_parameters() => Verify.VerifyCodeFixAsync(Usings + """
        class Store
        {
            async Task SaveAllAsync(List<string> names, List<int> delays)
            {
                names.ForEach([|async (string name) => await Task.Delay(name.Length)|]);
                delays.ForEach([|async d => await Task.Delay(d)|]);
            }
        }
        """, Usings + """
        class Store
        {
            async Task SaveAllAsync(List<string> names, List<int> delays)
            {
                foreach (string name in names)
                {
                    await Task.Delay(name.Length);
                }
                foreach (var d in delays)
                {
                    await Task.Delay(d);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_is_not_offered_in_synchronous_code_or_where_the_body_returns() => Verify.VerifyCodeFixAsync(Usings + """
        class Store
        {
            void SaveAll(List<string> names)
            {
                names.ForEach([|async name => await Task.Delay(name.Length)|]);
            }

            async Task SaveSomeAsync(List<string> names)
            {
                names.ForEach([|async name =>
                {
                    if (name.Length == 0) return;
                    await Task.Delay(name.Length);
                }|]);
            }
        }
        """, Usings + """
        class Store
        {
            void SaveAll(List<string> names)
            {
                names.ForEach([|async name => await Task.Delay(name.Length)|]);
            }

            async Task SaveSomeAsync(List<string> names)
            {
                names.ForEach([|async name =>
                {
                    if (name.Length == 0) return;
                    await Task.Delay(name.Length);
                }|]);
            }
        }
        """);

    // ---- cannot crash: the whole body is a try whose broad catch does not rethrow --------------------------------

    [Fact]
    public Task Ignores_timer_callback_method_group_that_cannot_crash() => Verify.VerifyAnalyzerAsync(Usings + """
        class LeaseRenewer : IDisposable
        {
            private readonly Timer _timer;

            public LeaseRenewer() => _timer = new Timer(OnTick, null, 1000, 1000);

            private async void OnTick(object? state)
            {
                try
                {
                    await RenewAsync();
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine(ex);
                }
            }

            private Task RenewAsync() => Task.Delay(1);

            public void Dispose() => _timer.Dispose();
        }
        """);

    [Fact]
    public Task Ignores_QueueUserWorkItem_and_Action_lambdas_that_cannot_crash() => Verify.VerifyAnalyzerAsync(Usings + """
        class Dispatcher
        {
            private readonly Action<Exception> _log = e => Console.Error.WriteLine(e);

            public void Dispatch(Func<Task> work, List<string> queues)
            {
                ThreadPool.QueueUserWorkItem(async _ =>
                {
                    try
                    {
                        await work();
                    }
                    catch (Exception e)
                    {
                        _log(e);
                    }
                });

                Action drain = async () =>
                {
                    try
                    {
                        await Task.Delay(1);
                    }
                    catch
                    {
                    }
                    finally
                    {
                        queues.Clear();
                    }
                };

                queues.ForEach(async name =>
                {
                    try
                    {
                        await Task.Delay(name.Length);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    catch (Exception e)
                    {
                        _log(e);
                    }
                });
            }
        }
        """);

    [Fact]
    public Task Ignores_thread_start_anonymous_method_that_cannot_crash() => Verify.VerifyAnalyzerAsync(Usings + """
        class Listener
        {
            public void Start()
            {
                var thread = new Thread(async delegate ()
                {
                    try
                    {
                        await Task.Delay(1);
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine(e);
                    }
                });
                thread.Start();
            }
        }
        """);

    [Fact]
    public Task Flags_void_delegates_whose_bodies_can_let_an_exception_out() => Verify.VerifyAnalyzerAsync(Usings + """
        class Dispatcher
        {
            public void Dispatch(Func<Task> work, bool strict)
            {
                ThreadPool.QueueUserWorkItem([|async _ =>
                {
                    try
                    {
                        await work();
                    }
                    catch (System.IO.IOException e)
                    {
                        Console.Error.WriteLine(e);
                    }
                }|]);

                Action rethrows = [|async () =>
                {
                    try
                    {
                        await work();
                    }
                    catch (Exception)
                    {
                        throw;
                    }
                }|];

                Action filtered = [|async () =>
                {
                    try
                    {
                        await work();
                    }
                    catch (Exception) when (!strict)
                    {
                    }
                }|];

                Action outside = [|async () =>
                {
                    await work();
                    try
                    {
                        await work();
                    }
                    catch (Exception)
                    {
                    }
                }|];
            }
        }
        """);

    [Fact]
    public Task Flags_method_group_whose_catch_rethrows() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            private readonly Timer _timer;

            public Poller() => _timer = new Timer([|Poll|], null, 0, 1000);

            private async void Poll(object? state)
            {
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e);
                    throw;
                }
            }
        }
        """);

    // ---- cannot crash, relaxed: every await inside a catch-all try, only non-awaiting code after it --------------

    [Fact]
    public Task Ignores_timer_callback_that_rearms_itself_after_the_guarded_poll() => Verify.VerifyAnalyzerAsync(Usings + """
        class DirectoryMonitor : IDisposable
        {
            private Timer? _timer;

            public void Start() => StartTimer(Poll);

            private void StartTimer(TimerCallback callback) => _timer = new Timer(callback, null, 5000, Timeout.Infinite);

            private async void Poll(object? state)
            {
                try
                {
                    _timer?.Dispose();
                    var listing = await ListAsync();
                    Console.WriteLine(listing.Length + " entries");
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine("poll failed: " + e.Message);
                }

                StartTimer(Poll);
            }

            private Task<string[]> ListAsync() => Task.FromResult(new string[0]);

            public void Dispose() => _timer?.Dispose();
        }
        """);

    [Fact]
    public Task Ignores_work_item_and_Action_lambdas_with_bookkeeping_after_the_guarded_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class JobRunner
        {
            private int _running;

            public void Run(Func<CancellationToken, Task> job, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _running);
                ThreadPool.QueueUserWorkItem(async _ =>
                {
                    try
                    {
                        await job(cancellationToken);
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine(e);
                    }

                    Interlocked.Decrement(ref _running);
                });

                Action drainLoop = async () =>
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        try
                        {
                            await job(cancellationToken);
                        }
                        catch
                        {
                        }
                    }

                    Console.WriteLine("drained");
                };
            }
        }
        """);

    [Fact]
    public Task Ignores_callbacks_with_code_before_their_guarded_awaits() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            private int _reconnects;
            private Task? _reconnectTask;

            public void OnDisconnected(Func<Task> connect)
            {
                _reconnectTask = Task.Run(ReconnectLoop);
                ThreadPool.QueueUserWorkItem(async _ =>
                {
                    var attempt = Interlocked.Increment(ref _reconnects);
                    Console.WriteLine("attempt " + attempt);
                    try
                    {
                        await connect();
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine(e);
                    }
                });
            }

            private async void ReconnectLoop()
            {
                Console.WriteLine("reconnect loop started");
                try
                {
                    await Task.Delay(1000);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_callbacks_with_code_before_an_unguarded_await() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            public void OnDisconnected(Func<Task> connect)
            {
                ThreadPool.QueueUserWorkItem([|async _ =>
                {
                    Console.WriteLine("reconnecting");
                    await connect();
                    try
                    {
                        await connect();
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine(e);
                    }
                }|]);
            }
        }
        """);

    [Fact]
    public Task Flags_void_delegates_that_await_outside_the_guarded_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class JobRunner
        {
            public void Run(Func<Task> job)
            {
                ThreadPool.QueueUserWorkItem([|async _ =>
                {
                    try
                    {
                        await job();
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine(e);
                    }

                    await job();
                }|]);

                Action reports = [|async () =>
                {
                    try
                    {
                        await job();
                    }
                    catch (Exception e)
                    {
                        await ReportAsync(e);
                    }
                }|];
            }

            private static Task ReportAsync(Exception e) => Task.CompletedTask;
        }
        """);
}
