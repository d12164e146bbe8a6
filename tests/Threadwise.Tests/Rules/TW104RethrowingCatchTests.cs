using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW104 does not follow cleanup in a catch clause whose every path ends in a throw, or in any other block that always
/// ends in a throw, at the call site or inside a helper; a catch that swallows the exception is followed as before.
/// </summary>
public class TW104RethrowingCatchTests
{
    internal const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // nats.net's socket wrapper: a sync signal and an async close share one semaphore, which DisposeAsync holds across I/O.
    internal const string ConnectionHead = """
        sealed class Connection
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly Socket _socket;
            private TaskCompletionSource<bool> _closed = new TaskCompletionSource<bool>();

            public Connection(Socket socket) => _socket = socket;

        """;

    internal const string ConnectionTail = """
            public void SignalDisconnected(Exception error)
            {
                _gate.Wait();
                try
                {
                    _closed.TrySetException(error);
                }
                finally
                {
                    _gate.Release();
                }
            }

            public async Task CloseAsync()
            {
                await _gate.WaitAsync();
                try
                {
                    await _socket.DisconnectAsync(false);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_teardown_helper_called_before_a_rethrow_in_async_reads_and_writes() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SocketChannel
        {
            private readonly Socket _socket;

            public SocketChannel(Socket socket) => _socket = socket;

            public async Task<int> ReadAsync(Memory<byte> buffer, CancellationTokenSource timeout)
            {
                try
                {
                    return await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                }
                catch (OperationCanceledException ex)
                {
                    Close();
                    if (timeout.IsCancellationRequested)
                    {
                        throw new TimeoutException("Receive timed out", ex);
                    }

                    throw;
                }
                catch (Exception ex)
                {
                    Close();
                    if (ex is SocketException)
                    {
                        throw new IOException(ex.Message, ex);
                    }

                    throw;
                }
            }

            public async Task WriteAsync(ReadOnlyMemory<byte> data)
            {
                try
                {
                    await _socket.SendAsync(data, SocketFlags.None);
                }
                catch
                {
                    Close();
                    throw;
                }
            }

            private void Close()
            {
                if (_socket.Connected)
                {
                    _socket.Disconnect(false);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_session_dispose_that_waits_in_a_catch_that_rethrows() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class RelaySession
        {
            private readonly Socket _source;

            public RelaySession(Socket source) => _source = source;

            public void Dispose() => Task.Run(() => _source.DisconnectAsync(false).AsTask()).Wait();
        }

        sealed class Relay
        {
            public async Task<bool> CopyAsync(Socket source, Stream target, CancellationToken token)
            {
                var session = new RelaySession(source);
                try
                {
                    var buffer = new byte[4096];
                    var read = await source.ReceiveAsync(buffer, SocketFlags.None, token);
                    await target.WriteAsync(buffer, 0, read, token);
                }
                catch (Exception inner) when (inner is not OperationCanceledException)
                {
                    session.Dispose();
                    throw new IOException("Relay failed", inner);
                }

                return true;
            }
        }
        """);

    [Fact]
    public Task Ignores_helper_whose_only_blocking_is_cleanup_before_its_own_rethrow() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Handshake
        {
            private readonly Socket _socket;

            public Handshake(Socket socket) => _socket = socket;

            public async Task StartAsync()
            {
                await Task.Yield();
                var greeting = Parse(new byte[] { 1, 2 });
            }

            private string Parse(byte[] frame)
            {
                try
                {
                    if (frame.Length < 2)
                    {
                        throw new InvalidDataException("Short greeting");
                    }

                    return frame[0] + "." + frame[1];
                }
                catch (InvalidDataException)
                {
                    _socket.Disconnect(false);
                    throw;
                }
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_disconnect_signal_in_a_block_that_always_ends_in_a_throw() => Verify.VerifyAnalyzerAsync(Usings + ConnectionHead + """

            public async Task<int> ReceiveAsync(Memory<byte> buffer)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    var error = new EndOfStreamException();
                    SignalDisconnected(error);
                    throw error;
                }

                return read;
            }

            public async Task<int> PeekAsync(Memory<byte> buffer) => await _socket.ReceiveAsync(buffer, SocketFlags.Peek) is > 0 and var read
                ? read
                : throw Fail();

            private Exception Fail()
            {
                var error = new EndOfStreamException();
                SignalDisconnected(error);
                return error;
            }

        """ + ConnectionTail);

    [Fact]
    public Task Flags_teardown_helper_in_a_catch_that_swallows_the_exception() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Heartbeat
        {
            private readonly Socket _socket;

            public Heartbeat(Socket socket) => _socket = socket;

            public async Task<bool> PingAsync()
            {
                try
                {
                    await _socket.SendAsync(new byte[] { 0 }, SocketFlags.None);
                    return true;
                }
                catch (SocketException)
                {
                    {|#0:Reset()|};
                    return false;
                }
            }

            private void Reset() => _socket.Disconnect(true);
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Reset' blocks: Reset → Socket.Disconnect; make it async and await 'Socket.DisconnectAsync'"));

    [Fact]
    public Task Flags_helper_that_blocks_in_a_catch_that_falls_back() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ConfigSource
        {
            public async Task<string> LoadAsync(Stream remote)
            {
                await Task.Yield();
                return {|#0:ReadOrFallBack(remote)|};
            }

            private static string ReadOrFallBack(Stream remote)
            {
                try
                {
                    return remote.CanRead ? "remote" : throw new IOException();
                }
                catch (IOException)
                {
                    return File.ReadAllText("fallback.json");
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'ReadOrFallBack' blocks: ReadOrFallBack → File.ReadAllText; make it async and await 'File.ReadAllTextAsync'"));

    [Fact]
    public Task Flags_a_disconnect_signal_in_a_block_that_returns() => Verify.VerifyAnalyzerAsync(Usings + ConnectionHead + """

            public async Task<int> ReceiveAsync(Memory<byte> buffer)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    {|#0:SignalDisconnected(new EndOfStreamException())|};
                    return 0;
                }

                return read;
            }

        """ + ConnectionTail,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'SignalDisconnected' blocks: SignalDisconnected → SemaphoreSlim.Wait; make it async and await 'SemaphoreSlim.WaitAsync'"));
}
