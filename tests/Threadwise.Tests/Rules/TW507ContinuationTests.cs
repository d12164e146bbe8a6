using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW507SynchronousCompletionSourceAnalyzer, Threadwise.Fixes.Correctness.TW507SynchronousCompletionSourceCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW507 and a source completed in a <c>ContinueWith</c> continuation (akka.net's coordinated shutdown, Proto.Actor's
/// joined-cluster signal): without <c>ExecuteSynchronously</c> the continuation is queued to its scheduler as a work item
/// of its own, like <c>Task.Run(() =&gt; tcs.SetResult(..))</c>, and the continuations that run inline there stall nobody's
/// thread. With <c>ExecuteSynchronously</c>, or options not known at compile time, it runs on whichever thread completes
/// the task, and stays reported.
/// </summary>
public class TW507ContinuationTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_source_completed_in_a_queued_continuation() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Shutdown
        {
            private readonly TaskCompletionSource<int> _runPromise = new TaskCompletionSource<int>();

            public Task<int> Run(Func<Task<int>> phases)
            {
                phases().ContinueWith(tr =>
                {
                    if (!tr.IsFaulted && !tr.IsCanceled)
                        _runPromise.SetResult(tr.Result);
                    else
                        _runPromise.SetException(tr.Exception!.Flatten());
                });
                return _runPromise.Task;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_signal_set_by_a_discarded_continuation() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Cluster
        {
            private readonly TaskCompletionSource<bool> _joined = new TaskCompletionSource<bool>();

            public async Task WhenJoinedAsync(Action then)
            {
                await _joined.Task;
                then();
            }

            public async Task StartAsync(Task started)
            {
                _ = started.ContinueWith(_ => _joined.TrySetResult(true));
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_continuation_with_options_that_do_not_run_it_inline() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Timeouts
        {
            public static Task<T> After<T>(Func<Task<T>> value)
            {
                var tcs = new TaskCompletionSource<T>();
                value().ContinueWith(tr => tcs.SetResult(tr.Result), CancellationToken.None,
                    TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default);
                return tcs.Task;
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_source_completed_in_a_continuation_that_runs_synchronously() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Timeouts
        {
            public static Task<T> After<T>(Func<Task<T>> value)
            {
                var tcs = [|new TaskCompletionSource<T>()|];
                value().ContinueWith(tr => tcs.SetResult(tr.Result), TaskContinuationOptions.ExecuteSynchronously);
                return tcs.Task;
            }
        }
        """);

    [Fact]
    public Task Flags_a_source_completed_in_a_continuation_with_options_from_the_caller() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Timeouts
        {
            public static Task<T> After<T>(Func<Task<T>> value, TaskContinuationOptions options)
            {
                var tcs = [|new TaskCompletionSource<T>()|];
                value().ContinueWith(tr => tcs.SetResult(tr.Result), options);
                return tcs.Task;
            }
        }
        """);
}
