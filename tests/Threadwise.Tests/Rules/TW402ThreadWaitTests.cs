using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Locks.TW402BlockingInLockAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW402 on waits for another thread, process or handle inside a lock, with or without a timeout (issue 10): the lock is
/// held for as long as the wait lasts, even where no async overload takes the same arguments.
/// </summary>
public class TW402ThreadWaitTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_WaitForExit_with_a_timeout_and_names_it() => Verify.VerifyAnalyzerAsync(Usings + """
        class Transcoder
        {
            private readonly object _gate = new object();
            private Process? _ffprobe;

            public bool Probe(string path)
            {
                lock (_gate)
                {
                    _ffprobe = Process.Start("ffprobe", path);
                    return {|#0:_ffprobe.WaitForExit(5000)|};
                }
            }
        }
        """,
        Verify.Diagnostic("TW402").WithLocation(0)
            .WithMessage("'Process.WaitForExit' waits up to '5000' ms while the lock on '_gate' is held: every thread that needs the lock waits as long"));

    [Fact]
    public Task Flags_WaitOne_and_task_Wait_with_a_timeout() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            private readonly object _sync = new object();
            private readonly AutoResetEvent _replied = new AutoResetEvent(false);

            public bool Send(Task pending, TimeSpan timeout)
            {
                lock (_sync)
                {
                    if (!{|#0:_replied.WaitOne(timeout)|})
                    {
                        return false;
                    }

                    return {|#1:pending.Wait(timeout)|};
                }
            }
        }
        """,
        Verify.Diagnostic("TW402").WithLocation(0)
            .WithMessage("'AutoResetEvent.WaitOne' waits up to 'timeout' while the lock on '_sync' is held: every thread that needs the lock waits as long"),
        Verify.Diagnostic("TW402").WithLocation(1)
            .WithMessage("'pending.Wait(timeout)' waits up to 'timeout' while the lock on '_sync' is held: every thread that needs the lock waits as long"));

    [Fact]
    public Task Flags_slim_events_semaphores_joins_and_handle_waits() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            private readonly object _gate = new object();
            private readonly ManualResetEventSlim _stopped = new ManualResetEventSlim();
            private readonly SemaphoreSlim _slots = new SemaphoreSlim(4);
            private readonly Thread _thread = new Thread(() => { });

            public void Stop(WaitHandle[] handles, int milliseconds)
            {
                lock (_gate)
                {
                    [|_stopped.Wait(milliseconds)|];
                    [|_slots.Wait(TimeSpan.FromSeconds(1))|];
                    [|_thread.Join(milliseconds)|];
                    [|_thread.Join()|];
                    [|WaitHandle.WaitAll(handles, 1000)|];
                }
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_zero_timeouts_which_only_poll() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller
        {
            private readonly object _gate = new object();
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);
            private readonly ManualResetEventSlim _done = new ManualResetEventSlim();
            private readonly SemaphoreSlim _slots = new SemaphoreSlim(1);

            public bool TryTake(Task pending, Process process)
            {
                lock (_gate)
                {
                    return _ready.WaitOne(0) && _done.Wait(TimeSpan.Zero) && _slots.Wait(0)
                        && pending.Wait(0) && process.WaitForExit(0);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_Monitor_Wait_which_releases_the_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class BoundedQueue
        {
            private readonly object _gate = new object();
            private readonly Queue<int> _items = new Queue<int>();

            public bool TryDequeue(out int item, int timeout)
            {
                lock (_gate)
                {
                    while (_items.Count == 0)
                    {
                        if (!Monitor.Wait(_gate, timeout))
                        {
                            item = 0;
                            return false;
                        }
                    }

                    item = _items.Dequeue();
                    Monitor.PulseAll(_gate);
                    return true;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_waits_on_a_completed_task_and_waits_outside_the_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            private readonly object _gate = new object();
            private Task<int> _load = Task.FromResult(0);

            public int Get(Process process, AutoResetEvent signal)
            {
                process.WaitForExit(5000);
                signal.WaitOne(TimeSpan.FromSeconds(5));
                lock (_gate)
                {
                    if (_load.IsCompleted)
                    {
                        _load.Wait(1000);
                        return _load.Result;
                    }

                    return Task.FromResult(1).Wait(100) ? 1 : 0;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_waits_in_lambdas_started_from_the_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        class Supervisor
        {
            private readonly object _gate = new object();
            private Task? _watch;

            public void Watch(Process process, WaitHandle exited)
            {
                lock (_gate)
                {
                    _watch ??= Task.Run(() =>
                    {
                        process.WaitForExit(30_000);
                        exited.WaitOne(1000);
                    });
                }
            }
        }
        """);
}
