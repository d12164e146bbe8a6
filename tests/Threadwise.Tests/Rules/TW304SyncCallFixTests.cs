using Microsoft.CodeAnalysis.Testing;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer, Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>TW304's "call the synchronous form instead" action (Flush for FlushAsync, Thread.Sleep for Task.Delay).</summary>
public class TW304SyncCallFixTests
{
    private const string SyncKey = Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix.SyncKey;

    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task<List<(string Title, string? Key)>> ActionsAsync(string source) =>
        CodeActionTitles.ForFirstDiagnosticAsync(new Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer(), new Threadwise.Fixes.Correctness.TW304DroppedTaskCodeFix(), source);

    // ---- offered ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_offers_the_synchronous_call_after_observing_and_before_the_discard()
    {
        var actions = await ActionsAsync(Usings + """
            class BlobUploader
            {
                private void Upload(Stream target, byte[] payload)
                {
                    target.Write(payload, 0, payload.Length);
                    target.FlushAsync();
                }
            }
            """);
        Assert.Equal(
            [
                ("Make 'Upload' async and await the task", "TW304.Await"),
                ("Call the synchronous 'Flush' instead", "TW304.Sync"),
                ("Discard the task explicitly (_ =)", "TW304.Discard"),
            ],
            actions);
    }

    [Fact]
    public async Task Fix_titles_Task_Delay_as_a_synchronous_wait()
    {
        var actions = await ActionsAsync(Usings + """
            public class StatusPoller
            {
                public bool WaitUntilReady(Func<bool> isReady)
                {
                    for (var attempt = 0; attempt < 20; attempt++)
                    {
                        if (isReady()) return true;
                        Task.Delay(50);
                    }

                    return false;
                }
            }
            """);
        Assert.Equal(
            [("Wait synchronously with Thread.Sleep", "TW304.Sync"), ("Discard the task explicitly (_ =)", "TW304.Discard")],
            actions);
    }

