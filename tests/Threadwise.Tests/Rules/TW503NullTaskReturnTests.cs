using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW503NullTaskReturnAnalyzer, Threadwise.Fixes.Correctness.TW503NullTaskReturnCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW503NullTaskReturnTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq.Expressions;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_return_null_from_a_Task_method_with_the_message_naming_the_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            public Task FlushAsync(bool dirty)
            {
                if (!dirty)
                {
                    return {|#0:null|};
                }

                return Task.Delay(1);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'FlushAsync' returns null as its 'Task': awaiting it throws NullReferenceException; return Task.CompletedTask"));

    [Fact]
    public Task Flags_return_null_from_a_Task_of_T_method_and_property() => Verify.VerifyAnalyzerAsync(Usings + """
        class Users
        {
            public Task<string> FindAsync(string email)
            {
                if (string.IsNullOrEmpty(email))
                    return {|#0:null|};
                return Task.FromResult(email);
            }

            public Task<int> Count => [|null|];
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'FindAsync' returns null as its 'Task<string>': awaiting it throws NullReferenceException; return a completed task from Task.FromResult"));

    [Fact]
    public Task Flags_default_null_forgiving_and_cast_nulls() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            Task A() { return [|default|]; }
            Task B() { return [|default(Task)|]; }
            Task<object> C() { return [|(Task<object>)null|]; }
            Task D() => [|null!|];
            Task E() { return [|(null)|]; }
            Task<string> F() => [|null as Task<string>|];
        }
        """);

    // vs-threading PR #596 (VSTHRD114) left `b ? default(Task<object>) : null` as a known false negative.
    [Fact]
    public Task Flags_null_arms_of_conditional_switch_and_coalesce_expressions() => Verify.VerifyAnalyzerAsync(Usings + """
        class Loader
        {
            Task<object> GetTaskObj(bool b) => b ? [|default(Task<object>)|] : [|null|];

            Task Pick(int mode, Task work) => mode switch
            {
                0 => [|null|],
                _ => work,
            };

            Task OrNothing(Task pending) => pending ?? [|null|];
        }
        """);

    [Fact]
    public Task Flags_expression_bodied_members_and_interface_default_implementations() => Verify.VerifyAnalyzerAsync(Usings + """
        interface IPlugin
        {
            Task StartAsync() => [|null|];
        }

        class Plugin : IPlugin
        {
            public static Task<int> operator +(Plugin a, Plugin b) => [|null|];
            public Task this[int index] => [|null|];
        }
        """);

    [Fact]
    public Task Flags_lambdas_and_local_functions_that_return_null_as_a_Task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Pipeline
        {
            void Build(List<Func<Task>> steps)
            {
                Func<Task> step = () => [|null|];
                steps.Add(() => { return [|null|]; });
                steps.Add(Local);

                Task Local()
                {
                    return [|null|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_an_unannotated_Task_under_nullable_enable() => new Verify.Test
    {
        TestCode = Usings + """
            class Cache
            {
                public Task FlushAsync() => [|null!|];
                public Task<string> ReadAsync() { return [|null!|]; }
            }
            """,
        NullableContextOptions = NullableContextOptions.Enable,
    }.RunAsync();

    [Fact]
    public Task Flags_null_where_the_documentation_promises_a_task_or_denies_null() => Verify.VerifyAnalyzerAsync(Usings + """
        class PendingWriteQueue
        {
            object head;

            /// <summary>Removes a pending write operation and performs it.</summary>
            /// <returns>An await-able task.</returns>
            public Task RemoveAndWriteAsync()
            {
                if (head == null)
                {
                    return [|null|];
                }

                return Task.Delay(1);
            }

            /// <summary>Flushes the queue.</summary>
            /// <returns>The flush; never <c>null</c>.</returns>
            public Task FlushAsync() => head == null ? [|null|] : Task.Delay(1);

            /// <summary>Starts the write. This method never returns null.</summary>
            public Task WriteAsync() => head == null ? [|null|] : Task.Delay(1);

            // empty, so just return null
            public Task CloseAsync() => head == null ? [|null|] : Task.Delay(1);
        }
        """);

    // ---- code fix --------------------------------------------------------------------------------------------

    [Fact]
    public Task Fixes_Task_with_CompletedTask() => Verify.VerifyCodeFixAsync(Usings + """
        class Cache
        {
            public Task FlushAsync(bool dirty)
            {
                if (!dirty)
                    return [|null|]; // nothing to write
                return Task.Delay(1);
            }

            public Task CloseAsync() => [|default|];
        }
        """, Usings + """
        class Cache
        {
            public Task FlushAsync(bool dirty)
            {
                if (!dirty)
                    return Task.CompletedTask; // nothing to write
                return Task.Delay(1);
            }

            public Task CloseAsync() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Fixes_Task_of_a_reference_or_nullable_type_with_FromResult_of_null() => Verify.VerifyCodeFixAsync(Usings + """
        class Users
        {
            public Task<string> FindAsync(string email) => email.Length == 0 ? [|null|] : Task.FromResult(email);
            public Task<List<string>> AllAsync() { return [|(Task<List<string>>)null|]; }
            public Task<int?> AgeAsync() { return [|null|]; }
            public Task<string> NameAsync() => [|null as Task<string>|];
        }
        """, Usings + """
        class Users
        {
            public Task<string> FindAsync(string email) => email.Length == 0 ? Task.FromResult<string>(null) : Task.FromResult(email);
            public Task<List<string>> AllAsync() { return Task.FromResult<List<string>>(null); }
            public Task<int?> AgeAsync() { return Task.FromResult<int?>(null); }
            public Task<string> NameAsync() => Task.FromResult<string>(null);
        }
        """);

    [Fact]
    public Task Fixes_Task_of_a_value_type_or_type_parameter_with_FromResult_of_default() => Verify.VerifyCodeFixAsync(Usings + """
        class Counter<T>
        {
            public Task<int> CountAsync() => [|null|];
            public Task<T> FirstAsync() { return [|null|]; }
            public Task<CancellationToken> TokenAsync() => [|null|];
        }
        """, Usings + """
        class Counter<T>
        {
            public Task<int> CountAsync() => Task.FromResult(default(int));
            public Task<T> FirstAsync() { return Task.FromResult(default(T)); }
            public Task<CancellationToken> TokenAsync() => Task.FromResult(default(CancellationToken));
        }
        """);

    [Fact]
    public Task Fixes_every_null_of_a_document_with_Fix_All() => Verify.VerifyCodeFixAsync(Usings + """
        class Handlers
        {
            Task A() => [|null!|];
            Task<object> B(bool b) => b ? [|default(Task<object>)|] : [|null|];
            void C(List<Func<Task<string>>> steps) => steps.Add(() => [|null|]);
        }
        """, Usings + """
        class Handlers
        {
            Task A() => Task.CompletedTask;
            Task<object> B(bool b) => b ? Task.FromResult<object>(null) : Task.FromResult<object>(null);
            void C(List<Func<Task<string>>> steps) => steps.Add(() => Task.FromResult<string>(null));
        }
        """);

    [Fact]
    public Task Fixes_without_a_using_of_System_Threading_Tasks() => Verify.VerifyCodeFixAsync("""
        class Cache
        {
            public System.Threading.Tasks.Task<string> ReadAsync() => [|null|];
        }
        """, """
        class Cache
        {
            public System.Threading.Tasks.Task<string> ReadAsync() => System.Threading.Tasks.Task.FromResult<string>(null);
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    // vs-threading #637 and PR #866 (VSTHRD114): a Task? return says null is part of the contract; the compiler makes
    // callers check. PR #866 still warned on lambdas converted to Func<Task?>; the lambda's annotation comes from the delegate.
    [Fact]
    public Task Ignores_returns_annotated_as_nullable_tasks() => new Verify.Test
    {
        TestCode = Usings + """
            class Source
            {
                public Task? GetTask() { return null; }
                public Task<int>? GetTaskOfInt() => null;
                public Task<object?>? GetTaskOfNullableObject() { return default; }

                public void Local()
                {
                    Task<object>? GetTaskObj() { return null; }
                    Func<Task?> func = () => { return null; };
                    Func<Task<string>?> other = () => null;
                }
            }
            """,
        NullableContextOptions = NullableContextOptions.Enable,
    }.RunAsync();

    [Fact]
    public Task Ignores_overrides_and_implementations_of_members_that_return_a_nullable_task() => new Verify.Test
    {
        TestCode = Usings + """
            #nullable enable
            abstract class Step
            {
                public abstract Task? RunAsync();
            }

            interface IHook
            {
                Task? OnSavedAsync();
                Task<string>? Preview { get; }
            }

            #nullable disable
            class NoOpStep : Step, IHook
            {
                public override Task RunAsync() => null;
                public Task OnSavedAsync() { return null; }
                public Task<string> Preview => null;
            }

            class ExplicitHook : IHook
            {
                Task IHook.OnSavedAsync() => null;
                Task<string> IHook.Preview => null;
            }
            """,
    }.RunAsync();

    // Code written before nullable annotations states the contract in its documentation comment (DotNetty's pending write
    // queue, ported from Netty): callers were told to check for null.
    [Fact]
    public Task Ignores_null_where_the_returns_documentation_names_null() => Verify.VerifyAnalyzerAsync(Usings + """
        class BatchingPendingWriteQueue
        {
            object head;

            /// <summary>
            ///     Removes a pending write operation and performs it.
            /// </summary>
            /// <returns>
            ///     <see cref="Task" /> if something was written and <c>null</c> if the queue
            ///     is empty.
            /// </returns>
            public Task RemoveAndWriteAsync()
            {
                if (head == null)
                {
                    return null;
                }

                return Task.Delay(1);
            }

            /// <returns>The pending flush, or <see langword="null"/> when nothing is pending.</returns>
            public Task<int> FlushAsync() => head == null ? null : Task.FromResult(1);
        }
        """);

    [Fact]
    public Task Ignores_null_where_the_summary_says_the_method_returns_null() => Verify.VerifyAnalyzerAsync(Usings + """
        class Timers
        {
            /// <summary>Starts the next tick. Returns null when the timer is stopped.</summary>
            public Task NextTickAsync(bool stopped) => stopped ? null : Task.Delay(1);

            /// <summary>
            /// Finds the pending operation; returns <c>null</c> if there is none.
            /// </summary>
            internal Task<string> FindAsync(string key)
            {
                return key.Length == 0 ? default : Task.FromResult(key);
            }
        }
        """);

    [Fact]
    public Task Ignores_documented_null_returns_when_the_project_generates_no_documentation() => new Verify.Test
    {
        TestCode = Usings + """
            class Queue
            {
                /// <returns>The write, or <c>null</c> if the queue is empty.</returns>
                public Task RemoveAndWriteAsync(bool empty) => empty ? null : Task.Delay(1);
            }
            """,
        SolutionTransforms =
        {
            (solution, projectId) => solution.WithProjectParseOptions(
                projectId,
                ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!).WithDocumentationMode(DocumentationMode.None)),
        },
    }.RunAsync();

    [Fact]
    public Task Ignores_async_methods_where_null_is_the_result() => Verify.VerifyAnalyzerAsync(Usings + """
        class Users
        {
            public async Task<string> FindAsync(string email)
            {
                await Task.Yield();
                return email.Length == 0 ? null : email;
            }

            public Func<Task<object>> Factory => async () => { await Task.Yield(); return null; };
        }
        """);

    // SonarSource/sonar-dotnet #1436 (S4586): a lambda run by Task.Run returns its own value, not the method's task.
    // SonarSource/sonar-dotnet #1845 (S4586): a local function inside a Task method returns a collection, not a task.
    [Fact]
    public Task Ignores_null_returned_by_nested_lambdas_and_local_functions_of_another_type() => Verify.VerifyAnalyzerAsync(Usings + """
        class Handler
        {
            public Task<object> GetFooAsync(bool found)
            {
                return Task.Run(() =>
                {
                    if (found)
                    {
                        return new object();
                    }

                    return null;
                });
            }

            public Task<IReadOnlyDictionary<int, string>> Handle()
            {
                IReadOnlyCollection<int> GetPortion()
                {
                    if (DateTime.Now.Year == 2010)
                        return null;
                    return new List<int>();
                }

                Console.WriteLine(GetPortion());
                return Task.FromResult<IReadOnlyDictionary<int, string>>(null);
            }
        }
        """);

    // vs-threading #1167 (VSTHRD110 firing on Expression-valued lambdas): a lambda converted to an expression tree is
    // data for a mocking or query library; nothing awaits what it "returns".
    [Fact]
    public Task Ignores_lambdas_converted_to_expression_trees() => Verify.VerifyAnalyzerAsync(Usings + """
        interface IRepository
        {
            Task<string> LoadAsync(int id);
        }

        class Setup
        {
            static void Verify<T>(Expression<Func<T, Task<string>>> call) { }
            static void Returns(Expression<Func<Task>> factory) { }

            void Configure()
            {
                Verify<IRepository>(r => null);
                Returns(() => null);
            }
        }
        """);

    // vs-threading #881: `?? Task.FromResult<T>(null)` is the fix this rule asks for, not a null task.
    [Fact]
    public Task Ignores_completed_tasks_and_coalescing_to_a_completed_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            public Task<T> GetClientAsync<T>() where T : class => Task.FromResult<T>(null);
        }

        class Client
        {
            private Connection _connection;
            private Tree _tree;

            internal Task<T> GetClientAsync<T>() where T : class => _connection?.GetClientAsync<T>() ?? Task.FromResult<T>(null);
            private Task ShakeTreeAsync() => _tree?.ShakeAsync() ?? Task.CompletedTask;
            private Task<string> NameAsync() { string name = null; return Task.FromResult(name); }
        }

        class Tree
        {
            public Task ShakeAsync() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Ignores_ValueTask_whose_default_is_a_completed_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            public ValueTask FlushAsync() => default;
            public ValueTask<string> ReadAsync() { return default; }
            public ValueTask<string> PeekAsync() => new ValueTask<string>((string)null);
        }
        """);

    [Fact]
    public Task Ignores_type_parameters_and_custom_awaitable_classes() => Verify.VerifyAnalyzerAsync(Usings + """
        class Operation
        {
            public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter();
        }

        class Factory
        {
            public T Create<T>() where T : Task => null;
            public Operation Start() => null;
            public object Boxed() => null;
        }
        """);

    [Fact]
    public Task Ignores_null_converted_by_a_user_defined_conversion() => Verify.VerifyAnalyzerAsync(Usings + """
        class Work
        {
            public Task Inner;
            public static implicit operator Task(Work work) => work?.Inner ?? Task.CompletedTask;
        }

        class Runner
        {
            public Task RunAsync() => (Work)null;
        }
        """);

    [Fact]
    public Task Ignores_yield_return_null_in_a_sequence_of_tasks() => Verify.VerifyAnalyzerAsync(Usings + """
        class Batch
        {
            public IEnumerable<Task> Steps()
            {
                yield return Task.CompletedTask;
                yield return null;
            }
        }
        """);

    // ---- peer suppressions -----------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_nulls_where_VSTHRD114_S4586_or_RCS1210_is_suppressed_locally() => Verify.VerifyAnalyzerAsync("using System.Diagnostics.CodeAnalysis;\n" + Usings + """
        class Legacy
        {
        #pragma warning disable VSTHRD114 // callers null-check: the plug-in contract predates Task?
            public Task StartAsync() => null;
        #pragma warning restore VSTHRD114

            [SuppressMessage("Major Bug", "S4586:Non-async Task/Task<T> methods should not return null")]
            public Task<string> ReadAsync() { return null; }

            [SuppressMessage("Roslynator", "RCS1210")]
            public Task StopAsync() => null;

            public Task PauseAsync() => [|null|];
        }
        """);

    [Fact]
    public Task Flags_nulls_under_a_peer_suppression_when_peer_suppressions_are_not_honoured() => new Verify.Test
    {
        TestCode = Usings + """
            class Legacy
            {
            #pragma warning disable VSTHRD114
                public Task StartAsync() => [|null|];
            #pragma warning restore VSTHRD114
            }
            """,
        EditorConfig = "threadwise.honor_peer_suppressions = false",
    }.RunAsync();
}
