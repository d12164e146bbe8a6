using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A call in a catch clause that is given the caught exception (or something read from it) hands the failure to its
/// handler: TW104 does not follow it, at the call site or inside a helper. The catch's other calls, a handler given a new
/// exception, and one given an exception kept past the catch are followed as before.
/// </summary>
public class TW104CaughtExceptionHandlerTests
{
    private const string Usings = TW104RethrowingCatchTests.Usings;

    // nats.net's socket wrapper (SignalDisconnected takes, synchronously, the semaphore CloseAsync holds across I/O).
    private static string InConnection(string members) =>
        Usings + TW104RethrowingCatchTests.ConnectionHead + members + TW104RethrowingCatchTests.ConnectionTail;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_the_disconnect_signal_of_a_send_loop_catch() => Verify.VerifyAnalyzerAsync(InConnection("""

            public async Task SendLoopAsync(ReadOnlyMemory<byte> frame, CancellationToken token)
            {
                try
                {
                    while (!token.IsCancellationRequested)
                    {
                        await _socket.SendAsync(frame, SocketFlags.None, token);
                    }
                }
                catch (SocketException e)
                {
                    Console.Error.WriteLine("send failed: " + e.SocketErrorCode);
                    try
                    {
                        // The connection may be half-open: the reconnect loop waits for this signal.
                        SignalDisconnected(e);
                    }
                    catch (Exception e1)
                    {
                        Console.Error.WriteLine(e1);
                    }
                }
            }

        """));

    [Fact]
    public Task Ignores_the_disconnect_signal_of_a_read_loop_catch_that_returns() => Verify.VerifyAnalyzerAsync(InConnection("""

            public async Task ReadLoopAsync(Memory<byte> buffer, TaskCompletionSource<bool> info)
            {
                while (true)
                {
                    try
                    {
                        if (await _socket.ReceiveAsync(buffer, SocketFlags.None) == 0)
                        {
                            return;
                        }
                    }
                    catch (InvalidDataException e)
                    {
                        SignalDisconnected(e);
                        info.TrySetException(e);
                        return;
                    }
                }
            }

        """));

    [Fact]
    public Task Ignores_a_handler_given_what_the_exception_carries() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Tunnel
        {
            private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

            public async Task<bool> ForwardAsync(ReadOnlyMemory<byte> data)
            {
                try
                {
                    await _socket.SendAsync(data, SocketFlags.None);
                    return true;
                }
                catch (AggregateException ex)
                {
                    OnError(ex.GetBaseException());
                    return false;
                }
                catch (IOException ex) when (ex.InnerException is SocketException)
                {
                    Abort((SocketException)ex.InnerException);
                    return false;
                }
            }

            private void OnError(Exception error)
            {
                Console.Error.WriteLine(error.Message);
                _socket.Disconnect(false);
            }

            private void Abort(SocketException error) => _socket.Disconnect(error.SocketErrorCode == SocketError.ConnectionReset);
        }
        """);

    [Fact]
    public Task Ignores_a_helper_whose_blocking_is_its_catch_handing_on_the_exception() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Failures
        {
            public static void ReportTo(this Exception error, Socket socket)
            {
                Console.Error.WriteLine(error);
                socket.Disconnect(false);
            }
        }

        sealed class Relay
        {
            private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

            public async Task<int> RelayAsync(string header)
            {
                await Task.Yield();
                return ParseLength(header);
            }

            private int ParseLength(string header)
            {
                try
                {
                    return int.Parse(header);
                }
                catch (FormatException ex)
                {
                    ex.ReportTo(_socket);
                    return 0;
                }
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_calls_of_the_catch_that_are_not_given_the_exception() => Verify.VerifyAnalyzerAsync(InConnection("""

            public async Task<bool> PingAsync()
            {
                try
                {
                    await _socket.SendAsync(new byte[] { 0 }, SocketFlags.None);
                    return true;
                }
                catch (SocketException e)
                {
                    Console.Error.WriteLine(e);
                    {|#0:Reset()|};
                    {|#1:SignalDisconnected(new IOException("ping failed"))|};
                    return false;
                }
            }

            private void Reset() => _socket.Disconnect(true);

        """),
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Reset' blocks: Reset → Socket.Disconnect; make it async and await 'Socket.DisconnectAsync'"),
        Verify.Diagnostic().WithLocation(1)
            .WithMessage("'SignalDisconnected' blocks: SignalDisconnected → SemaphoreSlim.Wait; make it async and await 'SemaphoreSlim.WaitAsync'"));

    [Fact]
    public Task Flags_a_handler_given_an_exception_kept_past_the_catch() => Verify.VerifyAnalyzerAsync(InConnection("""

            public async Task RunAsync(ReadOnlyMemory<byte> frame)
            {
                Exception failure = null;
                try
                {
                    await _socket.SendAsync(frame, SocketFlags.None);
                }
                catch (SocketException e)
                {
                    failure = e;
                }

                if (failure != null)
                {
                    {|#0:SignalDisconnected(failure)|};
                }
            }

        """),
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'SignalDisconnected' blocks: SignalDisconnected → SemaphoreSlim.Wait; make it async and await 'SemaphoreSlim.WaitAsync'"));
}
