using Verify103 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;
using Verify402 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Locks.TW402BlockingInLockAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A comment right above a wait (or at the end of its line) that says it does not block marks the site, like a comment
/// that calls it synchronous on purpose: DotPulsar's AsyncLock takes its free semaphore under its own lock with
/// <c>_semaphoreSlim.Wait(cancellationToken); //Will never block</c>. A comment that names a problem ("should not block"),
/// bounds the wait ("can never block forever"), or sits elsewhere does not count; <c>threadwise.honor_peer_suppressions =
/// false</c> reports the sites again.
/// </summary>
public class NonBlockingCommentTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // DotPulsar's AsyncLock: the count is checked under the lock every Release also takes.
    private const string AsyncLock = """
        public sealed class AsyncLock
        {
            private readonly LinkedList<TaskCompletionSource<IDisposable>> _pending = new LinkedList<TaskCompletionSource<IDisposable>>();
            private readonly SemaphoreSlim _semaphoreSlim = new SemaphoreSlim(1, 1);
            private readonly Task<IDisposable> _completedTask = Task.FromResult<IDisposable>(null!);

            public Task<IDisposable> Lock(CancellationToken cancellationToken)
            {
                lock (_pending)
                {
                    if (_semaphoreSlim.CurrentCount == 1) //Lock is free
                    {
                        {|#0:_semaphoreSlim.Wait(cancellationToken)|}; //Will never block
                        return _completedTask;
                    }

                    var ccs = new TaskCompletionSource<IDisposable>();
                    _pending.AddLast(ccs);
                    return ccs.Task;
                }
            }
        }
        """;

    [Fact]
    public Task Ignores_a_wait_in_a_lock_whose_line_says_it_will_never_block() =>
        Verify402.VerifyAnalyzerAsync(Usings + AsyncLock.Replace("{|#0:", "").Replace(")|};", ");"));

    [Fact]
    public Task Ignores_waits_under_a_comment_above_that_says_they_do_not_block() => Verify103.VerifyAnalyzerAsync(Usings + """
        public sealed class Subchannel
        {
            private Task<int> _pending = Task.Delay(1).ContinueWith(_ => 1);

            public int Available()
            {
                // Data is already available so this won't block.
                var count = _pending.Result;

                // The handshake above completed the task: this does not block.
                _pending.Wait();
                return count;
            }
        }
        """);

    [Fact]
    public Task Flags_a_wait_in_a_lock_under_the_comment_when_peer_suppressions_are_not_honoured() => new Verify402.Test
    {
        TestCode = Usings + AsyncLock,
        EditorConfig = "threadwise.honor_peer_suppressions = false",
        ExpectedDiagnostics = { Verify402.Diagnostic().WithLocation(0) },
    }.RunAsync();

    // A wish ("should not block"), a bound ("never block forever"), a negated claim elsewhere in the method, or no
    // comment at all: the wait is reported.
    [Fact]
    public Task Flags_waits_under_comments_that_wish_bound_or_sit_elsewhere() => Verify402.VerifyAnalyzerAsync(Usings + """
        public sealed class Gate
        {
            private readonly object _sync = new object();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);

            public void Enter(Task pending, Task other)
            {
                // This does not block the caller's thread for long.
                var ready = true;
                lock (_sync)
                {
                    // this should not block
                    [|_semaphore.Wait()|];

                    // drained with a budget, so Stop can never block forever
                    [|pending.Wait()|];

                    [|other.Wait()|];
                }
            }
        }
        """);
}
