using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Locks.TW402BlockingInLockAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Waiting inside a lock on a <c>SemaphoreSlim</c> that its type uses only as a synchronous mutex nests two locks
/// (<c>lock (a) { lock (b) { .. } }</c>); it is not waiting on I/O. A semaphore that async code also awaits stays reported.
/// </summary>
public class TW402SyncMutexTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_sync_mutex_taken_inside_the_write_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ChannelSession
        {
            private readonly object _writeLock = new object();
            private readonly SemaphoreSlim _disposeGate = new SemaphoreSlim(1, 1);
            private Socket? _socket;
            private long _sequence;

            public long NextSequence()
            {
                lock (_writeLock)
                {
                    _disposeGate.Wait();
                    try
                    {
                        return _socket is null ? -1 : ++_sequence;
                    }
                    finally
                    {
                        _disposeGate.Release();
                    }
                }
            }

            public void Close()
            {
                _disposeGate.Wait();
                try
                {
                    _socket?.Dispose();
                    _socket = null;
                }
                finally
                {
                    _disposeGate.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_semaphore_that_async_code_also_awaits_taken_inside_a_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ChannelSession
        {
            private readonly object _writeLock = new object();
            private readonly SemaphoreSlim _sendGate = new SemaphoreSlim(1, 1);
            private long _sequence;

            public long NextSequence()
            {
                lock (_writeLock)
                {
                    [|_sendGate.Wait()|];
                    try
                    {
                        return ++_sequence;
                    }
                    finally
                    {
                        _sendGate.Release();
                    }
                }
            }

            public async Task SendAsync(Func<Task> send)
            {
                await _sendGate.WaitAsync();
                try
                {
                    await send();
                }
                finally
                {
                    _sendGate.Release();
                }
            }
        }
        """);
}
