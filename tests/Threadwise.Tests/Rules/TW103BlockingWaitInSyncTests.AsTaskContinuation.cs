using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// DotNetty's channel pool: <c>future.AsTask().ContinueWith(t => .. future.Result ..)</c> reads the ValueTask inside the
/// continuation of the task <c>AsTask</c> made from it, so it is complete. A continuation of another task is not.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    [Fact]
    public Task Ignores_a_ValueTask_read_in_the_continuation_of_its_own_AsTask_and_flags_another_antecedent() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class FixedChannelPool
        {
            private readonly Func<ValueTask<string>> _acquire;
            private readonly Func<Task> _healthCheck;

            public FixedChannelPool(Func<ValueTask<string>> acquire, Func<Task> healthCheck) => (_acquire, _healthCheck) = (acquire, healthCheck);

            public Task<string> AcquireAsync()
            {
                var promise = new TaskCompletionSource<string>();
                ValueTask<string> future = _acquire();
                future.AsTask().ContinueWith(t =>
                {
                    if (t.Status == TaskStatus.RanToCompletion)
                    {
                        promise.TrySetResult(future.Result);
                    }
                });

                ValueTask<string> other = _acquire();
                _healthCheck().ContinueWith(t => promise.TrySetResult([|other.Result|]));
                return promise.Task;
            }
        }
        """);
}
