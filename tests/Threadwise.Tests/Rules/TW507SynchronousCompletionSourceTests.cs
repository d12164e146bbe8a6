using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW507SynchronousCompletionSourceAnalyzer, Threadwise.Fixes.Correctness.TW507SynchronousCompletionSourceCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW507SynchronousCompletionSourceTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_field_source_completed_inside_a_lock_with_the_message_naming_the_line() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Gate
        {
            private readonly object _sync = new object();
            private readonly TaskCompletionSource<bool> _opened = {|#0:new TaskCompletionSource<bool>()|};

            public Task Opened => _opened.Task;

            public void Open()
            {
                lock (_sync)
                {
                    _opened.TrySetResult(true);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("This TaskCompletionSource is completed inside a lock (line 16) without RunContinuationsAsynchronously: the awaiting code's continuations run inline there holding the lock, and can deadlock; pass TaskCreationOptions.RunContinuationsAsynchronously"));

    [Fact]
    public Task Flags_a_local_source_whose_task_is_returned_and_completed_in_an_event_handler() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public event EventHandler<int>? Received;

            public Task<int> NextAsync()
            {
                var next = {|#0:new TaskCompletionSource<int>()|};
                Received += (sender, value) => next.TrySetResult(value);
                return next.Task;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("This TaskCompletionSource is completed in an event handler (line 12) without RunContinuationsAsynchronously: the awaiting code's continuations run inline there, and the code that raised the event waits for them; pass TaskCreationOptions.RunContinuationsAsynchronously"));

    [Fact]
    public Task Flags_a_source_completed_in_a_method_passed_as_a_timer_callback_or_event_handler() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Poller : IDisposable
        {
            private readonly TaskCompletionSource<object?> _tick = [|new TaskCompletionSource<object?>()|];
            private readonly TaskCompletionSource<bool> _closed = [|new TaskCompletionSource<bool>()|];
            private readonly Timer _timer;

            public Poller() => _timer = new Timer(OnTick, null, 100, Timeout.Infinite);

            public Task Tick => _tick.Task;
            public Task Closed => _closed.Task;

            private void OnTick(object? state) => _tick.TrySetResult(state);

            private void OnClosed(object? sender, EventArgs e) => _closed.TrySetResult(true);

            public void Dispose() => _timer.Dispose();
        }
        """);

    [Fact]
    public Task Flags_a_copy_of_the_field_completed_under_Monitor_and_in_a_continuation() => Verify.VerifyAnalyzerAsync(Usings + """
        class Pending
        {
            private readonly object _sync = new object();
            private TaskCompletionSource _done = [|new TaskCompletionSource(TaskCreationOptions.None)|];
            private TaskCompletionSource<int>? _reply;

            public Task Done => _done.Task;

            public void Finish()
            {
                Monitor.Enter(_sync);
                try
                {
                    var done = Interlocked.Exchange(ref _done, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    done.TrySetResult();
                }
                finally
                {
                    Monitor.Exit(_sync);
                }
            }

            public Task<int> SendAsync(Task<int> sent)
            {
                _reply = [|new TaskCompletionSource<int>(TaskCreationOptions.AttachedToParent)|];
                sent.ContinueWith(t => _reply?.TrySetResult(t.Result), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return _reply.Task;
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    // CA2247 / dotnet/aspnetcore#11329: the right enum, also combined with another option.
    [Fact]
    public Task Ignores_sources_created_with_the_option() => Verify.VerifyAnalyzerAsync(Usings + """
        class Gate
        {
            private readonly object _sync = new object();
            private readonly TaskCompletionSource<bool> _a = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource<bool> _b = new TaskCompletionSource<bool>(null, TaskCreationOptions.AttachedToParent | TaskCreationOptions.RunContinuationsAsynchronously);

            public void Open()
            {
                lock (_sync)
                {
                    _a.TrySetResult(true);
                    _b.TrySetResult(true);
                }
            }
        }
        """);

    // Nethermind PR #11465 (NETH004) reports options that are not a constant; they may hold the flag.
    [Fact]
    public Task Ignores_options_read_from_a_variable_field_or_parameter() => Verify.VerifyAnalyzerAsync(Usings + """
        class Gate
        {
            private const TaskCreationOptions Options = TaskCreationOptions.RunContinuationsAsynchronously;
            private static TaskCreationOptions s_options = TaskCreationOptions.RunContinuationsAsynchronously;
            private readonly object _sync = new object();
            private readonly TaskCompletionSource<bool> _a = new TaskCompletionSource<bool>(Options);
            private readonly TaskCompletionSource<bool> _b = new TaskCompletionSource<bool>(s_options);
            private readonly TaskCompletionSource<bool> _c;

            public Gate(TaskCreationOptions options) => _c = new TaskCompletionSource<bool>(options);

            public void Open()
            {
                lock (_sync)
                {
                    _a.TrySetResult(true);
                    _b.TrySetResult(true);
                    _c.TrySetResult(true);
                }
            }
        }
        """);

    // dotnet/aspnetcore#11329: TaskContinuationOptions binds to the object-state overload; CA2247 reports that mistake.
    [Fact]
    public Task Ignores_the_wrong_enum_that_CA2247_reports() => Verify.VerifyAnalyzerAsync(Usings + """
        class Gate
        {
            private readonly object _sync = new object();
            private readonly TaskCompletionSource<bool> _opened = new TaskCompletionSource<bool>(TaskContinuationOptions.RunContinuationsAsynchronously);

            public void Open()
            {
                lock (_sync)
                {
                    _opened.TrySetResult(true);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_source_completed_only_at_the_tail_of_async_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class Loader
        {
            private readonly TaskCompletionSource<string> _loaded = new TaskCompletionSource<string>();

            public Task<string> Loaded => _loaded.Task;

            public async Task LoadAsync()
            {
                var text = await Task.FromResult("x");
                _loaded.TrySetResult(text);
            }

            public void Start() => _ = Task.Run(async () =>
            {
                await Task.Delay(1);
                _loaded.TrySetResult("late");
            });
        }
        """);

    // SergeyTeplyakov/ErrorProne.NET PR #301 reports every creation; a local source awaited by the method that creates it
    // continues only that method, whose author sees the continuation.
    [Fact]
    public Task Ignores_a_local_source_awaited_in_the_method_that_creates_it() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public event EventHandler<int>? Received;

            public async Task<int> NextAsync(CancellationToken token)
            {
                var next = new TaskCompletionSource<int>();
                EventHandler<int> handler = (sender, value) => next.TrySetResult(value);
                Received += handler;
                using (token.Register(() => next.TrySetCanceled()))
                {
                    try
                    {
                        return await next.Task.ConfigureAwait(false);
                    }
                    finally
                    {
                        Received -= handler;
                    }
                }
            }

            public int NextBlocking()
            {
                var next = new TaskCompletionSource<int>();
                ThreadPool.QueueUserWorkItem(_ => next.SetResult(1));
                return next.Task.GetAwaiter().GetResult();
            }
        }
        """);

    // MQTTnet's connect timeout (found on the corpus): a local source completed by a cancellation callback, raced with
    // WhenAny in the same method; the async lambda only looks at IsCompleted, which registers no continuation.
    [Fact]
    public Task Ignores_a_local_timeout_source_raced_with_WhenAny_and_queried_elsewhere() => Verify.VerifyAnalyzerAsync(Usings + """
        class Adapter
        {
            public async Task ConnectAsync(Func<Task> connect, CancellationToken cancellationToken)
            {
                var timeout = new TaskCompletionSource<object?>();
                using (cancellationToken.Register(() => timeout.TrySetResult(null)))
                {
                    var connectTask = Task.Run(async () =>
                    {
                        try { await connect(); }
                        catch when (timeout.Task.IsCompleted) { }
                    });
                    await Task.WhenAny(connectTask, timeout.Task).ConfigureAwait(false);
                    if (timeout.Task.IsCompleted && !connectTask.IsCompleted)
                    {
                        throw new OperationCanceledException();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_source_completed_in_ordinary_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class Request
        {
            private readonly TaskCompletionSource<int> _response = new TaskCompletionSource<int>();

            public Task<int> Response => _response.Task;

            public void Complete(int value) => _response.TrySetResult(value);

            public void Fail(Exception error)
            {
                if (!_response.TrySetException(error))
                {
                    Console.WriteLine("already completed");
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_lambdas_called_at_once_by_LINQ_List_ForEach_or_a_local_delegate() => Verify.VerifyAnalyzerAsync(Usings + """
        class Batch
        {
            private readonly TaskCompletionSource<int> _first = new TaskCompletionSource<int>();

            public Task<int> First => _first.Task;

            public void Accept(List<int> items)
            {
                items.ForEach(i => _first.TrySetResult(i));
                Action finish = () => _first.TrySetCanceled();
                finish();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_source_created_and_handed_over_without_completion_here() => Verify.VerifyAnalyzerAsync(Usings + """
        class Registry
        {
            private readonly object _sync = new object();
            private readonly Dictionary<int, TaskCompletionSource<string>> _pending = new Dictionary<int, TaskCompletionSource<string>>();

            public Task<string> WaitFor(int id)
            {
                lock (_sync)
                {
                    var source = new TaskCompletionSource<string>();
                    _pending.Add(id, source);
                    return source.Task;
                }
            }
        }
        """);

    // ---- fixes -----------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_adds_or_merges_the_option() => Verify.VerifyCodeFixAsync(Usings + """
        class Gate
        {
            private readonly object _sync = new object();
            private readonly TaskCompletionSource<bool> _a = [|new TaskCompletionSource<bool>()|];
            private readonly TaskCompletionSource<bool> _b = [|new(TaskCreationOptions.AttachedToParent)|];
            private readonly TaskCompletionSource<bool> _c = [|new TaskCompletionSource<bool>(TaskCreationOptions.None)|];
            private readonly TaskCompletionSource<bool> _d = [|new TaskCompletionSource<bool>("state")|];

            public Task All => Task.WhenAll(_a.Task, _b.Task, _c.Task, _d.Task);

            public void Open()
            {
                lock (_sync)
                {
                    _a.TrySetResult(true);
                    _b.TrySetResult(true);
                    _c.TrySetResult(true);
                    _d.TrySetResult(true);
                }
            }
        }
        """, Usings + """
        class Gate
        {
            private readonly object _sync = new object();
            private readonly TaskCompletionSource<bool> _a = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource<bool> _b = new(TaskCreationOptions.AttachedToParent | TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource<bool> _c = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource<bool> _d = new TaskCompletionSource<bool>("state", TaskCreationOptions.RunContinuationsAsynchronously);

            public Task All => Task.WhenAll(_a.Task, _b.Task, _c.Task, _d.Task);

            public void Open()
            {
                lock (_sync)
                {
                    _a.TrySetResult(true);
                    _b.TrySetResult(true);
                    _c.TrySetResult(true);
                    _d.TrySetResult(true);
                }
            }
        }
        """);

    // ---- completion queued to a pool work item made for it ---------------------------------------------------------

    [Fact]
    public Task Ignores_completion_inside_a_pool_work_item_started_from_a_timer_callback() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Timeouts
        {
            public static TaskCompletionSource<T> WithTimeout<T>(int milliseconds, Func<Exception> newTimeout)
            {
                var tcs = new TaskCompletionSource<T>();
                Timer? timer = null;
                TimerCallback callback = _ =>
                {
                    timer?.Dispose();
                    // Transition the task outside the timer thread.
                    Task.Factory.StartNew(() =>
                    {
                        try
                        {
                            tcs.TrySetException(newTimeout());
                        }
                        catch (ObjectDisposedException)
                        {
                        }
                    });
                };
                timer = new Timer(callback, null, milliseconds, Timeout.Infinite);
                return tcs;
            }

            public static Task<int> Later(int value)
            {
                var tcs = new TaskCompletionSource<int>();
                ThreadPool.QueueUserWorkItem(_ => Task.Run(() => tcs.TrySetResult(value)));
                return tcs.Task;
            }
        }
        """);

    // FreeRedis's net40 TaskEx.Run: the source is completed as the last act of a thread the method starts for the work;
    // WTelegramClient's login answer: stored already completed, on the statement after its creation.
    [Fact]
    public Task Ignores_completion_on_a_thread_the_code_starts_and_a_source_completed_right_away() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TaskEx
        {
            public static Task<T> Run<T>(Func<T> work)
            {
                var tcs = new TaskCompletionSource<T>();
                new Thread(() =>
                {
                    try
                    {
                        tcs.SetResult(work());
                    }
                    catch (Exception ex)
                    {
                        tcs.SetException(ex);
                    }
                }).Start();
                return tcs.Task;
            }
        }

        public sealed class Login
        {
            private TaskCompletionSource<string> _answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task<string> Answer => _answer.Task;

            private Func<string, string>? _callback;

            public void Configure() => _callback = what =>
            {
                _answer = new TaskCompletionSource<string>();
                _answer.SetResult(what);
                return what;
            };
        }
        """);

    [Fact]
    public Task Flags_a_source_completed_later_in_a_callback_or_on_a_thread_it_does_not_start() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Login
        {
            private TaskCompletionSource<string> _answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task<string> Answer => _answer.Task;

            private Func<string, string>? _callback;

            public void Configure() => _callback = what =>
            {
                _answer = [|new TaskCompletionSource<string>()|];
                Console.WriteLine(what);
                _answer.SetResult(what);
                return what;
            };

            public Task<int> Watch(Action<Action> subscribe)
            {
                var tcs = [|new TaskCompletionSource<int>()|];
                subscribe(() => tcs.TrySetResult(1));
                return tcs.Task;
            }
        }
        """);

    // A work item of a custom scheduler runs with that scheduler as TaskScheduler.Current, where the runtime queues await
    // continuations instead of running them inline (AwaitTaskContinuation.IsValidLocationForInlining): NetMQ's poller
    // completes its sources inside tasks it starts on its own scheduler.
    [Fact]
    public Task Ignores_completion_in_work_items_of_a_custom_factory_or_scheduler() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Sequencer
        {
            private readonly TaskFactory _factory = new TaskFactory(new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler);
            private readonly TaskScheduler _scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;

            public Task<int> NextAsync()
            {
                var tcs = new TaskCompletionSource<int>();
                _factory.StartNew(() => tcs.TrySetResult(1));
                return tcs.Task;
            }

            public Task<int> OtherAsync()
            {
                var tcs = new TaskCompletionSource<int>();
                Task.Factory.StartNew(() => tcs.TrySetResult(2), CancellationToken.None, TaskCreationOptions.None, _scheduler);
                return tcs.Task;
            }

            public Task<bool> ContainsAsync(int item)
            {
                var tcs = new TaskCompletionSource<bool>();
                var task = new Task(() => tcs.SetResult(item > 0));
                task.Start(_scheduler);
                return tcs.Task;
            }
        }
        """);

    // grpc-dotnet's retry calls and stream writer: TaskCreationOptions.None written out under a comment that says why the
    // continuations run inline. The author chose; the hazard is the design.
    [Fact]
    public Task Ignores_explicit_options_without_the_flag_under_a_comment_that_explains_the_choice() => Verify.VerifyAnalyzerAsync(Usings + """
        class RetryCall
        {
            private readonly object _lock = new object();
            private TaskCompletionSource<int>? _newActiveCall;
            private readonly TaskCompletionSource<bool> _complete;

            public RetryCall()
            {
                // _complete doesn't use RunContinuationsAsynchronously because we want the caller of Complete
                // to wait until the awaiter finishes completing the request.
                _complete = new TaskCompletionSource<bool>(TaskCreationOptions.None);
            }

            public void Start()
            {
                lock (_lock)
                {
                    // Run continuation synchronously so awaiters execute inside the lock
                    _newActiveCall = new TaskCompletionSource<int>(TaskCreationOptions.None);
                }
            }

            public void OnNewCall(int call)
            {
                lock (_lock)
                {
                    // Run continuation synchronously so awaiters execute inside the lock
                    _newActiveCall?.SetResult(call);
                    _newActiveCall = new TaskCompletionSource<int>(TaskCreationOptions.None);
                    _complete.TrySetResult(true);
                }
            }

            public Task<int> NextAsync() => _newActiveCall!.Task;
            public Task CompleteAsync() => _complete.Task;
        }
        """);

    [Fact]
    public Task Flags_a_comment_without_explicit_options_or_explicit_options_under_another_comment() => Verify.VerifyAnalyzerAsync(Usings + """
        class RetryCall
        {
            private readonly object _lock = new object();
            private TaskCompletionSource<int>? _newActiveCall;
            private TaskCompletionSource<int>? _other;

            public void Start()
            {
                lock (_lock)
                {
                    // Run continuation synchronously so awaiters execute inside the lock
                    _newActiveCall = [|new TaskCompletionSource<int>()|];

                    // TODO: pass RunContinuationsAsynchronously
                    _other = [|new TaskCompletionSource<int>(TaskCreationOptions.None)|];
                }
            }

            public void OnNewCall(int call)
            {
                lock (_lock)
                {
                    _newActiveCall?.SetResult(call);
                    _other?.SetResult(call);
                }
            }

            public Task<int> NextAsync() => _newActiveCall!.Task;
            public Task<int> OtherAsync() => _other!.Task;
        }
        """);
}
