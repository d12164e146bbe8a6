using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A private <c>SemaphoreSlim(1, 1)</c> that its type only ever waits on synchronously, in the shape a <c>lock</c> compiles to,
/// is a mutex like <c>lock</c>: not a blocking leaf. Mixed sync/async use, throttles, signals and shared semaphores stay leaves.
/// </summary>
public class TW104SyncMutexTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag: a semaphore that is only ever a synchronous mutex ---------------------------------------

    [Fact]
    public Task Ignores_dispose_mutex_around_a_socket_poll_reached_from_connect() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class TerminalSession
        {
            private readonly SemaphoreSlim _socketGate = new SemaphoreSlim(1, 1);
            private Socket? _socket;

            public async Task ConnectAsync(string host, int port, CancellationToken cancellationToken)
            {
                _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await _socket.ConnectAsync(host, port, cancellationToken);
                if (!IsSocketAlive())
                {
                    CloseSocket();
                }
            }

            private bool IsSocketAlive()
            {
                _socketGate.Wait();
                try
                {
                    return _socket != null && !(_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0);
                }
                finally
                {
                    _ = _socketGate.Release();
                }
            }

            private void CloseSocket()
            {
                if (_socket != null)
                {
                    _socketGate.Wait();
                    try
                    {
                        _socket?.Shutdown(SocketShutdown.Both);
                        _socket?.Dispose();
                        _socket = null;
                    }
                    finally
                    {
                        _socketGate.Release();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_mutex_assigned_in_constructor_with_timeout_and_token_waits() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class PooledConnectionSlot
        {
            private readonly SemaphoreSlim _stateLock;
            private readonly Dictionary<string, int> _leases = new Dictionary<string, int>();

            public PooledConnectionSlot() => _stateLock = new SemaphoreSlim(1);

            public async Task<int> RentAsync(string key, CancellationToken cancellationToken)
            {
                var lease = Bump(key, cancellationToken);
                await Task.Delay(1, cancellationToken);
                Forget(key);
                return lease;
            }

            private int Bump(string key, CancellationToken cancellationToken)
            {
                this._stateLock.Wait(cancellationToken);
                try
                {
                    _leases.TryGetValue(key, out var count);
                    _leases[key] = count + 1;
                    return count + 1;
                }
                finally
                {
                    this._stateLock.Release();
                }
            }

            private void Forget(string key)
            {
                if (_stateLock.Wait(TimeSpan.FromSeconds(5)))
                {
                    try
                    {
                        _leases.Remove(key);
                    }
                    finally
                    {
                        _stateLock.Release();
                    }
                }
            }

            public int Waiting => _stateLock.CurrentCount;

            public void Dispose() => _stateLock.Dispose();
        }
        """);

    [Fact]
    public Task Ignores_mutex_whose_field_and_waits_live_in_different_partial_files() => new Verify.Test
    {
        Sources =
        {
            Usings + """
                partial class MessageChannel
                {
                    private readonly SemaphoreSlim _sendGate = new(1, 1);
                    private readonly Queue<byte[]> _outbox = new Queue<byte[]>();

                    public async Task PublishAsync(byte[] frame, CancellationToken cancellationToken)
                    {
                        Enqueue(frame);
                        await Task.Yield();
                    }
                }
                """,
            Usings + """
                partial class MessageChannel
                {
                    private void Enqueue(byte[] frame)
                    {
                        try
                        {
                            _sendGate.Wait();
                            _outbox.Enqueue(frame);
                        }
                        finally
                        {
                            _sendGate.Release();
                        }
                    }
                }
                """,
        },
    }.RunAsync();

    [Fact]
    public Task Ignores_static_mutex_around_a_registry_reached_from_an_async_handler() => Verify.VerifyAnalyzerAsync(Usings + """
        static class ChannelRegistry
        {
            private static readonly SemaphoreSlim s_gate = new SemaphoreSlim(initialCount: 1, maxCount: 1);
            private static readonly Dictionary<uint, string> s_channels = new Dictionary<uint, string>();

            public static async Task OpenAsync(uint id, string name)
            {
                Register(id, name);
                await Task.Yield();
            }

            private static void Register(uint id, string name)
            {
                s_gate.Wait();
                try
                {
                    s_channels[id] = name;
                }
                finally
                {
                    s_gate.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_mutex_also_taken_in_an_async_method_around_a_section_without_await() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SequenceAllocator
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private long _next;

            public async Task<long> ReserveAsync(int count)
            {
                long first;
                _gate.Wait();
                try
                {
                    first = _next;
                    _next += count;
                }
                finally
                {
                    _gate.Release();
                }

                await Task.Yield();
                return first + Peek();
            }

            private long Peek()
            {
                _gate.Wait();
                try
                {
                    return _next;
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_mutex_assigned_in_two_constructors_reached_from_an_async_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SerialPortBridge
        {
            private readonly SemaphoreSlim _portGate;
            private readonly Queue<string> _pending = new Queue<string>();

            public SerialPortBridge() => _portGate = new SemaphoreSlim(1, 1);

            public SerialPortBridge(int capacity)
            {
                _portGate = new SemaphoreSlim(1);
                _pending = new Queue<string>(capacity);
            }

            public Func<string, Task> Handler => async line =>
            {
                Remember(line);
                await Task.Yield();
            };

            private void Remember(string line)
            {
                _portGate.Wait();
                try
                {
                    _pending.Enqueue(line);
                }
                finally
                {
                    _portGate.Release();
                }
            }
        }
        """);

    // HiveMQtt's subscription list: a private get-only auto-property, taken synchronously by lookups and asynchronously
    // (configured, the wait first in the try) by the clear, with no await inside either section.
    [Fact]
    public Task Ignores_mutex_property_that_async_holders_take_configured_around_in_memory_work() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Client
        {
            private SemaphoreSlim SubscriptionsSemaphore { get; } = new(1, 1);
            private List<string> Subscriptions { get; } = new List<string>();

            public async Task ClearSubscriptionsAsync()
            {
                try
                {
                    await this.SubscriptionsSemaphore.WaitAsync().ConfigureAwait(false);
                    this.Subscriptions.Clear();
                }
                finally
                {
                    _ = this.SubscriptionsSemaphore.Release();
                }
            }

            public async Task OnMessageAsync(string topic)
            {
                await Task.Yield();
                if (GetSubscriptionByTopic(topic) is { } subscription)
                {
                    Console.WriteLine(subscription);
                }
            }

            private string? GetSubscriptionByTopic(string topic)
            {
                List<string> copy;
                try
                {
                    this.SubscriptionsSemaphore.Wait();
                    copy = new List<string>(this.Subscriptions);
                }
                finally
                {
                    _ = this.SubscriptionsSemaphore.Release();
                }

                return copy.Find(s => s == topic);
            }
        }
        """);

    // ---- must flag: semaphores that are not (only) a synchronous mutex -----------------------------------------

    [Fact]
    public Task Flags_mutex_that_async_code_also_awaits_with_WaitAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReplicaWriter
        {
            private readonly SemaphoreSlim _writeGate = new SemaphoreSlim(1, 1);
            private readonly Stream _stream = Stream.Null;

            public async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
            {
                await _writeGate.WaitAsync(cancellationToken);
                try
                {
                    await _stream.WriteAsync(frame, 0, frame.Length, cancellationToken);
                }
                finally
                {
                    _writeGate.Release();
                }
            }

            public async Task HeartbeatAsync()
            {
                await Task.Yield();
                [|MarkAlive()|];
            }

            private void MarkAlive()
            {
                _writeGate.Wait();
                try
                {
                }
                finally
                {
                    _writeGate.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_mutex_whose_async_holders_keep_the_context_or_await_inside() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Client
        {
            private SemaphoreSlim Gate { get; } = new(1, 1);
            private readonly SemaphoreSlim _stateGate = new SemaphoreSlim(1, 1);
            private readonly List<string> _items = new List<string>();

            // Not configured: the holder's continuation may need the context a blocked Wait() is holding.
            public async Task ClearAsync()
            {
                await Gate.WaitAsync();
                try
                {
                    _items.Clear();
                }
                finally
                {
                    Gate.Release();
                }
            }

            // Configured, but the section awaits: the slot is held across I/O.
            public async Task SaveAsync(Stream stream)
            {
                await _stateGate.WaitAsync().ConfigureAwait(false);
                try
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                }
                finally
                {
                    _stateGate.Release();
                }
            }

            public async Task OnMessageAsync(string topic)
            {
                await Task.Yield();
                [|Count()|];
                [|State()|];
            }

            private int Count()
            {
                Gate.Wait();
                try
                {
                    return _items.Count;
                }
                finally
                {
                    Gate.Release();
                }
            }

            private int State()
            {
                _stateGate.Wait();
                try
                {
                    return _items.Count;
                }
                finally
                {
                    _stateGate.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_throttle_that_admits_several_holders() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class DownloadThrottle
        {
            private readonly SemaphoreSlim _slots = new SemaphoreSlim(4, 4);

            public async Task FetchAsync()
            {
                await Task.Yield();
                [|TakeSlot()|];
            }

            private void TakeSlot()
            {
                _slots.Wait();
                try
                {
                }
                finally
                {
                    _slots.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_semaphore_that_starts_empty_and_works_as_a_signal() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReplyWaiter
        {
            private readonly SemaphoreSlim _replied = new SemaphoreSlim(0, 1);

            public void OnReply() => _replied.Release();

            public async Task RequestAsync()
            {
                await Task.Yield();
                [|AwaitReply()|];
            }

            private void AwaitReply()
            {
                _replied.Wait();
                try
                {
                }
                finally
                {
                    _replied.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_mutexes_shared_with_other_code() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Journal
        {
            private readonly SemaphoreSlim _handedOut = new SemaphoreSlim(1, 1);
            internal readonly SemaphoreSlim Visible = new SemaphoreSlim(1, 1);

            // Other types may WaitAsync on it, or hold it across their own awaits.
            public SemaphoreSlim Gate => _handedOut;

            public async Task AppendAsync()
            {
                await Task.Yield();
                [|EnterHandedOut()|];
            }

            public async Task TruncateAsync()
            {
                await Task.Yield();
                [|EnterVisible()|];
            }

            public async Task RotateAsync(SemaphoreSlim callerGate)
            {
                await Task.Yield();
                [|Enter(callerGate)|];
            }

            private void EnterHandedOut()
            {
                _handedOut.Wait();
                try
                {
                }
                finally
                {
                    _handedOut.Release();
                }
            }

            private void EnterVisible()
            {
                Visible.Wait();
                try
                {
                }
                finally
                {
                    Visible.Release();
                }
            }

            private static void Enter(SemaphoreSlim gate)
            {
                gate.Wait();
                try
                {
                }
                finally
                {
                    gate.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_mutex_held_across_an_await_elsewhere_in_its_type() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class CatalogCache
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private string? _catalog;

            public async Task RefreshAsync(Func<Task<string>> load)
            {
                _gate.Wait();
                try
                {
                    _catalog = await load();
                }
                finally
                {
                    _gate.Release();
                }
            }

            public async Task<string?> ReadAsync()
            {
                await Task.Yield();
                return [|Snapshot()|];
            }

            private string? Snapshot()
            {
                _gate.Wait();
                try
                {
                    return _catalog;
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_the_network_write_a_sync_mutex_guards() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class PacketTransport
        {
            private readonly SemaphoreSlim _socketGate = new SemaphoreSlim(1, 1);
            private readonly Stream _network;

            public PacketTransport(Stream network) => _network = network;

            public async Task HandshakeAsync(byte[] hello)
            {
                await Task.Yield();
                {|#0:SendPacket(hello)|};
            }

            private void SendPacket(byte[] packet)
            {
                _socketGate.Wait();
                try
                {
                    _network.Write(packet, 0, packet.Length);
                }
                finally
                {
                    _socketGate.Release();
                }
            }
        }
        """, Verify.Diagnostic().WithLocation(0)
            .WithMessage("'SendPacket' blocks: SendPacket → Stream.Write; make it async and await 'Stream.WriteAsync'"));
}
