using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Proto.Actor's <c>context.ReenterAfter(task, callback)</c>: the actor runs the callback, with the task as its argument
/// where it takes one, once the task is complete (protoactor-dotnet's identity and partition actors read
/// <c>t.Result</c> there). A continuation like <c>ContinueWith</c>, so the read names a completed task.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    private const string ProtoContext = """
        namespace Proto
        {
            public interface IContext
            {
                void ReenterAfter<T>(Task<T> target, Func<Task<T>, Task> action);
                void ReenterAfter(Task target, Action action);
                void ReenterAfter(Task target, Action<Task> action);
                void ReenterAfter<T>(Task<T> target, Action<Task<T>> action);
                void ReenterAfter(Task target, Func<Task, Task> action);
                void Respond(object message);
            }

            public class ActorContext : IContext
            {
                public void ReenterAfter<T>(Task<T> target, Func<Task<T>, Task> action) { }
                public void ReenterAfter(Task target, Action action) { }
                public void ReenterAfter(Task target, Action<Task> action) { }
                public void ReenterAfter<T>(Task<T> target, Action<Task<T>> action) { }
                public void ReenterAfter(Task target, Func<Task, Task> action) { }
                public void Respond(object message) { }
            }
        }

        """;

    [Fact]
    public Task Ignores_results_read_in_a_ReenterAfter_callback_of_the_same_task() => Verify.VerifyAnalyzerAsync(Usings + ProtoContext + """
        public class PlacementActor
        {
            private readonly TaskCompletionSource<string> _completion = new TaskCompletionSource<string>();

            public void OnLookup(Proto.IContext context, Task<string> pending)
            {
                // The callback's parameter is the task, complete when the callback runs.
                context.ReenterAfter(pending, task => context.Respond(task.Result));
                context.ReenterAfter(Task.Run(() => 42), persisted =>
                {
                    var ok = persisted.Result > 0;
                    return Task.CompletedTask;
                });

                // The same task named again inside a callback that takes no argument.
                context.ReenterAfter(_completion.Task, () => context.Respond(_completion.Task.Result));
                context.ReenterAfter(pending, () => pending.GetAwaiter().GetResult());
            }

            public void OnLookup(Proto.ActorContext context, Task<int> pending) =>
                context.ReenterAfter(action: t => context.Respond(t.Result), target: pending);
        }
        """);

    [Fact]
    public Task Flags_other_tasks_read_in_a_ReenterAfter_callback_and_lookalikes() => Verify.VerifyAnalyzerAsync(Usings + ProtoContext + """
        public class PlacementActor
        {
            private readonly TaskCompletionSource<string> _completion = new TaskCompletionSource<string>();
            private readonly TaskCompletionSource<string> _renewal = new TaskCompletionSource<string>();

            public void OnLookup(Proto.IContext context, Task<string> pending, Task<string> other)
            {
                // The callback runs after 'pending', not after 'other' or another source's task.
                context.ReenterAfter(pending, () => context.Respond([|other.Result|]));
                context.ReenterAfter(_completion.Task, () => context.Respond([|_renewal.Task.Result|]));
            }

            // A method of the same name that is not Proto.Actor's.
            public void ReenterAfter(Task target, Action<Task> action) { }

            public void OnOther(Task<string> pending) => ReenterAfter(pending, t => Console.WriteLine([|((Task<string>)t).Result|]));
        }
        """);

    // Proto.Actor's pub-sub delivery actor: the callback of ReenterAfter(Task.WhenAll(tasks), ..) hands the collection to a
    // private method that reads every result.
    [Fact]
    public Task Ignores_results_of_a_collection_a_WhenAll_callback_hands_to_a_private_method() => Verify.VerifyAnalyzerAsync(Usings + ProtoContext + """
        public class DeliveryActor
        {
            public void OnBatch(Proto.IContext context, IEnumerable<Func<Task<int>>> subscribers)
            {
                var tasks = subscribers.Select(deliver => deliver()).ToArray();
                context.ReenterAfter(Task.WhenAll(tasks), () => NotifyAboutFailures(tasks, context));
                context.ReenterAfter(Task.WhenAll(tasks), () => { Count(tasks); });
            }

            private void NotifyAboutFailures(IEnumerable<Task<int>> delivered, Proto.IContext context)
            {
                var failed = delivered.Select(t => t.Result).Where(status => status != 0).ToArray();
                if (failed.Length > 0) context.Respond(failed);
            }

            private static int Count(Task<int>[] delivered)
            {
                var total = 0;
                foreach (var task in delivered) total += task.Result;
                return total;
            }
        }
        """);

    [Fact]
    public Task Flags_results_of_a_collection_not_complete_at_every_call_of_the_private_method() => Verify.VerifyAnalyzerAsync(Usings + ProtoContext + """
        public class DeliveryActor
        {
            public void OnBatch(Proto.IContext context, IEnumerable<Func<Task<int>>> subscribers, Task<int>[] others)
            {
                var tasks = subscribers.Select(deliver => deliver()).ToArray();
                context.ReenterAfter(Task.WhenAll(tasks), () => NotifyAboutFailures(tasks, context));
                NotifyAboutFailures(tasks, context);
                context.ReenterAfter(Task.WhenAll(tasks), () => { Count(others); });
            }

            private void NotifyAboutFailures(IEnumerable<Task<int>> delivered, Proto.IContext context)
            {
                var failed = delivered.Select(t => [|t.Result|]).Where(status => status != 0).ToArray();
                if (failed.Length > 0) context.Respond(failed);
            }

            private static int Count(Task<int>[] delivered)
            {
                var total = 0;
                foreach (var task in delivered) total += [|task.Result|];
                return total;
            }
        }
        """);
}
