using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer, Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW304DroppedTaskTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Client = """

        interface IClient
        {
            Task SaveAsync(string name);
            Task<int> CountAsync();
            ValueTask DisposeAsync();
        }
        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_task_dropped_in_a_synchronous_method_with_the_message_naming_the_call() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly IClient _client;

            public Store(IClient client)
            {
                _client = client;
                {|#0:_client.SaveAsync("init")|};
            }

            public void Save(string name)
            {
                [|_client.CountAsync()|];
            }
        }
        """ + Client,
        Verify.Diagnostic().WithLocation(0).WithMessage("The task returned by 'IClient.SaveAsync' is dropped: nothing waits for it and its exceptions are lost; await it in an async method, or write '_ =' if fire-and-forget is intended"));

    [Fact]
    public Task Flags_ValueTask_and_conditional_access() => Verify.VerifyAnalyzerAsync(Usings + """
        class Owner : IDisposable
        {
            private IClient? _client;

            public void Dispose()
            {
                [|_client?.DisposeAsync()|];
            }
        }
        """ + Client);

    [Fact]
    public Task Flags_task_dropped_through_ConfigureAwait() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            public void Save(IClient client)
            {
                [|client.SaveAsync("a").ConfigureAwait(false)|];
            }
        }
        """ + Client);

    [Fact]
    public Task Flags_expression_bodied_void_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly IClient _client = null!;

            public void Save(string name) => [|_client.SaveAsync(name)|];
        }
        """ + Client);

    [Fact]
    public Task Flags_Task_Run_and_Task_Delay_and_ForEachAsync_dropped_in_synchronous_Main() => new Verify.Test
    {
        TestCode = Usings + """
            static class Program
            {
                static void Main(string[] args)
                {
                    [|Task.Run(() => Work())|];
                    [|Task.Delay(1000)|];
                    [|Parallel.ForEachAsync(args, async (arg, ct) => await Task.Delay(1, ct))|];
                }

                static void Work() { }
            }
            """,
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Flags_task_dropped_by_a_non_async_lambda_inside_an_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class Sync
        {
            async Task RunAsync(IClient client, List<string> names)
            {
                names.ForEach(name => [|client.SaveAsync(name)|]);
                var thread = new Thread(() => [|client.CountAsync()|]);
                thread.Start();
                await Task.Yield();
            }
        }
        """ + Client);

    [Fact]
    public Task Flags_a_Func_of_Task_invoked_as_a_statement() => Verify.VerifyAnalyzerAsync(Usings + """
        class Notifier
        {
            private readonly Func<Task>? _onSaved;

            public void Saved()
            {
                [|_onSaved!()|];
                [|_onSaved?.Invoke()|];
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_explicit_discards_and_tasks_that_are_kept() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private Task? _pending;

            public Task SaveBoth(IClient client)
            {
                _ = client.SaveAsync("a");
                _pending = client.SaveAsync("b");
                var count = client.CountAsync();
                Track(client.SaveAsync("c"));
                return Task.WhenAll(_pending, count);
            }

            public Task<int> CountLater(IClient client) => client.CountAsync();

            private static void Track(Task task) { }
        }
        """ + Client);

    [Fact]
    public Task Ignores_async_code_where_the_compiler_reports_CS4014() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            #pragma warning disable CS4014
            async Task SaveAsync(IClient client)
            {
                client.SaveAsync("a");
                Func<Task> later = async () => { client.SaveAsync("b"); await Task.Yield(); };
                await Local();

                async Task Local()
                {
                    client.SaveAsync("c");
                    await Task.Yield();
                }
            }
        }
        """ + Client);

    [Fact]
    public Task Ignores_top_level_statements_that_await() => new Verify.Test
    {
        TestCode = """
            #pragma warning disable CS4014
            using System.Threading.Tasks;

            Task.Delay(10);
            await Task.Delay(10);
            """,
        OutputKind = OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Ignores_ContinueWith_that_observes_a_fault() => Verify.VerifyAnalyzerAsync(Usings + """
        class Background
        {
            public void Start(Task work)
            {
                work.ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
            }
        }
        """);

    [Fact]
    public Task Ignores_generic_methods_that_hand_back_a_task_held_elsewhere() => Verify.VerifyAnalyzerAsync(Usings + """
        class Refresher
        {
            private Task _current = Task.CompletedTask;
            private readonly ConcurrentDictionary<string, Task<int>> _cache = new();

            public void Restart(IClient client)
            {
                Interlocked.Exchange(ref _current, client.SaveAsync("x"));
                _cache.GetOrAdd("count", _ => client.CountAsync());
            }
        }
        """ + Client);

    [Fact]
    public Task Ignores_Task_Run_whose_lambda_returns_the_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            public Task SaveInBackground(IClient client) => Task.Run(() => client.SaveAsync("x"));

            public Task<int> CountInBackground(IClient client)
            {
                return Task.Run(() => client.CountAsync());
            }
        }
        """ + Client);

    [Fact]
    public Task Ignores_event_based_Async_methods_that_return_void_and_other_non_task_results() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            public void Start(BackgroundWorker worker, SemaphoreSlim gate, TaskCompletionSource<int> tcs)
            {
                worker.RunWorkerAsync();
                gate.Release();
                tcs.TrySetResult(1);
                Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_task_put_in_synchronous_mode_by_its_argument() => Verify.VerifyAnalyzerAsync(Usings + """
        class Protocol
        {
            public void Flush() => FlushAsync(isAsync: false);

            private Task FlushAsync(bool isAsync) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Ignores_NSubstitute_Received_assertions() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace NSubstitute
        {
            public static class SubstituteExtensions
            {
                public static T Received<T>(this T substitute) where T : class => substitute;
                public static T DidNotReceive<T>(this T substitute) where T : class => substitute;
            }
        }

        namespace Tests
        {
            using NSubstitute;

            class StoreTests
            {
                public void Saves(IClient client)
                {
                    client.Received().SaveAsync("a");
                    client.DidNotReceive().CountAsync();
                }
            }
        }
        """ + Client);

    [Fact]
    public Task Ignores_lambdas_that_only_describe_a_call_expression_trees_and_NSubstitute_When() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace NSubstitute
        {
            public static class SubstituteExtensions
            {
                public static T When<T>(this T substitute, Action<T> call) where T : class => substitute;
            }
        }

        namespace Tests
        {
            using System.Linq.Expressions;
            using NSubstitute;

            class StoreTests
            {
                public void Fails(IClient client)
                {
                    client.When(x => x.SaveAsync("a"));
                    Expression<Action<IClient>> call = x => x.SaveAsync("b");
                }
            }
        }
        """ + Client);

    // ---- deliberate fire-and-forget whose task cannot fault (shape 7) ------------------------------------------

    [Fact]
    public Task Ignores_Task_Run_of_an_async_lambda_that_catches_and_logs_everything() => Verify.VerifyAnalyzerAsync(Usings + """
        class CacheWarmer
        {
            private readonly Action<Exception> _log = e => Console.Error.WriteLine(e);

            public void Start(IClient client)
            {
                Task.Run(async () =>
                {
                    try
                    {
                        await client.SaveAsync("warm");
                    }
                    catch (Exception e)
                    {
                        _log(e);
                    }
                });

                Task.Factory.StartNew(() =>
                {
                    try
                    {
                        Warm();
                    }
                    catch
                    {
                    }
                    finally
                    {
                        Console.WriteLine("warmed");
                    }
                }, TaskCreationOptions.LongRunning);
            }

            private static void Warm() { }
        }
        """ + Client);

    [Fact]
    public Task Ignores_fire_and_forget_of_a_source_method_that_cannot_fault() => Verify.VerifyAnalyzerAsync(Usings + """
        class HeartbeatSender
        {
            private readonly IClient _client;
            private int _failures;

            public HeartbeatSender(IClient client)
            {
                _client = client;
                SendHeartbeatAsync();
                Task.Run(SendHeartbeatAsync);
                Task.Run(() => SendHeartbeatAsync());
                Task.Run(async () => await SendAsync(_failures));
            }

            private async Task SendHeartbeatAsync()
            {
                try
                {
                    await _client.SaveAsync("heartbeat");
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref _failures);
                }
            }

            private async Task SendAsync(int attempt)
            {
                try
                {
                    await _client.SaveAsync("attempt " + attempt);
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(e);
                }
            }
        }
        """ + Client);

    [Fact]
    public Task Ignores_Task_Run_of_delegates_that_can_fault_and_flags_a_direct_call_that_can() => Verify.VerifyAnalyzerAsync(Usings + """
        class CacheWarmer
        {
            public void Start(IClient client, string[] names)
            {
                Task.Run(async () =>
                {
                    try
                    {
                        await client.SaveAsync("warm");
                    }
                    catch (System.IO.IOException)
                    {
                    }
                });

                Task.Run(async () =>
                {
                    try
                    {
                        await client.SaveAsync("warm");
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine(e);
                        throw;
                    }
                });

                Task.Run(() => SafeAsync(names[0]));
                [|UnsafeAsync()|];
            }

            private static async Task SafeAsync(string name)
            {
                try
                {
                    await Task.Delay(name.Length);
                }
                catch (Exception)
                {
                }
            }

            private static async Task UnsafeAsync()
            {
                await Task.Delay(1);
                try
                {
                    await Task.Delay(1);
                }
                catch (Exception)
                {
                }
            }
        }
        """ + Client);

    // ---- tasks observed by a helper (shape 12) ------------------------------------------------------------------

    private const string Helpers = """

        static class TaskExtensions
        {
            public static void Forget(this Task task) { }
            public static void FireAndForget(this Task task, Action<Exception> onError) { }
            public static void SafeFireAndForget(this Task task, bool continueOnCapturedContext = false) { }

            public static async Task LogExceptions(this Task task, Action<Exception> log)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    log(e);
                }
            }

            public static Task ObserveFaults(this Task task) => task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);

            public static async Task<T> WithTimeout<T>(this Task<T> task, TimeSpan timeout)
            {
                if (await Task.WhenAny(task, Task.Delay(timeout)) != task)
                {
                    throw new TimeoutException();
                }

                return await task;
            }
        }

        static class TaskHelper
        {
            public static void Observe(Task task) { }
        }
        """;

    [Fact]
    public Task Ignores_tasks_handed_to_helpers_that_observe_them() => Verify.VerifyAnalyzerAsync(Usings + """
        class Publisher
        {
            public void Publish(IClient client, Action<Exception> log)
            {
                client.SaveAsync("a").Forget();
                client.SaveAsync("b").FireAndForget(log);
                client.SaveAsync("c").SafeFireAndForget();
                client.SaveAsync("d").LogExceptions(log);
                client.SaveAsync("e").ObserveFaults();
                TaskHelper.Observe(client.CountAsync());
                TaskExtensions.LogExceptions(client.SaveAsync("f"), log);
            }
        }
        """ + Client + Helpers);

    [Fact]
    public Task Flags_the_task_a_helper_returns_when_it_can_still_fault() => Verify.VerifyAnalyzerAsync(Usings + """
        class Publisher
        {
            public void Publish(IClient client)
            {
                [|client.CountAsync().WithTimeout(TimeSpan.FromSeconds(5))|];
                [|Task.WhenAll(client.SaveAsync("a"), client.SaveAsync("b"))|];
            }
        }
        """ + Client + Helpers);

    // Akka.NET's PipeTo sends the result, or the failure as Status.Failure, to an actor: the idiom of every actor that
    // starts async work. Declared here as Akka declares it; users call it from the Akka assembly, where no body is seen.
    private const string Akka = """

        namespace Akka.Actor
        {
            public interface ICanTell { void Tell(object message, object? sender); }

            public interface IPiper { Task Pipe(Task task, ICanTell recipient); }

            public static class PipeToSupport
            {
                public static IPiper Piper = null!;

                public static Task PipeTo<T>(this Task<T> taskToPipe, ICanTell recipient, object? sender = null, Func<T, object>? success = null, Func<Exception, object>? failure = null)
                    => Piper.Pipe(taskToPipe, recipient);
            }
        }
        """;

    [Fact]
    public Task Ignores_Akka_PipeTo() => Verify.VerifyAnalyzerAsync(Usings + """
        using Akka.Actor;

        class Worker
        {
            public void OnFetch(IClient client, ICanTell self)
            {
                client.CountAsync().PipeTo(self);
                PipeToSupport.PipeTo(client.CountAsync(), self, failure: e => e.Message);
            }
        }
        """ + Client + Akka);

    // A forwarder that only hands back the task of an async method that contains every exception (Akka's own
    // PipeTo(task, recipient) => PipeTo(task, recipient, false)), and statements that cannot throw before that try.
    private const string Forwarders = """

        static class Pipes
        {
            public static Task PipeTo(this Task<int> task, Action<object> recipient, object? sender = null) => PipeTo(task, recipient, false, sender);

            public static Task PipeToBlock(this Task<int> task, Action<object> recipient)
            {
                return PipeTo(task, recipient, false, null);
            }

            public static async Task PipeTo(this Task<int> task, Action<object> recipient, bool useConfigureAwait, object? sender)
            {
                sender = sender ?? Nobody;
                try
                {
                    recipient(await task.ConfigureAwait(useConfigureAwait));
                }
                catch (Exception ex)
                {
                    recipient(ex);
                }
            }

            // The same shape whose first statement can throw (a call), and one that rethrows: they can fault.
            public static Task Relay(this Task<int> task, Action<object> recipient) => RelayCore(task, recipient);

            private static async Task RelayCore(Task<int> task, Action<object> recipient)
            {
                recipient("start");
                try
                {
                    recipient(await task);
                }
                catch (Exception ex)
                {
                    recipient(ex);
                }
            }

            public static Task Rethrow(this Task<int> task, Action<object> recipient) => RethrowCore(task, recipient);

            private static async Task RethrowCore(Task<int> task, Action<object> recipient)
            {
                try
                {
                    recipient(await task);
                }
                catch (Exception)
                {
                    throw;
                }
            }

            private static readonly object Nobody = new object();
        }
        """;

    [Fact]
    public Task Ignores_helpers_that_forward_to_an_async_method_that_contains_every_exception() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            public void OnFetch(IClient client, Action<object> self)
            {
                client.CountAsync().PipeTo(self);
                client.CountAsync().PipeToBlock(self);
                client.CountAsync().PipeTo(self, true, null);
            }
        }
        """ + Client + Forwarders);

    [Fact]
    public Task Flags_helpers_that_forward_to_an_async_method_that_can_fault() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            public void OnFetch(IClient client, Action<object> self)
            {
                [|client.CountAsync().Relay(self)|];
                [|client.CountAsync().Rethrow(self)|];
            }
        }
        """ + Client + Forwarders);

    // ---- fix ---------------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_discards_the_task() => new Verify.Test
    {
        CodeActionEquivalenceKey = Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix.DiscardKey,
        TestCode = Usings + """
        class Store
        {
            public void Save(IClient client)
            {
                // keep going
                [|client.SaveAsync("a")|]; // trailing
            }
        }
        """ + Client,
        FixedCode = Usings + """
        class Store
        {
            public void Save(IClient client)
            {
                // keep going
                _ = client.SaveAsync("a"); // trailing
            }
        }
        """ + Client,
    }.RunAsync();

    [Fact]
    public Task Fix_All_discards_in_statements_expression_bodies_lambdas_and_conditional_access() => new Verify.Test
    {
        CodeActionEquivalenceKey = Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix.DiscardKey,
        TestCode = Usings + """
        class Store
        {
            private IClient? _client;

            public void Save(string name) => [|_client!.SaveAsync(name)|];

            public void Dispose()
            {
                [|_client?.DisposeAsync()|];
                Action later = () => [|_client!.CountAsync()|];
            }
        }
        """ + Client,
        FixedCode = Usings + """
        class Store
        {
            private IClient? _client;

            public void Save(string name) => _ = _client!.SaveAsync(name);

            public void Dispose()
            {
                _ = _client?.DisposeAsync();
                Action later = () => _ = _client!.CountAsync();
            }
        }
        """ + Client,
    }.RunAsync();

    [Fact]
    public Task Fix_is_not_offered_where_a_lambda_parameter_is_named_underscore() => Verify.VerifyCodeFixAsync(Usings + """
        class Store
        {
            public void Save(IClient client)
            {
                Action<int> onTick = _ => [|client.SaveAsync("tick")|];
            }
        }
        """ + Client, Usings + """
        class Store
        {
            public void Save(IClient client)
            {
                Action<int> onTick = _ => [|client.SaveAsync("tick")|];
            }
        }
        """ + Client);

    [Fact]
    public Task Fix_makes_a_private_void_method_async_and_awaits_every_task_it_drops() => new Verify.Test
    {
        TestCode = Usings + """
            class Store
            {
                private readonly IClient _client = null!;

                public async Task StartAsync()
                {
                    Flush();
                    await Task.Yield();
                }

                public void Stop() => Flush();

                private void Flush()
                {
                    [|_client.SaveAsync("a")|];
                    [|_client.SaveAsync("b").ConfigureAwait(false)|];
                }
            }
            """ + Client,

        // One fix at a time, the synchronous caller that now drops Flush's task is fixed in turn.
        FixedCode = Usings + """
            class Store
            {
                private readonly IClient _client = null!;

                public async Task StartAsync()
                {
                    await Flush();
                    await Task.Yield();
                }

                public async Task Stop() => await Flush();

                private async Task Flush()
                {
                    await _client.SaveAsync("a");
                    await _client.SaveAsync("b").ConfigureAwait(false);
                }
            }
            """ + Client,

        // Each Fix All run observes what is reported then: the first makes Flush async and awaits it in StartAsync, and
        // Stop, which now drops Flush's task, is reported; the second makes Stop async. Store is internal, so no public
        // signature changes (a public caller stays synchronous: the next test).
        BatchFixedCode = Usings + """
            class Store
            {
                private readonly IClient _client = null!;

                public async Task StartAsync()
                {
                    await Flush();
                    await Task.Yield();
                }

                public async Task Stop() => await Flush();

                private async Task Flush()
                {
                    await _client.SaveAsync("a");
                    await _client.SaveAsync("b").ConfigureAwait(false);
                }
            }
            """ + Client,
        NumberOfFixAllIterations = 2,
    }.RunAsync();

    [Fact]
    public Task Fix_All_awaits_both_tasks_of_a_private_method_and_leaves_its_public_caller_synchronous() => new Verify.Test
    {
        TestCode = Usings + """
            public class Connection
            {
                private readonly IClient _wire = null!;

                public void Close()
                {
                    Drain();
                    Console.WriteLine("closed");
                }

                private void Drain()
                {
                    [|_wire.SaveAsync("pending")|];
                    [|_wire.DisposeAsync()|];
                }
            }
            """ + Client,

        // One fix at a time the user picks each step; the second is titled "(changes public signature of 'Close')".
        FixedCode = Usings + """
            public class Connection
            {
                private readonly IClient _wire = null!;

                public async Task Close()
                {
                    await Drain();
                    Console.WriteLine("closed");
                }

                private async Task Drain()
                {
                    await _wire.SaveAsync("pending");
                    await _wire.DisposeAsync();
                }
            }
            """ + Client,

        // Fix All never changes a public signature: Close stays synchronous and reported, and a Fix All started at
        // Close offers nothing (one iteration, not two).
        BatchFixedCode = Usings + """
            public class Connection
            {
                private readonly IClient _wire = null!;

                public void Close()
                {
                    [|Drain()|];
                    Console.WriteLine("closed");
                }

                private async Task Drain()
                {
                    await _wire.SaveAsync("pending");
                    await _wire.DisposeAsync();
                }
            }
            """ + Client,
        NumberOfFixAllIterations = 1,
    }.RunAsync();

    [Fact]
    public Task Fix_All_leaves_a_public_method_that_drops_a_task_to_the_titled_single_fix() => new Verify.Test
    {
        TestCode = Usings + """
            public class Publisher
            {
                private readonly IClient _broker = null!;

                public void Publish(string topic)
                {
                    [|_broker.SaveAsync(topic)|];
                }

                private void Retry(string topic)
                {
                    [|_broker.SaveAsync(topic + ".retry")|];
                }
            }
            """ + Client,
        FixedCode = Usings + """
            public class Publisher
            {
                private readonly IClient _broker = null!;

                public async Task Publish(string topic)
                {
                    await _broker.SaveAsync(topic);
                }

                private async Task Retry(string topic)
                {
                    await _broker.SaveAsync(topic + ".retry");
                }
            }
            """ + Client,
        BatchFixedCode = Usings + """
            public class Publisher
            {
                private readonly IClient _broker = null!;

                public void Publish(string topic)
                {
                    [|_broker.SaveAsync(topic)|];
                }

                private async Task Retry(string topic)
                {
                    await _broker.SaveAsync(topic + ".retry");
                }
            }
            """ + Client,
        NumberOfFixAllIterations = 1,
    }.RunAsync();

    [Fact]
    public Task Fix_makes_a_Task_Run_lambda_async_and_awaits_the_task() => Verify.VerifyCodeFixAsync(Usings + """
        class Indexer
        {
            public Task Rebuild(IClient client) => Task.Run(() =>
            {
                Console.WriteLine("rebuilding");
                [|client.SaveAsync("index")|];
            });
        }
        """ + Client, Usings + """
        class Indexer
        {
            public Task Rebuild(IClient client) => Task.Run(async () =>
            {
                Console.WriteLine("rebuilding");
                await client.SaveAsync("index");
            });
        }
        """ + Client);

    [Fact]
    public async Task Fix_offers_observing_first_and_discard_second_with_their_own_keys()
    {
        var actions = await CodeActionTitles.ForFirstDiagnosticAsync(new Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer(), new Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix(), Usings + """
            class Store
            {
                private void Flush(IClient client)
                {
                    client.SaveAsync("a");
                }
            }
            """ + Client);
        Assert.Equal(
            [("Make 'Flush' async and await the task", "TW304.Await"), ("Discard the task explicitly (_ =)", "TW304.Discard")],
            actions);
    }

    [Fact]
    public async Task Fix_title_says_when_a_public_signature_changes()
    {
        var actions = await CodeActionTitles.ForFirstDiagnosticAsync(new Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer(), new Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix(), Usings + """
            public class Store
            {
                public void Flush(IClient client)
                {
                    client.SaveAsync("a");
                }
            }

            public interface IClient
            {
                Task SaveAsync(string name);
            }
            """);
        Assert.Equal("Make 'Flush' async and await the task (changes public signature of 'Flush')", actions[0].Title);
        Assert.Equal("TW304.Await", actions[0].Key);
    }

    [Fact]
    public async Task Fix_offers_only_the_discard_where_the_task_cannot_be_awaited()
    {
        var actions = await CodeActionTitles.ForFirstDiagnosticAsync(new Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer(), new Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix(), Usings + """
            class Store : IDisposable
            {
                private readonly IClient _client = null!;
                private Action? _later;

                public Store()
                {
                    _client.SaveAsync("init");
                    _later = () => _client.SaveAsync("later");
                }

                public void Dispose() => _client.DisposeAsync();

                private void Observed(Task t) { t.ContinueWith(_ => { }); _client.SaveAsync("x"); }
            }
            """ + Client);
        Assert.Equal([("Discard the task explicitly (_ =)", "TW304.Discard")], actions);
    }

    [Fact]
    public Task Fix_is_not_offered_to_observe_where_a_method_is_used_as_a_delegate_or_drops_an_exempt_task() => new Verify.Test
    {
        CodeActionEquivalenceKey = Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix.AwaitKey,
        TestCode = Usings + """
            class Store
            {
                private readonly IClient _client = null!;

                public Action Later => Flush;

                private void Flush() => [|_client.SaveAsync("a")|];

                private void Watch(Task work)
                {
                    work.ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                    [|_client.SaveAsync("b")|];
                }

                private void Close() => [|_client?.DisposeAsync()|];
            }
            """ + Client,
        FixedCode = Usings + """
            class Store
            {
                private readonly IClient _client = null!;

                public Action Later => Flush;

                private void Flush() => [|_client.SaveAsync("a")|];

                private void Watch(Task work)
                {
                    work.ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                    [|_client.SaveAsync("b")|];
                }

                private void Close() => [|_client?.DisposeAsync()|];
            }
            """ + Client,
    }.RunAsync();

    // Akka.NET's CoordinatedShutdown.Run(reason) and ActorSystem.Terminate() start the shutdown of the whole actor system;
    // actor code, which cannot await, starts them as a statement (akka.net's ClusterDaemon). Declared as Akka declares them.
    private const string AkkaShutdown = """

        namespace Akka.Actor
        {
            public sealed class Done { }
            public class Reason { }

            public abstract class ActorSystem
            {
                public abstract Task Terminate();
                public abstract Task WhenTerminated { get; }
            }

            public sealed class ActorSystemImpl : ActorSystem
            {
                public override Task Terminate() => Task.Delay(1);
                public override Task WhenTerminated => Task.Delay(1);
                public Task Terminate(bool force) => Task.Delay(1);
            }

            public sealed class CoordinatedShutdown
            {
                public static CoordinatedShutdown Get(ActorSystem system) => new CoordinatedShutdown();
                public Task<Done> Run(Reason reason, string? fromPhase = null) => Task.Delay(1).ContinueWith(_ => new Done());
                public Task<Done> RunPhaseAsync(string phase) => Task.Delay(1).ContinueWith(_ => new Done());
            }
        }
        """;

    [Fact]
    public Task Ignores_starting_an_Akka_actor_system_shutdown() => Verify.VerifyAnalyzerAsync(Usings + """
        using Akka.Actor;

        class ClusterDaemon
        {
            private readonly ActorSystem _system;
            private readonly ActorSystemImpl _impl;
            private readonly CoordinatedShutdown _coordShutdown;

            public ClusterDaemon(ActorSystem system, ActorSystemImpl impl)
            {
                _system = system;
                _impl = impl;
                _coordShutdown = CoordinatedShutdown.Get(system);
            }

            public void OnDowned(Reason reason)
            {
                _coordShutdown.Run(reason);
                CoordinatedShutdown.Get(_system).Run(reason, "before-actor-system-terminate");
            }

            public void OnFatal()
            {
                _system.Terminate();
                _impl.Terminate();
            }
        }
        """ + AkkaShutdown);

    [Fact]
    public Task Flags_other_tasks_of_the_actor_system_and_lookalikes() => Verify.VerifyAnalyzerAsync(Usings + """
        using Akka.Actor;

        class ClusterDaemon
        {
            private readonly ActorSystemImpl _impl;
            private readonly CoordinatedShutdown _coordShutdown;
            private readonly Runner _runner = new Runner();

            public ClusterDaemon(ActorSystemImpl impl, CoordinatedShutdown coordShutdown)
            {
                _impl = impl;
                _coordShutdown = coordShutdown;
            }

            public void OnStop()
            {
                // Another member of the same types, an overload with a parameter, and a Run/Terminate of another type.
                [|_coordShutdown.RunPhaseAsync("cluster-leave")|];
                [|_impl.Terminate(force: true)|];
                [|_runner.Run(new Reason())|];
                [|_runner.Terminate()|];
            }
        }

        class Runner
        {
            public Task Run(Reason reason) => Task.Delay(1);
            public Task Terminate() => Task.Delay(1);
        }
        """ + AkkaShutdown);
}
