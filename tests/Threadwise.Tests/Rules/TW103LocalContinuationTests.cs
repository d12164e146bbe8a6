using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A local function handed to ContinueWith as the continuation, directly or through a local delegate used for nothing
/// else (couchbase's WhenAnySuccessful): its task parameter is the completed antecedent. Called directly, or its delegate
/// invoked, it may be given a pending task.
/// </summary>
public class TW103LocalContinuationTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_results_of_antecedents_in_local_continuations() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class TaskHelpers
        {
            public static Task<T> WhenAnySuccessful<T>(IEnumerable<Task<T>> tasks, CancellationToken cancellationToken)
            {
                var tcs = new TaskCompletionSource<T>();

                void HandleCompletion(Task<T> t)
                {
                    if (t.IsFaulted || t.IsCanceled)
                    {
                        return;
                    }

                    tcs.TrySetResult(t.Result);
                }

                Action<Task<T>> handleCompletionAction = HandleCompletion;
                foreach (var task in tasks)
                {
                    task.ContinueWith(
                        continuationAction: handleCompletionAction,
                        continuationOptions: TaskContinuationOptions.None,
                        cancellationToken: cancellationToken,
                        scheduler: TaskScheduler.Default);
                }

                return tcs.Task;
            }

            public static Task<T> First<T>(Task<T> task)
            {
                var tcs = new TaskCompletionSource<T>();
                void Copy(Task<T> done) => tcs.TrySetResult(done.Result);
                task.ContinueWith(Copy, TaskScheduler.Default);
                return tcs.Task;
            }
        }
        """);

    [Fact]
    public Task Flags_local_continuations_that_are_also_called_directly() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class TaskHelpers
        {
            public static Task<T> WhenAnySuccessful<T>(IEnumerable<Task<T>> tasks)
            {
                var tcs = new TaskCompletionSource<T>();

                void HandleCompletion(Task<T> t) => tcs.TrySetResult([|t.Result|]);

                Action<Task<T>> handleCompletionAction = HandleCompletion;
                foreach (var task in tasks)
                {
                    task.ContinueWith(handleCompletionAction, TaskScheduler.Default);
                }

                handleCompletionAction(tasks.First());
                return tcs.Task;
            }

            public static Task<T> First<T>(Task<T> task)
            {
                var tcs = new TaskCompletionSource<T>();
                void Copy(Task<T> done) => tcs.TrySetResult([|done.Result|]);
                task.ContinueWith(Copy, TaskScheduler.Default);
                Copy(task);
                return tcs.Task;
            }
        }
        """);
}
