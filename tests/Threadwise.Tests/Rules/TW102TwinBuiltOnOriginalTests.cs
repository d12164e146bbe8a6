using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using VerifyLock = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Locks.TW402BlockingInLockAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An <c>MAsync</c> that runs <c>M</c> on its own object on every path is no counterpart for a call that passes what it
/// passes (grpc-dotnet's <c>ProcessHandlerErrorAsync</c>, which ends in <c>ProcessHandlerError(ex, method)</c> directly or
/// through its <c>…AsyncCore</c>; amqpnetlite's <c>CloseInternalAsync</c>, which calls <c>CloseInternal(0, error)</c> and
/// awaits the close): awaiting it would run the same synchronous call. A call with another constant, a twin that calls
/// <c>M</c> only on a fast path, or on another object, keeps its counterpart.
/// </summary>
public class TW102TwinBuiltOnOriginalTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Deadline = """
        sealed class DeadlineManager : IAsyncDisposable
        {
            public bool TrySetCallComplete() => true;
            public Task WaitDeadlineCompleteAsync() => Task.Delay(1);
            public ValueTask DisposeAsync() => new ValueTask(Task.Delay(1));
        }

        """;

    private const string Closable = """
        class AmqpObject
        {
            private readonly ManualResetEvent _end = new ManualResetEvent(false);
            private Action<AmqpObject, string?>? _closed;

            internal void CloseInternal(int waitMilliseconds, string? error = null)
            {
                if (waitMilliseconds > 0)
                {
                    if (!_end.WaitOne(waitMilliseconds)) throw new TimeoutException();
                }
                _closed?.Invoke(this, error);
            }

            internal async Task CloseInternalAsync(int timeout = 60000, string? error = null)
            {
                var tcs = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
                try
                {
                    _closed += (o, e) => tcs.TrySetResult(null);
                    this.CloseInternal(0, error);
                }
                catch (Exception exception)
                {
                    tcs.TrySetException(exception);
                }

                await Task.WhenAny(tcs.Task, Task.Delay(timeout));
            }
        }

        sealed class ListenerLink : AmqpObject { }

        """;

    // ---- the twin runs this very call: must not flag ------------------------------------------------------------

    [Fact]
    public Task Ignores_a_call_the_twin_and_its_core_helper_make_themselves() => Verify.VerifyAnalyzerAsync(Usings + Deadline + """
        sealed class ServerCallContext
        {
            private readonly DeadlineManager? _deadlineManager;
            private readonly Dictionary<string, string> _trailers = new();

            public ServerCallContext(DeadlineManager? deadlineManager) => _deadlineManager = deadlineManager;

            internal Task ProcessHandlerErrorAsync(Exception ex, string method)
            {
                if (_deadlineManager == null)
                {
                    ProcessHandlerError(ex, method);
                    return Task.CompletedTask;
                }

                return ProcessHandlerErrorAsyncCore(ex, method);
            }

            private async Task ProcessHandlerErrorAsyncCore(Exception ex, string method)
            {
                if (!_deadlineManager!.TrySetCallComplete())
                {
                    await _deadlineManager.WaitDeadlineCompleteAsync();
                }

                try
                {
                    ProcessHandlerError(ex, method);
                }
                finally
                {
                    await _deadlineManager.DisposeAsync();
                }
            }

            private void ProcessHandlerError(Exception ex, string method) => _trailers[method] = ex.Message;

            public async Task EndCallAsync(Exception? failure, string method)
            {
                await Task.Yield();
                if (failure != null)
                {
                    ProcessHandlerError(failure, method);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_call_passing_the_constant_the_twin_passes() => Verify.VerifyAnalyzerAsync(Usings + Closable + """
        sealed class Host
        {
            public async Task UnregisterAsync(IEnumerable<ListenerLink> links, Func<Task> drain)
            {
                await drain();
                foreach (var link in links)
                {
                    link.CloseInternal(0, "detach-forced");
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_call_under_a_lock_passing_the_constant_the_twin_passes() => VerifyLock.VerifyAnalyzerAsync(Usings + Closable + """
        sealed class LinkCollection : IDisposable
        {
            private readonly Dictionary<ListenerLink, string> _collection = new();

            public void Dispose()
            {
                lock (_collection)
                {
                    foreach (var link in _collection.Keys)
                    {
                        link.CloseInternal(0, "Source was unregistered.");
                    }
                    _collection.Clear();
                }
            }
        }
        """);

    // ---- another call, a fast path, another object: must flag -----------------------------------------------------

    [Fact]
    public Task Flags_a_call_passing_another_constant_than_the_twin() => Verify.VerifyAnalyzerAsync(Usings + Closable + """
        sealed class Host
        {
            public async Task ShutdownAsync(ListenerLink link, Func<Task> drain)
            {
                await drain();
                [|link.CloseInternal(60000)|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_call_the_twin_makes_only_on_a_fast_path_or_on_another_object() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class FrameReader
        {
            private readonly Stream _stream;
            private readonly Queue<byte[]> _buffered = new();

            public FrameReader(Stream stream) => _stream = stream;

            public byte[] Read()
            {
                var frame = new byte[16];
                _stream.ReadExactly(frame);
                return frame;
            }

            public async Task<byte[]> ReadAsync()
            {
                if (_buffered.Count > 0)
                {
                    return Read();
                }

                var frame = new byte[16];
                await _stream.ReadExactlyAsync(frame);
                return frame;
            }
        }

        // Newtonsoft.Json's reader: the twin calls the other overload, with the match it made asynchronously.
        sealed class NumberReader
        {
            private readonly TextReader _reader;

            public NumberReader(TextReader reader) => _reader = reader;

            public object ParseNegativeInfinity(int readType) => ParseNegativeInfinity(readType, Match());

            private object ParseNegativeInfinity(int readType, bool matched) => matched ? double.NegativeInfinity : readType;

            public async Task<object> ParseNegativeInfinityAsync(int readType) => ParseNegativeInfinity(readType, await MatchAsync());

            private bool Match() => _reader.Read() == '-';

            private async Task<bool> MatchAsync() => await _reader.ReadAsync(new char[1], 0, 1) == 1;
        }

        sealed class Relay
        {
            private readonly Relay? _inner;
            private readonly Stream _socket;

            public Relay(Relay? inner, Stream socket) => (_inner, _socket) = (inner, socket);

            public string Send(string message)
            {
                _socket.Write(System.Text.Encoding.UTF8.GetBytes(message));
                return message;
            }

            public async Task<string> SendAsync(string message)
            {
                await Task.Delay(1);
                return _inner!.Send(message);
            }
        }

        sealed class Consumer
        {
            public async Task<int> PumpAsync(FrameReader reader, Relay relay, NumberReader numbers, Func<Task> tick)
            {
                await tick();
                var frame = [|reader.Read()|];
                var echo = [|relay.Send("ping")|];
                var infinity = [|numbers.ParseNegativeInfinity(1)|];
                return frame.Length + echo.Length + infinity.GetHashCode();
            }
        }
        """);

    [Fact]
    public Task Flags_a_call_under_a_lock_passing_another_constant_than_the_twin() => VerifyLock.VerifyAnalyzerAsync(Usings + Closable + """
        sealed class LinkCollection : IDisposable
        {
            private readonly Dictionary<ListenerLink, string> _collection = new();

            public void Dispose()
            {
                lock (_collection)
                {
                    foreach (var link in _collection.Keys)
                    {
                        [|link.CloseInternal(5000, "Source was unregistered.")|];
                    }
                    _collection.Clear();
                }
            }
        }
        """);
}
