using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// <c>SemaphoreSlim.Wait</c> on a private <c>SemaphoreSlim(1, 1)</c> that its type uses only as a synchronous mutex, around
/// a section that never awaits, is the same as a <c>lock</c>: not TW102. Mixed use and sections that span an await stay reported.
/// </summary>
public class TW102SyncMutexTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_sync_mutex_around_a_counter_in_an_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class StatementCache
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly Dictionary<string, int> _hits = new Dictionary<string, int>();

            public async Task<string> PrepareAsync(string sql, Func<string, Task<string>> prepare)
            {
                _gate.Wait();
                try
                {
                    _hits.TryGetValue(sql, out var hits);
                    _hits[sql] = hits + 1;
                }
                finally
                {
                    _gate.Release();
                }

                return await prepare(sql);
            }
        }
        """);

    [Fact]
    public Task Ignores_sync_mutex_with_a_timeout_in_an_async_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ListenerRegistry
        {
            private readonly SemaphoreSlim _listenersLock = new SemaphoreSlim(1);
            private readonly List<string> _listeners = new List<string>();

            public Func<string, Task> CreateHandler() => async name =>
            {
                if (_listenersLock.Wait(TimeSpan.FromSeconds(1)))
                {
                    try
                    {
                        _listeners.Add(name);
                    }
                    finally
                    {
                        _listenersLock.Release();
                    }
                }

                await Task.Yield();
            };
        }
        """);

    // Lavalink4NET's inactivity tracker: a semaphore that async holders take with ConfigureAwait(false) and never hold
    // across an await, waited on synchronously in an async dispatch loop.
    [Fact]
    public Task Ignores_sync_wait_on_a_mutex_async_holders_take_configured_without_awaiting_inside() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class InactivityTracker
        {
            private readonly SemaphoreSlim _playersLock;
            private readonly Dictionary<ulong, string> _trackingMap = new Dictionary<ulong, string>();

            public InactivityTracker() => _playersLock = new SemaphoreSlim(1, 1);

            public async Task RemoveAsync(ulong guildId)
            {
                await _playersLock.WaitAsync().ConfigureAwait(false);

                try
                {
                    _trackingMap.Remove(guildId);
                }
                finally
                {
                    _playersLock.Release();
                }
            }

            public async ValueTask<string> GetPlayerAsync(ulong guildId, CancellationToken cancellationToken = default)
            {
                await _playersLock.WaitAsync(cancellationToken).ConfigureAwait(false);

                try
                {
                    return _trackingMap.TryGetValue(guildId, out var state) ? state : "idle";
                }
                finally
                {
                    _playersLock.Release();
                }
            }

            public string GetPlayer(ulong guildId)
            {
                _playersLock.Wait();

                try
                {
                    return _trackingMap.TryGetValue(guildId, out var state) ? state : "idle";
                }
                finally
                {
                    _playersLock.Release();
                }
            }

            public async Task DispatchAsync(ulong guildId, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                var state = "active";
                _playersLock.Wait();
                try
                {
                    _trackingMap[guildId] = state;
                }
                finally
                {
                    _playersLock.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_sync_wait_on_a_semaphore_the_type_also_awaits() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SessionTable
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly Dictionary<int, string> _sessions = new Dictionary<int, string>();

            public async Task AddAsync(int id, string name)
            {
                [|_gate.Wait()|];
                try
                {
                    _sessions[id] = name;
                }
                finally
                {
                    _gate.Release();
                }

                await Task.Yield();
            }

            public async Task RemoveAsync(int id)
            {
                await _gate.WaitAsync();
                try
                {
                    _sessions.Remove(id);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Flags_sync_wait_on_a_mutex_held_across_an_await() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class TokenRefresher
        {
            private readonly SemaphoreSlim _refreshLock = new SemaphoreSlim(1, 1);
            private string? _token;

            public async Task<string?> RefreshAsync(Func<Task<string>> fetch)
            {
                [|_refreshLock.Wait()|];
                try
                {
                    _token = await fetch();
                    return _token;
                }
                finally
                {
                    _refreshLock.Release();
                }
            }
        }
        """);
}
