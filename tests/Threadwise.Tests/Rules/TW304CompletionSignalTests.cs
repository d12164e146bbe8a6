using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW304: a start whose delegate completes a TaskCompletionSource is pool work started on purpose, as every
/// <c>Task.Run</c>/<c>StartNew</c> statement outside the entry point is, whether or not the delegate can fault.
/// </summary>
public class TW304CompletionSignalTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_a_pool_queued_TrySetResult_on_the_state_source() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class AsyncSignal
        {
            private volatile TaskCompletionSource<bool> _source = new TaskCompletionSource<bool>();

            public Task WaitAsync() => _source.Task;

            public void Set()
            {
                var source = _source;
                Task.Factory.StartNew(s => ((TaskCompletionSource<bool>)s!).TrySetResult(true),
                    source, CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default);
                source.Task.Wait();
            }
        }
        """);

    [Fact]
    public Task Ignores_started_delegates_that_only_cancel_or_fail_or_complete_a_source() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReplyTracker
        {
            private readonly TaskCompletionSource<int> _reply = new TaskCompletionSource<int>();
            private readonly TaskCompletionSource _closed = new TaskCompletionSource();

            public void Abort(Exception reason, int code)
            {
                Task.Run(() => _reply.TrySetException(reason));
                Task.Run(() => this._closed.TrySetCanceled());
                Task.Factory.StartNew(() => { _reply.TrySetResult(code); });
                var local = new TaskCompletionSource<string>();
                Task.Run(() => local.TrySetResult("closed"));
            }
        }
        """);

    [Fact]
    public Task Ignores_started_delegates_that_compute_or_set_or_do_more_than_signal() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReplyTracker
        {
            private readonly TaskCompletionSource<int> _reply = new TaskCompletionSource<int>();

            public void Complete(Func<int> read, Action log)
            {
                Task.Run(() => _reply.TrySetResult(read()));
                Task.Run(() => _reply.SetResult(1));
                Task.Run(() => { _reply.TrySetResult(1); log(); });
                Task.Run(() => _reply.TrySetException((Exception)null!));
            }
        }
        """);
}
