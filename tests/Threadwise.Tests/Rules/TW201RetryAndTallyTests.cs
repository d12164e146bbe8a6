using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Cpu.TW201CpuHeavyLoopAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW201 on loops whose passes are not a trip count (a compare-and-swap retry, trying candidates until one loads) and on
/// statistics tallied into records (issue 10, shape 8, corpus shapes); the neighbours keep searches, rethrowing attempts,
/// other endless loops and numeric kernels flagged, with messages that name loops by what they walk.
/// </summary>
public class TW201RetryAndTallyTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string SlotTable = """
        sealed class SlotTable
        {
            private readonly int[] _owner = new int[16384];

            public bool OwnsAny(int worker)
            {
                for (int slot = 0; slot < 16384; slot++)
                {
                    if (_owner[slot] == worker)
                        return true;
                }

                return false;
            }

            public SlotTable Without(int worker) => new SlotTable();
        }

        """;

    // ---- retries: must not flag ---------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_compare_and_swap_retry_around_a_constant_slot_scan() => Verify.VerifyAnalyzerAsync(Usings + SlotTable + """
        sealed class Topology
        {
            private SlotTable _current = new SlotTable();

            public async Task<bool> DetachAsync(int worker, bool force)
            {
                while (true)
                {
                    var seen = _current;
                    if (!force && seen.OwnsAny(worker))
                        return false;

                    var next = seen.Without(worker);
                    if (Interlocked.CompareExchange(ref _current, next, seen) == seen)
                        break;
                }

                await Task.Yield();
                return true;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_for_ever_compare_and_swap_retry_that_returns_on_success() => Verify.VerifyAnalyzerAsync(Usings + SlotTable + """
        sealed class Routing
        {
            private SlotTable _table = new SlotTable();

            public async Task<SlotTable> ReassignAsync(int from)
            {
                await Task.Yield();
                for (;;)
                {
                    var snapshot = Volatile.Read(ref _table);
                    if (!snapshot.OwnsAny(from))
                        return snapshot;

                    var updated = snapshot.Without(from);
                    if (ReferenceEquals(Interlocked.CompareExchange(ref _table, updated, snapshot), snapshot))
                        return updated;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_trying_commit_records_until_one_loads() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class CommitStore
        {
            public IEnumerable<long> ListCommits() => new long[0];
            public byte[]? Read(long commit) => null;
        }

        sealed class LogRecovery
        {
            private readonly CommitStore _store = new CommitStore();

            public async Task<long> RecoverAsync()
            {
                long start = 0;
                foreach (var commit in _store.ListCommits())
                {
                    try
                    {
                        if (TryLoad(commit, out var parsed))
                        {
                            start = parsed;
                            break;
                        }
                    }
                    catch
                    {
                    }
                }

                await Task.Yield();
                return start;
            }

            private bool TryLoad(long commit, out long address)
            {
                address = 0;
                var record = _store.Read(commit);
                if (record is null)
                    return false;

                ulong check = 0;
                for (int i = 0; i < record.Length; i++)
                    check ^= (ulong)record[i] << (i & 7);

                if (check == 0)
                    throw new InvalidDataException("bad checksum");

                address = (long)check;
                return true;
            }
        }
        """);

    [Fact]
    public Task Ignores_trying_replicas_until_one_answers_with_a_return_and_a_continue_in_the_catch() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReplicaPicker
        {
            public async Task<int> PickAsync(IReadOnlyList<byte[]> replicas)
            {
                await Task.Yield();
                for (int r = 0; r < replicas.Count; r++)
                {
                    try
                    {
                        var score = Score(replicas[r]);
                        if (score > 0)
                            return r;
                    }
                    catch (InvalidOperationException)
                    {
                        continue;
                    }
                }

                return -1;
            }

            private readonly int[] _weights = new int[4096];

            private int Score(byte[] state)
            {
                int total = 0;
                for (int i = 0; i < _weights.Length; i++)
                    total += state[i % state.Length] * _weights[i];
                return total;
            }
        }
        """);

    [Fact]
    public Task Ignores_trying_older_commits_after_a_guard_that_skips_newer_ones() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Snapshots
        {
            public long[] Numbers() => new long[0];
            public int[]? Open(long number) => null;
        }

        sealed class PointInTimeRestore
        {
            private readonly int[] _weights = new int[4096];

            public async Task<long> RestoreAsync(Snapshots snapshots, long wanted)
            {
                long found = -1;
                foreach (var number in snapshots.Numbers())
                {
                    if (number > wanted)
                        continue;
                    try
                    {
                        var pages = snapshots.Open(number);
                        if (pages != null && Verify(pages))
                        {
                            found = number;
                            break;
                        }
                    }
                    catch (IOException)
                    {
                    }
                }

                await Task.Yield();
                return found;
            }

            private bool Verify(int[] pages)
            {
                long sum = 0;
                for (int i = 0; i < _weights.Length; i++)
                    sum += (long)pages[i % pages.Length] * _weights[i];
                return sum != 0;
            }
        }
        """);

    [Fact]
    public Task Flags_attempts_preceded_by_work_of_their_own() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Scanner
        {
            private readonly int[] _weights = new int[4096];

            public async Task<long> ScanAsync(IReadOnlyList<int[]> blocks)
            {
                await Task.Yield();
                long best = 0;
                [|foreach (var block in blocks)|]
                {
                    best = Math.Max(best, Dot(block));
                    try
                    {
                        if (best > 1_000_000)
                            break;
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }

                return best;
            }

            private long Dot(int[] block)
            {
                long sum = 0;
                for (int i = 0; i < _weights.Length; i++)
                    sum += (long)block[i % block.Length] * _weights[i];
                return sum;
            }
        }
        """);

    // ---- tallies: must not flag ---------------------------------------------------------------------------------

    private const string Stats = """
        sealed class CallCounters
        {
            public long Calls;
            public long Failed;
        }

        sealed class CommandTable
        {
            private readonly CallCounters[] _entries = new CallCounters[300];

            public void Add(CommandTable other)
            {
                int n = Math.Min(_entries.Length, other._entries.Length);
                for (int i = 0; i < n; i++)
                {
                    _entries[i].Calls += other._entries[i].Calls;
                    _entries[i].Failed += other._entries[i].Failed;
                }
            }
        }

        sealed class Session
        {
            public CommandTable Commands { get; } = new CommandTable();
            public long BytesIn { get; set; }
        }

        sealed class Listener
        {
            public List<Session> Sessions { get; } = new List<Session>();
            public long Accepted { get; set; }
        }

        """;

    [Fact]
    public Task Ignores_a_metrics_sampler_that_adds_counters_over_listeners_and_sessions() => Verify.VerifyAnalyzerAsync(Usings + Stats + """
        sealed class Monitor
        {
            private readonly CommandTable _total = new CommandTable();
            private long _bytesIn;
            private long _samples;

            public async Task SampleAsync(IReadOnlyList<Listener> listeners, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    await Task.Delay(1000, token);
                    _samples++;
                    long accepted = 0;
                    foreach (var listener in listeners)
                    {
                        accepted += listener.Accepted;
                        foreach (var session in listener.Sessions)
                        {
                            _total.Add(session.Commands);
                            _bytesIn += session.BytesIn;
                        }
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_counters_kept_in_properties_of_a_report() => Verify.VerifyAnalyzerAsync(Usings + Stats + """
        sealed class Report
        {
            public long Sessions { get; set; }
            public long Bytes { get; set; }
        }

        sealed class Reporter
        {
            public async Task<Report> BuildAsync(IReadOnlyList<Listener> listeners)
            {
                await Task.Yield();
                var report = new Report();
                foreach (var listener in listeners)
                {
                    foreach (var session in listener.Sessions)
                    {
                        report.Sessions++;
                        report.Bytes += session.BytesIn;
                    }
                }

                return report;
            }
        }
        """);

    // ---- must flag ------------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_an_endless_loop_that_only_counts_with_Interlocked_around_a_slot_scan() => Verify.VerifyAnalyzerAsync(Usings + SlotTable + """
        sealed class Balancer
        {
            private SlotTable _table = new SlotTable();
            private int _rounds;

            public async Task<int> SpinAsync(int worker)
            {
                await Task.Yield();
                [|while (true)|]
                {
                    Interlocked.Increment(ref _rounds);
                    if (!_table.OwnsAny(worker))
                        break;
                }

                return _rounds;
            }
        }
        """);

    [Fact]
    public Task Flags_a_search_without_a_try_and_names_the_call_and_the_bound_the_cursor_walks_to() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Archive
        {
            public IEnumerable<byte[]> ListBlocks() => new byte[0][];
        }

        sealed class Finder
        {
            public async Task<byte[]?> FindAsync(Archive archive, ulong expected)
            {
                await Task.Yield();
                {|#0:foreach (var block in archive.ListBlocks())|}
                {
                    if (Fold(block) == expected)
                        return block;
                }

                return null;
            }

            private static ulong Fold(byte[] data)
            {
                ulong acc = 0;
                int pos = 0, end = data.Length;
                while (pos + 4 <= end)
                {
                    acc ^= (ulong)(data[pos] ^ data[pos + 1] ^ data[pos + 2] ^ data[pos + 3]);
                    pos += 4;
                }

                return acc;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'foreach (var block in archive.ListBlocks())' is CPU-heavy (nested loops over 'archive.ListBlocks()' and 'end') on an async path: it holds the calling thread until it finishes"));

    [Fact]
    public Task Flags_attempts_whose_catch_rethrows() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Verifier
        {
            private readonly int[] _weights = new int[4096];

            public async Task<int> VerifyAsync(IReadOnlyList<int[]> pages)
            {
                await Task.Yield();
                int verified = 0;
                [|foreach (var page in pages)|]
                {
                    try
                    {
                        if (Sum(page) < 0)
                            break;
                        verified++;
                    }
                    catch (OverflowException)
                    {
                        throw;
                    }
                }

                return verified;
            }

            private int Sum(int[] page)
            {
                int s = 0;
                for (int i = 0; i < _weights.Length; i++)
                    s += page[i % page.Length] * _weights[i];
                return s;
            }
        }
        """);

    [Fact]
    public Task Flags_sums_accumulated_into_locals_and_array_elements() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Histogram
        {
            public async Task<long[]> BuildAsync(IReadOnlyList<int[]> frames, int pixels)
            {
                await Task.Yield();
                var bins = new long[256];
                [|foreach (var frame in frames)|]
                {
                    for (int i = 0; i < pixels; i++)
                        bins[frame[i] & 255]++;
                }

                return bins;
            }
        }
        """);
}
