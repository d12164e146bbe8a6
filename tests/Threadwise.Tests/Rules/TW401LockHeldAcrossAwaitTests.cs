using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Locks.TW401LockHeldAcrossAwaitAnalyzer>;

namespace Threadwise.Tests.Rules;

public class TW401LockHeldAcrossAwaitTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_Monitor_Enter_held_across_an_await_with_the_message_naming_the_call() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly object _gate = new object();

            public async Task SaveAsync(Stream stream, byte[] data)
            {
                {|#0:Monitor.Enter(_gate)|};
                try
                {
                    {|#1:await stream.WriteAsync(data, 0, data.Length)|};
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithMessage("'Monitor.Enter(_gate)' takes a lock that is still held at an await: the code after it may run on another thread, which cannot release the lock; use SemaphoreSlim.WaitAsync"));

    [Fact]
    public Task Flags_the_lockTaken_pattern_with_the_await_inside_the_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly object _gate = new object();

            public async Task<int> CountAsync(Func<Task<int>> load)
            {
                var taken = false;
                try
                {
                    [|Monitor.Enter(_gate, ref taken)|];
                    return await load();
                }
                finally
                {
                    if (taken) Monitor.Exit(_gate);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_Mutex_and_SpinLock_held_across_an_await() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly Mutex _mutex = new Mutex();
            private SpinLock _spin = new SpinLock();

            public async Task SaveAsync()
            {
                [|_mutex.WaitOne()|];
                await Task.Delay(10);
                _mutex.ReleaseMutex();
            }

            public async Task FlushAsync()
            {
                var taken = false;
                [|_spin.Enter(ref taken)|];
                await Task.Yield();
                if (taken) _spin.Exit();
            }
        }
        """);

    [Fact]
    public Task Flags_ReaderWriterLockSlim_held_across_await_foreach_in_an_async_lambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class Index
        {
            private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
            private readonly List<int> _items = new List<int>();

            public Func<IAsyncEnumerable<int>, Task> Loader => async source =>
            {
                [|_rw.EnterWriteLock()|];
                try
                {
                    await foreach (var item in source)
                    {
                        _items.Add(item);
                    }
                }
                finally
                {
                    _rw.ExitWriteLock();
                }
            };
        }
        """);

    [Fact]
    public Task Flags_TryEnter_whose_true_branch_awaits() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly object _gate = new object();

            public async Task RefreshAsync()
            {
                if ([|Monitor.TryEnter(_gate, 100)|])
                {
                    try
                    {
                        await Task.Delay(10);
                    }
                    finally
                    {
                        Monitor.Exit(_gate);
                    }
                }
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_lock_released_before_the_await() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly object _gate = new object();
            private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
            private int _version;

            public async Task SaveAsync(Stream stream, byte[] data)
            {
                int version;
                Monitor.Enter(_gate);
                try
                {
                    version = ++_version;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }

                _rw.EnterReadLock();
                var copy = (byte[])data.Clone();
                _rw.ExitReadLock();

                await stream.WriteAsync(copy, 0, copy.Length);
            }
        }
        """);

    [Fact]
    public Task Ignores_SemaphoreSlim_which_any_thread_may_release() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

            public async Task SaveAsync(Stream stream, byte[] data)
            {
                await _gate.WaitAsync();
                try
                {
                    await stream.WriteAsync(data, 0, data.Length);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_lock_taken_after_the_await_in_a_loop() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            private readonly object _gate = new object();
            private int _ticks;

            public async Task RunAsync(CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(1000, cancellationToken);
                    Monitor.Enter(_gate);
                    try
                    {
                        _ticks++;
                    }
                    finally
                    {
                        Monitor.Exit(_gate);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_an_await_in_the_branch_where_TryEnter_failed() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly object _gate = new object();
            private int _count;

            public async Task<bool> TryBumpAsync()
            {
                if (!Monitor.TryEnter(_gate))
                {
                    await Task.Delay(10);
                    return false;
                }

                try
                {
                    _count++;
                    return true;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }

            public async Task BumpOrWaitAsync()
            {
                if (Monitor.TryEnter(_gate))
                {
                    try { _count++; } finally { Monitor.Exit(_gate); }
                }
                else
                {
                    await Task.Delay(10);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_awaits_inside_lambdas_created_while_the_lock_is_held() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly object _gate = new object();
            private Task? _pending;

            public async Task StartAsync(Func<Task> save)
            {
                Monitor.Enter(_gate);
                try
                {
                    _pending ??= Task.Run(async () => await save());
                }
                finally
                {
                    Monitor.Exit(_gate);
                }

                await _pending;
            }
        }
        """);

    [Fact]
    public Task Ignores_synchronous_code_and_non_async_lambdas() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            private readonly object _gate = new object();
            private readonly Mutex _mutex = new Mutex();

            public void Save(Action write)
            {
                _mutex.WaitOne();
                try { write(); } finally { _mutex.ReleaseMutex(); }
            }

            public async Task SaveAsync(Action write)
            {
                await Task.Run(() =>
                {
                    Monitor.Enter(_gate);
                    try { write(); } finally { Monitor.Exit(_gate); }
                });
            }
        }
        """);
}
