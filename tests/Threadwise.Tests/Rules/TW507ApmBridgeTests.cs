using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW507SynchronousCompletionSourceAnalyzer, Threadwise.Fixes.Correctness.TW507SynchronousCompletionSourceCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// The Task-to-APM bridge (csharp-driver's <c>ToApm</c>, the pattern .NET's interop docs show): a source made with the APM
/// state, completed in a continuation, its task handed to the caller's <c>AsyncCallback</c> and returned as the
/// <c>IAsyncResult</c> of <c>BeginM</c>. APM callers finish with <c>EndM</c>; nothing awaits that task.
/// </summary>
public class TW507ApmBridgeTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_the_task_to_APM_bridge_completed_in_a_continuation() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TaskHelper
        {
            public static Task<TResult> ToApm<TResult>(this Task<TResult> task, AsyncCallback callback, object state)
            {
                var tcs = new TaskCompletionSource<TResult>(state);
                task.ContinueWith(delegate
                {
                    if (task.IsFaulted)
                    {
                        tcs.TrySetException(task.Exception.InnerExceptions);
                    }
                    else if (task.IsCanceled)
                    {
                        tcs.TrySetCanceled();
                    }
                    else
                    {
                        tcs.TrySetResult(task.Result);
                    }

                    callback?.Invoke(tcs.Task);
                }, TaskContinuationOptions.ExecuteSynchronously);
                return tcs.Task;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_Begin_method_whose_source_an_event_handler_completes_before_calling_back() => Verify.VerifyAnalyzerAsync(Usings + """
        class Channel
        {
            public event EventHandler<string>? Received;

            public IAsyncResult BeginReceive(AsyncCallback callback, object state)
            {
                var tcs = new TaskCompletionSource<string>(state, TaskCreationOptions.None);
                Received += (sender, message) =>
                {
                    tcs.TrySetResult(message);
                    if (!tcs.Task.IsFaulted)
                    {
                        callback(tcs.Task);
                    }
                };
                return tcs.Task;
            }

            public string EndReceive(IAsyncResult result) => ((Task<string>)result).Result;
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_bridge_whose_task_is_also_handed_to_other_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class Channel
        {
            public event EventHandler<string>? Received;
            private Task<string>? _last;

            public IAsyncResult BeginReceive(AsyncCallback callback, object state)
            {
                var tcs = {|#0:new TaskCompletionSource<string>(state)|};
                Received += (sender, message) =>
                {
                    tcs.TrySetResult(message);
                    callback(tcs.Task);
                };
                Remember(tcs.Task);
                return tcs.Task;
            }

            private void Remember(Task<string> task) => _last = task;
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("in an event handler", 14, ", and the code that raised the event waits for them"));

    [Fact]
    public Task Flags_a_source_made_with_a_state_whose_task_no_callback_receives() => Verify.VerifyAnalyzerAsync(Usings + """
        class Channel
        {
            public event EventHandler<string>? Received;

            public Task<string> ReceiveAsync(object state)
            {
                var tcs = {|#0:new TaskCompletionSource<string>(state)|};
                Received += (sender, message) => tcs.TrySetResult(message);
                return tcs.Task;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("in an event handler", 11, ", and the code that raised the event waits for them"));
}
