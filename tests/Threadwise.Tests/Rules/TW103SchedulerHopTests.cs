using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW103 and waits for synchronous work handed to a scheduler of the code's choosing (Hangfire's job performer,
/// csharp-driver's timer): a hop, like <c>Control.Invoke</c>, not a wait on asynchronous work.
/// </summary>
public class TW103SchedulerHopTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_job_run_and_waited_for_on_the_users_scheduler() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class JobPerformer
        {
            private readonly TaskScheduler _jobScheduler;

            public JobPerformer(TaskScheduler jobScheduler) => _jobScheduler = jobScheduler;

            public object Perform(Func<object> job)
            {
                var scheduled = Task.Factory.StartNew(Invoke, job, CancellationToken.None, TaskCreationOptions.None, _jobScheduler);
                return scheduled.GetAwaiter().GetResult();
            }

            private static object Invoke(object? state) => ((Func<object>)state!)();
        }
        """);

    [Fact]
    public Task Ignores_a_hop_onto_the_exclusive_scheduler_of_an_own_TaskFactory() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SerialTimer : IDisposable
        {
            private readonly TaskFactory _exclusive;
            private CancellationTokenSource? _cts = new CancellationTokenSource();
            private bool _disposed;

            public SerialTimer(TaskScheduler exclusive) =>
                _exclusive = new TaskFactory(CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskContinuationOptions.DenyChildAttach, exclusive);

            public void Dispose()
            {
                _exclusive.StartNew(() =>
                {
                    _disposed = true;
                    _cts?.Cancel();
                    _cts = null;
                }).GetAwaiter().GetResult();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_wait_for_an_update_run_on_a_UI_scheduler() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ProgressReporter
        {
            private readonly TaskScheduler _ui;
            private int _shown;

            public ProgressReporter(TaskScheduler ui) => _ui = ui;

            public void Report(int percent) =>
                Task.Factory.StartNew(() => _shown = percent, CancellationToken.None, TaskCreationOptions.None, _ui).Wait();
        }
        """);

    [Fact]
    public Task Ignores_recursion_moved_to_a_fresh_stack_on_the_pool() =>
        Verify.VerifyAnalyzerAsync(Usings + TW104SchedulerHopTests.Guard);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_an_async_delegate_waited_for_on_a_chosen_scheduler() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Refresher
        {
            private readonly TaskFactory _exclusive = new TaskFactory(new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler);

            public void Refresh(Func<Task> reload) => [|_exclusive.StartNew(async () => await reload()).Unwrap().Wait()|];
        }
        """);

    [Fact]
    public Task Flags_work_waited_for_on_the_current_scheduler_or_through_Task_Run() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Loader
        {
            public int Load(Func<int> read) => [|Task.Factory.StartNew(read).Result|] + [|Task.Run(read).Result|];
        }
        """);

    [Fact]
    public Task Flags_async_work_waited_for_through_the_thread_pool() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Loader
        {
            public int Load(Func<Task<int>> readAsync)
            {
                var first = [|Task.Run(() => readAsync()).Result|];
                var second = [|Task.Factory.StartNew(() => readAsync(), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default).Unwrap().Result|];
                return first + second;
            }
        }
        """);
}
