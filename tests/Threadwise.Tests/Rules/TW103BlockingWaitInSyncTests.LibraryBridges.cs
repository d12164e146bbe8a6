using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// More sync-contract bridges of libraries: renamed twins, APM pairs, sync members that unwrap their wait's
/// AggregateException, waits bounded by the caller's timeout, task extension helpers, and accessors that start work.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    private const string LibraryUsings = Usings + """
        using System.IO;
        using System.Runtime.ExceptionServices;

        """;

    // ---- framework members whose contract is to wait ---------------------------------------------------------

    // NetMQ's poller: SynchronizationContext.Send and ISynchronizeInvoke.Invoke/EndInvoke run the delegate on the poller's
    // own scheduler and wait for it, as their contracts say; Post and BeginInvoke are the non-blocking forms.
    [Fact]
    public Task Ignores_SynchronizationContext_Send_and_ISynchronizeInvoke_Invoke_and_EndInvoke() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        using System.ComponentModel;

        public sealed class PollerContext : SynchronizationContext
        {
            private readonly TaskScheduler _poller = TaskScheduler.Default;

            public override void Post(SendOrPostCallback d, object? state) => new Task(() => d(state)).Start(_poller);

            public override void Send(SendOrPostCallback d, object? state)
            {
                var task = new Task(() => d(state));
                task.Start(_poller);
                task.Wait();
            }
        }

        public sealed class Poller : ISynchronizeInvoke
        {
            public bool InvokeRequired => true;

            public IAsyncResult BeginInvoke(Delegate method, object?[]? args) => Task.Run(() => method.DynamicInvoke(args));

            object ISynchronizeInvoke.EndInvoke(IAsyncResult result) => ((Task<object>)result).Result;

            public object? Invoke(Delegate method, object?[]? args)
            {
                var task = Task.Run(() => method.DynamicInvoke(args));
                return task.Result;
            }
        }
        """);

    [Fact]
    public Task Flags_Send_and_Invoke_that_are_not_those_contracts() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        using System.ComponentModel;

        public sealed class Mailer
        {
            public void Send(string message) => [|SendAsync(message).Wait()|];

            public Task SendAsync(string message) => Task.Delay(message.Length);
        }

        public sealed class Poller : ISynchronizeInvoke
        {
            public bool InvokeRequired => true;

            public IAsyncResult BeginInvoke(Delegate method, object?[]? args) => Task.Run(() => method.DynamicInvoke(args));

            public object? EndInvoke(IAsyncResult result) => ((Task<object?>)result).Result;

            public object? Invoke(Delegate method, object?[]? args) => method.DynamicInvoke(args);

            public object? Run(Func<object?> work) => [|Task.Run(work).Result|];
        }
        """);

    // ---- renamed twins: must not flag ------------------------------------------------------------------------

    [Fact]
    public Task Ignores_sync_member_beside_a_renamed_async_twin_that_waits_on_the_shared_core() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public enum PromotionMode { Default, Force }

        internal sealed class Cluster
        {
            internal async Task PromoteToPrimaryAsync(ClusterNode node, PromotionMode mode, TextWriter? log)
            {
                await Task.Delay(1).ConfigureAwait(false);
                log?.WriteLine(node.Name + " promoted");
            }
        }

        public sealed class ClusterNode
        {
            private readonly Cluster _cluster = new Cluster();

            public string Name { get; } = "node-1";

            // Kept under its old name for compatibility; the async API was renamed.
            public void PromoteToLeader(PromotionMode mode, TextWriter? log = null)
            {
                _cluster.PromoteToPrimaryAsync(this, mode, log).Wait(60000);
            }

            public Task PromoteToPrimaryAsync(PromotionMode mode, TextWriter? log = null) => _cluster.PromoteToPrimaryAsync(this, mode, log);

            public TimeSpan Ping(int flags = 0) => TimeSpan.Zero;

            public Task<TimeSpan> PingAsync(int flags = 0) => Task.FromResult(TimeSpan.Zero);
        }

        internal interface IAmqpChannel
        {
            Task<uint> PurgeQueueAsync(string queue, CancellationToken cancellationToken);
            Task<uint> DeleteQueueAsync(string queue, bool ifUnused, CancellationToken cancellationToken);
        }

        public sealed class QueueAdmin
        {
            private readonly IAmqpChannel _channel = null!;

            public uint Purge(string queue) => _channel.PurgeQueueAsync(queue, CancellationToken.None).GetAwaiter().GetResult();

            public Task<uint> PurgeQueueAsync(string queue, CancellationToken cancellationToken = default) =>
                _channel.PurgeQueueAsync(queue, cancellationToken);

            public uint Delete(string queue, bool ifUnused = false) => _channel.DeleteQueueAsync(queue, ifUnused, CancellationToken.None).GetAwaiter().GetResult();

            public Task<uint> DeleteQueueAsync(string queue, bool ifUnused = false, CancellationToken cancellationToken = default) =>
                _channel.DeleteQueueAsync(queue, ifUnused, cancellationToken);

            public uint MessageCount(string queue) => 0;

            public Task<uint> MessageCountAsync(string queue, CancellationToken cancellationToken = default) => Task.FromResult(0u);
        }
        """);

    // ---- sync twins documented as synchronous: must not flag --------------------------------------------------

    [Fact]
    public Task Ignores_sync_twins_whose_documentation_says_they_block() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public abstract class TransactionBase
        {
            /// <summary>
            /// Synchronously flushes all buffered messages from the internal queue to the dispatcher.
            /// This method blocks until all messages have been enqueued.
            /// </summary>
            protected virtual void Flush()
            {
                FlushAsync().ConfigureAwait(false).GetAwaiter().GetResult();
            }

            /// <summary>Asynchronously flushes all buffered messages.</summary>
            protected virtual async Task FlushAsync() => await Task.Yield();
        }

        public sealed class ConfigStore
        {
            /// <summary>Blocking version of <see cref="LoadAsync"/>, for callers that cannot await.</summary>
            [Obsolete("Prefer LoadAsync.")]
            public string Load(string name) => LoadAsync(name).GetAwaiter().GetResult();

            public async Task<string> LoadAsync(string name, CancellationToken cancellationToken = default)
            {
                await Task.Delay(1, cancellationToken);
                return name;
            }

            /// <summary>Saves the value; this call is synchronous and waits for the store to acknowledge it.</summary>
            public void Save(string name) => SaveAsync(name).Wait();

            public Task SaveAsync(string name) => Task.Delay(name.Length);
        }
        """);

    [Fact]
    public Task Ignores_a_sync_twin_documented_as_blocking_in_a_project_that_does_not_generate_documentation() => new Verify.Test
    {
        // Without GenerateDocumentationFile the compiler reads '///' lines as plain comments.
        TestCode = LibraryUsings + """
            public sealed class ConfigStore
            {
                /// <summary>Synchronously saves the value.</summary>
                public void Save(string name) => SaveAsync(name).Wait();

                public Task SaveAsync(string name) => Task.Delay(name.Length);
            }
            """,
        SolutionTransforms =
        {
            (solution, projectId) => solution.WithProjectParseOptions(
                projectId,
                ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!).WithDocumentationMode(Microsoft.CodeAnalysis.DocumentationMode.None)),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_sync_wrappers_whose_documentation_does_not_publish_a_blocking_contract() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public sealed class ConfigStore
        {
            /// <summary>Loads the value.</summary>
            public string Load(string name) => [|LoadAsync(name).GetAwaiter().GetResult()|];

            public async Task<string> LoadAsync(string name)
            {
                await Task.Delay(1);
                return name;
            }

            /// <summary>Saves the value without blocking the caller.</summary>
            public void Save(string name) => [|SaveAsync(name).Wait()|];

            public Task SaveAsync(string name) => Task.Delay(name.Length);

            /// <summary>Synchronously deletes the value. TODO: this should not block; callers should move to DeleteAsync.</summary>
            public void Delete(string name) => [|DeleteAsync(name).Wait()|];

            public Task DeleteAsync(string name) => Task.Delay(name.Length);

            // Synchronously refreshes the cache (a line comment, not the member's documentation; no RefreshAsync twin).
            /// <summary>Synchronously refreshes the cache.</summary>
            public void Refresh() => [|ReloadAsync().Wait()|];

            public Task ReloadAsync() => Task.Delay(1);
        }
        """);

    // ---- APM pairs: must not flag ----------------------------------------------------------------------------

    [Fact]
    public Task Ignores_sync_twin_of_a_type_that_offers_the_APM_pair_too() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public sealed class RemoteCommand
        {
            private TaskCompletionSource<bool>? _completion;

            public string Output { get; private set; } = "";

            public Task ExecuteAsync(CancellationToken cancellationToken = default)
            {
                _completion = new TaskCompletionSource<bool>();
                return _completion.Task;
            }

            public IAsyncResult BeginExecute(AsyncCallback? callback, object? state)
            {
                var task = ExecuteAsync();
                task.ContinueWith(t => callback?.Invoke(t));
                return task;
            }

            public string EndExecute(IAsyncResult asyncResult)
            {
                if (asyncResult is not Task task || task != _completion?.Task)
                {
                    throw new ArgumentException("Not this command's operation.", nameof(asyncResult));
                }

                task.GetAwaiter().GetResult();
                return Output;
            }

            /// <summary>Runs the command and returns its output.</summary>
            public string Execute()
            {
                ExecuteAsync().GetAwaiter().GetResult();
                return Output;
            }
        }

        public class TransferClient
        {
            public Task<long> UploadAsync(string path, CancellationToken token = default) => Task.Run(() => 0L);

            public IAsyncResult BeginUpload(string path, AsyncCallback? callback, object? state) => UploadAsync(path);

            public long EndUpload(IAsyncResult result) => ((Task<long>)result).Result;

            public long Upload(string path) => UploadAsync(path).Result;
        }
        """);

    // ---- AggregateException unwrapping: must not flag --------------------------------------------------------

    [Fact]
    public Task Ignores_sync_twins_that_unwrap_the_AggregateException_of_their_wait() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public class Request { }
        public class Response { }

        public abstract class ServiceClientBase
        {
            protected Response Send(Request request, object? userState = null)
            {
                try
                {
                    var pending = SendAsync(request, userState);
                    return pending.Result;
                }
                catch (AggregateException error)
                {
                    var flattened = error.Flatten();
                    if (flattened.InnerExceptions.Count == 1)
                    {
                        throw flattened.InnerExceptions[0];
                    }

                    throw;
                }
            }

            protected Task<Response> SendAsync(Request request, object? userState = null, CancellationToken cancellationToken = default) =>
                Task.Run(() => new Response());
        }

        public sealed class QueryRunner
        {
            public int Execute(string sql)
            {
                try
                {
                    return ExecuteAsync(sql).GetAwaiter().GetResult();
                }
                catch (AggregateException error) when (error.InnerException is not null)
                {
                    ExceptionDispatchInfo.Capture(error.InnerException).Throw();
                    throw;
                }
            }

            public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken = default) => Task.Run(() => sql.Length);
        }
        """);

    // ---- waits bounded by the caller: must not flag ----------------------------------------------------------

    [Fact]
    public Task Ignores_waits_bounded_by_a_timeout_the_caller_passes() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public sealed class ShellCommand
        {
            private readonly TaskCompletionSource<int> _exit = new TaskCompletionSource<int>();

            /// <summary>Signals the remote process and waits up to <paramref name="millisecondsTimeout"/> for it to exit.</summary>
            public void CancelAsync(bool forceKill = false, int millisecondsTimeout = 500)
            {
                if (_exit.Task.IsCompleted)
                {
                    return;
                }

                SendSignal(forceKill ? "KILL" : "TERM");
                try
                {
                    if (_exit.Task.Wait(millisecondsTimeout))
                    {
                        return;
                    }
                }
                catch (AggregateException)
                {
                    return;
                }

                _exit.TrySetResult(-1);
            }

            private void SendSignal(string signal) { }
        }

        public class PollingConsumer
        {
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            private Task _loop = Task.CompletedTask;

            public bool Stop(TimeSpan timeout)
            {
                _stop.Cancel();
                return _loop.Wait(timeout);
            }

            protected bool Drain(Task[] inFlight, int graceMilliseconds) => Task.WaitAll(inFlight, graceMilliseconds);
        }
        """);

    // ---- task extension helpers: must not flag ---------------------------------------------------------------

    [Fact]
    public Task Ignores_public_task_extensions_that_block_on_their_receiver() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        namespace Sdk.Client
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class BlocksCallerAttribute : Attribute { }

            [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
            public static class TaskExtensions
            {
                /// <summary>Blocks until the task completes and throws its own exception, not an AggregateException.</summary>
                [BlocksCaller]
                public static void SyncResult(this Task task) => task.GetAwaiter().GetResult();

                [BlocksCaller]
                public static T SyncResult<T>(this Task<T> task)
                {
                    return task.GetAwaiter().GetResult();
                }

                public static T RunSynchronously<T>(this ValueTask<T> pending, TimeSpan timeout)
                {
                    var task = pending.AsTask();
                    if (!task.Wait(timeout))
                    {
                        throw new TimeoutException();
                    }

                    return task.Result;
                }
            }
        }
        """);

    // Brighter's TaskExtensions: the wait bounded by the caller's token through WaitAsync is still a wait on the receiver.
    [Fact]
    public Task Ignores_public_task_extensions_that_block_on_their_receivers_WaitAsync() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        namespace Messaging.Tasks
        {
            public static class TaskExtensions
            {
                public static void WaitAndUnwrapException(this Task task, CancellationToken cancellationToken)
                {
                    if (task is null) throw new ArgumentNullException(nameof(task));
                    task.WaitAsync(cancellationToken).GetAwaiter().GetResult();
                }

                public static TResult WaitAndUnwrapException<TResult>(this Task<TResult> task, CancellationToken cancellationToken)
                {
                    if (task is null) throw new ArgumentNullException(nameof(task));
                    return task.WaitAsync(cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult();
                }

                public static TResult WaitWithin<TResult>(Task<TResult> task, TimeSpan timeout) => task.WaitAsync(timeout).Result;
            }
        }
        """);

    [Fact]
    public Task Flags_task_extensions_that_block_on_WaitAsync_of_another_task() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        namespace Messaging.Tasks
        {
            public static class TaskExtensions
            {
                private static readonly TaskCompletionSource<bool> Ready = new TaskCompletionSource<bool>();

                public static void WaitUntilReady(this Task task, CancellationToken cancellationToken) =>
                    [|Ready.Task.WaitAsync(cancellationToken).GetAwaiter().GetResult()|];

                internal static T WaitAndUnwrap<T>(this Task<T> task, CancellationToken cancellationToken) =>
                    [|task.WaitAsync(cancellationToken).GetAwaiter().GetResult()|];

                public static T ResultOf<T>(Func<Task<T>> start, CancellationToken cancellationToken) =>
                    [|start().WaitAsync(cancellationToken).GetAwaiter().GetResult()|];
            }
        }
        """);

    // ---- adapters that block only on what their caller hands them: must not flag -----------------------------

    [Fact]
    public Task Ignores_sync_over_async_adapters_that_run_the_delegate_they_are_given() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        internal static class SafeAwaiter
        {
            // Task.Run keeps the caller's context away from the continuations.
            public static T Run<T>(Func<Task<T>> task) => Task.Run(async () => await task().ConfigureAwait(false)).GetAwaiter().GetResult();

            public static T Run<T>(Func<CancellationToken, ValueTask<T>> task)
            {
                return Task.Run(async () => await task(default).ConfigureAwait(false)).GetAwaiter().GetResult();
            }

            public static void Run(Func<CancellationToken, Task> task)
            {
                Task.Run(async () => await task(default).ConfigureAwait(false)).GetAwaiter().GetResult();
            }

            public static void Run(Func<Task> work) => Task.Run(work).Wait();

            public static T RunSync<T>(Func<Task<T>> work) => Task.Run(() => work()).Result;

            internal static void Drain(Func<ValueTask> work) => Task.Run(async () => await work()).Wait();
        }
        """);

    // A task factory on the default scheduler starts the caller's work, and the unwrapped task is waited on; and
    // AspNet.Identity's AsyncHelper, copied into many libraries, which carries the caller's cultures over.
    [Fact]
    public Task Ignores_adapters_that_start_the_given_delegate_on_a_task_factory_and_unwrap_it() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        using System.Globalization;

        internal sealed class BlockingExecutor
        {
            private readonly TaskFactory _taskFactory = new TaskFactory(CancellationToken.None, TaskCreationOptions.None, TaskContinuationOptions.None, TaskScheduler.Default);

            public void RunSync(Func<Task> task)
            {
                _taskFactory.StartNew(task).Unwrap().GetAwaiter().GetResult();
            }

            public T RunSync<T>(Func<Task<T>> task)
            {
                return _taskFactory.StartNew(task).Unwrap().GetAwaiter().GetResult();
            }

            public static T Run<T>(Func<CancellationToken, Task<T>> work) =>
                Task.Factory.StartNew(() => work(default), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default).Unwrap().Result;
        }

        public static class AsyncHelper
        {
            private static readonly TaskFactory MyTaskFactory = new TaskFactory(CancellationToken.None, TaskCreationOptions.None, TaskContinuationOptions.None, TaskScheduler.Default);

            public static TResult RunSync<TResult>(Func<Task<TResult>> func)
            {
                var cultureUi = CultureInfo.CurrentUICulture;
                var culture = CultureInfo.CurrentCulture;
                return MyTaskFactory.StartNew(() =>
                {
                    Thread.CurrentThread.CurrentCulture = culture;
                    Thread.CurrentThread.CurrentUICulture = cultureUi;
                    return func();
                }).Unwrap().GetAwaiter().GetResult();
            }

            public static void RunSync(Func<Task> func)
            {
                CultureInfo cultureUi = CultureInfo.CurrentUICulture;
                CultureInfo culture = CultureInfo.CurrentCulture;
                MyTaskFactory.StartNew(() =>
                {
                    Thread.CurrentThread.CurrentCulture = culture;
                    Thread.CurrentThread.CurrentUICulture = cultureUi;
                    return func();
                }).Unwrap().GetAwaiter().GetResult();
            }
        }
        """);

    [Fact]
    public Task Flags_an_apps_calls_that_hand_async_work_to_a_factory_adapter() => new Verify.Test
    {
        TestCode = LibraryUsings + """
            internal sealed class BlockingExecutor
            {
                private readonly TaskFactory _taskFactory = new TaskFactory(TaskScheduler.Default);

                public T RunSync<T>(Func<Task<T>> task) => _taskFactory.StartNew(task).Unwrap().GetAwaiter().GetResult();
            }

            public sealed class Orders
            {
                private readonly BlockingExecutor _executor = new BlockingExecutor();

                public int Count() => [|_executor.RunSync(() => CountAsync())|];

                private Task<int> CountAsync() => Task.FromResult(1);
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
    }.RunAsync();

    [Fact]
    public Task Flags_factory_adapters_that_do_other_work_or_wait_on_their_own_work() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public sealed class Executor
        {
            private readonly TaskFactory _factory = new TaskFactory(TaskScheduler.Default);
            private readonly TaskScheduler _scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
            private int _runs;

            // A call before the wait is work of the method's own.
            public void RunCounted(Func<Task> task)
            {
                var id = Guid.NewGuid();
                [|_factory.StartNew(task).Unwrap().GetAwaiter().GetResult()|];
            }

            // The lambda changes state before it hands over the work.
            public void RunTracked(Func<Task> task)
            {
                [|_factory.StartNew(() =>
                {
                    _runs++;
                    return task();
                }).Unwrap().GetAwaiter().GetResult()|];
            }

            // Not the caller's work: the method's own.
            public void Ping() => [|_factory.StartNew(() => PingAsync()).Unwrap().GetAwaiter().GetResult()|];

            // StartNew without Unwrap waits for the outer task only.
            public void Start(Func<Task> task) => [|_factory.StartNew(task).Wait()|];

            // The current scheduler, or one chosen by the caller, may be the waiting thread's own.
            public void RunHere(Func<Task> task) => [|Task.Factory.StartNew(task).Unwrap().Wait()|];

            public void RunOn(Func<Task> task, TaskScheduler scheduler) => [|Task.Factory.StartNew(task, CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap().Wait()|];

            public void RunOnItsScheduler(Func<Task> task) => [|new TaskFactory(_scheduler).StartNew(task).Unwrap().Wait()|];

            private Task PingAsync() => Task.Delay(1);
        }
        """);

    private const string AdapterApp = LibraryUsings + """
        internal static class AsyncHelper
        {
            public static T RunSync<T>(Func<Task<T>> task) => Task.Run(async () => await task().ConfigureAwait(false)).GetAwaiter().GetResult();

            public static void RunSync(Func<CancellationToken, Task> task) => Task.Run(() => task(default)).Wait();
        }

        public sealed class UserManager
        {
            public int Count(string name) => ADAPTER0;

            public void Save() => ADAPTER1;

            public string Describe() => ADAPTER2;

            private Task<int> FindAsync(string name) => Task.FromResult(name.Length);
            private Task FlushAsync(CancellationToken token) => Task.Delay(1, token);
        }
        """;

    private static string AdapterCalls(string open, string close) => AdapterApp
        .Replace("ADAPTER0", open.Replace("#", "#0") + "AsyncHelper.RunSync(() => FindAsync(name))" + close)
        .Replace("ADAPTER1", open.Replace("#", "#1") + "AsyncHelper.RunSync(FlushAsync)" + close)
        .Replace("ADAPTER2", open.Replace("#", "#2") + "AsyncHelper.RunSync(async () => { await Task.Yield(); return \"user\"; })" + close);

    [Fact]
    public Task Flags_an_apps_calls_that_hand_async_work_to_an_adapter_at_the_call() => new Verify.Test
    {
        TestCode = AdapterCalls("{|#:", "|}"),
        FixedCode = AdapterCalls("{|#:", "|}"),
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage("'AsyncHelper.RunSync(() => FindAsync(name))' blocks the calling thread until the task finishes: a deadlock under a SynchronizationContext (UI apps, classic ASP.NET), a thread held hostage everywhere else; make the caller async and await it"),
            Verify.Diagnostic().WithLocation(1),
            Verify.Diagnostic().WithLocation(2),
        },
    }.RunAsync();

    [Fact]
    public Task Ignores_a_librarys_calls_of_its_own_adapter() => Verify.VerifyAnalyzerAsync(AdapterCalls("", ""));

    private static readonly string LibraryAdapterCallsFlagged = AdapterCalls("{|#:", "|}")
        .Replace("Task.Run(async () => await task().ConfigureAwait(false)).GetAwaiter().GetResult()", "[|Task.Run(async () => await task().ConfigureAwait(false)).GetAwaiter().GetResult()|]")
        .Replace("Task.Run(() => task(default)).Wait()", "[|Task.Run(() => task(default)).Wait()|]");

    [Fact]
    public Task Flags_a_librarys_adapter_calls_when_the_option_asks() => new Verify.Test
    {
        TestCode = LibraryAdapterCallsFlagged,
        FixedCode = LibraryAdapterCallsFlagged,
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0), Verify.Diagnostic().WithLocation(1), Verify.Diagnostic().WithLocation(2) },
    }.RunAsync();

    [Fact]
    public Task Ignores_an_apps_adapter_calls_in_async_code_bridges_and_the_entry_point_and_other_helpers() => new Verify.Test
    {
        TestCode = AdapterCallsNotReported,
        FixedCode = AdapterCallsNotReported,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
    }.RunAsync();

    private const string AdapterCallsNotReported = LibraryUsings + """
        internal static class SafeAwaiter
        {
            public static T Run<T>(Func<Task<T>> task) => Task.Run(async () => await task().ConfigureAwait(false)).GetAwaiter().GetResult();

            public static void Run(Func<Task> task) => Task.Run(task).Wait();
        }

        internal static class Retry
        {
            public static async Task<T> TwiceAsync<T>(Func<Task<T>> work)
            {
                try { return await work().ConfigureAwait(false); }
                catch (InvalidOperationException) { return await work().ConfigureAwait(false); }
            }

            public static void Log(Func<Task> work, string name) => Console.WriteLine(name);
        }

        public sealed class RemoteContext : IDisposable, IAsyncDisposable
        {
            public static void Main() => SafeAwaiter.Run(() => Task.Delay(1));

            public async Task<int> ExecuteAsync(string sql)
            {
                var first = await Retry.TwiceAsync(() => CountAsync(sql)).ConfigureAwait(false);
                return first + SafeAwaiter.Run(() => CountAsync(sql));
            }

            public void Trace(string sql) => Retry.Log(() => CountAsync(sql), sql);

            public void Dispose() => SafeAwaiter.Run(() => DisposeAsync().AsTask());

            public ValueTask DisposeAsync() => default;

            private Task<int> CountAsync(string sql) => Task.FromResult(sql.Length);
        }
        """;

    [Fact]
    public Task Flags_helpers_that_wait_on_work_of_their_own_beside_the_given_task() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public sealed class Pool
        {
            public static T Inline<T>(Func<Task<T>> work) => [|work().GetAwaiter().GetResult()|];

            public static void RunAfter(Func<Task> work, Task before) => [|Task.Run(async () => { await before; await work(); }).Wait()|];

            private readonly Func<Task<object>> _connectionActivator = () => Task.FromResult(new object());

            public object GetConnection() => [|_connectionActivator().GetAwaiter().GetResult()|];

            public static void RunThenFlush(Func<Task> work)
            {
                [|Task.Run(async () => { await work(); await FlushAsync(); }).Wait()|];
            }

            public static string Load(string path) => [|Task.Run(() => LoadAsync(path)).Result|];

            public static void Refresh(Func<Task> work)
            {
                work = RefreshAsync;
                [|Task.Run(work).Wait()|];
            }

            private static Task FlushAsync() => Task.Delay(1);
            private static Task RefreshAsync() => Task.Delay(1);
            private static Task<string> LoadAsync(string path) => Task.FromResult(path);
        }
        """);

    // ---- a library's own ConfigureAwait spelling (t.AnyContext()) is seen through ----------------------------

    private const string AnyContextExtensions = """
        public static class TaskExtensions
        {
            public static ConfiguredTaskAwaitable AnyContext(this Task task) => task.ConfigureAwait(false);

            public static ConfiguredTaskAwaitable<T> AnyContext<T>(this Task<T> task) => task.ConfigureAwait(false);
        }

        """;

    [Fact]
    public Task Ignores_waits_through_a_ConfigureAwait_extension_in_a_disposal_bridge_or_on_a_completed_task() => Verify.VerifyAnalyzerAsync(LibraryUsings + "using System.Runtime.CompilerServices;\n" + AnyContextExtensions + """
        public sealed class MessageBus : IDisposable, IAsyncDisposable
        {
            public void Dispose()
            {
                try
                {
                    ShutdownAsync().AnyContext().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                }
            }

            public async ValueTask DisposeAsync() => await ShutdownAsync().AnyContext();

            public int Peek(Task<int> pending)
            {
                if (!pending.IsCompleted)
                {
                    return -1;
                }

                return pending.AnyContext().GetAwaiter().GetResult();
            }

            private Task ShutdownAsync() => Task.Delay(1);
        }
        """);

    [Fact]
    public Task Flags_waits_through_a_ConfigureAwait_extension_elsewhere() => Verify.VerifyAnalyzerAsync(LibraryUsings + "using System.Runtime.CompilerServices;\n" + AnyContextExtensions + """
        public sealed class MessageBus
        {
            public void Publish(string message) => [|PublishCoreAsync(message).AnyContext().GetAwaiter().GetResult()|];

            private Task PublishCoreAsync(string message) => Task.Delay(message.Length);
        }
        """);

    // ---- handlers that answer a framework event after the wait: must not flag -------------------------------

    [Fact]
    public Task Ignores_handlers_of_framework_events_that_answer_through_their_arguments_after_the_wait() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public sealed class ShutdownHook
        {
            private readonly Func<Task> _flush;
            private readonly System.ComponentModel.BackgroundWorker _worker = new System.ComponentModel.BackgroundWorker();

            public ShutdownHook(Func<Task> flush)
            {
                _flush = flush;
                Console.CancelKeyPress += (sender, e) =>
                {
                    _flush().GetAwaiter().GetResult();
                    e.Cancel = true;
                };
                Console.CancelKeyPress += delegate (object? sender, ConsoleCancelEventArgs e)
                {
                    if (_flush().Wait(TimeSpan.FromSeconds(5)))
                    {
                        e.Cancel = true;
                    }
                };
                _worker.DoWork += (sender, e) => e.Result = LoadAsync().Result;
            }

            private static Task<int> LoadAsync() => Task.FromResult(1);
        }
        """);

    [Fact]
    public Task Flags_handlers_that_answer_nothing_or_before_the_wait_or_of_events_in_source() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public sealed class ClosingEventArgs : EventArgs
        {
            public bool Cancel { get; set; }
        }

        public sealed class Window
        {
            public event EventHandler<ClosingEventArgs>? Closing;

            public void Close() => Closing?.Invoke(this, new ClosingEventArgs());
        }

        public sealed class ShutdownHook
        {
            private bool _cancelled;

            public ShutdownHook(Window window)
            {
                Console.CancelKeyPress += (sender, e) => [|FlushAsync().Wait()|];
                Console.CancelKeyPress += (sender, e) =>
                {
                    e.Cancel = true;
                    [|FlushAsync().Wait()|];
                };
                Console.CancelKeyPress += (sender, e) =>
                {
                    [|FlushAsync().Wait()|];
                    _cancelled = true;
                };
                Console.CancelKeyPress += OnCancelKeyPress;
                window.Closing += (sender, e) =>
                {
                    [|FlushAsync().Wait()|];
                    e.Cancel = true;
                };
            }

            private static void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
            {
                [|FlushAsync().Wait()|];
                e.Cancel = true;
            }

            private static Task FlushAsync() => Task.Delay(1);
        }
        """);

    // ---- accessors: must not flag ----------------------------------------------------------------------------

    [Fact]
    public Task Ignores_property_accessors_that_start_async_work_and_wait_for_it() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public interface ICredentialStore
        {
            Task<string?> GetCredentialsAsync();
        }

        public class FileTransferClient
        {
            private string[] _features = Array.Empty<string>();
            private bool _connected;

            public ICredentialStore CredentialStore { get; set; } = null!;

            public string[] Features
            {
                get
                {
                    if (!_connected)
                    {
                        Task.Run(async () => await ConnectAsync(CancellationToken.None)).Wait();
                    }

                    return _features;
                }
            }

            public string Credentials
            {
                get
                {
                    var pending = CredentialStore.GetCredentialsAsync();
                    return pending.Result ?? "anonymous";
                }
            }

            public bool IsConnected
            {
                get
                {
                    if (_connected && StalledFor > TimeSpan.FromSeconds(30))
                    {
                        Task.Run(() => CloseAsync()).Wait();
                    }

                    return _connected;
                }
            }

            public string this[string key] => LookupAsync(key).GetAwaiter().GetResult();

            public string Banner
            {
                set => SendCommandAsync("SITE BANNER " + value).Wait();
            }

            private TimeSpan StalledFor => TimeSpan.Zero;

            private async Task ConnectAsync(CancellationToken token)
            {
                await Task.Delay(1, token).ConfigureAwait(false);
                _connected = true;
                _features = new[] { "MLSD" };
            }

            private Task CloseAsync() => Task.Delay(1);
            private Task<string> LookupAsync(string key) => Task.Run(() => key);
            private Task SendCommandAsync(string command) => Task.Delay(1);
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_event_handler_lambda_that_blocks_a_pool_thread_on_reconfiguration() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public sealed class FailoverEventArgs : EventArgs
        {
            public string EndPoint { get; set; } = "";
        }

        public sealed class SentinelClient
        {
            public event EventHandler<FailoverEventArgs>? ConnectionFailed;

            public void EnableFailover(TextWriter? log)
            {
                // Raised on a pool thread: blocking it on a whole reconfiguration starves the pool under churn.
                ConnectionFailed += (sender, e) =>
                    [|ReconfigureAsync(reconfigureAll: true, log, e.EndPoint, "lost sentinel").Wait()|];
            }

            public bool Reconfigure(TextWriter? log = null) => ReconfigureCoreAsync(log).Wait(5000);

            public Task<bool> ReconfigureAsync(TextWriter? log = null) => ReconfigureCoreAsync(log);

            public void Subscribe(string channel) => SubscribeCoreAsync(channel).Wait(5000);

            public Task SubscribeAsync(string channel) => SubscribeCoreAsync(channel);

            private Task<bool> ReconfigureAsync(bool reconfigureAll, TextWriter? log, string endPoint, string cause) => ReconfigureCoreAsync(log);
            private Task<bool> ReconfigureCoreAsync(TextWriter? log) => Task.Run(() => true);
            private Task SubscribeCoreAsync(string channel) => Task.Delay(1);
        }
        """);

    [Fact]
    public Task Flags_look_alikes_of_library_bridges() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public class ReplicaSet
        {
            private readonly Task<int> _pending = Task.Run(() => 1);
            private Task<string> _loading = Task.Run(() => "");

            // Renamed, but it waits on the type's own async member: the plain wrapper.
            public void Promote() => [|ElectPrimaryAsync().Wait()|];
            public Task ElectPrimaryAsync() => Task.Delay(1);
            public int Count() => 0;
            public Task<int> CountAsync() => Task.FromResult(0);

            // End... without a Begin...: not an APM pair.
            public int EndOfDay(IAsyncResult marker) => [|_pending.Result|];

            // Catches the AggregateException and swallows it: nothing about the sync surface was designed.
            public void Save(string doc)
            {
                try { [|SaveAsync(doc).Wait()|]; } catch (AggregateException) { }
            }

            public Task SaveAsync(string doc) => Task.Delay(1);

            // A getter over a task someone else started and stored.
            public string Name { get { return [|_loading.Result|]; } }
        }

        public static class ClientExtensions
        {
            public static string Download(this System.Net.Http.HttpClient client, string url) => [|client.GetStringAsync(url).Result|];
            public static void Then(this Task first, Task second) => [|second.Wait()|];
            internal static T Sync<T>(this Task<T> task) => [|task.Result|];
        }
        """);

    [Fact]
    public Task Flags_view_model_getters_that_start_async_work_in_a_UI_app() => new Verify.Test
    {
        TestCode = Usings + """
            public interface IWeatherService
            {
                Task<string> GetForecastAsync(string city);
            }

            public sealed class ForecastViewModel
            {
                private readonly IWeatherService _service = null!;

                public string City { get; set; } = "Oslo";

                // Bound to a label: the UI thread reads it, and the service's continuation needs that thread back.
                public string Forecast => [|_service.GetForecastAsync(City).Result|];

                public string Summary
                {
                    get
                    {
                        var pending = _service.GetForecastAsync(City);
                        return [|pending.Result|].Split(' ')[0];
                    }
                }
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
    }.RunAsync();

    [Fact]
    public Task Flags_sync_members_of_interfaces_and_base_types_declared_in_source() => Verify.VerifyAnalyzerAsync(LibraryUsings + """
        public interface IProcessRunner
        {
            Task<int> RunAsync(string file, string arguments, CancellationToken cancellationToken);
        }

        internal interface IKeyStore
        {
            byte[] CreateKey();
        }

        // The interface is ours and internal: CreateKey can become CreateKeyAsync, and its callers can await it. (A public
        // sync-only interface is the library's published contract: TW103SyncOnlyContractTests.)
        public sealed class FileKeyStore : IKeyStore
        {
            private readonly IProcessRunner _runner = null!;

            public byte[] CreateKey()
            {
                var key = new byte[32];
                var exitCode = [|_runner.RunAsync("chmod", "600 key.json", default).GetAwaiter().GetResult()|];
                return exitCode == 0 ? key : Array.Empty<byte>();
            }
        }

        internal abstract class ServiceInstaller
        {
            public abstract void GenerateScripts(string root);
        }

        internal sealed class SystemdInstaller : ServiceInstaller
        {
            private readonly IProcessRunner _runner = null!;

            public override void GenerateScripts(string root)
            {
                File.WriteAllText(Path.Combine(root, "svc.sh"), "#!/bin/bash");
                [|_runner.RunAsync("chmod", "755 svc.sh", CancellationToken.None).GetAwaiter().GetResult()|];
            }
        }

        public static class ProcessExtensions
        {
            public static string? ReadEnvironment(this System.Diagnostics.Process process, IProcessRunner runner, string name)
            {
                var exitCode = [|runner.RunAsync("ps", "e -p " + process.Id, CancellationToken.None).GetAwaiter().GetResult()|];
                return exitCode == 0 ? name : null;
            }
        }
        """);

    // ---- with the option: must flag, no fix ------------------------------------------------------------------

    private const string LibraryBridgesWithOption = LibraryUsings + """
        internal sealed class Core
        {
            internal Task PromoteToPrimaryAsync(int mode) => Task.Delay(mode);
        }

        public sealed class Node
        {
            private readonly Core _core = new Core();
            private readonly TaskCompletionSource<int> _exit = new TaskCompletionSource<int>();

            public void PromoteToLeader(int mode) => [|_core.PromoteToPrimaryAsync(mode).Wait(60000)|];
            public Task PromoteToPrimaryAsync(int mode) => _core.PromoteToPrimaryAsync(mode);
            public int Ping() => 0;
            public Task<int> PingAsync() => Task.FromResult(0);

            public Task<string> RunAsync(CancellationToken token = default) => Task.Run(() => "");
            public IAsyncResult BeginRun(AsyncCallback? callback, object? state) => RunAsync();
            public string EndRun(IAsyncResult result) => [|((Task<string>)result).Result|];
            public string Run() => [|RunAsync().Result|];

            public void Cancel(int millisecondsTimeout) => [|_exit.Task.Wait(millisecondsTimeout)|];

            public int Send(string payload)
            {
                try { return [|SendAsync(payload).Result|]; }
                catch (AggregateException error) { throw error.InnerExceptions[0]; }
            }

            public Task<int> SendAsync(string payload) => Task.Run(() => payload.Length);

            public string Status => [|Task.Run(() => RunAsync()).Result|];
        }

        public static class NodeTaskExtensions
        {
            public static T SyncResult<T>(this Task<T> task) => [|task.GetAwaiter().GetResult()|];

            public static T RunSync<T>(Func<Task<T>> work) => [|Task.Run(async () => await work()).Result|];
        }
        """;

    [Fact]
    public Task Flags_library_bridges_when_the_option_asks_without_a_fix() => new Verify.Test
    {
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        TestCode = LibraryBridgesWithOption,
        FixedCode = LibraryBridgesWithOption,
    }.RunAsync();
}
