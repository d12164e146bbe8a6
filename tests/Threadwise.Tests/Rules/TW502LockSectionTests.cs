using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW502TaskEscapesScopeAnalyzer, Threadwise.Fixes.Correctness.TW502TaskEscapesScopeCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW502 and a task returned from a lock: reported only when starting that task is all the lock section does. A section
/// that also does synchronous work (CAP's channel pool spins on its counter, MassTransit's cache index looks up the node
/// whose task it hands out, an eviction updates its bookkeeping) serves that work, and the task is meant to outlive it.
/// </summary>
public class TW502LockSectionTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Channel
        {
            public static async Task<Channel> OpenAsync()
            {
                await Task.Yield();
                return new Channel();
            }
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_pool_that_waits_for_a_free_slot_under_its_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ChannelPool
        {
            private static readonly object Sync = new object();
            private int _count;
            private readonly int _maxSize = 16;

            public Task<Channel> Rent()
            {
                lock (Sync)
                {
                    while (_count > _maxSize)
                    {
                        Thread.SpinWait(1);
                    }

                    return Channel.OpenAsync();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_cache_index_that_looks_up_the_task_it_hands_out() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Index
        {
            private readonly object _lock = new object();
            private readonly Dictionary<string, Task<string>> _nodes = new Dictionary<string, Task<string>>();

            public Task<string> Get(string key, Func<string, Task<string>> load)
            {
                lock (_lock)
                {
                    if (_nodes.TryGetValue(key, out var existing))
                    {
                        return existing;
                    }

                    var pending = load(key);
                    _nodes[key] = pending;
                    return pending;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_an_eviction_that_updates_its_bookkeeping_before_disposing() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class CacheValue
        {
            private readonly object _lock = new object();
            private readonly Stream _value = new MemoryStream();
            private long _usage = 1;

            public Task Evict()
            {
                lock (_lock)
                {
                    _usage = long.MinValue;
                    return _value.DisposeAsync().AsTask();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_semaphore_section_that_registers_the_request_it_returns() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Requests
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly Dictionary<long, TaskCompletionSource<string>> _pending = new Dictionary<long, TaskCompletionSource<string>>();
            private long _nextId;

            public Task<string> Send(Func<long, Task<string>> send)
            {
                _gate.Wait();
                try
                {
                    var id = ++_nextId;
                    _pending[id] = new TaskCompletionSource<string>();
                    return send(id);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_lock_whose_only_work_is_the_task_kept_in_a_local() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Sender
        {
            private readonly object _sync = new object();

            public Task SendAsync(Stream stream, byte[] frame)
            {
                lock (_sync)
                {
                    var write = stream.WriteAsync(frame, 0, frame.Length);
                    return [|write|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_a_semaphore_section_whose_only_work_is_the_returned_flush() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Writer
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

            public Task FlushAsync(Stream stream)
            {
                _gate.Wait();
                try
                {
                    return [|stream.FlushAsync()|];
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        """);
}
