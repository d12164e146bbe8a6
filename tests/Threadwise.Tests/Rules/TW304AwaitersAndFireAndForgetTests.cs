using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer>;

namespace Threadwise.Tests.Rules;

public class TW304AwaitersAndFireAndForgetTests
{
    private const string Usings = """
        using System;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Store = """
        [Flags]
        enum RequestFlags { None = 0, DemandPrimary = 4, FireAndForget = 2 }

        interface IBatch
        {
            Task<bool> ExpireAsync(string key, TimeSpan ttl, RequestFlags flags = RequestFlags.None);
            Task<bool> DeleteAsync(string key, RequestFlags flags = RequestFlags.None);
            void AddCondition(string key, string expected);
        }

        """;

    // ---- awaiters that schedule the continuation -----------------------------------------------------------------

    [Fact]
    public Task Ignores_awaiter_that_runs_its_continuation_on_the_thread_pool() => Verify.VerifyAnalyzerAsync(Usings + """
        readonly struct ReceiveAwaiter : INotifyCompletion
        {
            private readonly Func<bool> _done;

            public ReceiveAwaiter(Func<bool> done) => _done = done;

            public bool IsCompleted => _done();

            public int GetResult() => 0;

            public void OnCompleted(Action continuation) => Task.Run(continuation);
        }
        """);

    [Fact]
    public Task Ignores_critical_awaiter_with_explicit_and_unsafe_OnCompleted() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SocketOperation : ICriticalNotifyCompletion
        {
            private readonly TaskScheduler _scheduler = TaskScheduler.Default;

            public bool IsCompleted { get; private set; }

            public SocketOperation GetAwaiter() => this;

            public int GetResult() => 0;

            void INotifyCompletion.OnCompleted(Action continuation)
            {
                Task.Factory.StartNew(continuation, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler);
            }

            public void UnsafeOnCompleted(Action continuation)
            {
                if (IsCompleted)
                {
                    Task.Run(() => continuation());
                    return;
                }

                Task.Run(continuation);
            }
        }
        """);

    [Fact]
    public Task Flags_tasks_dropped_in_OnCompleted_hooks_and_other_awaiter_members() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class UploadJob
        {
            public void OnCompleted(Action notify)
            {
                [|NotifyAsync()|];
            }

            private Task NotifyAsync() => Task.Delay(1);
        }

        readonly struct DelayAwaiter : INotifyCompletion
        {
            public bool IsCompleted => false;

            public void GetResult() { }

            public void OnCompleted(Action continuation) => Task.Run(continuation);

            public void Prefetch() => [|Task.Delay(10)|];
        }
        """);

    // ---- fire-and-forget mode: the task is a completed placeholder ------------------------------------------------

    [Fact]
    public Task Ignores_commands_queued_fire_and_forget_in_a_batch() => Verify.VerifyAnalyzerAsync(Usings + Store + """
        class LeaseStore
        {
            public IBatch ExtendLease(IBatch batch, string key, string owner, TimeSpan ttl)
            {
                batch.AddCondition(key, owner);
                batch.ExpireAsync(key, ttl, RequestFlags.FireAndForget);
                return batch;
            }

            public IBatch ReleaseLease(IBatch batch, string key, string owner, RequestFlags flags)
            {
                batch.AddCondition(key, owner);
                batch.DeleteAsync(key, flags | RequestFlags.FireAndForget);
                batch.DeleteAsync(key + ":meta", RequestFlags.DemandPrimary | RequestFlags.FireAndForget);
                return batch;
            }
        }
        """);

    [Fact]
    public Task Flags_commands_whose_flags_do_not_say_fire_and_forget() => Verify.VerifyAnalyzerAsync(Usings + Store + """
        class LeaseStore
        {
            public void ReleaseLease(IBatch batch, string key, RequestFlags flags)
            {
                [|batch.DeleteAsync(key, flags)|];
                [|batch.DeleteAsync(key, RequestFlags.DemandPrimary)|];
            }
        }
        """);
}
