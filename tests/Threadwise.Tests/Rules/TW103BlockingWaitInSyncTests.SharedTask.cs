using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW103 on a sync twin that is written out beside its async twin and waits on the very task the twin hands out (a task
/// the type keeps in a field), corpus shape; the neighbours keep wrappers and waits on other tasks flagged.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    // ---- a twin that hands out the same task: must not flag --------------------------------------------------

    [Fact]
    public Task Ignores_a_sync_twin_waiting_on_the_stored_task_its_async_twin_returns() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics;

        public sealed class LeaseKeeper
        {
            private static readonly TimeSpan Validity = TimeSpan.FromSeconds(45);
            private readonly Stopwatch _sinceRenewal = Stopwatch.StartNew();
            private volatile Task _renewal = Task.CompletedTask;

            public void ScheduleRenewal(Func<Task> renew)
            {
                _renewal = renew();
                _sinceRenewal.Restart();
            }

            public ValueTask EnsureFreshLeaseAsync()
            {
                if (_sinceRenewal.Elapsed < Validity)
                {
                    return default;
                }

                return new ValueTask(_renewal);
            }

            public void EnsureFreshLease()
            {
                if (_sinceRenewal.Elapsed < Validity)
                {
                    return;
                }

                _renewal.Wait();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_sync_twin_over_a_stored_task_property_that_the_twin_awaits() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Warmup
        {
            protected Task<int> Loaded { get; set; } = Task.FromResult(0);

            public void Start(Func<Task<int>> load) => Loaded = Task.Run(load);

            public async Task<int> ReadyAsync(CancellationToken token = default)
            {
                token.ThrowIfCancellationRequested();
                return await Loaded.ConfigureAwait(false);
            }

            public int Ready() => Loaded.GetAwaiter().GetResult();
        }
        """);

    // ---- neighbours: must flag -------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_sync_twin_whose_async_twin_returns_another_task() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Cache
        {
            private Task _refresh = Task.CompletedTask;
            private Task _warm = Task.CompletedTask;

            public Task WarmAsync() => _warm;

            public void Start()
            {
                _refresh = Task.Run(() => { });
                _warm = Task.Run(() => { });
            }

            public void Warm() => [|_refresh.Wait()|];
        }
        """);

    [Fact]
    public Task Flags_a_wait_on_a_stored_task_without_a_twin_or_on_a_task_the_type_does_not_keep() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Loader
        {
            private Task _pending = Task.CompletedTask;

            public Task FlushAsync(Task external) => external;

            public void Flush(Task external) => [|external.Wait()|];

            public void Drain() => [|_pending.Wait()|];

            public Task DrainAllAsync() => _pending;

            public void Start() => _pending = Task.Run(() => { });
        }
        """);
}
