using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// MassTransit's observers: Connectable&lt;T&gt;.ForEachAsync(callback) returns a completed task, its callback's task, or
/// Task.WhenAll over an array only the callback's tasks fill. Handed a lambda that is not async and returns only
/// completed tasks, the task it returns is complete: nothing is dropped. An async or pending callback, a helper that
/// returns other tasks or lets its array be filled elsewhere, or one a subclass may override stays reported.
/// </summary>
public class TW304CallbackCompletionTests
{
    private const string Connectable = """
        using System;
        using System.Threading.Tasks;

        public interface IObserverOf<T>
        {
            void OnNext(T value);
            Task NotifyAsync(T value);
        }

        public class Connectable<T>
        {
            private T[] _connected = Array.Empty<T>();

            public Task ForEachAsync(Func<T, Task> callback)
            {
                if (callback == null)
                    throw new ArgumentNullException(nameof(callback));

                var connected = _connected;
                if (connected.Length == 0)
                    return Task.CompletedTask;

                if (connected.Length == 1)
                    return callback(connected[0]);

                var outputTasks = new Task[connected.Length];
                int i;
                for (i = 0; i < connected.Length; i++)
                    outputTasks[i] = callback(connected[i]);

                for (i = 0; i < outputTasks.Length; i++)
                {
                    if (outputTasks[i].Status != TaskStatus.RanToCompletion)
                        break;
                }

                if (i == outputTasks.Length)
                    return Task.CompletedTask;

                return Task.WhenAll(outputTasks);
            }

            public virtual Task ForEachVirtualAsync(Func<T, Task> callback) => callback(_connected[0]);

            public Task ForEachLaterAsync(Func<T, Task> callback) => Task.WhenAll(callback(_connected[0]), Task.Delay(100));

            public Task ForEachFilledAsync(Func<T, Task> callback)
            {
                var tasks = new Task[_connected.Length];
                Fill(tasks);
                return Task.WhenAll(tasks);
            }

            private static void Fill(Task[] tasks)
            {
                for (var i = 0; i < tasks.Length; i++)
                    tasks[i] = Task.Delay(1000);
            }
        }

        """;

    [Fact]
    public Task Ignores_helpers_whose_callbacks_complete_at_once() => Verify.VerifyAnalyzerAsync(Connectable + """
        public class ObservableObserver<T>
        {
            private readonly Connectable<IObserverOf<T>> _observers = new Connectable<IObserverOf<T>>();

            public void OnNext(T value)
            {
                _observers.ForEachAsync(x =>
                {
                    x.OnNext(value);

                    return Task.CompletedTask;
                });
            }

            public void OnCompleted()
            {
                _observers.ForEachAsync(x => Task.CompletedTask);
            }
        }
        """);

    [Fact]
    public Task Flags_pending_callbacks_and_helpers_that_return_other_tasks() => Verify.VerifyAnalyzerAsync(Connectable + """
        public class ObservableObserver<T>
        {
            private readonly Connectable<IObserverOf<T>> _observers = new Connectable<IObserverOf<T>>();

            public void OnNext(T value)
            {
                [|_observers.ForEachAsync(x => x.NotifyAsync(value))|];
                [|_observers.ForEachAsync(async x => { x.OnNext(value); await Task.CompletedTask; })|];
                [|_observers.ForEachVirtualAsync(x => Task.CompletedTask)|];
                [|_observers.ForEachLaterAsync(x => Task.CompletedTask)|];
                [|_observers.ForEachFilledAsync(x => Task.CompletedTask)|];
            }
        }
        """);
}
