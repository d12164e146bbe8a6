using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Cleanup in a catch clause whose every path ends in a throw runs only once the async operation has failed: not TW102.
/// So does any other block that always ends in a throw (<c>if (read == 0) { ..; throw error; }</c>). A catch that swallows
/// the exception (recovers, retries, returns), a block that may return, and a try body that throws to its own catch go on
/// as normal code: still reported.
/// </summary>
public class TW102RethrowingCatchTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics.CodeAnalysis;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_socket_teardown_in_a_catch_all_that_rethrows() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class TunnelConnector
        {
            public async Task<Stream> ConnectAsync(EndPoint proxy, byte[] handshake, CancellationToken token)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(proxy, token);
                    await socket.SendAsync(handshake, SocketFlags.None, token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    if (socket.Connected)
                    {
                        socket.Disconnect(false);
                    }

                    socket.Dispose();
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_cleanup_before_a_wrapped_or_conditional_rethrow() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class FrameReader
        {
            private readonly Socket _socket;
            private readonly StreamWriter _trace;

            public FrameReader(Socket socket, StreamWriter trace)
            {
                _socket = socket;
                _trace = trace;
            }

            public async Task<int> ReadAsync(Memory<byte> buffer, CancellationTokenSource timeout)
            {
                try
                {
                    return await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                }
                catch (OperationCanceledException ex)
                {
                    _socket.Disconnect(false);
                    if (timeout.IsCancellationRequested)
                    {
                        throw new TimeoutException("Read timed out", ex);
                    }

                    throw;
                }
                catch (Exception ex)
                {
                    _trace.WriteLine(ex.Message);
                    _trace.Flush();
                    if (ex is SocketException)
                    {
                        throw new IOException(ex.Message, ex);
                    }
                    else
                    {
                        throw;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_cleanup_in_the_throwing_block_of_a_catch_that_otherwise_retries() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Reconnector
        {
            public async Task<Socket> OpenAsync(EndPoint server, int attempts)
            {
                for (var attempt = 1; ; attempt++)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        await socket.ConnectAsync(server);
                        return socket;
                    }
                    catch (SocketException ex)
                    {
                        if (attempt == attempts || ex.SocketErrorCode == SocketError.AccessDenied)
                        {
                            socket.Disconnect(false);
                            throw new IOException("Server unreachable", ex);
                        }

                        await Task.Delay(100 * attempt);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_cleanup_before_a_throw_helper() => Verify.VerifyAnalyzerAsync(Usings + """
        static class ThrowHelper
        {
            [DoesNotReturn]
            public static void ConnectionLost(Exception inner) => throw new IOException("Connection lost", inner);
        }

        sealed class JournalUploader
        {
            private readonly FileStream _journal;

            public JournalUploader(FileStream journal) => _journal = journal;

            public async Task UploadAsync(Stream network, byte[] entry)
            {
                try
                {
                    await network.WriteAsync(entry, 0, entry.Length);
                }
                catch (IOException ex)
                {
                    _journal.Write(entry, 0, entry.Length);
                    _journal.Flush();
                    ThrowHelper.ConnectionLost(ex);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_cleanup_in_an_async_lambda_catch_that_rethrows() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Listener
        {
            public Func<Socket, Task> Handler(EndPoint upstream) => async client =>
            {
                try
                {
                    await client.ConnectAsync(upstream);
                }
                catch (Exception)
                {
                    client.Shutdown(SocketShutdown.Both);
                    client.Disconnect(reuseSocket: false);
                    throw;
                }
            };
        }
        """);

    [Fact]
    public Task Ignores_cleanup_in_a_block_that_always_ends_in_a_throw() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class FrameChannel
        {
            private readonly Socket _socket;
            private readonly StreamWriter _trace;

            public FrameChannel(Socket socket, StreamWriter trace)
            {
                _socket = socket;
                _trace = trace;
            }

            public async Task<int> ReadAsync(Memory<byte> buffer)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    var error = new EndOfStreamException("The server closed the connection");
                    _trace.WriteLine(error.Message);
                    _trace.Flush();
                    _socket.Disconnect(false);
                    throw error;
                }

                return read;
            }

            public async Task<string> ReadStatusAsync(Stream network, StreamReader body)
            {
                var status = new byte[3];
                await network.ReadExactlyAsync(status);
                if (status[0] != (byte)'2')
                {
                    var details = body.ReadToEnd();
                    if (details.Length > 200)
                    {
                        throw new IOException(details.Substring(0, 200));
                    }
                    else
                    {
                        throw new IOException(details);
                    }
                }

                return "ok";
            }
        }
        """);

    // An upload whose catch swallows the socket failure after tracing it to a writer (a file or a network log).
    private static string Uploader(string catchClause) => Usings + """
        sealed class Uploader
        {
            private readonly StreamWriter _trace;

            public Uploader(StreamWriter trace) => _trace = trace;

            public async Task<bool> UploadAsync(Socket socket, byte[] data)
            {
                try
                {
                    await socket.SendAsync(data, SocketFlags.None);
                    return true;
                }
        """ + catchClause + """

            }
        }
        """;

    // FreeRedis's reply reader: in the default section of the type switch, after the section's early return, every path
    // throws; the diagnostic read of what is left in the stream runs only to fill the exception's message.
    [Fact]
    public Task Ignores_reads_in_the_tail_of_a_switch_section_or_block_that_always_throws() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReplyReader
        {
            private readonly Stream _stream;

            public ReplyReader(Stream stream) => _stream = stream;

            public async Task<string> ReadAsync(CancellationToken token)
            {
                var buffer = new byte[1];
                while (true)
                {
                    var read = await _stream.ReadAsync(buffer, 0, 1, token);
                    switch ((char)buffer[0])
                    {
                        case '+':
                            return "ok";
                        case ' ':
                            continue;
                        default:
                            if (read == 0) return "closed";
                            var rest = new byte[16];
                            var dumped = _stream.Read(rest, 0, rest.Length);
                            throw new ProtocolViolationException("unexpected reply " + dumped);
                    }
                }
            }

            public async Task<int> CountAsync(CancellationToken token)
            {
                var buffer = new byte[4];
                var read = await _stream.ReadAsync(buffer, 0, 4, token);
                if (read < 4)
                {
                    if (read == 0) return 0;
                    _stream.Read(buffer, read, 4 - read);
                    throw new EndOfStreamException();
                }

                return BitConverter.ToInt32(buffer, 0);
            }
        }
        """);

    [Fact]
    public Task Flags_reads_in_a_section_tail_that_may_still_return_or_break() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReplyReader
        {
            private readonly Stream _stream;

            public ReplyReader(Stream stream) => _stream = stream;

            public async Task<string> ReadAsync(CancellationToken token)
            {
                var buffer = new byte[1];
                var read = await _stream.ReadAsync(buffer, 0, 1, token);
                switch ((char)buffer[0])
                {
                    case '-':
                        [|_stream.Flush()|];
                        if (read > 0) return "error";
                        throw new ProtocolViolationException("empty error");
                    default:
                        [|_stream.Flush()|];
                        break;
                }

                return "ok";
            }
        }
        """);

    [Fact]
    public Task Ignores_a_trace_of_the_caught_exception_in_a_catch_that_swallows_it() => Verify.VerifyAnalyzerAsync(Uploader("""
                catch (SocketException ex)
                {
                    _trace.WriteLine(ex);
                    _trace.WriteLine(ex.SocketErrorCode.ToString());
                    return false;
                }
        """));

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_cleanup_in_a_catch_that_swallows_the_exception() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class PoolProbe
        {
            public async Task<bool> TryConnectAsync(Socket socket, EndPoint server)
            {
                try
                {
                    await socket.ConnectAsync(server);
                    return true;
                }
                catch (SocketException)
                {
                    [|socket.Disconnect(true)|];
                }

                return false;
            }
        }
        """);

    [Fact]
    public Task Flags_cleanup_in_a_catch_whose_rethrow_is_conditional_or_that_returns() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Spooler
        {
            public async Task<bool> SendAsync(Socket socket, byte[] data, StreamWriter spool, bool strict)
            {
                try
                {
                    await socket.SendAsync(data, SocketFlags.None);
                    return true;
                }
                catch (SocketException)
                {
                    [|socket.Disconnect(false)|];
                    if (strict)
                    {
                        throw;
                    }
                }
                catch (IOException)
                {
                    [|spool.Flush()|];
                    return false;
                }

                return false;
            }
        }
        """);

    [Fact]
    public Task Flags_cleanup_in_a_catch_that_retries_the_loop_before_rethrowing() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Dialer
        {
            public async Task<Socket> DialAsync(EndPoint server)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        await socket.ConnectAsync(server);
                        return socket;
                    }
                    catch (SocketException)
                    {
                        [|socket.Disconnect(true)|];
                        if (attempt < 2)
                        {
                            continue;
                        }

                        throw;
                    }
                }

                throw new InvalidOperationException();
            }
        }
        """);

    [Fact]
    public Task Flags_blocks_that_may_go_on_and_try_bodies_that_throw_to_their_own_catch() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class RetryException : Exception
        {
        }

        sealed class FrameChannel
        {
            private readonly Socket _socket;
            private readonly StreamWriter _trace;

            public FrameChannel(Socket socket, StreamWriter trace)
            {
                _socket = socket;
                _trace = trace;
            }

            public async Task<int> ReadAsync(Memory<byte> buffer, bool strict)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    [|_trace.Flush()|];
                    if (strict)
                    {
                        throw new EndOfStreamException();
                    }
                }

                if (read == 1)
                {
                    [|_socket.Disconnect(true)|];
                    return 0;
                }

                try
                {
                    [|_trace.Flush()|];
                    throw new RetryException();
                }
                catch (RetryException)
                {
                }

                return read;
            }
        }
        """);

    [Fact]
    public Task Flags_a_trace_in_a_catch_that_swallows_the_exception_without_it() => Verify.VerifyAnalyzerAsync(Uploader("""
                catch (SocketException)
                {
                    [|_trace.WriteLine("upload failed")|];
                    return false;
                }
        """));
}
