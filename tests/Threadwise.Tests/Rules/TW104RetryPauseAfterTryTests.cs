using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A helper whose only pause follows the try of a retry loop that returns on success is not a blocking leaf for TW104:
/// the pause runs only after a failed attempt. A helper that pauses on every pass, or does I/O after the pause, still is.
/// </summary>
public class TW104RetryPauseAfterTryTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_cache_lookups_whose_disk_load_pauses_only_after_a_failed_open() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class EndpointCache
        {
            private readonly Dictionary<string, string> _endpoints = new Dictionary<string, string>();
            private readonly string _cacheFile;
            private bool _loaded;

            public EndpointCache(string cacheFile) => _cacheFile = cacheFile;

            public async Task<string?> ResolveAsync(string service)
            {
                await Task.Yield();
                return Find(service);
            }

            public async Task<int> CountAsync()
            {
                await Task.Yield();
                return Count;
            }

            private int Count
            {
                get
                {
                    EnsureLoaded();
                    return _endpoints.Count;
                }
            }

            private string? Find(string service)
            {
                EnsureLoaded();
                return _endpoints.TryGetValue(service, out var url) ? url : null;
            }

            private void EnsureLoaded()
            {
                if (_loaded)
                {
                    return;
                }

                using (var stream = OpenShared(_cacheFile))
                {
                    _endpoints["self"] = stream is null ? "none" : stream.Length.ToString();
                }

                _loaded = true;
            }

            private static Stream? OpenShared(string path)
            {
                var retries = 0;
                Random? random = null;
                while (retries <= 10)
                {
                    try
                    {
                        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                    }
                    catch (FileNotFoundException)
                    {
                        return null;
                    }
                    catch (IOException) when (retries < 10)
                    {
                    }

                    random ??= new Random();
                    Task.Delay(random.Next(1, 150)).Wait();
                    retries++;
                }

                return null;
            }
        }
        """);

    [Fact]
    public Task Ignores_thread_sleep_after_a_try_that_breaks_out_when_the_lock_file_is_created() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class InstallLock
        {
            public async Task RunExclusiveAsync(string lockPath, Func<Task> work)
            {
                Acquire(lockPath);
                await work();
            }

            private static void Acquire(string lockPath)
            {
                var attempts = 0;
                while (true)
                {
                    try
                    {
                        File.Open(lockPath, FileMode.CreateNew).Close();
                        break;
                    }
                    catch (IOException) when (++attempts < 20)
                    {
                    }

                    Thread.Sleep(100);
                }
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_helper_that_pauses_after_every_successful_batch() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class LogShipper
        {
            public async Task ShipAsync(Queue<string> lines, Action<string> send)
            {
                await Task.Yield();
                {|#0:Pace(lines, send)|};
            }

            private static void Pace(Queue<string> lines, Action<string> send)
            {
                while (lines.Count > 0)
                {
                    try
                    {
                        send(lines.Dequeue());
                    }
                    catch (InvalidOperationException)
                    {
                        break;
                    }

                    Thread.Sleep(20);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Flags_helper_that_polls_a_probe_and_pauses_when_the_probe_says_not_yet() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ServiceStarter
        {
            public async Task<int> StartAsync(Func<bool> isListening)
            {
                await Task.Yield();
                return {|#0:WaitForListener(isListening)|};
            }

            private static int WaitForListener(Func<bool> isListening)
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        if (isListening())
                        {
                            return attempt;
                        }
                    }
                    catch (IOException) when (attempt < 3)
                    {
                    }

                    Task.Delay(10).Wait();
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0));
}
