using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>Fields that only ever hold completed tasks, and member chains read inside their own continuation.</summary>
public partial class TW103BlockingWaitInSyncTests
{
    // ---- must not flag: fields only ever assigned completed tasks ---------------------------------------------

    [Fact]
    public Task Ignores_Result_on_a_readonly_field_assigned_FromResult_in_the_constructor() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class AsyncGate
        {
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
            private readonly Task<IDisposable> _releaser;

            public AsyncGate()
            {
                _releaser = Task.FromResult((IDisposable)new Releaser(this));
            }

            public Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
            {
                var wait = _semaphore.WaitAsync();
                return wait.IsCompleted
                    ? _releaser
                    : wait.ContinueWith((_, state) => (IDisposable)state!, _releaser.Result, cancellationToken,
                        TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            public IDisposable Enter()
            {
                _semaphore.Wait();
                return this._releaser.GetAwaiter().GetResult();
            }

            private sealed class Releaser : IDisposable
            {
                private readonly AsyncGate _owner;
                public Releaser(AsyncGate owner) => _owner = owner;
                public void Dispose() => _owner._semaphore.Release();
            }
        }
        """);

    [Fact]
    public Task Ignores_waits_on_fields_initialised_with_completed_tasks() => Verify.VerifyAnalyzerAsync(Usings + """
        class ProtocolDefaults
        {
            private static readonly Task<bool> s_true = Task.FromResult(true);
            private static readonly Task s_done = Task.CompletedTask;
            private readonly Task<int> _defaultPort = Task.FromResult<int>(5432);
            private Task<string>? _cachedBanner;

            public ProtocolDefaults(bool anonymous)
            {
                if (anonymous)
                {
                    _cachedBanner = Task.FromResult("anonymous");
                }
            }

            public void Reset() => _cachedBanner = null;

            public int Port(bool secure)
            {
                s_done.Wait();
                return secure && s_true.Result ? _defaultPort.Result + 1 : _defaultPort.GetAwaiter().GetResult();
            }

            public string Banner() => _cachedBanner?.Result ?? "";
        }
        """);

    // ---- must flag: a field that may hold a running task -----------------------------------------------------

    [Fact]
    public Task Flags_Result_on_fields_that_are_assigned_running_tasks_somewhere() => Verify.VerifyAnalyzerAsync(Usings + """
        class SessionPool
        {
            private readonly Task<int> _warmup;
            private Task<string> _banner = Task.FromResult("");
            private readonly Task<int> _probe = Task.FromResult(0);
            internal Task<int> Shared = Task.FromResult(1);

            public SessionPool(bool eager, Func<Task<int>> warm)
            {
                _warmup = eager ? Task.FromResult(0) : warm();
            }

            public void Refresh(Func<Task<string>> fetch) => _banner = fetch();

            public int Warm() => [|_warmup.Result|];

            public string Banner() => [|_banner.Result|];

            public int Shared1() => [|Shared.Result|];

            public int Probe(SessionPool other) => [|other._probe.Result|];
        }
        """);

    [Fact]
    public Task Flags_Result_on_a_private_field_passed_by_ref_or_assigned_from_another_instance() => Verify.VerifyAnalyzerAsync(Usings + """
        class Handshake
        {
            private Task<int> _ready = Task.FromResult(0);
            private Task<int> _pending = Task.CompletedTask.ContinueWith(_ => 0);

            public void Adopt(Handshake other, Func<Task<int>> start)
            {
                other._ready = start();
                Interlocked.Exchange(ref _pending, start());
            }

            public int Ready() => [|_ready.Result|] + [|_pending.Result|];
        }
        """);

    // ---- must not flag: the same member chain read inside its own continuation ----------------------------------

    [Fact]
    public Task Ignores_a_member_chain_read_inside_the_continuation_on_that_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class TokenRequest
        {
            public TaskCompletionSource<string> Completion { get; } = new TaskCompletionSource<string>();
        }

        class TokenBroker
        {
            private readonly TokenRequest _current = new TokenRequest();
            private TokenRequest Current => _current;

            public async Task<string> WaitForTokenAsync(CancellationToken cancellationToken)
            {
                return await Task.Factory.ContinueWhenAll(new Task[] { Current.Completion.Task }, _ => Current.Completion.Task.Result, cancellationToken)
                    .ConfigureAwait(false);
            }

            public Task<int> LengthLater()
            {
                return _current.Completion.Task.ContinueWith(_ => _current.Completion.Task.Result.Length);
            }

            public Task<string> Both(TokenRequest other)
            {
                return Task.Factory.ContinueWhenAll(new[] { this.Current.Completion.Task, other.Completion.Task },
                    _ => Current.Completion.Task.GetAwaiter().GetResult() + other.Completion.Task.Result);
            }
        }
        """);

    [Fact]
    public Task Flags_a_member_chain_that_is_not_the_antecedent_of_its_continuation() => Verify.VerifyAnalyzerAsync(Usings + """
        class TokenRequest
        {
            public TaskCompletionSource<string> Completion { get; } = new TaskCompletionSource<string>();
            public TaskCompletionSource<string> Renewal { get; } = new TaskCompletionSource<string>();
        }

        class TokenBroker
        {
            private readonly TokenRequest _current = new TokenRequest();

            public Task<string> Renewed(TokenRequest other)
            {
                _current.Completion.Task.ContinueWith(_ => Console.WriteLine([|_current.Renewal.Task.Result|]));
                Task.Factory.ContinueWhenAny(new Task[] { _current.Completion.Task, other.Completion.Task },
                    _ => Console.WriteLine([|other.Completion.Task.Result|]));
                return Task.Factory.ContinueWhenAll(new Task[] { _current.Completion.Task }, _ => [|other.Completion.Task.Result|]);
            }
        }
        """);
}

/// <summary>Private helpers whose every caller passes a completed task.</summary>
public partial class TW103BlockingWaitInSyncTests
{
    // ---- the task parameter of a method only ever handed to ContinueWith: the antecedent ---------------------

