using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>Tasks known to be complete: status copies, timed waits inside try, TryWait helpers, locals only assigned completed tasks.</summary>
public partial class TW103BlockingWaitInSyncTests
{
    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_Result_under_a_switch_on_a_copy_of_the_status() => Verify.VerifyAnalyzerAsync(Usings + """
        static class DiagnosticsExport
        {
            public static void Write<T>(System.IO.TextWriter writer, Task task, Action<T, System.IO.TextWriter> render)
            {
                TaskStatus status = task.Status;
                switch (status)
                {
                    case TaskStatus.RanToCompletion:
                        T value = ((Task<T>)task).Result;
                        render(value, writer);
                        break;
                    case TaskStatus.Faulted:
                        writer.WriteLine(task.Exception!.InnerException!.Message);
                        break;
                    default:
                        writer.WriteLine(status);
                        break;
                }
            }

            public static string Describe(Task<string> probe)
            {
                var state = probe.Status;
                if (state == TaskStatus.RanToCompletion)
                {
                    return probe.Result;
                }

                return state switch
                {
                    TaskStatus.Faulted => probe.GetAwaiter().GetResult(),
                    _ => "pending",
                };
            }
        }
        """);

    // Akka.NET's Result.FromTask, MassTransit's TrySetFromTask, AsyncEx's TryCompleteFromCompletedTask: code that asks
    // whether the task faulted and whether it was canceled before it reads the result copies a finished task's outcome.
    [Fact]
    public Task Ignores_Result_read_after_asking_both_IsFaulted_and_IsCanceled() => Verify.VerifyAnalyzerAsync(Usings + """
        public readonly struct Outcome<T>
        {
            public Outcome(T value) { Value = value; Error = null; }
            public Outcome(Exception? error) { Value = default!; Error = error; }
            public T Value { get; }
            public Exception? Error { get; }

            public static Outcome<T> FromTask(Task<T> task) =>
                task.IsCanceled || task.IsFaulted ? new Outcome<T>(task.Exception) : new Outcome<T>(task.Result);
        }

        public static class CompletionSourceExtensions
        {
            public static void TrySetFromTask<T>(this TaskCompletionSource<T> source, Task<T> task)
            {
                switch (task)
                {
                    case { IsCanceled: true }:
                        source.TrySetCanceled();
                        break;
                    case { IsFaulted: true, Exception: not null }:
                        source.TrySetException(task.Exception.InnerExceptions);
                        break;
                    default:
                        source.TrySetResult(task.Result);
                        break;
                }
            }

            public static bool TryCompleteFromCompletedTask<T>(this TaskCompletionSource<T> source, Task<T> task)
            {
                if (task.IsFaulted)
                    return source.TrySetException(task.Exception!.InnerExceptions);
                if (task.IsCanceled)
                    return source.TrySetCanceled();
                return source.TrySetResult(task.GetAwaiter().GetResult());
            }

            public static string Describe(Task<string> attempt)
            {
                var copy = attempt;
                return copy is { IsFaulted: false } && !copy.IsCanceled ? copy.Result : "failed";
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_after_a_timed_wait_that_throws_inside_try() => WithBridgesReported(Usings + """
        public sealed class CommandChannel
        {
            public int TimeoutMs { get; set; } = 1000;

            public T Execute<T>(Func<Task<T>> send)
            {
                var reply = send();
                try
                {
                    if (![|reply.Wait(TimeoutMs)|])
                    {
                        throw new TimeoutException("no reply");
                    }
                }
                catch (AggregateException error) when (error.InnerExceptions.Count == 1)
                {
                    throw error.InnerExceptions[0];
                }

                return reply.Result;
            }

            public T ExecuteOrDefault<T>(Func<Task<T>> send)
            {
                var reply = send();
                try
                {
                    if (![|reply.Wait(TimeoutMs)|]) return default!;
                }
                finally
                {
                    Console.WriteLine("sent");
                }

                return reply.GetAwaiter().GetResult();
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_Result_after_a_TryWait_helper_and_a_throw_helper() => WithBridgesReported(Usings + """
        public sealed class Connection
        {
            public int TimeoutMs { get; set; } = 1000;

            public bool TryWait(Task task) => [|task.Wait(TimeoutMs)|];
        }

        public sealed class PageCursor
        {
            private readonly Connection _connection = new Connection();

            public TPage NextPage<TPage>(Task<TPage> pending)
            {
                if (!_connection.TryWait(pending)) ThrowTimeout("next page");
                return pending.Result;
            }

            public TPage NextPageOrThrow<TPage>(Task<TPage> pending)
            {
                if (_connection.TryWait(pending) == false)
                {
                    throw new TimeoutException();
                }

                return pending.GetAwaiter().GetResult();
            }

            public int Count(Task<int> pending)
            {
                if (!WaitBriefly(pending)) return -1;
                return pending.Result;
            }

            private static bool WaitBriefly(Task task)
            {
                if (task.IsCompleted) return true;
                return [|task.Wait(50)|];
            }

            public TPage NextPageAnnotated<TPage>(Task<TPage> pending)
            {
                if (!_connection.TryWait(pending)) ThrowAnnotatedTimeout("next page");
                return pending.Result;
            }

            private static void ThrowTimeout(string what) => throw new TimeoutException(what);

            private static void ThrowAnnotatedTimeout(string what)
            {
                try
                {
                    throw new TimeoutException(what);
                }
                catch (Exception error)
                {
                    error.Data["operation"] = what;
                    throw;
                }
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_a_local_assigned_only_inside_completion_guards() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class ReplicaReader
        {
            public int ReadFirstAvailable(Task<int> primary, Task<int> replica)
            {
                Task<int>? done = null;
                if (primary.IsCompleted)
                {
                    done = primary;
                }
                else if (replica.IsCompletedSuccessfully)
                {
                    done = replica;
                }

                Console.WriteLine("checked");
                if (done != null)
                {
                    return done.Result;
                }

                return -1;
            }

            public string? FirstFinished(IReadOnlyList<Task<string>> lookups)
            {
                Task<string>? finished = null;
                foreach (var lookup in lookups)
                {
                    if (lookup.IsCompletedSuccessfully)
                    {
                        finished = lookup;
                        break;
                    }
                }

                return finished?.Result;
            }

            public int CachedOrZero(Task<int> refresh)
            {
                Task<int> snapshot = Task.FromResult(0);
                if (refresh.Status == TaskStatus.RanToCompletion)
                {
                    snapshot = refresh;
                }

                return snapshot.GetAwaiter().GetResult();
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    // puppeteer-sharp's launcher end point: the guard and the read go through the same chain of properties and fields.
    [Fact]
    public Task Ignores_Result_under_a_completion_test_of_the_same_chain() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Holder
        {
            public TaskCompletionSource<string> Source { get; } = new TaskCompletionSource<string>();
        }

        sealed class Launcher
        {
            private readonly Holder _holder = new Holder();

            public TaskCompletionSource<string> StartCompletionSource { get; } = new TaskCompletionSource<string>();

            public string EndPoint => StartCompletionSource.Task.IsCompleted
                ? StartCompletionSource.Task.Result
                : null;

            public string Peek() => !_holder.Source.Task.IsCompletedSuccessfully ? null : _holder.Source.Task.Result;

            public bool Ready() => this.StartCompletionSource.Task.IsCompleted && StartCompletionSource.Task.Result.Length > 0;

            public string Read()
            {
                if (_holder.Source.Task.IsCompletedSuccessfully)
                {
                    return _holder.Source.Task.Result;
                }

                return "";
            }
        }
        """);

    // MassTransit's cache value: the guard is a property of this object that only tests the chain's status.
    // grpc-dotnet's calls: 'CallTask.IsCompletedSuccessfully() ? CallTask.Result : ..' with the library's own extension
    // (a compatibility helper for targets whose Task has no such property).
    [Fact]
    public Task Ignores_Result_under_a_completion_extension_of_the_same_chain() => Verify.VerifyAnalyzerAsync(Usings + """
        static class CompatibilityHelpers
        {
            public static bool IsCompletedSuccessfully(this Task task) => task.Status == TaskStatus.RanToCompletion;
        }

        sealed class GrpcCall
        {
            private readonly TaskCompletionSource<int> _callTcs = new TaskCompletionSource<int>();

            public Task<int> CallTask => _callTcs.Task;

            public int Status() => CallTask.IsCompletedSuccessfully() ? CallTask.Result : -1;

            public int Trailers()
            {
                if (_callTcs.Task.IsCompletedSuccessfully())
                {
                    return _callTcs.Task.Result;
                }

                return 0;
            }

            public bool Deadline(GrpcCall current) => current.CallTask.IsCompletedSuccessfully() && current.CallTask.Result == 4;
        }
        """);

    [Fact]
    public Task Flags_Result_under_an_extension_of_another_chain_or_another_name() => Verify.VerifyAnalyzerAsync(Usings + """
        static class CompatibilityHelpers
        {
            public static bool IsCompletedSuccessfully(this Task task) => task.Status == TaskStatus.RanToCompletion;
            public static bool IsStarted(this Task task) => task.Status != TaskStatus.Created;
        }

        sealed class GrpcCall
        {
            private readonly TaskCompletionSource<int> _callTcs = new TaskCompletionSource<int>();
            private readonly TaskCompletionSource<int> _other = new TaskCompletionSource<int>();

            public Task<int> CallTask => _callTcs.Task;

            public int Status() => _other.Task.IsCompletedSuccessfully() ? [|CallTask.Result|] : -1;

            public int Trailers() => CallTask.IsStarted() ? [|CallTask.Result|] : 0;

            public int Negated() => !CallTask.IsCompletedSuccessfully() ? [|CallTask.Result|] : 0;
        }
        """);

    [Fact]
    public Task Ignores_Result_under_a_property_that_tests_the_same_chain() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class CacheValue<TValue> where TValue : class
        {
            private readonly TaskCompletionSource<TValue> _value = new TaskCompletionSource<TValue>();

            public bool HasValue => _value.Task.Status == TaskStatus.RanToCompletion;

            private bool Settled
            {
                get { return _value.Task.IsCompleted; }
            }

            private bool Ready => HasValue;

            public void Evict()
            {
                lock (this)
                {
                    if (HasValue)
                    {
                        if (_value.Task.Result is IDisposable disposable)
                        {
                            disposable.Dispose();
                        }
                    }
                }
            }

            public TValue Peek() => Settled ? _value.Task.Result : null;

            public TValue PeekReady() => !Ready ? null : _value.Task.Result;

            public TValue PeekStatus() => TaskStatus.RanToCompletion != _value.Task.Status ? null : _value.Task.Result;
        }
        """);

    [Fact]
    public Task Flags_Result_under_a_test_of_another_chain_or_a_call() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Holder
        {
            public TaskCompletionSource<string> Source { get; } = new TaskCompletionSource<string>();
            public TaskCompletionSource<string> Other { get; } = new TaskCompletionSource<string>();
            public Task<string> Next() => Source.Task;
        }

        sealed class Launcher
        {
            private readonly Holder _first = new Holder();
            private readonly Holder _second = new Holder();

            public string A() => _first.Source.Task.IsCompleted ? [|_second.Source.Task.Result|] : null;

            public string B() => _first.Source.Task.IsCompleted ? [|_first.Other.Task.Result|] : null;

            public string C() => _first.Next().IsCompleted ? [|_first.Next().Result|] : null;

            public string D() => _first.Source.Task.IsCompleted ? null : [|_first.Source.Task.Result|];
        }
        """);

    // AsyncEx's AsyncLazy debugger view: the getter throws unless the lazy value exists and its task is complete.
    [Fact]
    public Task Ignores_Result_of_a_chain_after_an_early_exit_unless_complete() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class LazyView<T>
        {
            private readonly Lazy<Task<T>> _instance = new Lazy<Task<T>>(() => Task.FromResult(default(T)!));

            public T Value
            {
                get
                {
                    if (!_instance.IsValueCreated || !_instance.Value.IsCompleted)
                        throw new InvalidOperationException("Not yet created.");
                    return _instance.Value.Result;
                }
            }

            public T Peek()
            {
                if (_instance.Value.Status != TaskStatus.RanToCompletion)
                {
                    return default!;
                }

                var note = "ready";
                return note.Length > 0 ? _instance.Value.Result : default!;
            }
        }
        """);

    [Fact]
    public Task Flags_Result_of_a_chain_after_an_exit_that_proves_nothing() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Slot
        {
            public TaskCompletionSource<string> Source { get; set; } = new TaskCompletionSource<string>();
        }

        sealed class LazyView
        {
            private readonly Slot _slot = new Slot();
            private readonly Slot _other = new Slot();

            public string EitherSide()
            {
                if (!_slot.Source.Task.IsCompleted && _other.Source.Task.IsCompleted)
                    throw new InvalidOperationException();
                return [|_slot.Source.Task.Result|];
            }

            public string NoExit()
            {
                if (!_slot.Source.Task.IsCompleted)
                    Console.WriteLine("pending");
                return [|_slot.Source.Task.Result|];
            }

            public string Replaced()
            {
                if (!_slot.Source.Task.IsCompleted)
                    return "";
                _slot.Source = new TaskCompletionSource<string>();
                return [|_slot.Source.Task.Result|];
            }

            public string OtherChain()
            {
                if (!_other.Source.Task.IsCompleted)
                    return "";
                return [|_slot.Source.Task.Result|];
            }
        }
        """);

    [Fact]
    public Task Flags_Result_under_a_property_that_may_test_something_else() => Verify.VerifyAnalyzerAsync(Usings + """
        public class CacheValue<TValue> where TValue : class
        {
            private readonly TaskCompletionSource<TValue> _value = new TaskCompletionSource<TValue>();
            private readonly TaskCompletionSource<TValue> _next = new TaskCompletionSource<TValue>();

            public virtual bool HasValue => _value.Task.Status == TaskStatus.RanToCompletion;

            public bool Waiting => _value.Task.Status == TaskStatus.WaitingForActivation;

            public bool NextReady => _next.Task.IsCompleted;

            public bool Started { get; set; }

            public TValue Overridable() => HasValue ? [|_value.Task.Result|] : null;

            public TValue NotFinal() => Waiting ? [|_value.Task.Result|] : null;

            public TValue OtherChain() => NextReady ? [|_value.Task.Result|] : null;

            public TValue AutoProperty() => Started ? [|_value.Task.Result|] : null;

            public TValue OtherObject(CacheValue<TValue> other) => other.NextReady ? [|_next.Task.Result|] : null;

            public TValue Negated() => NextReady ? null : [|_next.Task.Result|];
        }
        """);

    [Fact]
    public Task Flags_tasks_whose_completion_is_not_proved() => WithBridgesReported(Usings + """
        public sealed class Fetcher
        {
            private readonly Task _other = Task.Delay(1);

            public int AfterUncheckedTimedWait(Task<int> reply)
            {
                [|reply.Wait(100)|];
                return [|reply.Result|];
            }

            public int AfterHelperThatWaitsOnSomethingElse(Task<int> reply)
            {
                if (!WaitOther(reply)) return -1;
                return [|reply.Result|];
            }

            public int UnderANonFinalStatus(Task<int> reply)
            {
                var status = reply.Status;
                switch (status)
                {
                    case TaskStatus.WaitingForActivation:
                        return [|reply.Result|];
                    default:
                        return 0;
                }
            }

            private bool WaitOther(Task<int> reply) => [|_other.Wait(10)|];
        }
        """).RunAsync();

    [Fact]
    public Task Flags_Result_read_after_asking_only_one_question_or_of_another_task() => WithBridgesReported(Usings + """
        public static class Copies
        {
            public static int OnlyFaulted(Task<int> task) => task.IsFaulted ? -1 : [|task.Result|];

            public static int OnlyCanceledTwice(Task<int> task)
            {
                if (task.IsCanceled) return -1;
                if (task.IsCanceled) return -2;
                return [|task.Result|];
            }

            public static int AnotherTask(Task<int> task, Task<int> other) =>
                other.IsCanceled || other.IsFaulted ? -1 : [|task.Result|];

            public static int AskedAfterTheRead(Task<int> task)
            {
                var value = [|task.Result|];
                return task.IsFaulted || task.IsCanceled ? -1 : value;
            }

            // StackExchange.Redis's WaitAllIgnoreErrors: the questions pick out the tasks still running.
            private static readonly int TimeoutMilliseconds = 1000;

            public static bool WaitForTheRunningOnes(Task[] tasks, int elapsed)
            {
                var remaining = TimeoutMilliseconds - elapsed;
                foreach (var task in tasks)
                {
                    if (!task.IsCanceled && !task.IsCompleted && !task.IsFaulted)
                    {
                        [|task.Wait(remaining)|];
                    }
                }

                return true;
            }

            public static int AlsoAskedWhetherCompleted(Task<int> task) =>
                task.IsFaulted || task.IsCanceled ? -1 : task.Status == TaskStatus.Running ? -2 : [|task.Result|];

            public static int AskedBeforeAWait(Task<int> task)
            {
                if (task.IsFaulted || task.IsCanceled) return -1;
                [|task.Wait()|];
                return 0;
            }

            public static int AskedOutsideTheLambda(Task<int> task)
            {
                if (task.IsFaulted || task.IsCanceled) return -1;
                Func<int> read = () => [|task.Result|];
                return read();
            }
        }
        """).RunAsync();

    [Fact]
    public Task Flags_a_local_that_may_hold_a_pending_task() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Picker
        {
            public int Choose(Task<int> fast, Task<int> slow)
            {
                Task<int>? chosen = null;
                if (fast.IsCompleted)
                {
                    chosen = fast;
                }
                else
                {
                    chosen = slow;
                }

                return [|chosen.Result|];
            }

            public int ChooseByRef(Task<int> fast)
            {
                Task<int>? chosen = null;
                if (fast.IsCompleted) chosen = fast;
                Replace(ref chosen);
                return [|chosen!.Result|];
            }

            private static void Replace(ref Task<int>? task) => task = Task.Run(() => 1);
        }
        """);
}