    [Fact]
    public Task Fix_calls_Flush_instead_of_a_dropped_FlushAsync_in_a_public_sync_upload() => new Verify.Test
    {
        CodeActionEquivalenceKey = SyncKey,
        TestCode = Usings + """
            public class ChunkUploader
            {
                public void UploadChunk(Stream destination, byte[] chunk)
                {
                    destination.Write(chunk, 0, chunk.Length);
                    // make the chunk durable before acknowledging it
                    [|destination.FlushAsync()|]; // flush
                }
            }
            """,
        FixedCode = Usings + """
            public class ChunkUploader
            {
                public void UploadChunk(Stream destination, byte[] chunk)
                {
                    destination.Write(chunk, 0, chunk.Length);
                    // make the chunk durable before acknowledging it
                    destination.Flush(); // flush
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_replaces_Task_Delay_with_int_by_Thread_Sleep_and_adds_the_using() => new Verify.Test
    {
        CodeActionEquivalenceKey = SyncKey,
        TestCode = """
            using System;
            using System.Threading.Tasks;

            public class LeaseWatcher
            {
                public bool WaitForLease(Func<bool> acquired, int pollMilliseconds)
                {
                    for (var attempt = 0; attempt < 10; attempt++)
                    {
                        if (acquired()) return true;
                        [|Task.Delay(pollMilliseconds)|];
                    }

                    return false;
                }
            }
            """,
        FixedCode = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public class LeaseWatcher
            {
                public bool WaitForLease(Func<bool> acquired, int pollMilliseconds)
                {
                    for (var attempt = 0; attempt < 10; attempt++)
                    {
                        if (acquired()) return true;
                        Thread.Sleep(pollMilliseconds);
                    }

                    return false;
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_replaces_Task_Delay_with_TimeSpan_by_Thread_Sleep() => new Verify.Test
    {
        CodeActionEquivalenceKey = SyncKey,
        TestCode = Usings + """
            public class ReplicaMonitor
            {
                private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(250);

                public void WaitForCatchUp(Func<long> lag)
                {
                    while (lag() > 0)
                    {
                        [|Task.Delay(Backoff)|];
                    }
                }
            }
            """,
        FixedCode = Usings + """
            public class ReplicaMonitor
            {
                private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(250);

                public void WaitForCatchUp(Func<long> lag)
                {
                    while (lag() > 0)
                    {
                        Thread.Sleep(Backoff);
                    }
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_calls_the_synchronous_Write_of_a_ValueTask_WriteAsync_with_an_optional_token() => new Verify.Test
    {
        CodeActionEquivalenceKey = SyncKey,
        TestCode = Usings + """
            public class FrameWriter
            {
                public void Write(byte[] frame, int offset, int count) { }
                public ValueTask WriteAsync(byte[] frame, int offset, int count, CancellationToken cancellationToken = default) => default;
            }

            public class HeartbeatSender
            {
                private readonly FrameWriter _writer = new FrameWriter();

                public void SendHeartbeat(byte[] frame)
                {
                    [|_writer.WriteAsync(frame, 0, frame.Length)|];
                }
            }
            """,
        FixedCode = Usings + """
            public class FrameWriter
            {
                public void Write(byte[] frame, int offset, int count) { }
                public ValueTask WriteAsync(byte[] frame, int offset, int count, CancellationToken cancellationToken = default) => default;
            }

            public class HeartbeatSender
            {
                private readonly FrameWriter _writer = new FrameWriter();

                public void SendHeartbeat(byte[] frame)
                {
                    _writer.Write(frame, 0, frame.Length);
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_All_calls_the_synchronous_forms_of_base_type_members_and_of_Task_of_T_and_leaves_the_rest() => new Verify.Test
    {
        CodeActionEquivalenceKey = SyncKey,
        TestCode = Usings + """
            public class SegmentStream : MemoryStream
            {
            }

            public interface IJournal
            {
                Task AppendAsync(string entry);
            }

            public class SegmentWriter
            {
                public void Seal(SegmentStream segment, IJournal journal, byte[] header)
                {
                    [|segment.WriteAsync(header, 0, header.Length)|];
                    [|segment.ReadAsync(header, 0, 4)|];
                    [|journal.AppendAsync("sealed")|];
                    [|Task.Delay(10)|];
                }
            }
            """,
        FixedCode = Usings + """
            public class SegmentStream : MemoryStream
            {
            }

            public interface IJournal
            {
                Task AppendAsync(string entry);
            }

            public class SegmentWriter
            {
                public void Seal(SegmentStream segment, IJournal journal, byte[] header)
                {
                    segment.Write(header, 0, header.Length);
                    segment.Read(header, 0, 4);
                    [|journal.AppendAsync("sealed")|];
                    Thread.Sleep(10);
                }
            }
            """,
    }.RunAsync();

    // ---- not offered --------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_offers_no_synchronous_call_for_Task_Delay_with_a_token()
    {
        var actions = await ActionsAsync(Usings + """
            public class RetryingClient
            {
                public void Backoff(int attempt, CancellationToken cancellationToken)
                {
                    Task.Delay(100 * attempt, cancellationToken);
                }
            }
            """);
        Assert.DoesNotContain(actions, a => a.Key == SyncKey);
    }

    [Fact]
    public async Task Fix_offers_no_synchronous_call_for_Task_Delay_with_a_TimeSpan_and_a_token()
    {
        var actions = await ActionsAsync(Usings + """
            public class LeaderElection
            {
                public void Renew(TimeSpan interval, CancellationToken stopping)
                {
                    Task.Delay(interval, stopping);
                }
            }
            """);
        Assert.DoesNotContain(actions, a => a.Key == SyncKey);
    }

    [Fact]
    public async Task Fix_offers_no_synchronous_call_for_an_async_method_without_a_sync_twin()
    {
        var actions = await ActionsAsync(Usings + """
            public interface IMessageBus
            {
                Task PublishAsync(string topic, byte[] body);
            }

            public class OrderEvents
            {
                public void Placed(IMessageBus bus, byte[] order)
                {
                    bus.PublishAsync("orders.placed", order);
                }
            }
            """);
        Assert.DoesNotContain(actions, a => a.Key == SyncKey);
        Assert.Contains(actions, a => a.Key == "TW304.Discard");
    }

    [Fact]
    public async Task Fix_offers_no_synchronous_call_where_the_sync_twin_takes_other_parameters()
    {
        var actions = await ActionsAsync(Usings + """
            public abstract class PacketSocket
            {
                public abstract void Send(string text);
                public abstract Task SendAsync(ReadOnlyMemory<byte> payload);
            }

            public class Gateway
            {
                public void Forward(PacketSocket socket, byte[] packet)
                {
                    socket.SendAsync(packet);
                }
            }
            """);
        Assert.DoesNotContain(actions, a => a.Key == SyncKey);
    }

    [Fact]
    public async Task Fix_offers_no_synchronous_call_where_the_sync_twin_returns_another_type()
    {
        var actions = await ActionsAsync(Usings + """
            public interface IRowCounter
            {
                long Count(string table);
                Task<int> CountAsync(string table);
            }

            public class Vacuum
            {
                public void Touch(IRowCounter counter)
                {
                    counter.CountAsync("events");
                }
            }
            """);
        Assert.DoesNotContain(actions, a => a.Key == SyncKey);
    }

    [Fact]
    public async Task Fix_offers_no_synchronous_call_where_a_token_is_passed()
    {
        var actions = await ActionsAsync(Usings + """
            public class ExportJob
            {
                public void Finish(Stream output, CancellationToken cancellationToken)
                {
                    output.FlushAsync(cancellationToken);
                }
            }
            """);
        Assert.DoesNotContain(actions, a => a.Key == SyncKey);
    }

    [Fact]
    public async Task Fix_offers_no_synchronous_call_inside_the_sync_twin_itself()
    {
        var actions = await ActionsAsync(Usings + """
            public abstract class BufferedChannel
            {
                public void Flush()
                {
                    Console.WriteLine("flushing");
                    FlushAsync();
                }

                public abstract Task FlushAsync();
            }
            """);
        Assert.DoesNotContain(actions, a => a.Key == SyncKey);
    }

    [Fact]
    public async Task Fix_offers_no_synchronous_call_for_conditional_access_or_ConfigureAwait()
    {
        var actions = await ActionsAsync(Usings + """
            public class LogSink
            {
                private Stream? _file;

                public void Close()
                {
                    _file?.FlushAsync();
                }
            }
            """);
        Assert.DoesNotContain(actions, a => a.Key == SyncKey);

        actions = await ActionsAsync(Usings + """
            public class LogSink
            {
                public void Close(Stream file)
                {
                    file.FlushAsync().ConfigureAwait(false);
                }
            }
            """);
        Assert.DoesNotContain(actions, a => a.Key == SyncKey);
    }

    [Fact]
    public Task Fix_leaves_stored_and_discarded_tasks_alone() => new Verify.Test
    {
        CodeActionEquivalenceKey = SyncKey,
        TestCode = Usings + """
            public class UploadSession
            {
                private Task _pendingFlush = Task.CompletedTask;

                public Task Begin(Stream target)
                {
                    var flushing = target.FlushAsync();
                    _pendingFlush = target.FlushAsync();
                    _ = Task.Delay(50);
                    return flushing;
                }
            }
            """,
        FixedCode = Usings + """
            public class UploadSession
            {
                private Task _pendingFlush = Task.CompletedTask;

                public Task Begin(Stream target)
                {
                    var flushing = target.FlushAsync();
                    _pendingFlush = target.FlushAsync();
                    _ = Task.Delay(50);
                    return flushing;
                }
            }
            """,
    }.RunAsync();
}
