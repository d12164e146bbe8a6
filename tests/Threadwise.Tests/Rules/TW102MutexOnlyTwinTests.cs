using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using VerifyHelper = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW102/TW104 and an async twin that is async only for a lock (Lavalink4NET's <c>GetPlayer</c> beside
/// <c>GetPlayerAsync</c>): every await of the twin is <c>WaitAsync</c> on a semaphore its type uses only as a mutex around
/// synchronous work, so the synchronous sibling, which takes the same mutex with <c>Wait()</c>, blocks no longer than a
/// <c>lock</c> would. A twin that awaits anything else, or a semaphore that is no mutex, stays a counterpart.
/// </summary>
public class TW102MutexOnlyTwinTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Tracker = """
        sealed class Tracker
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly Dictionary<ulong, int> _states = new Dictionary<ulong, int>();

            public async ValueTask<int> GetStateAsync(ulong id, CancellationToken cancellationToken = default)
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return _states.TryGetValue(id, out var state) ? state : 0;
                }
                finally
                {
                    _gate.Release();
                }
            }

            internal int GetState(ulong id)
            {
                _gate.Wait();
                try
                {
                    return _states.TryGetValue(id, out var state) ? state : 0;
                }
                finally
                {
                    _gate.Release();
                }
            }

            public void Report(ulong id, int state)
            {
                _gate.Wait();
                try
                {
                    _states[id] = state;
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
    public Task Ignores_the_sync_sibling_of_a_twin_that_only_awaits_a_mutex() => Verify.VerifyAnalyzerAsync(Usings + Tracker + """
        sealed class Dispatch
        {
            public async ValueTask InvokeAsync(Tracker tracker, ulong id, Stream output)
            {
                var state = tracker.GetState(id);
                await output.WriteAsync(new[] { (byte)state }, 0, 1);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_helper_chain_to_the_sync_sibling() => VerifyHelper.VerifyAnalyzerAsync(Usings + Tracker + """
        sealed class Dispatch
        {
            public async ValueTask InvokeAsync(Tracker tracker, ulong id, Stream output)
            {
                var state = Describe(tracker, id);
                await output.WriteAsync(new[] { (byte)state }, 0, 1);
            }

            private static int Describe(Tracker tracker, ulong id) => tracker.GetState(id) + 1;
        }
        """);

    [Fact]
    public Task Ignores_a_twin_over_a_get_only_semaphore_property() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Registry
        {
            private SemaphoreSlim Gate { get; } = new SemaphoreSlim(1);
            private readonly List<string> _names = new List<string>();

            public async Task AddAsync(string name)
            {
                await Gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    _names.Add(name);
                }
                finally
                {
                    Gate.Release();
                }
            }

            public void Add(string name)
            {
                Gate.Wait();
                try
                {
                    _names.Add(name);
                }
                finally
                {
                    Gate.Release();
                }
            }
        }

        sealed class Loader
        {
            public async Task LoadAsync(Registry registry, TextReader reader)
            {
                string? line;
                while ((line = await reader.ReadLineAsync()) != null)
                {
                    registry.Add(line);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_the_sibling_of_a_twin_that_takes_the_mutex_twice() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Counters
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();
            private int _total;

            public async Task<int> BumpAsync(string key)
            {
                await _gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    _counts[key] = _counts.TryGetValue(key, out var count) ? count + 1 : 1;
                }
                finally
                {
                    _gate.Release();
                }

                await _gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    return ++_total;
                }
                finally
                {
                    _gate.Release();
                }
            }

            public int Bump(string key)
            {
                _gate.Wait();
                try
                {
                    _counts[key] = _counts.TryGetValue(key, out var count) ? count + 1 : 1;
                    return ++_total;
                }
                finally
                {
                    _gate.Release();
                }
            }
        }

        sealed class Handler
        {
            public async Task HandleAsync(Counters counters, Stream body)
            {
                var total = counters.Bump("requests");
                await body.WriteAsync(new[] { (byte)total }, 0, 1);
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_sibling_of_a_twin_that_also_awaits_io() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Journal
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly Stream _file = Stream.Null;

            public async Task AppendAsync(byte[] entry)
            {
                await _gate.WaitAsync();
                try
                {
                    await _file.WriteAsync(entry, 0, entry.Length);
                }
                finally
                {
                    _gate.Release();
                }
            }

            public void Append(byte[] entry)
            {
                _gate.Wait();
                try
                {
                    _file.Write(entry, 0, entry.Length);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }

        sealed class Writer
        {
            public async Task WriteAsync(Journal journal, byte[] entry)
            {
                [|journal.Append(entry)|];
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Flags_the_sibling_of_a_twin_whose_holders_resume_on_the_context() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Registry
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly List<string> _names = new List<string>();

            public async Task AddAsync(string name)
            {
                await _gate.WaitAsync();
                try
                {
                    _names.Add(name);
                }
                finally
                {
                    _gate.Release();
                }
            }

            public void Add(string name)
            {
                _gate.Wait();
                try
                {
                    _names.Add(name);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }

        sealed class Loader
        {
            public async Task LoadAsync(Registry registry, TextReader reader)
            {
                string? line;
                while ((line = await reader.ReadLineAsync()) != null)
                {
                    [|registry.Add(line)|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_the_sibling_of_a_twin_that_awaits_a_throttle() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Pool
        {
            private readonly SemaphoreSlim _slots = new SemaphoreSlim(4, 4);
            private int _taken;

            public async Task TakeAsync()
            {
                await _slots.WaitAsync();
                _taken++;
            }

            public void Take()
            {
                _slots.Wait();
                _taken++;
            }
        }

        sealed class User
        {
            public async Task UseAsync(Pool pool)
            {
                [|pool.Take()|];
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Flags_the_sibling_of_a_twin_that_also_waits_for_time() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Throttle
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

            public async Task PauseAsync()
            {
                await _gate.WaitAsync();
                _gate.Release();
                await Task.Delay(100);
            }

            public void Pause()
            {
                _gate.Wait();
                _gate.Release();
                Thread.Sleep(100);
            }
        }

        sealed class User
        {
            public async Task UseAsync(Throttle throttle)
            {
                [|throttle.Pause()|];
                await Task.Yield();
            }
        }
        """);
}
