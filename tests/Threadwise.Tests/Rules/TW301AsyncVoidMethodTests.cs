using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW301AsyncVoidMethodAnalyzer, Threadwise.Fixes.Correctness.TW301AsyncVoidMethodCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW301AsyncVoidMethodTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_async_void_method_with_the_message_naming_it() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            public void Start() => Refresh();

            private async void {|#0:Refresh|}()
            {
                await Task.Delay(100);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'Refresh' is async void: callers cannot await it or see its exceptions, which crash the process; return Task"));

    [Fact]
    public Task Flags_async_void_with_parameters_that_are_not_an_event_pattern() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            public async void [|Save|](string path, CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
            }

            public static async void [|Log|](string category, string message)
            {
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Flags_async_void_local_function() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            void M()
            {
                Load();

                async void [|Load|]()
                {
                    await Task.Delay(1);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_async_void_used_as_a_method_group_for_Action_without_a_fix() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            private Action _onTick;

            C() { _onTick = Tick; }

            private async void [|Tick|]()
            {
                await Task.Delay(1);
            }
        }
        """, Usings + """
        class C
        {
            private Action _onTick;

            C() { _onTick = Tick; }

            private async void [|Tick|]()
            {
                await Task.Delay(1);
            }
        }
        """);

    [Fact]
    public Task Flags_async_void_test_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class FactAttribute : Attribute { }

        class Tests
        {
            [Fact]
            public async void [|Loads_the_report|]()
            {
                await Task.Delay(1);
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_event_handler_signatures() => Verify.VerifyAnalyzerAsync(Usings + """
        class RoutedEventArgs : EventArgs { }

        class Window
        {
            private async void OnLoaded(object sender, RoutedEventArgs e) => await Task.Delay(1);

            private async void Button_Click(object? sender, EventArgs e) => await Task.Delay(1);

            private async void OnPropertyChanged(object sender, PropertyChangedEventArgs e) => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Ignores_WinUI_style_handlers_whose_arguments_do_not_derive_from_EventArgs() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace Microsoft.UI.Xaml
        {
            public class RoutedEventArgs { }
        }

        namespace App
        {
            using Microsoft.UI.Xaml;

            class NavigationView { }
            class NavigationViewItemInvokedEventArgs { }

            sealed partial class MainPage
            {
                private async void Page_Loaded(object sender, RoutedEventArgs e) => await Task.Delay(1);

                private async void Nav_ItemInvoked(NavigationView sender, NavigationViewItemInvokedEventArgs args) => await Task.Delay(1);

                private async void Window_SizeChanged(object sender, object args) => await Task.Delay(1);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_method_subscribed_to_an_event_with_a_custom_delegate() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            public event Action? Reconnected;
            public event Action<Connection, object>? StatusChanged;
        }

        class Client
        {
            private readonly Connection _connection = new Connection();

            public Client()
            {
                _connection.Reconnected += OnReconnected;
                _connection.StatusChanged += OnStatusChanged;
            }

            public void Dispose() => _connection.Reconnected -= OnReconnected;

            private async void OnReconnected() => await Task.Delay(1);

            private async void OnStatusChanged(Connection sender, object args) => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Ignores_a_method_subscribed_to_an_event_from_a_nested_type() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            public event Action? Closed;
        }

        class Client
        {
            private async void OnClosed() => await Task.Delay(1);

            private sealed class Subscriber
            {
                public Subscriber(Client client, Connection connection) => connection.Closed += client.OnClosed;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_public_method_subscribed_to_an_event_by_another_type() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            public event Action<string>? MessageReceived;
        }

        class Presenter
        {
            public async void OnMessageReceived(string message) => await Task.Delay(message.Length);
        }

        class Shell
        {
            public Shell(Connection connection, Presenter presenter) => connection.MessageReceived += presenter.OnMessageReceived;
        }
        """);

    [Fact]
    public Task Ignores_a_method_subscribed_by_another_type_through_a_delegate_creation_as_designers_write_it() => Verify.VerifyAnalyzerAsync(Usings + """
        class Timer
        {
            public event EventHandler? Tick;
            public event Action? Stopped;
        }

        class Presenter
        {
            public async void OnTick() => await Task.Delay(1);

            public async void OnStopped() => await Task.Delay(2);
        }

        class Shell
        {
            public Shell(Timer timer, Presenter presenter)
            {
                timer.Tick += new EventHandler((s, e) => presenter.OnTick());
                timer.Stopped += new Action(presenter.OnStopped);
                timer.Stopped-=presenter.OnTick;
            }
        }
        """);

    [Fact]
    public Task Flags_a_method_whose_subscription_is_only_in_a_comment_or_a_string() => Verify.VerifyAnalyzerAsync(Usings + """
        class Timer
        {
            public event Action? Tick;
        }

        class Presenter
        {
            public async void [|OnTick|]() => await Task.Delay(1);
        }

        class Shell
        {
            // timer.Tick += presenter.OnTick;
            public Shell(Timer timer, Presenter presenter)
            {
                Console.WriteLine("timer.Tick += OnTick");
                Console.WriteLine($"{timer} -= {presenter}");
            }
        }
        """);

    [Fact]
    public Task Ignores_a_local_function_subscribed_to_an_event() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            public event Action? Closed;
        }

        class C
        {
            void M(Connection connection)
            {
                connection.Closed += OnClosed;

                async void OnClosed()
                {
                    await Task.Delay(1);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_overrides_whose_signature_is_the_base_class_s() => Verify.VerifyAnalyzerAsync(Usings + """
        abstract class Page
        {
            protected virtual void OnAppearing() { }
        }

        class ReportPage : Page
        {
            protected override async void OnAppearing()
            {
                base.OnAppearing();
                await Task.Delay(1);
            }
        }
        """);

    [Fact]
    public Task Ignores_interface_implementations_whose_signature_is_the_interface_s() => Verify.VerifyAnalyzerAsync(Usings + """
        interface ICommand
        {
            void Execute(object? parameter);
        }

        class SaveCommand : ICommand
        {
            public async void Execute(object? parameter) => await Task.Delay(1);
        }

        class LoadCommand : ICommand
        {
            async void ICommand.Execute(object? parameter) => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Ignores_async_Task_methods_and_non_async_void_methods() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            public async Task RefreshAsync() => await Task.Delay(1);

            public async ValueTask<int> CountAsync() { await Task.Yield(); return 1; }

            public void Start() => _ = RefreshAsync();
        }
        """);

    [Fact]
    public Task Ignores_async_void_lambdas_which_are_TW302_s() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            void M()
            {
                Action a = async () => await Task.Delay(1);
            }
        }
        """);

    // ---- fix ---------------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_returns_Task() => Verify.VerifyCodeFixAsync(Usings + """
        class Cache
        {
            public void Start()
            {
                Refresh();
            }

            /// <summary>Reloads.</summary>
            private async void [|Refresh|]()
            {
                await Task.Delay(100);
            }
        }
        """, Usings + """
        class Cache
        {
            public void Start()
            {
                Refresh();
            }

            /// <summary>Reloads.</summary>
            private async Task Refresh()
            {
                await Task.Delay(100);
            }
        }
        """);

    [Fact]
    public Task Fix_adds_the_using_for_Task() => Verify.VerifyCodeFixAsync("""
        class Cache
        {
            public async void [|Refresh|]()
            {
                await System.Threading.Tasks.Task.Delay(100);
            }
        }
        """, """
        using System.Threading.Tasks;

        class Cache
        {
            public async Task Refresh()
            {
                await System.Threading.Tasks.Task.Delay(100);
            }
        }
        """);

    [Fact]
    public Task Fix_All_fixes_methods_and_local_functions() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            public static async void [|Save|](string path) => await Task.Delay(1);

            void M()
            {
                Load();
                Save("a");

                async void [|Load|]()
                {
                    await Task.Delay(1);
                }
            }
        }
        """, Usings + """
        class C
        {
            public static async Task Save(string path) => await Task.Delay(1);

            void M()
            {
                Load();
                Save("a");

                async Task Load()
                {
                    await Task.Delay(1);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_is_not_offered_when_another_type_uses_the_method_as_a_method_group() => Verify.VerifyCodeFixAsync(Usings + """
        class Worker
        {
            public async void [|Run|]()
            {
                await Task.Delay(1);
            }
        }

        class Host
        {
            void Start(Worker worker) => new Thread(worker.Run).Start();
        }
        """, Usings + """
        class Worker
        {
            public async void [|Run|]()
            {
                await Task.Delay(1);
            }
        }

        class Host
        {
            void Start(Worker worker) => new Thread(worker.Run).Start();
        }
        """);

    // nats.net's ping timer: its callers run under a lock in async methods, so they cannot await it, and with Task
    // returned each call is CS4014, an error where warnings are.
    private const string PingTimerUnderLock = """
        class Connection
        {
            private readonly object _gate = new object();

            public async Task ConnectAsync(CancellationToken token)
            {
                await Task.Delay(1, token);
                lock (_gate)
                {
                    StartPingTimer(token);
                }
            }

            public async Task ReconnectAsync(CancellationToken token)
            {
                await Task.Delay(1, token);
                lock (_gate)
                {
                    StartPingTimer(token);
                }
            }

            private async void [|StartPingTimer|](CancellationToken token)
            {
                Console.WriteLine("starting");
                await Task.Delay(1000, token);
            }
        }
        """;

    [Fact]
    public Task Fix_All_leaves_a_method_whose_task_a_caller_in_an_async_method_would_drop() => new Verify.Test
    {
        // The single fix is offered and says so; Fix All leaves the method as it is.
        TestCode = Usings + PingTimerUnderLock,
        FixedCode = Usings + PingTimerUnderLock.Replace("private async void [|StartPingTimer|]", "private async Task StartPingTimer"),
        BatchFixedCode = Usings + PingTimerUnderLock,
        CodeActionTitle = "Return Task (2 callers must then await it)",
    }.RunAsync();

    [Fact]
    public Task Fix_All_changes_a_method_called_from_sync_code_and_awaited_or_assigned_in_async_code() => Verify.VerifyCodeFixAsync(Usings + """
        class Cache
        {
            public void Start() => Refresh();

            public async Task ReloadAsync()
            {
                await Task.Yield();
                Action later = () => Refresh();
                later();
            }

            private async void [|Refresh|]()
            {
                await Task.Delay(100);
            }
        }
        """, Usings + """
        class Cache
        {
            public void Start() => Refresh();

            public async Task ReloadAsync()
            {
                await Task.Yield();
                Action later = () => Refresh();
                later();
            }

            private async Task Refresh()
            {
                await Task.Delay(100);
            }
        }
        """);

    // ---- cannot crash: the whole body is a try whose broad catch does not rethrow --------------------------------

    [Fact]
    public Task Ignores_timer_callback_whose_whole_body_is_a_try_with_a_catch_of_Exception() => Verify.VerifyAnalyzerAsync(Usings + """
        class MetricsReporter : IDisposable
        {
            private readonly Timer _timer;
            private readonly Action<Exception> _log;

            public MetricsReporter(Action<Exception> log)
            {
                _log = log;
                _timer = new Timer(OnTick, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
            }

            private async void OnTick(object? state)
            {
                try
                {
                    await FlushAsync();
                }
                catch (Exception ex)
                {
                    _log(ex);
                }
            }

            private Task FlushAsync() => Task.Delay(1);

            public void Dispose() => _timer.Dispose();
        }
        """);

    [Fact]
    public Task Ignores_message_pump_handler_with_a_catch_all_and_a_finally() => Verify.VerifyAnalyzerAsync(Usings + """
        class Consumer
        {
            private readonly SemaphoreSlim _gate = new(1);
            private int _failures;

            public void Deliver(byte[] body) => Handle(body);

            private async void Handle(byte[] body)
            {
                try
                {
                    await _gate.WaitAsync();
                    await ProcessAsync(body);
                }
                catch (OperationCanceledException)
                {
                }
                catch
                {
                    Interlocked.Increment(ref _failures);
                }
                finally
                {
                    _gate.Release();
                }
            }

            private Task ProcessAsync(byte[] body) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Ignores_reconnect_loop_local_function_and_System_Exception_written_in_full() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            public event Action<string>? Failed;

            public void OnDisconnected()
            {
                Reconnect();

                async void Reconnect()
                {
                    try
                    {
                        await Task.Delay(1000);
                        await OpenAsync();
                    }
                    catch (System.Exception e) when (e is TimeoutException)
                    {
                        Failed?.Invoke("timeout");
                    }
                    catch (System.Exception e)
                    {
                        Failed?.Invoke(e.Message);
                    }
                }
            }

            private Task OpenAsync() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Ignores_contained_body_that_throws_only_inside_a_nested_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            public void Start() => Poll();

            private async void Poll()
            {
                try
                {
                    await Task.Delay(10);
                }
                catch (Exception e)
                {
                    Func<Exception> wrap = () => throw new InvalidOperationException("poll", e);
                    Console.Error.WriteLine(e);
                }
            }
        }
        """);

    // Remotely's Forget helper: the handler's own await is inside a try that swallows everything again.
    [Fact]
    public Task Ignores_a_catch_whose_await_is_guarded_by_a_try_of_its_own() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TaskExtensions
        {
            public static async void Forget(this Task task, Func<Exception, Task> exceptionHandler = null)
            {
                try
                {
                    await task;
                }
                catch (Exception ex)
                {
                    if (exceptionHandler is null)
                    {
                        return;
                    }

                    try
                    {
                        await exceptionHandler(ex);
                    }
                    catch { }
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_catch_whose_await_is_outside_a_guard_of_its_own() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TaskExtensions
        {
            public static async void {|#0:Forget|}(this Task task, Func<Exception, Task> exceptionHandler)
            {
                try
                {
                    await task;
                }
                catch (Exception ex)
                {
                    try
                    {
                        await exceptionHandler(ex);
                    }
                    catch (InvalidOperationException) { }

                    await exceptionHandler(ex);
                }
            }

            public static async void {|#1:Report|}(this Task task, Func<Exception, Task> exceptionHandler)
            {
                try
                {
                    await task;
                }
                catch (Exception ex)
                {
                    try
                    {
                        await exceptionHandler(ex);
                    }
                    catch (InvalidOperationException) { }
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Forget"),
        Verify.Diagnostic().WithLocation(1).WithArguments("Report"));

    [Fact]
    public Task Flags_async_void_whose_try_catches_only_a_narrower_type() => Verify.VerifyAnalyzerAsync(Usings + """
        class Uploader
        {
            public void Start() => Upload();

            private async void [|Upload|]()
            {
                try
                {
                    await Task.Delay(1);
                }
                catch (System.IO.IOException e)
                {
                    Console.Error.WriteLine(e);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_async_void_whose_catch_rethrows_or_throws_a_new_exception() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            public void Start()
            {
                Rethrow();
                Wrap();
            }

            private async void [|Rethrow|]()
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

            private async void [|Wrap|]()
            {
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception e)
                {
                    if (e is OutOfMemoryException)
                    {
                        throw new InvalidOperationException("wrapped", e);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Flags_async_void_whose_only_broad_catch_has_a_filter() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            private bool _running;

            public void Start() => Run();

            private async void [|Run|]()
            {
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception e) when (_running)
                {
                    Console.Error.WriteLine(e);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_async_void_with_statements_outside_the_try_or_a_throwing_finally() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            private string? _name;

            public void Start()
            {
                Before();
                After();
                Finally();
            }

            private async void [|Before|]()
            {
                var length = _name!.Length;
                try
                {
                    await Task.Delay(length);
                }
                catch (Exception)
                {
                }
            }

            private async void [|After|]()
            {
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception)
                {
                }

                await Task.Delay(2);
            }

            private async void [|Finally|]()
            {
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception)
                {
                }
                finally
                {
                    if (_name is null)
                    {
                        throw new ObjectDisposedException("worker");
                    }
                }
            }
        }
        """);

    // ---- runs only as a callback: code before the first guarded await throws where a synchronous callback's would --

    [Fact]
    public Task Ignores_reconnect_loop_started_only_by_Task_Run_that_logs_before_its_guarded_loop() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            private readonly Action<string> _log;
            private int _reconnects;
            private Task? _reconnectTask;

            public Connection(Action<string> log) => _log = log;

            public void OnDisconnected()
            {
                _reconnectTask = Task.Run(ReconnectLoop);
            }

            private async void ReconnectLoop()
            {
                var attempt = Interlocked.Increment(ref _reconnects);
                _log("reconnect loop started " + attempt);
                try
                {
                    while (true)
                    {
                        await Task.Delay(1000);
                        if (await TryConnectAsync())
                        {
                            return;
                        }
                    }
                }
                catch (Exception e)
                {
                    _log(e.Message);
                }
            }

            private Task<bool> TryConnectAsync() => Task.FromResult(true);
        }
        """);

    [Fact]
    public Task Ignores_timer_tick_called_only_from_its_callback_lambda_after_a_reentrancy_check() => Verify.VerifyAnalyzerAsync(Usings + """
        class PeriodicTask : IDisposable
        {
            private readonly object _tickLock = new object();
            private readonly Func<Task> _action;
            private readonly Timer _timer;
            private volatile bool _executing;

            public PeriodicTask(Func<Task> action)
            {
                _action = action;
                _timer = new Timer(_ => Tick(), null, 1000, 1000);
            }

            private async void Tick()
            {
                if (_executing) return;

                lock (_tickLock)
                {
                    if (_executing) return;
                    _executing = true;
                }

                try
                {
                    await _action();
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e);
                }
                finally
                {
                    _executing = false;
                }
            }

            public void Dispose() => _timer.Dispose();
        }
        """);

    [Fact]
    public Task Ignores_pipe_server_loop_and_local_function_started_only_as_delegates() => Verify.VerifyAnalyzerAsync(Usings + """
        class IpcServer
        {
            private readonly System.IO.Stream _pipe;
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public IpcServer(System.IO.Stream pipe)
            {
                _pipe = pipe;
                Task.Run(StartServer);
            }

            private async void StartServer()
            {
                using var reader = new System.IO.StreamReader(_pipe);
                while (!_cts.IsCancellationRequested)
                {
                    try
                    {
                        var line = await reader.ReadLineAsync();
                        Console.WriteLine(line);
                    }
                    catch
                    {
                    }
                }
            }

            public void Watch(Func<Task> poll)
            {
                var timer = new Timer(_ => Poll(), null, 0, 500);

                async void Poll()
                {
                    var started = DateTime.UtcNow;
                    try
                    {
                        await poll();
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine(e + " after " + (DateTime.UtcNow - started));
                    }
                }
            }
        }
        """);

    // SuperSocket's UDP receive loop: only a plain null check and assignment run before the guarded loop.
    [Fact]
    public Task Ignores_a_guarded_loop_after_a_plain_check_that_cannot_throw() => Verify.VerifyAnalyzerAsync(Usings + """
        class UdpClient
        {
            private bool _stopped;

            public void Start(System.Net.Sockets.Socket socket, System.Buffers.ArrayPool<byte>? pool, int size)
            {
                Receive(socket, pool, size);
            }

            private async void Receive(System.Net.Sockets.Socket socket, System.Buffers.ArrayPool<byte>? pool, int size)
            {
                if (pool == null)
                    pool = System.Buffers.ArrayPool<byte>.Shared;

                if (_stopped || size is 0)
                {
                    return;
                }

                while (true)
                {
                    var buffer = pool.Rent(size);
                    try
                    {
                        await socket.ReceiveAsync(new ArraySegment<byte>(buffer), System.Net.Sockets.SocketFlags.None);
                    }
                    catch (ObjectDisposedException)
                    {
                        break;
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine(e.Message);
                    }
                    finally
                    {
                        pool.Return(buffer);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_guarded_loop_after_a_check_that_calls_or_converts() => Verify.VerifyAnalyzerAsync(Usings + """
        class UdpClient
        {
            public void Start(string name, TimeSpan interval)
            {
                Receive(name);
                Wait(interval);
            }

            private async void [|Receive|](string name)
            {
                if (name.Trim() == null)
                    return;

                try
                {
                    await Task.Delay(1);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e.Message);
                }
            }

            private async void [|Wait|](TimeSpan interval)
            {
                if (interval == TimeSpan.Zero)
                    return;

                try
                {
                    await Task.Delay(interval);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e.Message);
                }
            }
        }
        """);

    // AsyncEx's documented Ignore helpers: only an argument check stands before the try. It throws when the caller passed
    // null, a bug in the calling code; the work inside the try can fail without a crash.
    [Fact]
    public Task Ignores_a_guarded_body_after_argument_checks() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TaskExtensions
        {
            public static async void Ignore(this Task task)
            {
                _ = task ?? throw new ArgumentNullException(nameof(task));
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch
                {
                }
            }

            public static async void Ignore<T>(this Task<T> task, string name)
            {
                if (task == null) throw new ArgumentNullException(nameof(task));
                if (name == null)
                {
                    throw new ArgumentException("A name is required.", nameof(name));
                }

                ArgumentNullException.ThrowIfNull(name);
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(name + e.Message);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_guarded_body_after_checks_that_are_not_argument_checks() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TaskExtensions
        {
            private static bool _closed;

            // A state check that throws, an argument check that throws something other than an ArgumentException, and
            // a check whose message is built by a call.
            public static async void [|WhenOpen|](this Task task)
            {
                if (_closed) throw new ArgumentException("closed");
                try { await task; } catch { }
            }

            public static async void [|Observe|](this Task task)
            {
                _ = task ?? throw new InvalidOperationException("no task");
                try { await task; } catch { }
            }

            public static async void [|Report|](this Task task, string name)
            {
                if (name == null) throw new ArgumentNullException(name.ToUpperInvariant());
                try { await task; } catch { }
            }
        }
        """);

    [Fact]
    public Task Flags_guarded_methods_with_code_before_the_first_await_that_a_caller_runs_directly() => Verify.VerifyAnalyzerAsync(Usings + """
        class Pinger
        {
            private readonly TimeSpan _interval;
            private readonly Action<string> _log;

            public Pinger(TimeSpan interval, Action<string> log)
            {
                _interval = interval;
                _log = log;
            }

            public void Start(CancellationToken cancellationToken)
            {
                StartPingTimer(cancellationToken);
                var timer = new Timer(_ => { _log("tick"); Refresh(); }, null, 0, 1000);
            }

            public void Subscribe(Action<Action> register) => register(Publish);

            private async void [|StartPingTimer|](CancellationToken cancellationToken)
            {
                if (_interval == TimeSpan.Zero)
                    return;

                _log("starting ping timer");
                try
                {
                    while (true)
                    {
                        await Task.Delay(_interval, cancellationToken);
                    }
                }
                catch (Exception e)
                {
                    _log(e.Message);
                }
            }

            private async void [|Refresh|]()
            {
                _log("refresh");
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception)
                {
                }
            }

            public async void [|Publish|]()
            {
                _log("publish");
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

    // ---- cannot crash, relaxed: every await inside a catch-all try, only non-awaiting code after it --------------

    [Fact]
    public Task Ignores_polling_timer_callback_that_rearms_the_timer_after_its_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class MailboxWatcher : IDisposable
        {
            private Timer? _timer;
            private int _lastCount;

            public event Action<int>? NewMessages;

            public void Start() => Arm();

            private void Arm() => _timer = new Timer(Poll, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

            private async void Poll(object? state)
            {
                try
                {
                    _timer?.Dispose();
                    var count = await CountMessagesAsync();
                    if (count == _lastCount)
                    {
                        return;
                    }

                    NewMessages?.Invoke(count - _lastCount);
                    _lastCount = count;
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine("poll failed: " + e.Message);
                }

                Arm();
            }

            private Task<int> CountMessagesAsync() => Task.FromResult(3);

            public void Dispose() => _timer?.Dispose();
        }
        """);

    [Fact]
    public Task Ignores_heartbeat_loop_whose_awaits_are_all_inside_the_guarded_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class HeartbeatSender
        {
            private volatile bool _stopping;
            private int _missed;

            public void Start() => Beat();

            private async void Beat()
            {
                while (!_stopping)
                {
                    try
                    {
                        await SendPingAsync();
                        await Task.Delay(5000);
                    }
                    catch (OperationCanceledException)
                    {
                        _missed++;
                    }
                    catch (Exception)
                    {
                        _missed++;
                    }

                    if (_missed > 3)
                    {
                        _stopping = true;
                    }
                }
            }

            private Task SendPingAsync() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Ignores_two_guarded_steps_with_bookkeeping_between_and_after() => Verify.VerifyAnalyzerAsync(Usings + """
        class CacheWarmer
        {
            private readonly Dictionary<string, string> _cache = new();
            private DateTime _warmedAt;

            public void Warm(string[] keys) => WarmAll(keys);

            private async void WarmAll(string[] keys)
            {
                try
                {
                    foreach (var key in keys)
                    {
                        try
                        {
                            _cache[key] = await LoadAsync(key);
                        }
                        catch (KeyNotFoundException)
                        {
                            _cache.Remove(key);
                        }
                    }
                }
                catch
                {
                    _cache.Clear();
                }

                _warmedAt = DateTime.UtcNow;

                try
                {
                    await PublishAsync(_cache.Count);
                }
                catch (System.Exception e)
                {
                    Console.Error.WriteLine(e);
                }
                finally
                {
                    Console.WriteLine("warmed at " + _warmedAt);
                }
            }

            private Task<string> LoadAsync(string key) => Task.FromResult(key);

            private Task PublishAsync(int count) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Ignores_local_function_that_reconnects_and_then_logs() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReplicaClient
        {
            public int Attempts { get; private set; }

            public void OnConnectionLost()
            {
                Reconnect();

                async void Reconnect()
                {
                    try
                    {
                        await Task.Delay(250);
                        await ConnectAsync();
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine(e.Message);
                    }

                    Attempts++;
                    Console.WriteLine("reconnect attempt " + Attempts);
                }
            }

            private Task ConnectAsync() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Flags_async_void_that_awaits_in_its_catch_or_finally() => Verify.VerifyAnalyzerAsync(Usings + """
        class Uploader
        {
            public void Start()
            {
                InCatch();
                InFinally();
            }

            private async void [|InCatch|]()
            {
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception e)
                {
                    await ReportAsync(e);
                }

                Console.WriteLine("done");
            }

            private async void [|InFinally|]()
            {
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception)
                {
                }
                finally
                {
                    await ReportAsync(null);
                }

                Console.WriteLine("done");
            }

            private Task ReportAsync(Exception? e) => Task.CompletedTask;
        }
        """);

    // FastTunnel's tunnel client: the line handler, passed as a method group, awaits a private command handler whose
    // whole body is a try with a catch of Exception: the awaited task cannot fault.
    [Fact]
    public Task Ignores_async_void_that_awaits_a_callee_whose_body_contains_every_exception() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class LineReader
        {
            public LineReader(Action<string, CancellationToken> onLine) { }
        }

        sealed class TunnelClient
        {
            private readonly LineReader _reader;

            public TunnelClient() => _reader = new LineReader(ProcessLine);

            private async void ProcessLine(string line, CancellationToken cancellationToken)
            {
                var cmd = line.Trim();
                await HandleCmdAsync(this, cmd, cancellationToken);
            }

            public async void Refresh(string command) => await HandleCmdAsync(this, command, CancellationToken.None).ConfigureAwait(false);

            private async Task<bool> HandleCmdAsync(TunnelClient client, string command, CancellationToken cancellationToken)
            {
                try
                {
                    await Task.Delay(command.Substring(1).Length, cancellationToken);
                    return true;
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex);
                    return false;
                }
            }
        }
        """);

    [Fact]
    public Task Flags_async_void_awaiting_a_callee_that_can_fault_or_with_arguments_that_can_throw() => Verify.VerifyAnalyzerAsync(Usings + """
        class Handler
        {
            public async void [|OnLine|](string line) => await HandleAsync(line.Substring(1));

            public async void [|OnCommand|](string line) => await ParseAsync(line);

            public async void [|OnVirtual|](string line) => await HandleVirtualAsync(line);

            private async Task HandleAsync(string command)
            {
                try
                {
                    await Task.Delay(command.Length);
                }
                catch (Exception)
                {
                }
            }

            private async Task ParseAsync(string command)
            {
                var length = int.Parse(command);
                try
                {
                    await Task.Delay(length);
                }
                catch (Exception)
                {
                }
            }

            protected virtual async Task HandleVirtualAsync(string command)
            {
                try
                {
                    await Task.Delay(command.Length);
                }
                catch (Exception)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Flags_async_void_with_trailing_code_whose_try_is_too_narrow_or_rethrows() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            private Timer? _timer;

            public void Start()
            {
                Narrow(null);
                Rethrows(null);
                Loop();
            }

            private async void [|Narrow|](object? state)
            {
                try
                {
                    await Task.Delay(1);
                }
                catch (TimeoutException e)
                {
                    Console.Error.WriteLine(e);
                }

                _timer = new Timer(Narrow, null, 1000, Timeout.Infinite);
            }

            private async void [|Rethrows|](object? state)
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

                _timer = new Timer(Rethrows, null, 1000, Timeout.Infinite);
            }

            private async void [|Loop|]()
            {
                while (true)
                {
                    try
                    {
                        await Task.Delay(1);
                    }
                    catch (Exception)
                    {
                    }

                    await Task.Delay(1000);
                }
            }
        }
        """);

    [Fact]
    public async Task Fix_title_says_when_a_public_signature_changes()
    {
        var actions = await CodeActionTitles.ForFirstDiagnosticAsync(new Threadwise.Rules.Correctness.TW301AsyncVoidMethodAnalyzer(), new Threadwise.Fixes.Correctness.TW301AsyncVoidMethodCodeFix(), Usings + """
            public class Job
            {
                public async void Run()
                {
                    await Task.Delay(1);
                }
            }
            """);
        Assert.Equal([("Return Task (changes public signature of 'Run')", "TW301")], actions);
    }

    [Fact]
    public async Task Fix_title_is_plain_for_a_private_method()
    {
        var actions = await CodeActionTitles.ForFirstDiagnosticAsync(new Threadwise.Rules.Correctness.TW301AsyncVoidMethodAnalyzer(), new Threadwise.Fixes.Correctness.TW301AsyncVoidMethodCodeFix(), Usings + """
            public class Job
            {
                public void Start() => Run();

                private async void Run()
                {
                    await Task.Delay(1);
                }
            }
            """);
        Assert.Equal([("Return Task", "TW301")], actions);
    }
}
