using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW507SynchronousCompletionSourceAnalyzer, Threadwise.Fixes.Correctness.TW507SynchronousCompletionSourceCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A private source whose task its type only waits on synchronously (MongoDB's HeartbeatDelay: completed by a timer,
/// waited for on the monitor's own thread): a blocked waiter leaves no continuation to run inline in the completer.
/// </summary>
public class TW507SyncOnlyWaitersTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_source_completed_by_a_timer_and_only_waited_for_synchronously() => Verify.VerifyAnalyzerAsync(Usings + """
        internal sealed class HeartbeatDelay : IDisposable
        {
            private readonly TaskCompletionSource<bool> _signal = new TaskCompletionSource<bool>();
            private readonly Timer _timer;

            public HeartbeatDelay(TimeSpan interval)
            {
                _timer = new Timer(TimerCallback, null, interval, Timeout.InfiniteTimeSpan);
            }

            public void RequestHeartbeat() => _signal.TrySetResult(true);

            public void Wait(CancellationToken cancellationToken) => _signal.Task.Wait(cancellationToken);

            private void TimerCallback(object state) => _signal.TrySetResult(true);

            public void Dispose() => _timer.Dispose();
        }
        """);

    [Fact]
    public Task Ignores_Result_GetResult_and_status_queries_of_a_source_completed_under_a_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Handshake
        {
            private readonly object _sync = new object();
            private TaskCompletionSource<int> _reply;

            public Handshake() { _reply = new TaskCompletionSource<int>(); }

            public void Receive(int value)
            {
                lock (_sync)
                {
                    _reply?.TrySetResult(value);
                }
            }

            public bool Done => _reply.Task.IsCompleted;

            public int Reply() => _reply.Task.Result;

            public int ReplyOrThrow() => this._reply.Task.GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Ignores_a_source_whose_task_is_never_read() => Verify.VerifyAnalyzerAsync(Usings + """
        class Tracker
        {
            private readonly TaskCompletionSource<bool> _seen;

            public Tracker(IObservableSource source)
            {
                _seen = new TaskCompletionSource<bool>();
                source.Changed += OnChanged;
            }

            private void OnChanged(object sender, EventArgs e) => _seen.TrySetResult(true);
        }

        interface IObservableSource { event EventHandler Changed; }
        """);

    [Fact]
    public Task Ignores_a_source_whose_task_is_also_returned_by_an_internal_property_nothing_reads() => Verify.VerifyAnalyzerAsync(Usings + """
        internal sealed class HeartbeatDelay : IDisposable
        {
            private readonly TaskCompletionSource<bool> _taskCompletionSource = new TaskCompletionSource<bool>();
            private readonly Timer _timer;

            public HeartbeatDelay(TimeSpan interval)
            {
                _timer = new Timer(TimerCallback, null, interval, Timeout.InfiniteTimeSpan);
            }

            public Task Task
            {
                get { return _taskCompletionSource.Task; }
            }

            public void Wait(CancellationToken cancellationToken) => _taskCompletionSource.Task.Wait(cancellationToken);

            private void TimerCallback(object state) => _taskCompletionSource.TrySetResult(true);

            public void Dispose() => _timer.Dispose();
        }

        class Monitor
        {
            private HeartbeatDelay _delay = new HeartbeatDelay(TimeSpan.FromSeconds(10));

            public void Run(CancellationToken token)
            {
                _delay.Wait(token);
                _delay.Dispose();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_source_whose_task_an_unread_internal_expression_bodied_property_returns() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Gate
        {
            private readonly object _sync = new object();
            private readonly TaskCompletionSource<int> _opened = new TaskCompletionSource<int>();

            internal Task<int> Opened => _opened.Task;

            public void Open(int code)
            {
                lock (_sync)
                {
                    _opened.TrySetResult(code);
                }
            }

            public int WaitOpen() => _opened.Task.Result;
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_source_whose_property_is_read_elsewhere_in_the_compilation() => Verify.VerifyAnalyzerAsync(Usings + """
        internal sealed class HeartbeatDelay
        {
            private readonly TaskCompletionSource<bool> _signal = [|new TaskCompletionSource<bool>()|];
            private readonly Timer _timer;

            public HeartbeatDelay() => _timer = new Timer(OnTick, null, 100, Timeout.Infinite);

            public Task Task => _signal.Task;

            public void Wait() => _signal.Task.Wait();

            private void OnTick(object state) => _signal.TrySetResult(true);
        }

        class Monitor
        {
            public async Task RunAsync(HeartbeatDelay delay) => await delay?.Task;
        }
        """);

    [Fact]
    public Task Flags_a_source_whose_task_a_public_or_virtual_property_returns() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class PublicDelay
        {
            private readonly TaskCompletionSource<bool> _signal = [|new TaskCompletionSource<bool>()|];
            private readonly Timer _timer;

            public PublicDelay() => _timer = new Timer(OnTick, null, 100, Timeout.Infinite);

            public Task Task => _signal.Task;

            public void Wait() => _signal.Task.Wait();

            private void OnTick(object state) => _signal.TrySetResult(true);
        }

        internal class VirtualDelay
        {
            private readonly TaskCompletionSource<bool> _signal = [|new TaskCompletionSource<bool>()|];
            private readonly Timer _timer;

            public VirtualDelay() => _timer = new Timer(OnTick, null, 100, Timeout.Infinite);

            public virtual Task Task => _signal.Task;

            public void Wait() => _signal.Task.Wait();

            private void OnTick(object state) => _signal.TrySetResult(true);
        }
        """);


    [Fact]
    public Task Flags_a_source_whose_task_is_also_awaited() => Verify.VerifyAnalyzerAsync(Usings + """
        internal sealed class Delay : IDisposable
        {
            private readonly TaskCompletionSource<bool> _signal = [|new TaskCompletionSource<bool>()|];
            private readonly Timer _timer;

            public Delay() => _timer = new Timer(OnTick, null, 100, Timeout.Infinite);

            public void Wait() => _signal.Task.Wait();

            public async Task WaitAsync() => await _signal.Task;

            private void OnTick(object state) => _signal.TrySetResult(true);

            public void Dispose() => _timer.Dispose();
        }
        """);

    [Fact]
    public Task Flags_a_source_handed_out_or_not_private() => Verify.VerifyAnalyzerAsync(Usings + """
        class Registry
        {
            public static void Register(TaskCompletionSource<bool> source) { }
        }

        class Waiter
        {
            private readonly object _sync = new object();
            private readonly TaskCompletionSource<bool> _ready = [|new TaskCompletionSource<bool>()|];
            internal readonly TaskCompletionSource<bool> Stopped = [|new TaskCompletionSource<bool>()|];

            public Waiter() => Registry.Register(_ready);

            public void Signal()
            {
                lock (_sync)
                {
                    _ready.TrySetResult(true);
                    Stopped.TrySetResult(true);
                }
            }

            public void Wait()
            {
                _ready.Task.Wait();
                Stopped.Task.Wait();
            }
        }
        """);

    [Fact]
    public Task Flags_a_source_a_nested_type_could_read() => Verify.VerifyAnalyzerAsync(Usings + """
        class Outer
        {
            private readonly object _sync = new object();
            private readonly TaskCompletionSource<bool> _done = [|new TaskCompletionSource<bool>()|];

            public void Complete()
            {
                lock (_sync)
                {
                    _done.TrySetResult(true);
                }
            }

            public void Wait() => _done.Task.Wait();

            private sealed class Watcher
            {
                public Task Watch(Outer outer) => outer._done.Task;
            }
        }
        """);
}
