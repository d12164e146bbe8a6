using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A pause after the try of a retry loop, where every normal end of the try block leaves the loop (return, break, throw),
/// runs only after a caught failure: it is the back-off of the retry, not TW103. A pause that paces every attempt (before
/// the try, after a try that can fall through, in a polling loop without a try) is still reported.
/// </summary>
public class TW103RetryPauseAfterTryTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_delay_after_the_catch_of_a_loop_whose_try_returns_the_opened_file() => Verify.VerifyAnalyzerAsync(Usings + """
        static class LockedFile
        {
            public static FileStream OpenExclusive(string path, int maxAttempts)
            {
                var attempt = 0;
                var jitter = new Random();
                while (attempt <= maxAttempts)
                {
                    try
                    {
                        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                        return stream;
                    }
                    catch (IOException) when (attempt < maxAttempts)
                    {
                        attempt++;
                    }
                    catch (UnauthorizedAccessException)
                    {
                        if (++attempt > maxAttempts)
                        {
                            throw;
                        }
                    }

                    // Another process holds the file: wait a little and try again.
                    var pause = jitter.Next(1, 120);
                    Task.Delay(pause).Wait();
                }

                throw new IOException("gave up on " + path);
            }
        }
        """);

    [Fact]
    public Task Ignores_thread_sleep_after_a_try_that_breaks_out_on_success() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class BrokerLink
        {
            private TcpClient? _client;

            public void Connect(string host, int port)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        _client = new TcpClient(host, port);
                        break;
                    }
                    catch (SocketException) when (attempt < 4)
                    {
                    }

                    Thread.Sleep(TimeSpan.FromMilliseconds(250 * attempt));
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_awaiter_pause_in_an_if_after_a_try_that_returns_or_throws() => Verify.VerifyAnalyzerAsync(Usings + """
        static class JournalReader
        {
            public static string ReadAll(string path)
            {
                var failures = 0;
                do
                {
                    try
                    {
                        if (path.Length == 0)
                        {
                            throw new ArgumentException("empty path");
                        }

                        return File.ReadAllText(path);
                    }
                    catch (IOException)
                    {
                        failures++;
                    }

                    if (failures > 1)
                    {
                        Task.Delay(failures * 20).ConfigureAwait(false).GetAwaiter().GetResult();
                    }
                }
                while (failures < 5);

                return string.Empty;
            }
        }
        """);

    [Fact]
    public Task Ignores_pause_after_the_try_of_a_foreach_over_back_off_delays() => Verify.VerifyAnalyzerAsync(Usings + """
        static class LeaseFile
        {
            private static readonly int[] Delays = { 10, 50, 200 };

            public static bool TryTake(string path)
            {
                foreach (var delay in Delays)
                {
                    try
                    {
                        using (File.Open(path, FileMode.CreateNew))
                        {
                            return true;
                        }
                    }
                    catch (IOException)
                    {
                        // someone else holds the lease right now
                    }

                    Task.Delay(delay).Wait();
                }

                return false;
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_delay_after_a_try_that_falls_through_when_the_attempt_succeeds() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class QueueDrainer
        {
            private readonly Queue<string> _pending = new Queue<string>();

            public void Drain(Action<string> send)
            {
                while (_pending.Count > 0)
                {
                    try
                    {
                        send(_pending.Peek());
                        _pending.Dequeue();
                    }
                    catch (IOException)
                    {
                        return;
                    }

                    {|#0:Task.Delay(5).Wait()|};
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Flags_delay_before_the_try_and_a_polling_wait_without_a_try() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReadyProbe
        {
            private readonly Func<bool> _isReady;

            public ReadyProbe(Func<bool> isReady) => _isReady = isReady;

            public bool WaitForFile(string path)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    {|#0:Task.Delay(100).Wait()|};
                    try
                    {
                        return File.Exists(path);
                    }
                    catch (IOException)
                    {
                    }
                }

                return false;
            }

            public void WaitUntilReady()
            {
                while (!_isReady())
                {
                    {|#1:Task.Delay(50).Wait()|};
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0),
        Verify.Diagnostic().WithLocation(1));

    [Fact]
    public Task Flags_delay_after_a_try_whose_success_continues_with_a_goto_past_the_catch() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Poller
        {
            public int Poll(Func<int> read)
            {
                var total = 0;
                while (total < 100)
                {
                    try
                    {
                        total += read();
                        goto wait;
                    }
                    catch (IOException)
                    {
                        return total;
                    }

                wait:
                    {|#0:Task.Delay(10).Wait()|};
                }

                return total;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0));
}
