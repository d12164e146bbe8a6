using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A wait on a synchronization primitive that runs only after a non-blocking attempt to take a resource failed
/// (<c>if (TryAcquireSlot(..)) return; gate.Wait();</c>, <c>while ((address = TryAllocate(n)) &lt; 0) BackOff();</c>) blocks
/// only under contention, like a <c>lock</c>: TW104 does not take it as a leaf, nor a back-off helper called there whose
/// only waits are such. Still reported: an unconditional wait, an I/O or task fallback, a consumer waiting for work after
/// an empty queue, an attempt that itself blocks or whose body is not visible, a back-off that also does I/O.
/// </summary>
public class TW104ContentionFallbackTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // A table of slots taken by CAS. Reserve goes straight to ReserveSlow unless a test gives it the fast path first;
    // ReserveSlow's body decides the case.
    private const string StraightToSlowPath = "        ReserveSlow(ref slot);";

    private const string FastPathFirst = """
                if (TryAcquireSlot(ref slot))
                {
                    return;
                }

                ReserveSlow(ref slot);
        """;

    private static string SlotTable(string slowBody, string tryAcquireBody = "return TryClaimAny(ref slot);", string reserveBody = StraightToSlowPath) => """
        sealed class SlotTable
        {
            private readonly int[] _owners = new int[64];
            private readonly SemaphoreSlim _freed = new SemaphoreSlim(0);
            private readonly CancellationTokenSource _disposed = new CancellationTokenSource();
            private int _waiting;

            public int Enter()
            {
                var slot = -1;
                Reserve(ref slot);
                return slot;
            }

            public void Leave(int slot)
            {
                Volatile.Write(ref _owners[slot], 0);
                if (Volatile.Read(ref _waiting) > 0)
                {
                    _freed.Release();
                }
            }

            private void Reserve(ref int slot)
            {
        """ + "\n" + reserveBody + "\n" + """
            }

            private void ReserveSlow(ref int slot)
            {
                Interlocked.Increment(ref _waiting);
                try
                {
        """ + "\n" + slowBody + "\n" + """
                }
                finally
                {
                    Interlocked.Decrement(ref _waiting);
                }
            }

            private bool TryAcquireSlot(ref int slot)
            {
        """ + "\n" + tryAcquireBody + "\n" + """
            }

            private bool TryClaimAny(ref int slot)
            {
                for (var i = 0; i < _owners.Length; i++)
                {
                    if (Interlocked.CompareExchange(ref _owners[i], Environment.CurrentManagedThreadId, 0) == 0)
                    {
                        slot = i;
                        return true;
                    }
                }

                return false;
            }
        }

        sealed class Journal
        {
            private readonly SlotTable _table = new SlotTable();

            public async Task<int> AppendAsync(CancellationToken token)
            {
                await Task.Delay(1, token);
                var slot = {|#0:_table.Enter()|};
                try
                {
                    return slot;
                }
                finally
                {
                    _table.Leave(slot);
                }
            }
        }
        """;

    // ---- must not flag: the slot table's slow path ------------------------------------------------------------

    [Fact]
    public Task Ignores_slot_wait_after_a_try_that_returns_on_success_in_an_endless_loop() => Verify.VerifyAnalyzerAsync(Usings + Quiet(SlotTable("""
                    while (true)
                    {
                        if (TryAcquireSlot(ref slot))
                            return;

                        _freed.Wait(_disposed.Token);
                    }
        """)));

    [Fact]
    public Task Ignores_slot_wait_behind_a_fast_path_try_and_a_retry_loop() => Verify.VerifyAnalyzerAsync(Usings + Quiet(SlotTable("""
                    while (true)
                    {
                        if (TryAcquireSlot(ref slot))
                            return;

                        _freed.Wait(_disposed.Token);
                    }
        """, reserveBody: FastPathFirst)));

    [Fact]
    public Task Ignores_slow_path_helper_that_only_waits_when_called_after_a_failed_try() => Verify.VerifyAnalyzerAsync(Usings + Quiet(SlotTable("""
                    _freed.Wait(_disposed.Token);
                    TryClaimAny(ref slot);
        """, reserveBody: FastPathFirst)));

    [Fact]
    public Task Ignores_slot_wait_in_the_body_of_a_loop_on_a_failed_try() => Verify.VerifyAnalyzerAsync(Usings + Quiet(SlotTable("""
                    while (!TryAcquireSlot(ref slot))
                    {
                        _freed.Wait(_disposed.Token);
                    }
        """)));

    [Fact]
    public Task Ignores_slot_wait_in_a_for_loop_that_breaks_on_success() => Verify.VerifyAnalyzerAsync(Usings + Quiet(SlotTable("""
                    for (;;)
                    {
                        if (TryAcquireSlot(ref slot))
                        {
                            break;
                        }

                        if (_disposed.IsCancellationRequested)
                        {
                            throw new ObjectDisposedException(nameof(SlotTable));
                        }

                        _freed.Wait(TimeSpan.FromMilliseconds(10));
                    }
        """)));

    [Fact]
    public Task Ignores_wait_in_the_then_branch_of_a_negated_try() => Verify.VerifyAnalyzerAsync(Usings + Quiet(SlotTable("""
                    if (!TryAcquireSlot(ref slot))
                    {
                        _freed.Wait(_disposed.Token);
                        TryClaimAny(ref slot);
                    }
        """)));

    [Fact]
    public Task Ignores_wait_after_a_try_that_continues_on_success() => Verify.VerifyAnalyzerAsync(Usings + Quiet(SlotTable("""
                    var claimed = 0;
                    while (claimed < 1)
                    {
                        if (TryAcquireSlot(ref slot))
                        {
                            claimed++;
                            continue;
                        }

                        _freed.Wait(_disposed.Token);
                    }
        """)));

    [Fact]
    public Task Ignores_sleep_in_the_then_branch_of_a_negated_try_with_a_cancellation_operand() => Verify.VerifyAnalyzerAsync(Usings + Quiet(SlotTable("""
                    while (!TryAcquireSlot(ref slot) && !_disposed.IsCancellationRequested)
                    {
                        Thread.Sleep(1);
                    }
        """)));

    [Fact]
    public Task Ignores_spin_then_event_wait_in_the_else_branch_of_a_try() => Verify.VerifyAnalyzerAsync(Usings + Quiet(SlotTable("""
                    var spinner = new SpinWait();
                    do
                    {
                        if (TryAcquireSlot(ref slot))
                        {
                            return;
                        }
                        else
                        {
                            spinner.SpinOnce();
                            _freed.Wait(1);
                        }
                    }
                    while (true);
        """)));

    // ---- must not flag: a bounded back-off helper in an allocation retry loop -------------------------------------

    // A page allocator: TryAllocate returns an address, a negative value for "retry now"; BackOff yields, then waits at
    // most a millisecond on a flush signal (a struct over a semaphore, with a WaitAsync of its own).
    private static string Allocator(string retryLoop, string backOffExtra = "") => """
        struct FlushSignal
        {
            private SemaphoreSlim _semaphore;

            public void Initialize() => _semaphore = new SemaphoreSlim(0);

            public void Set() => _semaphore.Release();

            public bool Wait(TimeSpan timeout) => _semaphore.Wait(timeout);

            public Task<bool> WaitAsync(TimeSpan timeout) => _semaphore.WaitAsync(timeout);
        }

        sealed class PageAllocator
        {
            private long _tail;
            private long _limit = 1 << 20;
            private FlushSignal _flushed;

            public PageAllocator() => _flushed.Initialize();

            public long Allocate(int size)
            {
                long address;
                var spins = 0;
        """ + "\n" + retryLoop + "\n" + """
                return address;
            }

            private long TryAllocate(int size)
            {
                var end = Interlocked.Add(ref _tail, size);
                if (end <= Volatile.Read(ref _limit))
                {
                    return end - size;
                }

                Interlocked.Add(ref _tail, -size);
                return -1;
            }

            private void BackOff(ref int spins)
            {
                if (++spins < 16)
                {
                    Thread.Yield();
                    return;
                }

                _flushed.Wait(TimeSpan.FromMilliseconds(1));
                spins = 0;
        """ + "\n" + backOffExtra + "\n" + """
            }
        }

        sealed class LogWriter
        {
            private readonly PageAllocator _pages = new PageAllocator();

            public async Task<long> EnqueueAsync(byte[] entry, CancellationToken token)
            {
                await Task.Yield();
                return {|#0:_pages.Allocate(entry.Length)|};
            }
        }
        """;

    [Fact]
    public Task Ignores_allocation_loop_whose_back_off_waits_a_millisecond_on_a_flush_signal() => Verify.VerifyAnalyzerAsync(Usings + Quiet(Allocator("""
                while ((address = TryAllocate(size)) < 0)
                {
                    BackOff(ref spins);
                }
        """)));

    [Fact]
    public Task Ignores_allocation_loop_that_compares_the_attempt_without_assigning_it() => Verify.VerifyAnalyzerAsync(Usings + Quiet(Allocator("""
                while (TryAllocate(size) == -1)
                    BackOff(ref spins);
                address = Volatile.Read(ref _tail);
        """)));

    [Fact]
    public Task Ignores_back_off_helper_called_directly_in_an_async_method_after_a_failed_try() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Throttle
        {
            private int _inFlight;

            public async Task SendAsync(Stream destination, byte[] frame, CancellationToken token)
            {
                while (!TryEnterWindow())
                {
                    Pause();
                }

                try
                {
                    await destination.WriteAsync(frame, 0, frame.Length, token);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }

            private bool TryEnterWindow()
            {
                if (Interlocked.Increment(ref _inFlight) <= 8)
                {
                    return true;
                }

                Interlocked.Decrement(ref _inFlight);
                return false;
            }

            private static void Pause() => Thread.Sleep(1);
        }
        """);

    // ---- must flag: where the line is ----------------------------------------------------------------------------

    [Fact]
    public Task Flags_slot_wait_that_no_failed_try_precedes() => Verify.VerifyAnalyzerAsync(Usings + SlotTable("""
                    _freed.Wait(_disposed.Token);
                    TryAcquireSlot(ref slot);
        """),
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'SlotTable.Enter' blocks: SlotTable.Enter → Reserve → ReserveSlow → SemaphoreSlim.Wait; make these methods async and await 'SemaphoreSlim.WaitAsync'"));

    [Fact]
    public Task Flags_file_read_as_the_fallback_of_a_failed_try() => Verify.VerifyAnalyzerAsync(Usings + SlotTable("""
                    if (!TryAcquireSlot(ref slot))
                    {
                        slot = int.Parse(File.ReadAllText("slot.txt"));
                    }
        """),
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'SlotTable.Enter' blocks: SlotTable.Enter → Reserve → ReserveSlow → File.ReadAllText; make these methods async and await 'File.ReadAllTextAsync'"));

    [Fact]
    public Task Flags_task_wait_as_the_fallback_of_a_failed_try() => Verify.VerifyAnalyzerAsync(Usings + SlotTable("""
                    if (!TryAcquireSlot(ref slot))
                    {
                        Task.Run(() => 0).Wait();
                    }
        """),
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Flags_slot_wait_after_a_try_that_itself_blocks() => Verify.VerifyAnalyzerAsync(Usings + SlotTable("""
                    while (!TryAcquireSlot(ref slot))
                    {
                        _freed.Wait(_disposed.Token);
                    }
        """, """
                    File.AppendAllText("slots.log", "probe");
                    return TryClaimAny(ref slot);
        """),
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'SlotTable.Enter' blocks: SlotTable.Enter → Reserve → ReserveSlow → TryAcquireSlot → File.AppendAllText; make these methods async and await 'File.AppendAllTextAsync'"));

    [Fact]
    public Task Flags_wait_in_the_branch_where_the_try_succeeded() => Verify.VerifyAnalyzerAsync(Usings + SlotTable("""
                    if (TryAcquireSlot(ref slot))
                    {
                        _freed.Wait(_disposed.Token);
                    }
        """),
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Flags_wait_that_follows_a_try_joined_with_another_condition() => Verify.VerifyAnalyzerAsync(Usings + SlotTable("""
                    if (TryAcquireSlot(ref slot) && slot > 0)
                    {
                        return;
                    }

                    _freed.Wait(_disposed.Token);
        """),
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Flags_wait_in_a_polling_loop_after_the_try() => Verify.VerifyAnalyzerAsync(Usings + SlotTable("""
                    if (TryAcquireSlot(ref slot))
                    {
                        return;
                    }

                    while (Volatile.Read(ref _owners[0]) != 0)
                    {
                        _freed.Wait(_disposed.Token);
                    }
        """),
        Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task Flags_consumer_that_waits_for_work_after_an_empty_queue() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Inbox
        {
            private readonly ConcurrentQueue<string> _messages = new ConcurrentQueue<string>();
            private readonly SemaphoreSlim _arrived = new SemaphoreSlim(0);

            public string Next()
            {
                while (true)
                {
                    if (TryTakeMessage(out var message))
                    {
                        return message;
                    }

                    _arrived.Wait();
                }
            }

            private bool TryTakeMessage(out string message) => _messages.TryDequeue(out message!);
        }

        sealed class Handler
        {
            private readonly Inbox _inbox = new Inbox();

            public async Task<string> HandleAsync()
            {
                await Task.Yield();
                return {|#0:_inbox.Next()|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Inbox.Next' blocks: Inbox.Next → SemaphoreSlim.Wait; make it async and await 'SemaphoreSlim.WaitAsync'"));

    [Fact]
    public Task Flags_wait_after_a_try_whose_body_is_not_visible() => Verify.VerifyAnalyzerAsync(Usings + """
        interface ISlots
        {
            bool TryAcquireSlot(out int slot);
        }

        sealed class Reservations
        {
            private readonly ISlots _slots;
            private readonly SemaphoreSlim _freed = new SemaphoreSlim(0);

            public Reservations(ISlots slots) => _slots = slots;

            public int Reserve()
            {
                int slot;
                while (!_slots.TryAcquireSlot(out slot))
                {
                    _freed.Wait();
                }

                return slot;
            }
        }

        sealed class Booking
        {
            private readonly Reservations _reservations;

            public Booking(Reservations reservations) => _reservations = reservations;

            public async Task<int> BookAsync()
            {
                await Task.Yield();
                return [|_reservations.Reserve()|];
            }
        }
        """);

    [Fact]
    public Task Flags_allocation_loop_whose_back_off_also_writes_a_file() => Verify.VerifyAnalyzerAsync(Usings + Allocator("""
                while ((address = TryAllocate(size)) < 0)
                {
                    BackOff(ref spins);
                }
        """, """
                File.AppendAllText("stalls.log", "stalled");
        """),
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'PageAllocator.Allocate' blocks: PageAllocator.Allocate → BackOff → FlushSignal.Wait; make these methods async and await 'FlushSignal.WaitAsync'"));

    [Fact]
    public Task Flags_back_off_helper_called_on_every_pass_of_a_loop() => Verify.VerifyAnalyzerAsync(Usings + Allocator("""
                do
                {
                    BackOff(ref spins);
                }
                while ((address = TryAllocate(size)) < 0);
        """),
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'PageAllocator.Allocate' blocks: PageAllocator.Allocate → BackOff → FlushSignal.Wait; make these methods async and await 'FlushSignal.WaitAsync'"));

    [Fact]
    public Task Flags_unbounded_flush_wait_called_outside_the_retry_loop() => Verify.VerifyAnalyzerAsync(Usings + Allocator("""
                address = TryAllocate(size);
                BackOff(ref spins);
        """),
        Verify.Diagnostic().WithLocation(0));

    private static string Quiet(string source) => source.Replace("{|#0:", string.Empty, StringComparison.Ordinal)
        .Replace("()|}", "()", StringComparison.Ordinal)
        .Replace("Length)|}", "Length)", StringComparison.Ordinal);
}
