using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>A wait on a source whose completion was queued to the thread pool in the statement before.</summary>
public partial class TW103BlockingWaitInSyncTests
{
    [Fact]
    public Task Ignores_the_wait_right_after_a_pool_queued_TrySetResult() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class AsyncManualResetSignal
        {
            private volatile TaskCompletionSource<bool> _source = new TaskCompletionSource<bool>();

            public void Set()
            {
                var source = _source;
                Task.Factory.StartNew(s => ((TaskCompletionSource<bool>)s!).TrySetResult(true),
                    source, CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default);
                source.Task.Wait();
            }

            public void SetAndObserve()
            {
                var source = _source;
                _ = Task.Run(() => source.TrySetResult(true));
                var set = source.Task.GetAwaiter().GetResult();
            }

            public void Cancel(TaskCompletionSource<int> pending)
            {
                Task.Run(() => pending.TrySetCanceled());
                pending.Task.Wait(TimeSpan.FromSeconds(1));
            }
        }
        """);

    [Fact]
    public Task Flags_waits_on_a_signal_queued_to_the_current_scheduler_or_not_just_before() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class AsyncManualResetSignal
        {
            private volatile TaskCompletionSource<bool> _source = new TaskCompletionSource<bool>();
            private readonly TaskCompletionSource<bool> _other = new TaskCompletionSource<bool>();

            public void SetOnCurrentScheduler()
            {
                var source = _source;
                Task.Factory.StartNew(s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), source);
                [|source.Task.Wait()|];
            }

            public void SetLater(Action flush)
            {
                var source = _source;
                Task.Run(() => source.TrySetResult(true));
                flush();
                [|source.Task.Wait()|];
            }

            public void WaitForAnother()
            {
                Task.Run(() => _source.TrySetResult(true));
                [|_other.Task.Wait()|];
            }

            public void SetAfterWork(Func<bool> work)
            {
                Task.Run(() => _source.TrySetResult(work()));
                [|_source.Task.Wait()|];
            }
        }
        """);
}
