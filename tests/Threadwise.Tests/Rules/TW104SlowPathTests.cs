using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A wait on the slow path of a lock-free structure (a slot table that is full, after a non-blocking attempt failed) blocks
/// only under contention, like a lock: TW104 does not follow it (see TW104ContentionFallbackTests for the line). The same
/// wait with no failed attempt before it is followed, and one suppression at the wait ends every chain through it.
/// </summary>
public class TW104SlowPathTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static string EpochTable(string waitStatement) => """
        sealed class EpochTable
        {
            private readonly int[] _slots = new int[128];
            private readonly SemaphoreSlim _waiters = new SemaphoreSlim(0);
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private int _waiterCount;

            public int Resume()
            {
                var slot = 0;
                ReserveEntryForThread(ref slot);
                return slot;
            }

            public void Suspend(int slot)
            {
                Volatile.Write(ref _slots[slot], 0);
                if (Volatile.Read(ref _waiterCount) > 0)
                {
                    _waiters.Release();
                }
            }

            private void ReserveEntryForThread(ref int slot)
            {
                if (TryAcquireEntry(ref slot))
                {
                    return;
                }

                ReserveEntryWait(ref slot);
            }

            private void ReserveEntryWait(ref int slot)
            {
                Interlocked.Increment(ref _waiterCount);
                try
                {
                    while (!TryAcquireEntry(ref slot))
                    {
        """ + "\n" + waitStatement + "\n" + """

                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _waiterCount);
                }
            }

            private bool TryAcquireEntry(ref int slot)
            {
                for (var i = 0; i < _slots.Length; i++)
                {
                    if (Interlocked.CompareExchange(ref _slots[i], Environment.CurrentManagedThreadId, 0) == 0)
                    {
                        slot = i;
                        return true;
                    }
                }

                return false;
            }
        }

        sealed class LogReader
        {
            private readonly EpochTable _epoch = new EpochTable();

            public async Task<int> ReadAsync(CancellationToken token)
            {
                await Task.Delay(1, token);
                var slot = {|#0:_epoch.Resume()|};
                try
                {
                    return slot;
                }
                finally
                {
                    _epoch.Suspend(slot);
                }
            }
        }
        """;

    [Fact]
    public Task Ignores_slot_table_wait_suppressed_at_its_site() => Verify.VerifyAnalyzerAsync(Usings + EpochTable("""
        #pragma warning disable TW102 // runs only when every slot of the table is taken
                        _waiters.Wait(_cts.Token);
        #pragma warning restore TW102
        """).Replace("{|#0:_epoch.Resume()|}", "_epoch.Resume()", StringComparison.Ordinal));

    [Fact]
    public Task Ignores_slot_table_wait_after_a_failed_try_on_an_async_path() => Verify.VerifyAnalyzerAsync(Usings + EpochTable("""
                        _waiters.Wait(_cts.Token);
        """).Replace("{|#0:_epoch.Resume()|}", "_epoch.Resume()", StringComparison.Ordinal));

    [Fact]
    public Task Flags_slot_table_wait_that_no_failed_try_precedes_on_an_async_path() => Verify.VerifyAnalyzerAsync(Usings + EpochTable("""
                        _waiters.Wait(_cts.Token);
        """).Replace("""
                if (TryAcquireEntry(ref slot))
                {
                    return;
                }

                ReserveEntryWait(ref slot);
        """, "        ReserveEntryWait(ref slot);", StringComparison.Ordinal)
            .Replace("while (!TryAcquireEntry(ref slot))", "while (Volatile.Read(ref _waiterCount) > 0)", StringComparison.Ordinal),
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'EpochTable.Resume' blocks: EpochTable.Resume → ReserveEntryForThread → ReserveEntryWait → SemaphoreSlim.Wait; make these methods async and await 'SemaphoreSlim.WaitAsync'"));
}
