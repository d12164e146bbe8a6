using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Threadwise.Fixes.Blocking;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

public partial class TW103BlockingWaitInSyncTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string PlainConsequence = "a deadlock under a SynchronizationContext (UI apps, classic ASP.NET), a thread held hostage everywhere else";

    // A UI app: its Dispose runs on the UI thread, so a wait there is reported unless it is a bridge of another kind
    // (elsewhere Dispose() and Dispose(bool) are bridges whatever they wait on).
    private static Verify.Test InUiApp(string code) => new()
    {
        TestCode = code,
        AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
    };

    // With the option that reports sync-contract bridges: what tests about something else (a Result read after a timed
    // wait) need, where the wait itself, given a timeout in a library, is one (TimedWaits).
    private static Verify.Test WithBridgesReported(string code, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = code, EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true" };
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_Result_in_a_synchronous_method_and_names_it() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReportService
        {
            private readonly Func<Task<string>> _download = () => Task.FromResult("");

            public int Length()
            {
                var reportTask = _download();
                return {|#0:reportTask.Result|}.Length;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage(
            $"'reportTask.Result' blocks the calling thread until the task finishes: {PlainConsequence}; make the caller async and await it"));

    [Fact]
    public Task Flags_every_kind_of_wait() => WithBridgesReported(Usings + """
        class C
        {
            void M(Task a, Task<int> b, Task<int> c, ValueTask<int> d, Task e, Task f, Task g, Task h, Task<int> i)
            {
                [|a.Wait()|];
                var x = [|b.GetAwaiter().GetResult()|];
                var y = [|c.ConfigureAwait(false).GetAwaiter().GetResult()|];
                var z = [|d.Result|];
                [|Task.WaitAll(e, f)|];
                var index = [|Task.WaitAny(g, h)|];
                var done = [|i.Wait(1000)|];
            }
        }
        """).RunAsync();

    [Fact]
    public Task Flags_the_Task_Run_workaround() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            Task<string> FetchAsync() => Task.Run(() => "data");

            string Fetch() => [|Task.Run(() => FetchAsync()).Result|];
            void Send() => [|Task.Run(async () => await FetchAsync()).Wait()|];
        }
        """);

    [Fact]
    public Task Flags_a_wait_in_a_non_async_lambda_or_local_function_inside_an_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task)
            {
                var offloaded = await Task.Run(() => [|task.Result|]);
                int Local() => [|task.Result|];
                return offloaded + Local();
            }
        }
        """);

    [Fact]
    public Task Flags_a_wait_inside_a_lock_in_synchronous_code() => Verify.VerifyCodeFixAsync(Usings + """
        class Cache
        {
            private readonly object _gate = new object();
            private string _value;

            public string Get(Func<Task<string>> load)
            {
                lock (_gate)
                {
                    return _value ??= [|load().Result|];
                }
            }
        }
        """, Usings + """
        class Cache
        {
            private readonly object _gate = new object();
            private string _value;

            public string Get(Func<Task<string>> load)
            {
                lock (_gate)
                {
                    return _value ??= [|load().Result|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_waits_where_no_method_can_become_async_without_offering_the_fix_in_a_UI_app()
    {
        const string Source = Usings + """
            class Settings : IDisposable, IComparable<Settings>
            {
                private static readonly string Defaults;
                private readonly Task _flush = Task.CompletedTask;
                private Task<int> _pending;

                static Settings() => Defaults = [|Task.Run(() => "x").Result|];

                public Settings(Task<int> pending) => _pending = pending;

                public int Count => [|_pending.Result|];

                public void Dispose() => [|_pending.Wait()|];

                public static int operator +(Settings s, int x) => [|s._pending.Result|] + x;

                public int Read(out int value) => value = [|_pending.Result|];

                public override string ToString() => [|Task.Run(() => "settings").Result|];

                public int CompareTo(Settings other) => [|_pending.Result|];
            }
            """;
        var test = InUiApp(Source);
        test.FixedCode = Source;
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_Main_lookalikes_that_are_not_entry_points() => Verify.VerifyAnalyzerAsync(Usings + """
        class Program
        {
            void Main() => [|Task.Delay(1).Wait()|];
            static void Main(int port) => [|Task.Delay(port).Wait()|];
            static string Main(string[] args, int x) => args[x] + [|Task.Run(() => "").Result|];
        }
        """);

    [Fact]
    public Task Flags_a_task_held_in_a_field() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            private Task _opening = Task.Delay(10);

            public void EnsureOpen()
            {
                [|_opening.Wait()|];
            }
        }
        """);

    [Fact]
    public Task Flags_with_UI_thread_wording_in_a_Windows_Forms_app() => new Verify.Test
    {
        TestCode = Usings + """
            class MainForm
            {
                void OnClick(object sender, EventArgs e)
                {
                    var text = {|#0:LoadAsync().Result|};
                }

                Task<string> LoadAsync() => Task.Run(() => "");
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("System.Windows.Forms") },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage(
                "'LoadAsync().Result' blocks the UI thread until the task finishes: a deadlock when the task needs the UI thread to finish, and a frozen UI until then; make the caller async and await it"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_with_request_thread_wording_in_an_ASP_NET_Core_app() => new Verify.Test
    {
        TestCode = Usings + """
            class Controller
            {
                public string Get(Func<Task<string>> load) => {|#0:load().Result|};
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage(
                "'load().Result' blocks a request thread (thread-pool starvation under load) until the task finishes: a thread held hostage while other requests wait for one; make the caller async and await it"),
        },
    }.RunAsync();

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_waits_on_an_async_path() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task)
            {
                await Task.Yield();
                Func<Task<int>> lambda = async () => task.Result;
                async Task<int> Local() => task.Result;
                return task.Result + await lambda() + await Local();
            }
        }
        """);

    [Theory]
    [InlineData("static void Main()")]
    [InlineData("static void Main(string[] args)")]
    [InlineData("static int Main()")]
    [InlineData("static int Main(string[] args)")]
    [InlineData("private static void Main(string[] args)")]
    [InlineData("public static int Main(params string[] args)")]
    public Task Ignores_the_entry_point_in_every_legal_signature(string signature) => new Verify.Test
    {
        TestCode = Usings + "class Program\n{\n    " + signature + """

            {
                var config = LoadAsync().Result;
                Task.Run(() => LoadAsync().Wait()).Wait();
                LoadAsync().GetAwaiter().GetResult();
                Func<string> later = () => LoadAsync().Result;
                string Local() => LoadAsync().Result;
            """ + (signature.Contains("int") ? "\n        return 0;" : "") + """

            }

            static Task<string> LoadAsync() => Task.Run(() => "");
        }
        """,
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Ignores_top_level_statements_without_await() => new Verify.Test
    {
        TestCode = """
            using System.Threading.Tasks;

            var config = Task.Run(() => "settings").Result;
            Task.Delay(10).Wait();
            System.Console.WriteLine(config);
            """,
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Ignores_tasks_completed_when_created() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            int M()
            {
                var cached = Task.FromResult(42);
                Task.CompletedTask.Wait();
                new ValueTask<int>(1).GetAwaiter().GetResult();
                default(ValueTask).GetAwaiter().GetResult();
                return cached.Result + Task.FromResult(1).Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_after_the_task_was_waited_on() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            int M(Task<int> task)
            {
                {|#0:task.Wait()|};
                return task.Result + task.GetAwaiter().GetResult();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Ignores_elements_after_WaitAll_which_alone_is_reported() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            int M(Task<int>[] tasks, Task<int> a, Task<int> b)
            {
                [|Task.WaitAll(tasks)|];
                var sum = 0;
                foreach (var t in tasks)
                {
                    sum += t.Result;
                }

                [|Task.WaitAll(a, b)|];
                return sum + tasks[0].Result + tasks.Sum(t => t.Result) + a.Result + b.Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_Results_after_waiting_on_WhenAll_or_RunSynchronously() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            int M(List<Task<int>> tasks, Task<int> a, Task<int> b, Task<int> cold)
            {
                [|Task.WhenAll(tasks).Wait()|];
                [|Task.WhenAll(a, b).GetAwaiter().GetResult()|];
                cold.RunSynchronously();
                return tasks.Select(t => t.Result).Sum() + a.Result + b.Result + cold.Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_the_antecedent_inside_ContinueWith() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            Task<int> M(Task<string> download, Task<int>[] parts)
            {
                Task.Factory.ContinueWhenAll(parts, all => all.Sum(p => p.Result));
                return download.ContinueWith(t => t.Result.Length + t.GetAwaiter().GetResult().Length);
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_under_completion_guards() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            int TryRead(ValueTask<int> pending, Task<int> other)
            {
                if (pending.IsCompletedSuccessfully)
                {
                    return pending.Result;
                }

                if (!other.IsCompleted)
                {
                    return -1;
                }

                return other.Status == TaskStatus.RanToCompletion && other.IsCompleted ? other.Result : 0;
            }
        }
        """);

    [Fact]
    public Task Ignores_tasks_run_in_synchronous_mode() => Verify.VerifyAnalyzerAsync(Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class Protocol
        {
            public int Read(byte[] buffer) => ReadAsync(buffer, IOBehavior.Synchronous).GetAwaiter().GetResult();
            public int Send(string request) => SendAsync(request, async: false).Result;

            private Task<int> ReadAsync(byte[] buffer, IOBehavior io) => Task.FromResult(buffer.Length);
            private Task<int> SendAsync(string request, bool async) => Task.FromResult(request.Length);
        }
        """);

    [Fact]
    public Task Ignores_LINQ_lambdas_over_tasks_awaited_with_WhenAll() => Verify.VerifyAnalyzerAsync(Usings + """
        class Downloader
        {
            async Task<int> TotalAsync(IEnumerable<string> urls, Func<string, Task<string>> get)
            {
                var tasks = urls.Select(get).ToList();
                await Task.WhenAll(tasks);
                var lengths = tasks.Select(t => t.Result.Length).ToList();
                return lengths.Sum();
            }
        }
        """);

    [Fact]
    public Task Ignores_waits_on_a_dedicated_thread() => Verify.VerifyAnalyzerAsync(Usings + """
        class Pump
        {
            void Start(Func<Task> next)
            {
                var thread = new Thread(() => next().Wait()) { IsBackground = true };
                thread.Start();
                Task.Factory.StartNew(() => next().GetAwaiter().GetResult(), TaskCreationOptions.LongRunning);
            }
        }
        """);

    [Fact]
    public Task Ignores_polling_waits_with_a_zero_timeout() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            bool Poll(Task task, Task[] tasks) => task.Wait(0) || task.Wait(TimeSpan.Zero) || Task.WaitAny(tasks, 0) >= 0;
        }
        """);

    [Fact]
    public Task Ignores_Result_and_Wait_of_other_types() => Verify.VerifyAnalyzerAsync(Usings + """
        class Operation
        {
            public int Result { get; set; }
            public void Wait() { }
        }

        class C
        {
            int M(Operation operation, Lazy<int> lazy, ManualResetEventSlim signal)
            {
                operation.Wait();
                signal.Wait(10);
                return operation.Result + lazy.Value;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_winner_of_WhenAny_awaited_in_sync_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> a, Task<int> b)
            {
                var winner = await Task.WhenAny(a, b);
                Func<int> read = () => winner.Result;
                return read();
            }
        }
        """);

    [Fact]
    public Task Ignores_Results_in_continuations_of_the_tasks_themselves() => Verify.VerifyAnalyzerAsync(Usings + """
        class Aggregator
        {
            Task<int> Combine(Task<int> a, Task<int> b, Task<int>[] parts)
            {
                a.ContinueWith(_ => Console.WriteLine(a.Result));
                Task.Factory.ContinueWhenAll(parts, _ => Console.WriteLine(parts[0].Result + parts.Sum(p => p.Result)));
                a.GetAwaiter().OnCompleted(() => Console.WriteLine(a.GetAwaiter().GetResult()));
                a.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => Console.WriteLine(a.Result));
                return Task.WhenAll(a, b).ContinueWith(_ => a.Result + b.Result);
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_in_a_switch_on_a_final_Status() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            string Describe(Task<string> task)
            {
                switch (task.Status)
                {
                    case TaskStatus.RanToCompletion:
                        return task.Result;
                    case TaskStatus.Faulted:
                    case TaskStatus.Canceled:
                        task.Wait();
                        return "failed";
                    default:
                        return "pending";
                }
            }

            int Peek(Task<int> task) => task.Status switch
            {
                TaskStatus.RanToCompletion => task.Result,
                _ => -1,
            };
        }
        """);

    [Fact]
    public Task Ignores_elements_after_waiting_on_a_copy_of_the_collection() => Verify.VerifyAnalyzerAsync(Usings + """
        class Batch
        {
            int[] Run(List<Task<int>> tasks)
            {
                [|Task.WaitAll(tasks.ToArray())|];
                return tasks.Select(t => t.Result).ToArray();
            }
        }
        """);

    [Fact]
    public Task Flags_Result_in_a_switch_on_a_status_that_is_not_final() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            string Describe(Task<string> task)
            {
                switch (task.Status)
                {
                    case TaskStatus.Running:
                        return [|task.Result|];
                    default:
                        return "";
                }
            }

            Task<int> Later(Task<int> task, Task<int> other) => other.ContinueWith(_ => [|task.Result|]);
        }
        """);

    [Fact]
    public Task Ignores_code_that_never_runs_nameof_and_expression_trees() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Linq.Expressions;

        class Mapping
        {
            Expression<Func<Task<int>, int>> Selector => t => t.Result;

            string Describe(Task<int> task)
            {
                Expression<Action> wait = () => task.Wait();
                return nameof(task.Result) + wait;
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_after_a_timed_wait_that_succeeded() => WithBridgesReported(Usings + """
        class Gateway
        {
            string Call(Task<string> reply, Task<int> a, Task<int> b)
            {
                if (!{|#0:reply.Wait(TimeSpan.FromSeconds(30))|})
                {
                    throw new TimeoutException();
                }

                var total = {|#1:Task.WaitAll(new Task[] { a, b }, 1000)|} ? 0 : -1;
                if ({|#2:Task.WaitAll(new Task[] { a, b }, 1000)|})
                {
                    total = a.Result + b.Result;
                }

                return reply.Result + total;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0),
        Verify.Diagnostic().WithLocation(1),
        Verify.Diagnostic().WithLocation(2)).RunAsync();

    [Fact]
    public Task Ignores_Result_after_Debug_Assert_that_it_completed() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics;

        class Buffer
        {
            int Take(ValueTask<int> pending)
            {
                Debug.Assert(pending.IsCompleted, "the fast path only runs on completed reads");
                return pending.Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_methods_in_source_whose_task_is_complete_on_return() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class InMemoryStore
        {
            private readonly Dictionary<string, string> _items = new Dictionary<string, string>();

            public string Get(string key) => GetAsync(key).Result;
            public void Put(string key, string value) => PutAsync(key, value).GetAwaiter().GetResult();
            public int Count() => CountAsync().Result;

            public Task<string> GetAsync(string key) => Task.FromResult(_items[key]);

            public Task PutAsync(string key, string value)
            {
                if (key == null)
                {
                    return Task.FromException(new ArgumentNullException(nameof(key)));
                }

                _items[key] = value;
                return Task.CompletedTask;
            }

            public async Task<int> CountAsync()
            {
                Func<Task> later = async () => await Task.Yield();
                return _items.Count;
            }
        }
        """);

    [Fact]
    public Task Flags_methods_in_source_whose_task_may_still_run() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            public string Get(string key) => [|GetAsync(key).Result|];
            public int Count() => [|CountAsync().Result|];
            public int Size() => [|SizeAsync().Result|];

            public virtual Task<string> GetAsync(string key) => Task.FromResult(key);

            public async Task<int> CountAsync()
            {
                await Task.Yield();
                return 1;
            }

            public Task<int> SizeAsync() => Task.Run(() => 1);
        }
        """);

    [Fact]
    public Task Ignores_a_field_under_a_completion_guard() => Verify.VerifyAnalyzerAsync(Usings + """
        class Config
        {
            private static Task<string> s_defaults = Task.Run(() => "defaults");
            private Task<int> _initialization = Task.Run(() => 1);

            public int Version => _initialization.IsCompletedSuccessfully ? _initialization.Result : -1;

            public string Defaults()
            {
                if (!s_defaults.IsCompleted)
                {
                    return "";
                }

                return s_defaults.Result;
            }

            public void ThrowIfFailed()
            {
                if (_initialization.IsFaulted || _initialization.IsCanceled)
                {
                    _initialization.GetAwaiter().GetResult();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_field_of_another_instance_or_after_a_guard_on_another_field() => Verify.VerifyAnalyzerAsync(Usings + """
        class Config
        {
            private Task<int> _initialization = Task.Run(() => 1);
            private Task<int> _refresh = Task.Run(() => 2);

            public int Version(Config other) => _initialization.IsCompleted ? [|other._initialization.Result|] + [|_refresh.Result|] : 0;

            public int Reload()
            {
                if (!_initialization.IsCompleted)
                {
                    return -1;
                }

                _initialization = Task.Run(() => 3);
                return [|_initialization.Result|];
            }
        }
        """);

    [Fact]
    public Task Ignores_the_task_that_WaitAny_or_a_waited_WhenAny_reported_complete() => Verify.VerifyAnalyzerAsync(Usings + """
        class Racer
        {
            int First(Task<int>[] replicas, Task<int> a, Task<int> b)
            {
                var index = {|#0:Task.WaitAny(replicas)|};
                var fastest = replicas[index].Result;
                var again = replicas[{|#1:Task.WaitAny(replicas)|}].Result;
                var winner = {|#2:Task.WhenAny(a, b).Result|};
                return fastest + again + winner.Result + {|#3:Task.WhenAny(a, b).GetAwaiter().GetResult()|}.Result;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0),
        Verify.Diagnostic().WithLocation(1),
        Verify.Diagnostic().WithLocation(2),
        Verify.Diagnostic().WithLocation(3));

    [Fact]
    public Task Ignores_Result_after_a_wait_in_a_try_whose_catches_rethrow() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            int Import(Task<int> job)
            {
                try
                {
                    {|#0:job.Wait()|};
                }
                catch (AggregateException e)
                {
                    Console.WriteLine(e.InnerException);
                    throw;
                }

                return job.Result;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Ignores_Result_after_a_polling_loop_on_IsCompleted() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            int Poll(Task<int> job, Task<int> other)
            {
                while (!job.IsCompleted)
                {
                    Thread.Sleep(10);
                }

                while (!other.IsCompleted)
                {
                    if (Console.KeyAvailable)
                    {
                        break;
                    }
                }

                return job.Result + [|other.Result|];
            }
        }
        """);

    [Fact]
    public Task Ignores_generated_code() => Verify.VerifyAnalyzerAsync("""
        // <auto-generated/>
        using System.Threading.Tasks;

        class Generated
        {
            int M(Task<int> task) => task.Result;
        }
        """);

    // ---- code fix: Make method async ------------------------------------------------------------------------

    [Fact]
    public Task Fix_makes_a_three_level_call_chain_async() => Verify.VerifyCodeFixAsync(Usings + """
        class ReportService
        {
            private readonly Func<string, Task<string>> _download = name => Task.FromResult(name);

            public int Refresh(string name)
            {
                var report = Load(name);
                return report.Length;
            }

            string Load(string name)
            {
                Audit(name);
                return [|_download(name).Result|].Trim();
            }

            void Audit(string name) => Save(name);

            void Save(string name)
            {
                // persisted by the audit service
                [|Task.Delay(10).Wait()|];
            }
        }
        """, Usings + """
        class ReportService
        {
            private readonly Func<string, Task<string>> _download = name => Task.FromResult(name);

            public async Task<int> RefreshAsync(string name)
            {
                var report = await LoadAsync(name);
                return report.Length;
            }

            async Task<string> LoadAsync(string name)
            {
                await AuditAsync(name);
                return (await _download(name)).Trim();
            }

            async Task AuditAsync(string name) => await SaveAsync(name);

            async Task SaveAsync(string name)
            {
                // persisted by the audit service
                await Task.Delay(10);
            }
        }
        """);

    [Fact]
    public Task Fix_this_method_only_leaves_synchronous_callers_waiting() => new Verify.Test
    {
        TestCode = Usings + """
            class ReportService
            {
                int Refresh(string name) => Load(name).Length;

                async Task<int> RefreshAsync(string name)
                {
                    await Task.Yield();
                    return Load(name).Length;
                }

                string Load(string name) => [|Task.Run(() => name).Result|];
            }
            """,
        FixedCode = Usings + """
            class ReportService
            {
                int Refresh(string name) => [|LoadAsync(name).GetAwaiter().GetResult()|].Length;

                async Task<int> RefreshAsync(string name)
                {
                    await Task.Yield();
                    return (await LoadAsync(name)).Length;
                }

                async Task<string> LoadAsync(string name) => await Task.Run(() => name);
            }
            """,
        CodeActionEquivalenceKey = TW103BlockingWaitInSyncCodeFix.ThisMethodOnlyKey,
        NumberOfIncrementalIterations = 1,
    }.RunAsync();

    [Fact]
    public Task Fix_stops_at_Main_which_keeps_its_signature() => new Verify.Test
    {
        TestCode = Usings + """
            class Program
            {
                static void Main(string[] args)
                {
                    Run(args[0]);
                }

                static void Run(string path) => Console.WriteLine(Read(path));

                static string Read(string path) => [|Task.Run(() => path.ToUpperInvariant()).Result|];
            }
            """,
        FixedCode = Usings + """
            class Program
            {
                static void Main(string[] args)
                {
                    RunAsync(args[0]).GetAwaiter().GetResult();
                }

                static async Task RunAsync(string path) => Console.WriteLine(await ReadAsync(path));

                static async Task<string> ReadAsync(string path) => await Task.Run(() => path.ToUpperInvariant());
            }
            """,
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Fix_changes_only_the_overload_that_waits() => Verify.VerifyCodeFixAsync(Usings + """
        class Store
        {
            void Use()
            {
                Put("a");
                Put(1);
            }

            void Put(int value) => Console.WriteLine(value);

            void Put(string value) => [|Task.Delay(value.Length).Wait()|];
        }
        """, Usings + """
        class Store
        {
            async Task UseAsync()
            {
                await PutAsync("a");
                Put(1);
            }

            void Put(int value) => Console.WriteLine(value);

            async Task PutAsync(string value) => await Task.Delay(value.Length);
        }
        """);

    [Fact]
    public Task Fix_changes_an_interface_in_source_its_implementations_and_calls_through_it() => Verify.VerifyCodeFixAsync(Usings + """
        interface IJob
        {
            int Run(string name);
        }

        class CleanupJob : IJob
        {
            public int Run(string name)
            {
                [|Task.Delay(name.Length).Wait()|];
                return 1;
            }
        }

        class NoopJob : IJob
        {
            public int Run(string name)
            {
                if (name == null)
                {
                    return 0;
                }

                return name.Length;
            }
        }

        class LogJob : IJob
        {
            int IJob.Run(string name) => throw new NotSupportedException();
        }

        class Scheduler
        {
            int Tick(IJob job) => job.Run("tick") + new NoopJob().Run("direct");
        }
        """, Usings + """
        interface IJob
        {
            Task<int> RunAsync(string name);
        }

        class CleanupJob : IJob
        {
            public async Task<int> RunAsync(string name)
            {
                await Task.Delay(name.Length);
                return 1;
            }
        }

        class NoopJob : IJob
        {
            public Task<int> RunAsync(string name)
            {
                if (name == null)
                {
                    return Task.FromResult(0);
                }

                return Task.FromResult(name.Length);
            }
        }

        class LogJob : IJob
        {
            Task<int> IJob.RunAsync(string name) => throw new NotSupportedException();
        }

        class Scheduler
        {
            async Task<int> TickAsync(IJob job) => await job.RunAsync("tick") + await new NoopJob().RunAsync("direct");
        }
        """);

    [Fact]
    public Task Fix_changes_an_abstract_method_and_its_overrides() => Verify.VerifyCodeFixAsync(Usings + """
        abstract class Exporter
        {
            public void Export(string path) => Write(path);

            protected abstract void Write(string path);
        }

        sealed class CsvExporter : Exporter
        {
            protected override void Write(string path) => [|Task.Run(() => path.Trim()).Wait()|];
        }

        sealed class NullExporter : Exporter
        {
            protected override void Write(string path)
            {
                Console.WriteLine(path);
            }
        }
        """, Usings + """
        abstract class Exporter
        {
            public async Task ExportAsync(string path) => await WriteAsync(path);

            protected abstract Task WriteAsync(string path);
        }

        sealed class CsvExporter : Exporter
        {
            protected override async Task WriteAsync(string path) => await Task.Run(() => path.Trim());
        }

        sealed class NullExporter : Exporter
        {
            protected override Task WriteAsync(string path)
            {
                Console.WriteLine(path);
                return Task.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task Fix_stops_at_an_implementation_of_an_interface_outside_the_solution() => Verify.VerifyCodeFixAsync(Usings + """
        class CleanupJob : IProgress<int>
        {
            public void Report(int value) => Clean();

            void Clean() => [|Task.Delay(1).Wait()|];
        }
        """, Usings + """
        class CleanupJob : IProgress<int>
        {
            public void Report(int value) => [|CleanAsync().GetAwaiter().GetResult()|];

            async Task CleanAsync() => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Fix_stops_at_public_API_of_a_library() => new Verify.Test
    {
        TestCode = Usings + """
            public class Client
            {
                public string Get(string url) => Fetch(url);

                internal string Fetch(string url) => [|Task.Run(() => url).Result|];
            }
            """,
        BatchFixedCode = Usings + """
            public class Client
            {
                public string Get(string url) => [|FetchAsync(url).GetAwaiter().GetResult()|];

                internal async Task<string> FetchAsync(string url) => await Task.Run(() => url);
            }
            """,
        // Applied again at the stop, the fix changes the public method too: the user chose to change the API.
        FixedCode = Usings + """
            public class Client
            {
                public async Task<string> GetAsync(string url) => await FetchAsync(url);

                internal async Task<string> FetchAsync(string url) => await Task.Run(() => url);
            }
            """,

        // Two fixes one at a time: Fetch, then the diagnostic that fix leaves in Get.
        NumberOfIncrementalIterations = 2,
    }.RunAsync();

    [Fact]
    public Task Fix_is_not_offered_when_the_async_name_is_taken() => Verify.VerifyCodeFixAsync(Usings + """
        class Loader
        {
            string Load() => [|LoadAsync().Result|];

            Task<string> LoadAsync() => Task.Run(() => "");
        }
        """, Usings + """
        class Loader
        {
            string Load() => [|LoadAsync().Result|];

            Task<string> LoadAsync() => Task.Run(() => "");
        }
        """);

    [Fact]
    public Task Fix_is_not_offered_for_a_method_used_as_a_delegate() => Verify.VerifyCodeFixAsync(Usings + """
        class Form
        {
            event EventHandler Click;

            Form() => Click += OnClick;

            void OnClick(object sender, EventArgs e) => [|Task.Delay(1).Wait()|];
        }
        """, Usings + """
        class Form
        {
            event EventHandler Click;

            Form() => Click += OnClick;

            void OnClick(object sender, EventArgs e) => [|Task.Delay(1).Wait()|];
        }
        """);

    // The light bulb searches no callers outside a private method's type (issue: cost); they are found when the action runs.
    // A use that is not a call (a method group here) keeps the old name as a shim over the new method, so the fixed code
    // builds and the remaining wait stays visible.
    [Fact]
    public Task Fix_keeps_a_sync_shim_for_a_method_group_use_found_when_the_action_runs() => Verify.VerifyCodeFixAsync(Usings + """
        class Handlers
        {
            internal void OnClick(object sender, EventArgs e) => [|Task.Delay(1).Wait()|];
        }

        class Form
        {
            event EventHandler Click;

            Form(Handlers handlers) => Click += handlers.OnClick;
        }
        """, Usings + """
        class Handlers
        {
            internal void OnClick(object sender, EventArgs e) => [|OnClickAsync(sender, e).GetAwaiter().GetResult()|];
            internal async Task OnClickAsync(object sender, EventArgs e) => await Task.Delay(1);
        }

        class Form
        {
            event EventHandler Click;

            Form(Handlers handlers) => Click += handlers.OnClick;
        }
        """);

    // An interface implementation cannot keep a shim (the interface member changes with it): its callers are searched
    // before the fix is offered, so a method-group use rules it out rather than making the action do nothing (Garnet).
    [Fact]
    public Task Fix_is_not_offered_for_an_interface_implementation_used_as_a_method_group() => Verify.VerifyCodeFixAsync(Usings + """
        interface IFactory
        {
            void Delete(string name);
        }

        class Factory : IFactory
        {
            public void Delete(string name) => [|Task.Run(() => name).Wait()|];
        }

        class Cleaner
        {
            Action<string> Deleter(Factory factory) => factory.Delete;
        }
        """, Usings + """
        interface IFactory
        {
            void Delete(string name);
        }

        class Factory : IFactory
        {
            public void Delete(string name) => [|Task.Run(() => name).Wait()|];
        }

        class Cleaner
        {
            Action<string> Deleter(Factory factory) => factory.Delete;
        }
        """);

    [Fact]
    public Task Fix_updates_the_calls_and_keeps_a_shim_for_the_method_group() => Verify.VerifyCodeFixAsync(Usings + """
        class Store
        {
            internal string Load(string key) => [|Task.Run(() => key).Result|];
        }

        class Client
        {
            async Task<string> GetAsync(Store store) => store.Load("a");

            Func<string, string> Loader(Store store) => store.Load;
        }
        """, Usings + """
        class Store
        {
            internal string Load(string key) => [|LoadAsync(key).GetAwaiter().GetResult()|];
            internal async Task<string> LoadAsync(string key) => await Task.Run(() => key);
        }

        class Client
        {
            async Task<string> GetAsync(Store store) => await store.LoadAsync("a");

            Func<string, string> Loader(Store store) => store.Load;
        }
        """);

    [Fact]
    public Task Fix_is_not_offered_for_a_conditional_wait_or_an_iterator_or_a_ref_parameter()
    {
        const string Source = Usings + """
            class Flusher
            {
                private Task _pending;

                void Flush() => _pending?[|.Wait()|];

                IEnumerable<int> Items(Task<int> first)
                {
                    yield return [|first.Result|];
                }

                void Read(ref int value, Task<int> next) => value = [|next.Result|];

                void Span(Task<int> next)
                {
                    Span<int> buffer = stackalloc int[4];
                    buffer[0] = [|next.Result|];
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
    }

    [Fact]
    public Task Fix_renames_nameof_and_cref_references() => Verify.VerifyCodeFixAsync(Usings + """
        class Job
        {
            /// <summary>Calls <see cref="Step"/>.</summary>
            void Run()
            {
                Console.WriteLine(nameof(Step));
                Step();
                Step();
            }

            void Step() => [|Task.Delay(1).Wait()|];
        }
        """, Usings + """
        class Job
        {
            /// <summary>Calls <see cref="StepAsync"/>.</summary>
            async Task RunAsync()
            {
                Console.WriteLine(nameof(StepAsync));
                await StepAsync();
                await StepAsync();
            }

            async Task StepAsync() => await Task.Delay(1);
        }
        """);

    [Fact]
    public Task Fix_turns_WaitAll_into_WhenAll_and_handles_recursion() => Verify.VerifyCodeFixAsync(Usings + """
        class Crawler
        {
            int Crawl(int depth, Task first, Task second)
            {
                [|Task.WaitAll(first, second)|];
                return depth == 0 ? 0 : Crawl(depth - 1, first, second) + 1;
            }
        }
        """, Usings + """
        class Crawler
        {
            async Task<int> CrawlAsync(int depth, Task first, Task second)
            {
                await Task.WhenAll(first, second);
                return depth == 0 ? 0 : await CrawlAsync(depth - 1, first, second) + 1;
            }
        }
        """);

    [Fact]
    public Task Fix_adds_the_using_directive_when_missing() => Verify.VerifyCodeFixAsync("""
        class Pinger
        {
            void Ping() => [|System.Threading.Tasks.Task.Delay(1).Wait()|];
        }
        """, """
        using System.Threading.Tasks;

        class Pinger
        {
            async Task PingAsync() => await System.Threading.Tasks.Task.Delay(1);
        }
        """);

    [Fact]
    public Task Fix_makes_a_lambda_async_where_its_target_accepts_one() => Verify.VerifyCodeFixAsync(Usings + """
        class Worker
        {
            Task<int> Start(Task<int> input) => Task.Run(() => [|input.Result|] + 1);
        }
        """, Usings + """
        class Worker
        {
            Task<int> Start(Task<int> input) => Task.Run(async () => await input + 1);
        }
        """);

    [Fact]
    public Task Fix_is_not_offered_for_a_lambda_whose_target_returns_void() => Verify.VerifyCodeFixAsync(Usings + """
        class Worker
        {
            void Start(List<Task> inputs, Task gate) => inputs.ForEach(t => [|gate.Wait()|]);
        }
        """, Usings + """
        class Worker
        {
            void Start(List<Task> inputs, Task gate) => inputs.ForEach(t => [|gate.Wait()|]);
        }
        """);

    [Fact]
    public Task Fix_All_changes_shared_callers_once_across_documents() => new Verify.Test
    {
        Sources =
        {
            Usings + """
            class Repository
            {
                public string Read(string key) => [|Task.Run(() => key).Result|];

                public void Write(string key) => [|Task.Delay(key.Length).Wait()|];
            }
            """,
            """
            class Service
            {
                private readonly Repository _repository = new Repository();

                string Copy(string key)
                {
                    var value = _repository.Read(key);
                    _repository.Write(value);
                    return value;
                }
            }
            """,
        },
        FixedSources =
        {
            Usings + """
            class Repository
            {
                public async Task<string> ReadAsync(string key) => await Task.Run(() => key);

                public async Task WriteAsync(string key) => await Task.Delay(key.Length);
            }
            """,
            """
            using System.Threading.Tasks;

            class Service
            {
                private readonly Repository _repository = new Repository();

                async Task<string> CopyAsync(string key)
                {
                    var value = await _repository.ReadAsync(key);
                    await _repository.WriteAsync(value);
                    return value;
                }
            }
            """,
        },
    }.RunAsync();

    // ---- refactoring: Make Main async -----------------------------------------------------------------------

    [Fact]
    public Task Refactoring_makes_void_Main_async_and_awaits_its_waits() => VerifyMakeMainAsync("""
        using System;
        using System.Threading.Tasks;

        class Program
        {
            static void Main(string[] args)
            {
                var config = LoadAsync(args[0]).Result;
                Task.WaitAll(SaveAsync(config), SaveAsync(config));
                Task.Run(() => LoadAsync("x").Wait());
                Console.WriteLine(LoadAsync(config).GetAwaiter().GetResult().Length);
            }

            static Task<string> LoadAsync(string path) => Task.Run(() => path);
            static Task SaveAsync(string text) => Task.Delay(text.Length);
        }
        """, """
        using System;
        using System.Threading.Tasks;

        class Program
        {
            static async Task Main(string[] args)
            {
                var config = await LoadAsync(args[0]);
                await Task.WhenAll(SaveAsync(config), SaveAsync(config));
                Task.Run(() => LoadAsync("x").Wait());
                Console.WriteLine((await LoadAsync(config)).Length);
            }

            static Task<string> LoadAsync(string path) => Task.Run(() => path);
            static Task SaveAsync(string text) => Task.Delay(text.Length);
        }
        """);

    [Fact]
    public Task Refactoring_makes_int_Main_return_Task_of_int() => VerifyMakeMainAsync("""
        using System.Threading.Tasks;

        class Program
        {
            static int Main() => Task.Run(() => 3).Result;
        }
        """, """
        using System.Threading.Tasks;

        class Program
        {
            static async Task<int> Main() => await Task.Run(() => 3);
        }
        """);

    [Fact]
    public Task Refactoring_is_not_offered_without_a_wait_or_outside_Main() => VerifyMakeMainAsync("""
        using System.Threading.Tasks;

        class Program
        {
            static void Main() => Task.Run(() => Helper().Wait());

            static void Helper2() => Task.Delay(1).Wait();
            static Task Helper() => Task.CompletedTask;
        }
        """, expected: null);

    /// <summary>
    /// Runs the "Make Main async" refactoring on the Main method of <paramref name="source"/> and compares the result
    /// (null: not offered), which must compile. The verifier has no refactoring support, hence this small helper.
    /// </summary>
    private static async Task VerifyMakeMainAsync(string source, string? expected)
    {
        using var workspace = new Microsoft.CodeAnalysis.AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "TestProject",
            "TestProject",
            LanguageNames.CSharp,
            compilationOptions: new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.ConsoleApplication),
            metadataReferences: TestCompilation.References));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Program.cs", source, filePath: "Program.cs");
        var document = solution.GetDocument(documentId)!;
        var span = new Microsoft.CodeAnalysis.Text.TextSpan(source.IndexOf("Main", StringComparison.Ordinal), 4);

        var actions = new List<Microsoft.CodeAnalysis.CodeActions.CodeAction>();
        var context = new Microsoft.CodeAnalysis.CodeRefactorings.CodeRefactoringContext(document, span, actions.Add, CancellationToken.None);
        await new Threadwise.Refactorings.MakeMainAsyncRefactoring().ComputeRefactoringsAsync(context);

        // Also not offered on another method of the program.
        var helper = source.IndexOf("Helper2", StringComparison.Ordinal);
        if (helper >= 0)
        {
            var other = new Microsoft.CodeAnalysis.CodeRefactorings.CodeRefactoringContext(
                document, new Microsoft.CodeAnalysis.Text.TextSpan(helper, 7), actions.Add, CancellationToken.None);
            await new Threadwise.Refactorings.MakeMainAsyncRefactoring().ComputeRefactoringsAsync(other);
        }

        if (expected is null)
        {
            Assert.Empty(actions);
            return;
        }

        var action = Assert.Single(actions);
        Assert.Equal("Make Main async", action.Title);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var apply = Assert.IsType<Microsoft.CodeAnalysis.CodeActions.ApplyChangesOperation>(Assert.Single(operations));
        var changed = apply.ChangedSolution.GetDocument(documentId)!;
        Assert.Equal(expected, (await changed.GetTextAsync()).ToString());
        var compilation = (await changed.Project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