    [Fact]
    public Task Ignores_the_antecedent_parameter_of_a_method_only_handed_to_ContinueWith() => Verify.VerifyAnalyzerAsync(Usings + """
        internal class TcpSocket
        {
            private readonly System.IO.Stream _stream = System.IO.Stream.Null;
            private readonly byte[] _buffer = new byte[16];

            public void Receive()
            {
                _stream.ReadAsync(_buffer, 0, _buffer.Length).ContinueWith(OnReceiveStreamCallback, TaskContinuationOptions.ExecuteSynchronously);
            }

            protected void OnReceiveStreamCallback(Task<int> readTask)
            {
                if (readTask.Exception != null)
                {
                    return;
                }

                var bytesRead = readTask.Result;
                Console.WriteLine(bytesRead);
            }
        }

        public sealed class Poller
        {
            public void Start(Task work, Task other)
            {
                work.ContinueWith(OnDone);
                other.ContinueWith(new Action<Task>(OnDone));
            }

            private void OnDone(Task done) => done.Wait();
        }
        """);

    [Fact]
    public Task Flags_a_task_parameter_of_a_continuation_that_is_also_called_or_visible_outside() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Socket
        {
            public void Receive(Task<int> read) => read.ContinueWith(OnReceive);

            // Any subclass in another assembly may call it with a running task.
            protected void OnReceive(Task<int> readTask) => Console.WriteLine([|readTask.Result|]);
        }

        public sealed class Poller
        {
            private Action<Task>? _callback;

            public void Start(Task work, Task pending)
            {
                work.ContinueWith(OnDone);
                OnDone(pending);
                work.ContinueWith(OnStored);
                _callback = OnStored;
            }

            private void OnDone(Task done) => [|done.Wait()|];

            private void OnStored(Task done) => [|done.Wait()|];
        }

        internal sealed class Chain
        {
            public void ContinueWith(Action<Task> next) => next(Task.Delay(1000));
        }

        internal sealed class Runner
        {
            public void Start(Chain chain) => chain.ContinueWith(OnNext);

            private void OnNext(Task next) => [|next.Wait()|];
        }
        """);

    [Fact]
    public Task Ignores_a_private_helper_called_only_with_completed_tasks() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class QueuedCommand<TResult>
        {
            private readonly TaskCompletionSource<TResult> _proxy = new TaskCompletionSource<TResult>();
            private Task<TResult>? _attempt;

            public void Replay(Func<Task<TResult>> send) => _attempt = send();

            public void ForwardWhenDone()
            {
                var attempt = _attempt ?? throw new InvalidOperationException("not replayed");
                if (attempt.IsCompleted)
                {
                    Forward(attempt);
                }
                else
                {
                    attempt.ContinueWith(
                        static (completed, state) => ((QueuedCommand<TResult>)state!).Forward(completed),
                        this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }

            private void Forward(Task<TResult> attempt)
            {
                if (attempt.IsCanceled) _proxy.TrySetCanceled();
                else if (attempt.IsFaulted) _proxy.TrySetException(attempt.Exception!.InnerExceptions);
                else _proxy.TrySetResult(attempt.GetAwaiter().GetResult());
            }
        }
        """);

    [Fact]
    public Task Ignores_a_private_helper_called_after_the_task_was_awaited() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReplicaSync
        {
            public async Task<int> SyncAsync(Func<Task<int>> pull, Func<Task<int>> push)
            {
                var pulled = pull();
                await pulled.ConfigureAwait(false);
                Record(pulled, "pull");
                var pushed = push();
                if (await Task.WhenAny(pushed, Task.Delay(1000)).ConfigureAwait(false) != pushed)
                {
                    return -1;
                }

                Record(pushed, "push");
                return 0;
            }

            private static void Record(Task<int> finished, string phase) =>
                Console.WriteLine(phase + ": " + finished.Result);
        }
        """);

    [Fact]
    public Task Flags_a_helper_with_a_pending_caller_or_a_method_group_or_wider_access() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReplicaSync
        {
            public void Sync(Task<int> pulled, Task<int> pushed, Task<int> probe)
            {
                if (pulled.IsCompleted)
                {
                    Record(pulled);
                }

                Record(pushed);
                if (probe.IsCompleted)
                {
                    Report(probe);
                    Log(probe);
                }

                Func<Task<int>, int> later = Log;
            }

            private static void Record(Task<int> finished) => Console.WriteLine([|finished.Result|]);

            internal static void Report(Task<int> finished) => Console.WriteLine([|finished.Result|]);

            private static int Log(Task<int> finished) => [|finished.Result|];
        }
        """);
}
