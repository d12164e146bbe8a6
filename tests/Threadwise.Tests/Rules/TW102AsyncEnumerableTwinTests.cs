using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// .NET 10's System.Linq.AsyncEnumerable gives every LINQ operator an <c>…Async</c> twin (<c>CountAsync</c>, <c>FirstAsync</c>,
/// <c>ToListAsync</c>) as an extension method on <c>IAsyncEnumerable&lt;T&gt;</c>. The name test before the counterpart lookup
/// keeps such names apart and lets them through only for a receiver that is async-enumerable: LINQ on a list, an array or a
/// plain sequence is not looked up at all, and a twin on <c>IAsyncEnumerable&lt;T&gt;</c> still binds where the receiver is one.
/// </summary>
public class TW102AsyncEnumerableTwinTests
{
    private const string Usings = """
        using System.Collections;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_LINQ_on_lists_arrays_and_sequences_in_async_methods() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Report
        {
            public async Task<int> SummarizeAsync(List<int> values, int[] totals, IEnumerable<string> names, Task<int> pending)
            {
                var count = values.Count() + totals.Count(t => t > 0) + names.Count();
                var first = values.First() + totals.Max() + values.Sum();
                var list = names.Where(n => n.Length > 3).ToList();
                var lookup = names.ToDictionary(n => n, n => n.Length);
                return count + first + list.Count + lookup.Count + await pending;
            }
        }
        """);

    // A driver's helpers in its own assembly: a synchronous drain of any sequence, and its twin on IAsyncEnumerable<T> only.
    private const string Driver = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Driver
        {
            public static class RowExtensions
            {
                public static int Drain<T>(this IAsyncEnumerable<T> rows) => 0;

                public static Task<int> DrainAsync<T>(this IAsyncEnumerable<T> rows, CancellationToken cancellationToken = default) => Task.FromResult(0);
            }
        }
        """;

    [Fact]
    public Task Flags_a_call_whose_IAsyncEnumerable_twin_binds_on_an_async_enumerable_receiver() => new Verify.Test
    {
        TestCode = Usings + """
            using Driver;

            // A result set a driver hands out both ways: enumerating it synchronously reads the network.
            public sealed class RemoteRows : IEnumerable<int>, IAsyncEnumerable<int>
            {
                public IEnumerator<int> GetEnumerator() => Enumerable.Empty<int>().GetEnumerator();

                IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

                public IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken cancellationToken = default) => AsyncEnumerable.Empty<int>().GetAsyncEnumerator(cancellationToken);
            }

            public sealed class Importer
            {
                public async Task<int> ImportAsync(RemoteRows rows, List<int> buffered, Task<int> pending)
                {
                    // The twin binds on the async-enumerable result set, not on the list.
                    var count = {|#0:rows.Drain()|} + buffered.Count();
                    return count + await pending;
                }
            }
            """,
        AdditionalReferences = { TestReferences.Library("Driver", Driver) },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0) },
    }.RunAsync();
}
