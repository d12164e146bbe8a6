using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW507SynchronousCompletionSourceAnalyzer, Threadwise.Fixes.Correctness.TW507SynchronousCompletionSourceCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW507 and a source method that runs the delegate it is given inline or as a work item of its own (NetMQ's
/// <c>poller.Run(action)</c>): the completion inside that delegate happens where the call is, or in a work item, never
/// in someone else's callback. A runner that keeps the delegate for later, or runs it under a lock, is a callback.
/// </summary>
public class TW507InlineRunnerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Poller = """
        public sealed class Poller : TaskScheduler
        {
            private readonly HashSet<string> _sockets = new HashSet<string>();
            private readonly Queue<Task> _queue = new Queue<Task>();

            public bool IsRunning { get; private set; }

            public void Run(Action action)
            {
                if (!IsRunning)
                    action();
                else
                    new Task(action).Start(this);
            }

            protected override void QueueTask(Task task) { lock (_queue) _queue.Enqueue(task); }

            protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

            protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_completion_in_an_action_a_poller_runs_inline_or_as_its_own_work_item() => Verify.VerifyAnalyzerAsync(Usings + Poller + """
            public Task<bool> ContainsAsync(string socket)
            {
                var tcs = new TaskCompletionSource<bool>();
                Run(() => tcs.SetResult(_sockets.Contains(socket)));
                return tcs.Task;
            }
        }
        """);

    [Fact]
    public Task Ignores_completion_in_an_action_a_helper_only_invokes() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class Guarded
        {
            public static void Invoke(Action? action)
            {
                try
                {
                    action?.Invoke();
                }
                catch (InvalidOperationException)
                {
                }
            }

            public static Task<int> Measure(string text)
            {
                var tcs = new TaskCompletionSource<int>();
                Invoke(() => tcs.TrySetResult(text.Length));
                return tcs.Task;
            }
        }
        """);

    [Fact]
    public Task Ignores_completion_in_an_action_a_helper_hands_to_the_thread_pool() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Background
        {
            private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>();

            public Task Done => _done.Task;

            public void Start() => Queue(() => _done.TrySetResult(true));

            private static void Queue(Action work) => Task.Run(work);
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_completion_in_an_action_a_helper_keeps_for_later() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Registry
        {
            private readonly List<Action> _onClose = new List<Action>();

            public void OnClose(Action action) => _onClose.Add(action);

            public void Close()
            {
                foreach (var action in _onClose) action();
            }

            public Task WhenClosed()
            {
                var tcs = [|new TaskCompletionSource<bool>()|];
                OnClose(() => tcs.TrySetResult(true));
                return tcs.Task;
            }
        }
        """);

    [Fact]
    public Task Flags_completion_in_an_action_a_helper_runs_under_its_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Serialized
        {
            private readonly object _sync = new object();

            public void Run(Action action)
            {
                lock (_sync)
                {
                    action();
                }
            }

            public Task<int> CountAsync(List<int> items)
            {
                var tcs = [|new TaskCompletionSource<int>()|];
                Run(() => tcs.TrySetResult(items.Count));
                return tcs.Task;
            }
        }
        """);

    [Fact]
    public Task Flags_completion_in_an_inline_action_called_under_a_lock() => Verify.VerifyAnalyzerAsync(Usings + Poller + """
            private readonly object _sync = new object();
            private readonly TaskCompletionSource<bool> _stopped = [|new TaskCompletionSource<bool>()|];

            public Task Stopped => _stopped.Task;

            public void Stop()
            {
                lock (_sync)
                {
                    Run(() => _stopped.TrySetResult(true));
                }
            }
        }
        """);
}
