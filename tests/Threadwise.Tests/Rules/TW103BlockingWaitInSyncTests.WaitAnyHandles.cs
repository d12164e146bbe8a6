using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A task whose own wait handle <c>WaitHandle.WaitAny</c> reported as signalled is complete: reading its result after that
/// does not wait. Another index, another handle, an array built elsewhere, or no check at all still blocks.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_result_after_WaitAny_returned_the_index_of_the_task_handle() => Verify.VerifyAnalyzerAsync(Usings + """
        class ShellPump
        {
            private readonly System.IO.Stream _input = System.IO.Stream.Null;
            private readonly AutoResetEvent _closed = new AutoResetEvent(false);

            public void Pump(Action<byte[], int> send)
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var readTask = _input.ReadAsync(buffer, 0, buffer.Length);
                    var readHandle = ((IAsyncResult)readTask).AsyncWaitHandle;
                    if (WaitHandle.WaitAny(new[] { readHandle, _closed }) == 0)
                    {
                        var read = readTask.GetAwaiter().GetResult();
                        send(buffer, read);
                        continue;
                    }

                    break;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_result_when_the_task_handle_is_second_and_written_inline() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Receiver
        {
            public static string? Receive(WaitHandle cancelled, Func<Task<string>> receive)
            {
                var pending = receive();
                if (WaitHandle.WaitAny(new WaitHandle[] { cancelled, ((IAsyncResult)pending).AsyncWaitHandle }, 5000) == 1)
                {
                    return pending.Result;
                }

                return null;
            }
        }
        """);

    [Fact]
    public Task Ignores_result_after_an_early_exit_when_WaitAny_returned_another_index() => Verify.VerifyAnalyzerAsync(Usings + """
        static class LineReader
        {
            public static string? Next(System.IO.TextReader reader, WaitHandle stop)
            {
                var line = reader.ReadLineAsync();
                var signalled = WaitHandle.WaitAny(new[] { stop, ((IAsyncResult)line).AsyncWaitHandle });
                if (signalled != 1)
                {
                    return null;
                }

                return line.Result;
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_result_when_WaitAny_returned_the_index_of_the_other_handle() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Receiver
        {
            public static string? Receive(WaitHandle cancelled, Func<Task<string>> receive)
            {
                var pending = receive();
                if (WaitHandle.WaitAny(new[] { cancelled, ((IAsyncResult)pending).AsyncWaitHandle }) == 0)
                {
                    return {|TW103:pending.Result|};
                }

                return null;
            }
        }
        """);

    [Fact]
    public Task Flags_result_when_the_signalled_handle_belongs_to_another_task() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Pair
        {
            public static int Second(Task<int> first, Task<int> second, WaitHandle stop)
            {
                if (WaitHandle.WaitAny(new[] { ((IAsyncResult)first).AsyncWaitHandle, stop }) == 0)
                {
                    return {|TW103:second.Result|};
                }

                return 0;
            }
        }
        """);

    [Fact]
    public Task Flags_result_when_the_handles_array_was_built_elsewhere() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Pump
        {
            public static int Read(Task<int> read, WaitHandle stop)
            {
                var handles = new[] { ((IAsyncResult)read).AsyncWaitHandle, stop };
                handles[0] = stop;
                if (WaitHandle.WaitAny(handles) == 0)
                {
                    return {|TW103:read.Result|};
                }

                return 0;
            }
        }
        """);

    // Task.WaitAny returned the index of the task: that task is complete. OpenTelemetry's MetricReader.Collect:
    // 'Task.WaitAny([tcs.Task, this.shutdownTcs.Task], timeout) == 0 && tcs.Task.GetAwaiter().GetResult()'. The WaitAny
    // itself is the wait to report; the read after it adds nothing.
    [Fact]
    public Task Ignores_result_after_Task_WaitAny_returned_the_index_of_the_task() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Reader
        {
            private readonly TaskCompletionSource<bool> _shutdown = new TaskCompletionSource<bool>();

            public bool CollectChain(TaskCompletionSource<bool> tcs, int timeout) =>
                Task.WaitAny([tcs.Task, _shutdown.Task], timeout) == 0 && tcs.Task.GetAwaiter().GetResult();

            public bool Collect(Task<bool> collection, int timeout)
            {
                // The WaitAny is bounded by the caller's timeout (not reported either).
                var done = collection;
                return Task.WaitAny([done, _shutdown.Task], timeout) == 0 && done.GetAwaiter().GetResult();
            }

            public int Either(Task<int> first, Task<int> second)
            {
                var winner = {|TW103:Task.WaitAny(first, second)|};
                if (winner == 1)
                {
                    return second.Result;
                }

                return 0 == winner ? first.Result : 0;
            }
        }
        """);

    [Fact]
    public Task Flags_result_when_Task_WaitAny_returned_another_index() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Reader
        {
            public int Collect(Task<int> collection, Task<int> shutdown, Task<int>[] all)
            {
                if ({|TW103:Task.WaitAny(collection, shutdown)|} == 1)
                {
                    return {|TW103:collection.Result|};
                }

                // An array built elsewhere: which task sits at index 0 is not known here.
                if ({|TW103:Task.WaitAny(all)|} == 0)
                {
                    return {|TW103:collection.Result|};
                }

                return 0;
            }
        }
        """);
}
