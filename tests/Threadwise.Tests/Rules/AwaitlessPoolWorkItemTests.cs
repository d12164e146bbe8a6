using TW102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using TW104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An async lambda that never awaits, handed to <c>Task.Run</c> or <c>Task.Factory.StartNew</c>, runs exactly as the same
/// lambda without <c>async</c>: synchronously, on the pool thread the start took for it (FusionCache's eager refresh with a
/// caller's synchronous factory, <c>_ = Task.Run(async () =&gt; { MaybeExecuteEagerRefreshWithSyncFactory(..); })</c>).
/// Neither TW102 nor TW104 reports there, as neither does in <c>Task.Run(() =&gt; ..)</c>. Once the lambda awaits, or when
/// it is handed to anything else, it is an async path again.
/// </summary>
public class AwaitlessPoolWorkItemTests
{
    private const string Code = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class Refresher
        {
            private readonly Stream _source;
            public Refresher(Stream source) => _source = source;

            public void Refresh()
            {
                var buffer = new byte[16];
                _source.Read(buffer, 0, buffer.Length);
            }

            public void Subscribe(Func<Task> callback) { }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_blocking_helper_in_an_awaitless_Task_Run_lambda() => TW104.VerifyAnalyzerAsync(Code + """
            public void StartRefresh()
            {
                _ = Task.Run(async () =>
                {
                    Refresh();
                });
                _ = Task.Factory.StartNew(async () => Refresh(), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_blocking_call_and_using_in_an_awaitless_Task_Run_lambda() => TW102.VerifyAnalyzerAsync(Code + """
            public void StartCopy(Stream target)
            {
                _ = Task.Run(async () =>
                {
                    var buffer = new byte[16];
                    var read = _source.Read(buffer, 0, buffer.Length);
                    using (var writer = new StreamWriter(target))
                    {
                        writer.Write(read);
                    }
                });
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_blocking_helper_once_the_lambda_awaits_or_is_not_a_pool_start() => TW104.VerifyAnalyzerAsync(Code + """
            public void StartRefresh()
            {
                _ = Task.Run(async () =>
                {
                    await Task.Yield();
                    [|Refresh()|];
                });
                Subscribe(async () => [|Refresh()|]);
            }
        }
        """);

    [Fact]
    public Task Flags_a_blocking_call_in_an_awaiting_Task_Run_lambda() => TW102.VerifyAnalyzerAsync(Code + """
            public void StartCopy()
            {
                _ = Task.Run(async () =>
                {
                    var buffer = new byte[16];
                    var read = [|_source.Read(buffer, 0, buffer.Length)|];
                    await Task.Delay(read);
                });
            }
        }
        """);
}
