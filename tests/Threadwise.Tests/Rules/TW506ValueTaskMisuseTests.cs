using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW506ValueTaskMisuseAnalyzer, Threadwise.Fixes.Correctness.TW506ValueTaskMisuseCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW506ValueTaskMisuseTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>A source whose ValueTasks come from a pooled IValueTaskSource: the calls TW506 cannot see into.</summary>
    private const string Source = """

        interface IChannel
        {
            ValueTask<int> ReadAsync(CancellationToken token = default);
            ValueTask WriteAsync(int value);
        }
        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_ValueTask_awaited_twice_with_the_message_naming_the_first_await() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task<int> SumAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                var a = await read;
                var b = {|#0:await read|};
                return a + b;
            }
        }
        """ + Source,
        Verify.Diagnostic().WithLocation(0).WithMessage("ValueTask 'read' is consumed again after 'await read' (line 9): a ValueTask may be awaited or read only once; store AsTask() to use it twice"));

    [Fact]
    public Task Flags_a_ValueTask_awaited_and_then_read_with_Result() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task<int> ReadTwiceAsync(IChannel channel)
            {
                ValueTask<int> read = channel.ReadAsync();
                await read.ConfigureAwait(false);
                return [|read.Result|];
            }
        }
        """ + Source);

    [Fact]
    public Task Flags_AsTask_taken_twice_for_WhenAll() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            Task BothAsync(IChannel channel)
            {
                var write = channel.WriteAsync(1);
                return Task.WhenAll(write.AsTask(), [|write.AsTask()|]);
            }
        }
        """ + Source);

    [Fact]
    public Task Flags_a_ValueTask_parameter_awaited_after_GetResult() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task<int> TwiceAsync(ValueTask<int> pending)
            {
                var first = pending.GetAwaiter().GetResult();
                if (first > 0)
                {
                    return first + [|await pending|];
                }

                return first;
            }
        }
        """,
        // The GetResult itself blocks on a ValueTask that may not have completed.
        Verify.Diagnostic().WithSpan(8, 21, 8, 53).WithMessage("'pending.GetAwaiter().GetResult()' blocks on a ValueTask that may not have completed: a ValueTask does not support waiting; await it, or block on AsTask()"));

    [Fact]
    public Task Flags_Result_of_a_ValueTask_that_may_not_have_completed() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            int ReadNow(IChannel channel) => {|#0:channel.ReadAsync().Result|};

            void WriteNow(IChannel channel) => [|channel.WriteAsync(1).GetAwaiter().GetResult()|];
        }
        """ + Source,
        Verify.Diagnostic().WithLocation(0).WithMessage("'channel.ReadAsync().Result' blocks on a ValueTask that may not have completed: a ValueTask does not support waiting; await it, or block on AsTask()"));

    [Fact]
    public Task Flags_a_blocking_read_through_ConfigureAwait() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            void WriteNow(IChannel channel) => {|#0:channel.WriteAsync(1).ConfigureAwait(false).GetAwaiter().GetResult()|};

            int ReadNow(IChannel channel)
            {
                var read = channel.ReadAsync();
                return [|read.ConfigureAwait(false).GetAwaiter().GetResult()|];
            }
        }
        """ + Source,
        Verify.Diagnostic().WithLocation(0).WithMessage("'channel.WriteAsync(1).Config...se).GetAwaiter().GetResult()' blocks on a ValueTask that may not have completed: a ValueTask does not support waiting; await it, or block on AsTask()"));

    // graphql-dotnet's Print: "_sdlPrinter.PrintAsync(node, writer).GetAwaiter().GetResult(); // actually is sync".
    [Fact]
    public Task Ignores_blocking_reads_whose_comment_says_the_call_completes_synchronously() => Verify.VerifyAnalyzerAsync(Usings + """
        class Printer
        {
            string Print(IChannel channel)
            {
                channel.WriteAsync(1).GetAwaiter().GetResult(); // actually is sync
                // the in-memory channel completes synchronously
                var read = channel.ReadAsync().Result;
                /* ReadAsync is always sync over a buffer */
                return read + channel.ReadAsync().ConfigureAwait(false).GetAwaiter().GetResult().ToString();
            }
        }
        """ + Source);

    [Fact]
    public Task Flags_blocking_reads_whose_comment_says_only_that_they_block_or_names_a_problem() => Verify.VerifyAnalyzerAsync(Usings + """
        class Printer
        {
            string Print(IChannel channel)
            {
                [|channel.WriteAsync(1).GetAwaiter().GetResult()|]; // blocking on purpose
                // TODO: is sync for now, should be awaited
                var read = [|channel.ReadAsync().Result|];
                // ReadAsync is not sync

                [|channel.WriteAsync(read).GetAwaiter().GetResult()|];
                return [|channel.ReadAsync().Result|].ToString(); // keeps the two ends in sync
            }
        }
        """ + Source);

    [Fact]
    public Task Ignores_blocking_reads_through_ConfigureAwait_on_completed_ValueTasks_or_on_tasks() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            int Cached() => ValueTask.FromResult(1).ConfigureAwait(false).GetAwaiter().GetResult();

            int ReadIfReady(IChannel channel)
            {
                var read = channel.ReadAsync();
                if (read.IsCompletedSuccessfully)
                {
                    return read.ConfigureAwait(false).GetAwaiter().GetResult();
                }

                return -1;
            }

            int ReadTask(IChannel channel) => channel.ReadAsync().AsTask().ConfigureAwait(false).GetAwaiter().GetResult();

            void Close() => CloseAsync().ConfigureAwait(false).GetAwaiter().GetResult();

            async ValueTask CloseAsync() => await Task.Yield();
        }
        """ + Source);

    [Fact]
    public Task Flags_a_second_await_inside_a_later_loop() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task PumpAsync(IChannel channel, int count)
            {
                var first = channel.ReadAsync();
                Console.WriteLine(await first);
                for (var i = 0; i < count; i++)
                {
                    Console.WriteLine([|await first|]);
                }
            }
        }
        """ + Source);

    [Fact]
    public Task Flags_once_per_variable_however_often_it_is_consumed_again() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task<int> ThriceAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                var a = await read;
                var b = [|await read|];
                var c = await read;
                return a + b + c;
            }
        }
        """ + Source);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_ValueTask_consumed_in_exclusive_branches() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async ValueTask<int> FastPathAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                if (read.IsCompletedSuccessfully)
                {
                    return read.Result;
                }

                return await read;
            }

            async ValueTask<int> TernaryAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                return read.IsCompleted ? read.Result : await read;
            }
        }
        """ + Source);

    // dotnet/roslyn-analyzers#7159: `if (x?.M() is ValueTask vt) await vt;` consumes it once; CA2012 reported it.
    [Fact]
    public Task Ignores_a_ValueTask_declared_by_a_pattern_and_awaited_once() => Verify.VerifyAnalyzerAsync(Usings + """
        class Frob
        {
            async ValueTask FrobAllAsync(IChannel channel)
            {
                if (channel?.WriteAsync(1) is ValueTask vt)
                {
                    await vt;
                }
            }
        }
        """ + Source);

    // dotnet/roslyn-analyzers#3384 (`symbol?.Accept(this) ?? new ValueTask<T>(x)`) and dotnet/sdk#54340 (ConfigureAwait on
    // a `?:` of ValueTasks): CA2012 reported ValueTasks that are returned or awaited once.
    [Fact]
    public Task Ignores_ValueTasks_returned_or_awaited_once_through_coalesce_and_conditional() => Verify.VerifyAnalyzerAsync(Usings + """
        class Visitor
        {
            ValueTask<int> Visit(IChannel channel) => channel?.ReadAsync() ?? new ValueTask<int>(0);

            async ValueTask<int> EitherAsync(bool b, IChannel x, IChannel y) => await (b ? x.ReadAsync() : y.ReadAsync()).ConfigureAwait(false);
        }
        """ + Source);

    // dotnet/roslyn-analyzers#4271: CA2012 on `ValueTask.FromResult(("", Role))`; a ValueTask made from a result is
    // completed, and reading or awaiting it twice is safe.
    [Fact]
    public Task Ignores_ValueTasks_made_from_a_result_or_a_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class Results
        {
            string Role { get; set; } = "";

            async Task<int> TwiceAsync(Task<int> work)
            {
                var ready = ValueTask.FromResult((1, Role));
                var fromValue = new ValueTask<int>(2);
                var fromTask = new ValueTask<int>(work);
                var a = await ready;
                var b = ready.Result;
                var c = await fromValue + fromValue.Result;
                var d = await fromTask + fromTask.Result;
                return a.Item1 + b.Item1 + c + d;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_preserved_ValueTask_consumed_twice() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task<int> TwiceAsync(IChannel channel)
            {
                var read = channel.ReadAsync().Preserve();
                return await read + await read;
            }
        }
        """ + Source);

    [Fact]
    public Task Ignores_a_variable_assigned_again_between_consumptions() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task<int> NextAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                var a = await read;
                read = channel.ReadAsync();
                var b = await read;
                (b, read) = (b + 1, channel.ReadAsync());
                return a + b + await read;
            }
        }
        """ + Source);

    // roslyn-analyzers#3573: a ValueTask handed to a method or discarded is not consumed twice here.
    [Fact]
    public Task Ignores_a_ValueTask_passed_on_or_awaited_in_a_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task<int> HandOffAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                _ = channel.WriteAsync(1);
                Func<Task<int>> later = async () => await read;
                return await Consume(read);
            }

            static async Task<int> Consume(ValueTask<int> value) => await value;
        }
        """ + Source);

    [Fact]
    public Task Ignores_the_consumptions_in_separate_iterations_of_a_foreach() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task DrainAsync(ValueTask<int>[] reads)
            {
                foreach (var read in reads)
                {
                    Console.WriteLine(await read);
                }
            }
        }
        """);

    // The completed-task knowledge of the blocking rules: an early-return guard, a synchronous mode argument.
    [Fact]
    public Task Ignores_Result_of_a_ValueTask_known_to_be_completed() => Verify.VerifyAnalyzerAsync(Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class Protocol
        {
            ValueTask<int> ReadPacketAsync(IOBehavior io) => new ValueTask<int>(1);

            int ReadPacket() => ReadPacketAsync(IOBehavior.Synchronous).GetAwaiter().GetResult();

            ValueTask<int> ReadOrWaitAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                if (!read.IsCompletedSuccessfully)
                {
                    return SlowAsync(read);
                }

                return new ValueTask<int>(read.Result + 1);
            }

            static async ValueTask<int> SlowAsync(ValueTask<int> read) => await read + 1;
        }
        """ + Source);

    // The default builder of an `async ValueTask` method completes with a result or wraps a Task: no pooled source.
    [Fact]
    public Task Ignores_blocking_on_a_ValueTask_of_an_async_method_in_source() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Connection : IDisposable
        {
            public void Dispose() => CloseAsync().GetAwaiter().GetResult();

            async ValueTask CloseAsync() => await Task.Yield();
        }
        """);

    // A virtual or override async method that nothing in the code overrides again: the call reaches the default builder
    // (git-credential-manager's ReadLine over its own ReadLineAsync, Foundatio's Dispose over its own DisposeAsync).
    [Fact]
    public Task Ignores_blocking_on_an_async_override_that_nothing_overrides_again() => Verify.VerifyAnalyzerAsync(Usings + """
        public class LineReader : System.IO.StreamReader
        {
            public LineReader(System.IO.Stream stream) : base(stream) { }

            public override string? ReadLine() => ReadLineAsync(CancellationToken.None).ConfigureAwait(false).GetAwaiter().GetResult();

            public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
            {
                await Task.Yield();
                return "";
            }
        }

        public class ActionableStream : System.IO.MemoryStream
        {
            protected override void Dispose(bool disposing) => DisposeAsync().GetAwaiter().GetResult();

            public override async ValueTask DisposeAsync() => await Task.Yield();
        }

        public class Session
        {
            public void Close() => CloseAsync().GetAwaiter().GetResult();

            public virtual async ValueTask CloseAsync() => await Task.Yield();
        }
        """);

    [Fact]
    public Task Flags_blocking_on_an_async_virtual_that_a_subclass_overrides() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Session
        {
            public void Close() => [|CloseAsync().GetAwaiter().GetResult()|];

            public virtual async ValueTask CloseAsync() => await Task.Yield();
        }

        public sealed class PooledSession : Session
        {
            private readonly IChannel _channel = null!;

            public override ValueTask CloseAsync() => _channel.WriteAsync(0);
        }
        """ + Source);

    [Fact]
    public Task Ignores_AsTask_taken_once_and_blocked_on() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            int ReadNow(IChannel channel)
            {
                var task = channel.ReadAsync().AsTask();
                task.Wait();
                return task.Result + channel.ReadAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        """ + Source);

    [Fact]
    public Task Ignores_a_peer_suppression_of_S5034_at_the_site() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task<int> TwiceAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                var a = await read;
        #pragma warning disable S5034 // the channel's reader is not pooled
                return a + await read;
        #pragma warning restore S5034
            }
        }
        """ + Source);

    // A blocking read of a ValueTask is a synchronous wait, which VSTHRD002 flags on ValueTasks too (the Garnet shape:
    // a helper class under "#pragma warning disable VSTHRD002" that blocks on purpose where no caller can await).
    [Fact]
    public Task Ignores_blocking_helpers_under_a_file_level_VSTHRD002_pragma() => Verify.VerifyAnalyzerAsync(Usings + """
        #pragma warning disable VSTHRD002 // the whole point of this class is to keep the blocking in one place

        static class AsyncUtils
        {
            public static void BlockingWait(ValueTask t) => t.GetAwaiter().GetResult();

            public static T BlockingWait<T>(ValueTask<T> t) => t.GetAwaiter().GetResult();

            public static T BlockingResult<T>(ValueTask<T> t) => t.Result;
        }
        """);

    [Fact]
    public Task Ignores_a_blocking_read_in_a_member_that_suppresses_VSTHRD002() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics.CodeAnalysis;

        class Reader
        {
            [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = "sync API over a sync channel")]
            int ReadNow(IChannel channel) => channel.ReadAsync().GetAwaiter().GetResult();

            [SuppressMessage("Usage", "VSTHRD002")]
            int ReadResult(IChannel channel)
            {
                var read = channel.ReadAsync();
                return read.Result;
            }
        }
        """ + Source);

    [Fact]
    public Task Ignores_a_blocking_read_inside_a_VSTHRD002_pragma_region() => Verify.VerifyAnalyzerAsync(Usings + """
        class Writer
        {
            void Write(IChannel channel, int value)
            {
                var write = channel.WriteAsync(value);
        #pragma warning disable VSTHRD002 // the channel completes writes synchronously
                write.GetAwaiter().GetResult();
        #pragma warning restore VSTHRD002
            }
        }
        """ + Source);

    [Fact]
    public Task Flags_a_ValueTask_consumed_twice_under_a_VSTHRD002_pragma() => Verify.VerifyAnalyzerAsync(Usings + """
        #pragma warning disable VSTHRD002
        class Reader
        {
            async Task<int> TwiceAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                var a = await read;
                return a + {|#0:await read|};
            }
        }
        """ + Source,
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Flags_a_blocking_read_after_the_VSTHRD002_pragma_is_restored() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
        #pragma warning disable VSTHRD002
            int First(IChannel channel) => channel.ReadAsync().GetAwaiter().GetResult();
        #pragma warning restore VSTHRD002

            int Second(IChannel channel) => {|#0:channel.ReadAsync().GetAwaiter().GetResult()|};
        }
        """ + Source,
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Flags_a_blocking_read_when_another_member_suppresses_VSTHRD002() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics.CodeAnalysis;

        class Reader
        {
            [SuppressMessage("Usage", "VSTHRD002")]
            void Other() { }

            int ReadResult(IChannel channel)
            {
                var read = channel.ReadAsync();
                return {|#0:read.Result|};
            }
        }
        """ + Source,
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Flags_a_blocking_read_under_VSTHRD002_when_peer_suppressions_are_off() => new Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW506ValueTaskMisuseAnalyzer>.Test
    {
        EditorConfig = "threadwise.honor_peer_suppressions = false",
        TestCode = Usings + """
            #pragma warning disable VSTHRD002
            static class AsyncUtils
            {
                public static void BlockingWait(ValueTask t) => [|t.GetAwaiter().GetResult()|];
            }
            """,
    }.RunAsync();

    // ---- fixes -----------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_stores_the_ValueTask_as_a_Task_once() => Verify.VerifyCodeFixAsync(Usings + """
        class Reader
        {
            async Task<int> TwiceAsync(IChannel channel)
            {
                ValueTask<int> read = channel.ReadAsync();
                var a = await read.ConfigureAwait(false);
                await Task.WhenAll([|read.AsTask()|], Task.Delay(1));
                return a + read.Result;
            }

            Task BothAsync(IChannel channel, bool flag)
            {
                var write = flag ? channel.WriteAsync(1) : default;
                return Task.WhenAll(write.AsTask(), [|write.AsTask()|]);
            }
        }
        """ + Source, Usings + """
        class Reader
        {
            async Task<int> TwiceAsync(IChannel channel)
            {
                Task<int> read = channel.ReadAsync().AsTask();
                var a = await read.ConfigureAwait(false);
                await Task.WhenAll(read, Task.Delay(1));
                return a + read.Result;
            }

            Task BothAsync(IChannel channel, bool flag)
            {
                var write = (flag ? channel.WriteAsync(1) : default).AsTask();
                return Task.WhenAll(write, write);
            }
        }
        """ + Source);

    [Fact]
    public Task Fix_blocks_on_AsTask_for_a_read_before_completion() => Verify.VerifyCodeFixAsync(Usings + """
        class Reader
        {
            int ReadNow(IChannel channel) => [|channel.ReadAsync().Result|];

            void WriteNow(IChannel channel) => [|channel.WriteAsync(1).GetAwaiter().GetResult()|];
        }
        """ + Source, Usings + """
        class Reader
        {
            int ReadNow(IChannel channel) => channel.ReadAsync().AsTask().Result;

            void WriteNow(IChannel channel) => channel.WriteAsync(1).AsTask().GetAwaiter().GetResult();
        }
        """ + Source);

    [Fact]
    public Task Fix_blocks_on_AsTask_through_ConfigureAwait() => Verify.VerifyCodeFixAsync(Usings + """
        class Reader
        {
            void WriteNow(IChannel channel) => [|channel.WriteAsync(1).ConfigureAwait(false).GetAwaiter().GetResult()|];
        }
        """ + Source, Usings + """
        class Reader
        {
            void WriteNow(IChannel channel) => channel.WriteAsync(1).AsTask().ConfigureAwait(false).GetAwaiter().GetResult();
        }
        """ + Source);

    [Fact]
    public Task No_fix_where_the_variable_is_also_passed_on_as_a_ValueTask() => Verify.VerifyCodeFixAsync(Usings + """
        class Reader
        {
            async Task<int> TwiceAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                var a = await read;
                Log(read);
                return a + [|await read|];
            }

            static void Log(ValueTask<int> value) { }
        }
        """ + Source, Usings + """
        class Reader
        {
            async Task<int> TwiceAsync(IChannel channel)
            {
                var read = channel.ReadAsync();
                var a = await read;
                Log(read);
                return a + [|await read|];
            }

            static void Log(ValueTask<int> value) { }
        }
        """ + Source);
}
