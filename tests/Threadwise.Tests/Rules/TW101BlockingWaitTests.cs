using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer, Threadwise.Fixes.Blocking.TW101BlockingWaitCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW101BlockingWaitTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_Result_in_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task)
            {
                await Task.Yield();
                return [|task.Result|];
            }
        }
        """);

    [Fact]
    public Task Flags_Wait_and_GetResult_and_ConfigureAwait_GetResult() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task M(Task a, Task<int> b, Task<int> b2, ValueTask<int> c)
            {
                [|a.Wait()|];
                var x = [|b.GetAwaiter().GetResult()|];
                var y = [|b2.ConfigureAwait(false).GetAwaiter().GetResult()|];
                var z = [|c.Result|];
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Flags_WaitAll_and_WaitAny() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task M(Task a, Task b, Task c, Task d)
            {
                [|Task.WaitAll(a, b)|];
                var index = [|Task.WaitAny(c, d)|];
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Flags_Result_in_async_lambda_and_async_local_function() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            void M(Task<int> task)
            {
                Func<Task<int>> lambda = async () => { await Task.Yield(); return [|task.Result|]; };

                async Task<int> Local()
                {
                    await Task.Yield();
                    return [|task.Result|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_Result_in_top_level_statements_that_await() => new Verify.Test
    {
        TestCode = """
            using System.Threading.Tasks;

            var task = Task.Run(() => 42);
            await Task.Delay(1);
            var value = [|task.Result|];
            """,
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Flags_Result_when_the_task_was_awaited_on_one_branch_only() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task, bool flag)
            {
                if (flag)
                {
                    await task;
                }

                return [|task.Result|];
            }
        }
        """);

    [Fact]
    public Task Flags_Result_when_the_task_was_reassigned_after_its_await() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Func<Task<int>> start)
            {
                var task = start();
                await task;
                task = start();
                return [|task.Result|];
            }
        }
        """);

    [Fact]
    public Task Flags_Result_guarded_by_a_different_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> a, Task<int> b)
            {
                await Task.Yield();
                return a.IsCompleted ? [|b.Result|] : 0;
            }
        }
        """);

    [Fact]
    public Task Flags_Result_after_a_wait_that_may_have_timed_out() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task)
            {
                await Task.Yield();
                var finished = [|task.Wait(100)|];
                return [|task.Result|];
            }
        }
        """);

    [Fact]
    public Task Message_names_the_wait_and_the_blocked_thread() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> reportTask)
            {
                await Task.Yield();
                return {|#0:reportTask.Result|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'reportTask.Result' blocks the calling thread until the task finishes; await it instead"));

    [Fact]
    public Task Message_speaks_of_request_threads_in_ASP_NET_Core_controllers() => new Verify.Test
    {
        TestCode = Usings + """
            class ReportsController
            {
                async Task<int> M(Task<int> reportTask)
                {
                    await Task.Yield();
                    return {|#0:reportTask.Result|};
                }
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithMessage("'reportTask.Result' blocks a request thread (thread-pool starvation under load) until the task finishes; await it instead") },
    }.RunAsync();

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_blocking_waits_in_synchronous_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            int M(Task<int> task) => task.Result;
            void N(Task task) => task.Wait();
        }
        """);

    [Fact]
    public Task Ignores_code_in_a_non_async_lambda_inside_an_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task)
            {
                var offloaded = await Task.Run(() => task.Result);
                Func<int> later = () => task.Result;
                int Local() => task.Result;
                return offloaded + later() + Local();
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_after_the_task_was_awaited() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task, Task<int> other)
            {
                await task;
                await other.ConfigureAwait(false);
                return task.Result + other.Result + task.GetAwaiter().GetResult();
            }
        }
        """);

    // Discord.Net's interactions: a REST interaction's RespondAsync returns the payload as a Task<string>.
    private const string Interaction = """
        interface IInteraction
        {
            Task RespondAsync(string[] choices);
        }

        """;

    [Fact]
    public Task Ignores_Result_of_a_pattern_variable_over_a_task_awaited_before_the_test() => Verify.VerifyAnalyzerAsync(Usings + Interaction + """
        class AutocompleteHandler
        {
            async Task<string> ExecuteAsync(IInteraction interaction, string[] choices)
            {
                var task = interaction.RespondAsync(choices);
                await task;
                if (task is Task<string> payload)
                {
                    return payload.Result;
                }

                return task is Task<string> { } other && other.IsCompleted ? other.Result : "";
            }
        }
        """);

    [Fact]
    public Task Flags_Result_of_a_pattern_variable_over_a_task_not_yet_awaited() => Verify.VerifyAnalyzerAsync(Usings + Interaction + """
        class AutocompleteHandler
        {
            async Task<string> ExecuteAsync(IInteraction interaction, string[] choices)
            {
                var task = interaction.RespondAsync(choices);
                if (task is Task<string> early)
                {
                    var text = [|early.Result|];
                    await task;
                    return text;
                }

                await task;
                if (task is Task<string> reused)
                {
                    reused = Task.Run(() => "later");
                    return [|reused.Result|];
                }

                task = interaction.RespondAsync(choices);
                return task is Task<string> late ? [|late.Result|] : "";
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_after_the_task_was_awaited_on_every_branch() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task, bool fast)
            {
                if (fast)
                {
                    await task.ConfigureAwait(false);
                }
                else
                {
                    await Task.WhenAll(task, Task.Delay(10));
                }

                if (task.IsFaulted)
                {
                    throw task.Exception!;
                }
                else
                {
                    await task;
                }

                return task.Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_after_await_Task_WhenAll_of_that_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Func<Task<int>> start)
            {
                var first = start();
                var second = start();
                await Task.WhenAll(first, second);
                var third = start();
                var all = new[] { third };
                await Task.WhenAll(all).ConfigureAwait(false);
                return first.Result + second.Result + third.Result;
            }
        }
        """);

    // puppeteer-sharp: its own WhenAllFailFast over an array, and Task.WhenAll over an array concatenated with more tasks.
    [Fact]
    public Task Ignores_Result_after_a_WhenAll_helper_or_a_WhenAll_of_a_concatenation() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TaskHelper
        {
            public static async Task WhenAllFailFast(this Task[] tasks)
            {
                var remaining = new HashSet<Task>(tasks);
                while (remaining.Count > 0)
                {
                    var completed = await Task.WhenAny(remaining).ConfigureAwait(false);
                    remaining.Remove(completed);
                    if (completed.IsFaulted || completed.IsCanceled)
                    {
                        await completed.ConfigureAwait(false);
                    }
                }
            }
        }

        class Frame
        {
            async Task<string> NavigateAsync(Task<string> navigation, Task load)
            {
                await new[] { navigation, load }.WhenAllFailFast().ConfigureAwait(false);
                return navigation.Result;
            }

            async Task<int> InitializeAsync(Task<int> tree, Task attach, IEnumerable<Task> scripts)
            {
                await Task.WhenAll(new Task[] { tree, attach }.Concat(scripts)).ConfigureAwait(false);
                return tree.Result;
            }
        }
        """);

    [Fact]
    public Task Flags_Result_of_a_task_a_WhenAll_helper_or_concatenation_leaves_out() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TaskHelper
        {
            public static Task WhenAllFailFast(this Task[] tasks) => Task.WhenAll(tasks);
            public static Task WhenFirst(this Task[] tasks) => Task.WhenAny(tasks);
        }

        class Frame
        {
            async Task<string> NavigateAsync(Task<string> navigation, Task load, Task<string> other)
            {
                await new[] { load }.WhenAllFailFast();
                var first = [|navigation.Result|];
                await new[] { other, load }.WhenFirst();
                return first + [|other.Result|];
            }

            async Task<int> InitializeAsync(Task<int> tree, Task attach, IEnumerable<Task> scripts, Task<int> late)
            {
                await Task.WhenAll(new Task[] { attach }.Concat(scripts));
                return [|tree.Result|] + [|late.Result|];
            }
        }
        """);

    [Fact]
    public Task Ignores_elements_of_a_collection_awaited_with_WhenAll() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(IEnumerable<int> ids, Func<int, Task<int>> load)
            {
                var tasks = ids.Select(load).ToList();
                await Task.WhenAll(tasks);
                var sum = tasks[0].Result;
                foreach (var task in tasks)
                {
                    sum += task.Result;
                }

                return sum + tasks.Select(t => t.Result).Sum();
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_under_completion_guards() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task)
            {
                await Task.Yield();
                if (task.IsCompletedSuccessfully)
                {
                    return task.Result;
                }

                if (task.Status == TaskStatus.RanToCompletion)
                {
                    return task.Result;
                }

                if (!task.IsCompleted)
                {
                    return 0;
                }
                else
                {
                    return task.Result;
                }
            }

            async Task<bool> N(Task<bool> task)
            {
                await Task.Yield();
                return task.IsCompleted && task.Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_after_an_early_return_guard() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task)
            {
                await Task.Yield();
                if (!task.IsCompletedSuccessfully)
                {
                    return await Slow(task);
                }

                return task.Result;
            }

            static async Task<int> Slow(Task<int> task) => await task;
        }
        """);

    [Fact]
    public Task Ignores_the_antecedent_inside_ContinueWith() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> task)
            {
                return await task.ContinueWith(async t => { await Task.Yield(); return t.Result * 2; }).Unwrap();
            }
        }
        """);

    [Fact]
    public Task Ignores_tasks_that_are_completed_by_construction() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M()
            {
                await Task.Yield();
                Task.CompletedTask.Wait();
                var cached = Task.FromResult(1);
                return Task.FromResult(2).Result + cached.Result + new ValueTask<int>(3).Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_the_winner_of_an_awaited_WhenAny() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> a, Task<int> b)
            {
                var winner = await Task.WhenAny(a, b);
                return winner.Result + (await Task.WhenAny(a, b)).Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_wait_on_an_existing_task_whose_sibling_arm_awaits_it() => Verify.VerifyAnalyzerAsync(Usings + """
        class WriteBuffer
        {
            private Task _pendingFlush = Task.CompletedTask;

            async Task FlushAsync(Task pendingWrite, bool async, CancellationToken ct)
            {
                if (async)
                    await pendingWrite.ConfigureAwait(false);
                else
                    pendingWrite.GetAwaiter().GetResult();

                if (ct.CanBeCanceled)
                    await _pendingFlush;
                else
                    _pendingFlush.Wait();
            }
        }
        """);

    // MassTransit's node tracker and pipe context supervisor: the task is a property of a parameter, read in both arms.
    [Fact]
    public Task Ignores_wait_on_a_property_of_a_variable_whose_sibling_arm_awaits_it() => Verify.VerifyAnalyzerAsync(Usings + """
        interface INode
        {
            Task<int> Value { get; }
        }

        class Tracker
        {
            async Task<int> RemoveAsync(INode node)
            {
                var value = node.Value.Status == TaskStatus.RanToCompletion
                    ? node.Value.GetAwaiter().GetResult()
                    : await node.Value.ConfigureAwait(false);
                return value;
            }
        }
        """);

    [Fact]
    public Task Flags_wait_on_a_property_whose_sibling_arm_awaits_another() => Verify.VerifyAnalyzerAsync(Usings + """
        interface INode
        {
            Task<int> Value { get; }
            Task<int> Next { get; }
        }

        class Tracker
        {
            async Task<int> RemoveAsync(INode node, INode other, bool fast)
            {
                var first = fast ? [|node.Value.Result|] : await node.Next;
                var second = fast ? [|node.Value.Result|] : await other.Value;
                return first + second;
            }
        }
        """);

    [Fact]
    public Task Ignores_waits_in_the_sync_arm_of_a_mode_flag() => Verify.VerifyAnalyzerAsync(Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class Connector
        {
            private readonly bool _useAsync;

            async Task<int> OpenAsync(Task<int> handshake, Task<int> login, IOBehavior ioBehavior, bool isAsync)
            {
                if (!isAsync)
                {
                    login.Wait();
                    return handshake.Result;
                }

                var total = _useAsync ? await handshake : handshake.Result;
                switch (ioBehavior)
                {
                    case IOBehavior.Asynchronous:
                        total += await login.ConfigureAwait(false);
                        break;
                    default:
                        total += login.GetAwaiter().GetResult();
                        break;
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task Ignores_sync_mode_calls_reached_through_a_conditional() => Verify.VerifyAnalyzerAsync(Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class Cache
        {
            async Task<int> M(bool cached)
            {
                await Task.Yield();
                var a = (cached ? ReadCachedAsync(async: false) : ReadAsync(async: false)).GetAwaiter().GetResult();
                var b = (cached switch { true => LoadAsync(IOBehavior.Synchronous), false => LoadAsync(IOBehavior.Synchronous) }).Result;
                return a + b;
            }

            Task<int> ReadCachedAsync(bool async) => Task.FromResult(1);
            Task<int> ReadAsync(bool async) => Task.FromResult(2);
            Task<int> LoadAsync(IOBehavior ioBehavior) => Task.FromResult(3);
        }
        """);

    [Fact]
    public Task Flags_wait_in_the_async_arm_or_on_another_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connector
        {
            async Task OpenAsync(Task handshake, Task login, bool isAsync, bool fast)
            {
                if (isAsync)
                    [|handshake.Wait()|];

                if (fast)
                    await handshake;
                else
                    [|login.Wait()|];

                var mixed = isAsync || fast;
                if (mixed)
                    [|login.Wait()|];
            }
        }
        """);

    [Fact]
    public Task Ignores_result_after_a_WhenAny_timeout_guard() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            async Task<int> ReceiveAsync(Func<Task<int>> receive, TimeSpan timeout, CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    var receiveTask = receive();
                    var delay = Task.Delay(timeout, ct);
                    if (await Task.WhenAny(receiveTask, delay) != receiveTask)
                        continue;
                    return receiveTask.Result;
                }

                var last = receive();
                var timer = Task.Delay(timeout);
                var winner = await Task.WhenAny(last, timer).ConfigureAwait(false);
                if (winner == timer)
                    throw new TimeoutException();
                return last.GetAwaiter().GetResult();
            }
        }
        """);

    [Fact]
    public Task Flags_result_when_the_WhenAny_guard_does_not_prove_completion() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            async Task<int> ReceiveAsync(Task<int> a, Task<int> b, Task<int> c)
            {
                if (await Task.WhenAny(a, b, c) == c)
                    return 0;
                return [|a.Result|];
            }
        }
        """);

    [Fact]
    public Task Ignores_result_after_WaitAll_that_is_itself_the_reported_wait() => Verify.VerifyAnalyzerAsync(Usings + """
        class Loader
        {
            async Task<int> LoadAsync(Task<int> header, Task<int> body)
            {
                await Task.Yield();
                [|Task.WaitAll(header, body)|];
                return header.Result + body.GetAwaiter().GetResult();
            }
        }
        """);

    [Fact]
    public Task Ignores_tasks_made_complete_by_a_synchronous_mode_argument() => Verify.VerifyAnalyzerAsync(Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class C
        {
            async Task<int> M()
            {
                await Task.Yield();
                return ReadAsync(IOBehavior.Synchronous).GetAwaiter().GetResult() + SendAsync(1, async: false).Result;
            }

            Task<int> ReadAsync(IOBehavior behavior) => Task.FromResult(1);
            Task<int> SendAsync(int value, bool async) => Task.FromResult(value);
        }
        """);

    [Fact]
    public Task Ignores_waits_inside_a_lock_body() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            private readonly object _gate = new object();

            async Task<int> M(Task<int> task)
            {
                await Task.Yield();
                lock (_gate)
                {
                    return task.Result;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_waits_in_a_catch_filter_where_await_cannot_be_written() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int> M(Func<Task> work, Task<bool> shouldRetry)
            {
                try
                {
                    await work();
                    return 0;
                }
                catch (InvalidOperationException) when (shouldRetry.Result)
                {
                    return 1;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_waits_with_a_zero_timeout() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<bool> M(Task task)
            {
                await Task.Yield();
                return task.Wait(0) || task.Wait(TimeSpan.Zero) || Task.WaitAll(new[] { task }, 0) || Task.WaitAny(new[] { task }, TimeSpan.Zero) >= 0;
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_and_Wait_members_of_other_types() => Verify.VerifyAnalyzerAsync(Usings + """
        class Outcome { public int Result { get; set; } public void Wait() { } }

        class C
        {
            async Task<int> M(Outcome outcome)
            {
                await Task.Yield();
                outcome.Wait();
                return outcome.Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_LINQ_Select_that_only_projects_tasks_for_WhenAll() => Verify.VerifyAnalyzerAsync(Usings + """
        class C
        {
            async Task<int[]> M(int[] ids, Func<int, Task<int>> load) => await Task.WhenAll(ids.Select(id => load(id)));
        }
        """);

    // ---- code fix -------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_turns_Result_into_await_keeping_precedence() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task<int> M(Task<string> task, Task<string> other)
            {
                var text = [|task.Result|];
                return [|other.Result|].Length + text.Length;
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(Task<string> task, Task<string> other)
            {
                var text = await task;
                return (await other).Length + text.Length;
            }
        }
        """);

    [Fact]
    public Task Fix_turns_Wait_and_GetResult_into_await() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task M(Task a, Task a2, Task<int> b, Task<int> b2, CancellationToken ct)
            {
                [|a.Wait()|];
                [|a2.Wait(ct)|];
                var x = [|b.GetAwaiter().GetResult()|];
                var y = [|b2.ConfigureAwait(false).GetAwaiter().GetResult()|];
            }
        }
        """, Usings + """
        class C
        {
            async Task M(Task a, Task a2, Task<int> b, Task<int> b2, CancellationToken ct)
            {
                await a;
                await a2.WaitAsync(ct);
                var x = await b;
                var y = await b2.ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Fix_turns_WaitAll_into_WhenAll_and_an_unused_WaitAny_into_WhenAny() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task M(Task a, Task b, Task c, Task d)
            {
                [|Task.WaitAll(a, b)|];
                [|Task.WaitAny(c, d)|];
            }
        }
        """, Usings + """
        class C
        {
            async Task M(Task a, Task b, Task c, Task d)
            {
                await Task.WhenAll(a, b);
                await Task.WhenAny(c, d);
            }
        }
        """);

    [Fact]
    public Task No_fix_where_await_cannot_give_the_same_result() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task<int> M(Task a, Task b, Task c)
            {
                await Task.Yield();
                var finished = [|a.Wait(100)|];
                return [|Task.WaitAny(b, c)|];
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(Task a, Task b, Task c)
            {
                await Task.Yield();
                var finished = [|a.Wait(100)|];
                return [|Task.WaitAny(b, c)|];
            }
        }
        """);

    [Fact]
    public Task Fix_All_rewrites_nested_waits_together() => Verify.VerifyCodeFixAsync(Usings + """
        class C
        {
            async Task<int> M(Task<int> first, Task<int> second)
            {
                return [|Add([|first.Result|], [|second.Result|]).Result|];
            }

            static Task<int> Add(int a, int b) => Task.Run(() => a + b);
        }
        """, Usings + """
        class C
        {
            async Task<int> M(Task<int> first, Task<int> second)
            {
                return await Add(await first, await second);
            }

            static Task<int> Add(int a, int b) => Task.Run(() => a + b);
        }
        """);

    [Fact]
    public Task Ignores_tasks_proved_complete_by_a_status_copy_or_a_completed_only_local() => Verify.VerifyAnalyzerAsync(Usings + """
        class ResponseCache
        {
            public async Task<int> ReadAsync(Task<int> refresh, Task<int> fallback)
            {
                Task<int>? ready = null;
                if (refresh.IsCompletedSuccessfully)
                {
                    ready = refresh;
                }

                await Task.Yield();
                if (ready != null)
                {
                    return ready.Result;
                }

                var status = fallback.Status;
                switch (status)
                {
                    case TaskStatus.RanToCompletion:
                    case TaskStatus.Faulted:
                        return fallback.GetAwaiter().GetResult();
                    default:
                        return await fallback;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_Result_after_a_source_TryWait_helper_in_async_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            private static bool TryWait(Task task, int ms) => task.IsCompleted || task.Wait(ms);
            private static Exception Timeout() => new TimeoutException();

            public async Task<string> NextAsync(Task<string> pending)
            {
                await Task.Yield();
                if (!TryWait(pending, 10))
                {
                    throw Timeout();
                }

                return pending.Result;
            }
        }
        """);

    [Fact]
    public Task Flags_a_local_initialised_with_a_possibly_pending_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Racer
        {
            public async Task<int> PickAsync(Task<int> fast, Task<int> slow)
            {
                await Task.Yield();
                Task<int> chosen = fast.IsCompleted ? fast : slow;
                return [|chosen.Result|];
            }
        }
        """);
}
