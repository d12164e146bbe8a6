using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW102 agrees with TW104 on the slow path of a failed resource attempt: a primitive wait written directly in an async
/// method after <c>if (TryAcquireSlot(..)) return;</c> or in <c>while (!TryReserve(..))</c> waits only under contention,
/// like a <c>lock</c>, and is not reported. The same wait with no attempt before it, or after an empty-queue check, is.
/// </summary>
public class TW102ContentionFallbackTests
{
    private static string Pool(string acquire) => """
        using System;
        using System.Collections.Concurrent;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class BufferSlots
        {
            private readonly int[] _taken = new int[16];
            private readonly SemaphoreSlim _returned = new SemaphoreSlim(0);
            private readonly ConcurrentQueue<int> _ready = new ConcurrentQueue<int>();

            public async Task WriteAsync(Stream destination, byte[] payload, CancellationToken token)
            {
                int slot;
        """ + "\n" + acquire + "\n" + """
                try
                {
                    await destination.WriteAsync(payload, 0, payload.Length, token);
                }
                finally
                {
                    Volatile.Write(ref _taken[slot], 0);
                    _returned.Release();
                }
            }

            private bool TryReserveSlot(out int slot)
            {
                for (slot = 0; slot < _taken.Length; slot++)
                {
                    if (Interlocked.Exchange(ref _taken[slot], 1) == 0)
                    {
                        return true;
                    }
                }

                slot = -1;
                return false;
            }

            private bool TryTakeReady(out int slot) => _ready.TryDequeue(out slot);
        }
        """;

    [Fact]
    public Task Ignores_semaphore_wait_in_a_loop_on_a_failed_reserve() => Verify.VerifyAnalyzerAsync(Pool("""
                while (!TryReserveSlot(out slot))
                {
                    _returned.Wait(token);
                }
        """));

    [Fact]
    public Task Ignores_sleep_after_a_reserve_that_breaks_on_success() => Verify.VerifyAnalyzerAsync(Pool("""
                while (true)
                {
                    if (TryReserveSlot(out slot))
                        break;

                    Thread.Sleep(1);
                }
        """));

    [Fact]
    public Task Flags_semaphore_wait_with_no_attempt_before_it() => Verify.VerifyAnalyzerAsync(Pool("""
                [|_returned.Wait(token)|];
                TryReserveSlot(out slot);
        """));

    [Fact]
    public Task Flags_semaphore_wait_for_work_after_an_empty_queue() => Verify.VerifyAnalyzerAsync(Pool("""
                while (!TryTakeReady(out slot))
                {
                    [|_returned.Wait(token)|];
                }
        """));
}
