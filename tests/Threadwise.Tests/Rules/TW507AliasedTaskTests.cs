using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW507SynchronousCompletionSourceAnalyzer, Threadwise.Fixes.Correctness.TW507SynchronousCompletionSourceCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A local source whose task is first put in a local of the creating method and only awaited there (git-credential-manager's
/// loopback listener: <c>var cancelTask = tcs.Task;</c>, raced with <c>WhenAny</c>, compared by identity, awaited): the
/// continuation is the rest of that method, as when <c>tcs.Task</c> is awaited directly.
/// </summary>
public class TW507AliasedTaskTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_cancellation_source_whose_task_a_local_races_and_awaits() => Verify.VerifyAnalyzerAsync(Usings + """
        class Listener
        {
            public async Task<string> InterceptAsync(Func<Task<string>> next, CancellationToken ct)
            {
                var tcs = new TaskCompletionSource<string>();
                ct.Register(() => tcs.SetCanceled());
                while (true)
                {
                    Task<string> contextTask = next();
                    Task<string> cancelTask = tcs.Task;

                    Task completed = await Task.WhenAny(contextTask, cancelTask);
                    if (completed == cancelTask)
                    {
                        return await cancelTask;
                    }

                    var value = await contextTask;
                    if (value.Length > 0)
                    {
                        return value;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_an_aliased_task_only_queried_and_awaited_where_it_is_made() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            public event EventHandler<int>? Received;

            public async Task<int> ReadAsync()
            {
                var next = new TaskCompletionSource<int>();
                Received += (sender, value) => next.TrySetResult(value);
                var pending = next.Task;
                if (pending.IsCompleted)
                {
                    return pending.Result;
                }

                return await pending.ConfigureAwait(false);
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_an_aliased_task_that_is_returned() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            public event EventHandler<int>? Received;

            public Task<int> NextAsync()
            {
                var next = {|#0:new TaskCompletionSource<int>()|};
                Received += (sender, value) => next.TrySetResult(value);
                var pending = next.Task;
                return pending;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("in an event handler", 12, ", and the code that raised the event waits for them"));

    [Fact]
    public Task Flags_an_aliased_task_handed_to_other_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            private readonly List<Task<int>> _pending = new List<Task<int>>();

            public async Task<int> ReadAsync(CancellationToken ct)
            {
                var next = {|#0:new TaskCompletionSource<int>()|};
                ct.Register(() => next.TrySetCanceled());
                var pending = next.Task;
                _pending.Add(pending);
                return await pending;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("in a callback", 12, ", on a thread this code does not own, which waits for them"));

    // socket.io-client-csharp: two timeout callbacks complete the same source; the message names the first in source
    // order, whatever order concurrent analysis meets them in, so baselines and verdicts keyed by message stay stable.
    [Fact]
    public Task Flags_a_source_completed_in_two_callbacks_naming_the_first_in_source_order() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            private TaskCompletionSource<Exception?>? _connected;

            public async Task ConnectAsync(CancellationToken ct)
            {
                _connected = {|#0:new TaskCompletionSource<Exception?>()|};
                using var timeout = new CancellationTokenSource(5000);
                timeout.Token.Register(() => _connected.SetResult(new TimeoutException()));
                ct.Register(() => _connected.SetResult(new TaskCanceledException()));
                var error = await _connected.Task;
                if (error != null) throw error;
            }

            public async Task UpgradeAsync()
            {
                using var timeout = new CancellationTokenSource(5000);
                timeout.Token.Register(() => _connected!.SetResult(new TimeoutException()));
                await Task.Yield();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("in a callback", 13, ", on a thread this code does not own, which waits for them"));
}
