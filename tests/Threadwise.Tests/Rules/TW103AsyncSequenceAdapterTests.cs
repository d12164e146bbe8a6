using Microsoft.CodeAnalysis.Testing;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An iterator that exposes an IAsyncEnumerable&lt;T&gt; as an IEnumerable&lt;T&gt; (Stripe's AsyncUtils.ToEnumerable behind
/// its synchronous ListAutoPaging, System.Linq.Async's ToEnumerable) has to block on each MoveNextAsync: IEnumerator.MoveNext
/// is synchronous. A sync-contract bridge, in the iterator and in a private helper only such iterators call (Stripe's
/// Wait(ValueTask)); reported only with threadwise.tw103_report_sync_contract_bridges, never with the make-async fix.
/// </summary>
public class TW103AsyncSequenceAdapterTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // Stripe's shape: the waits live in private helpers that only the adapter calls.
    private const string HelperAdapter = """
        internal static class AsyncUtils
        {
            public static IEnumerable<T> ToEnumerable<T>(IAsyncEnumerable<T> source)
            {
                var e = source.GetAsyncEnumerator(default);
                try
                {
                    while (Wait(e.MoveNextAsync()))
                    {
                        yield return e.Current;
                    }
                }
                finally
                {
                    Wait(e.DisposeAsync());
                }
            }

            private static void Wait(ValueTask task)
            {
                var awaiter = task.GetAwaiter();
                if (!awaiter.IsCompleted)
                {
                    {|#0:task.AsTask().ConfigureAwait(false).GetAwaiter().GetResult()|};
                    return;
                }

                awaiter.GetResult();
            }

            private static T Wait<T>(ValueTask<T> task)
            {
                var awaiter = task.GetAwaiter();
                return awaiter.IsCompleted ? awaiter.GetResult() : {|#1:task.AsTask().ConfigureAwait(false).GetAwaiter().GetResult()|};
            }
        }
        """;

    [Fact]
    public Task Ignores_private_wait_helpers_that_only_an_async_sequence_adapter_calls() =>
        Verify.VerifyAnalyzerAsync(Usings + HelperAdapter.Replace("{|#0:", "").Replace("{|#1:", "").Replace("()|}", "()"));

    [Fact]
    public Task Ignores_waits_in_the_adapter_itself_for_a_sequence_or_an_enumerator() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class Sequences
        {
            public static IEnumerable<T> ToEnumerable<T>(this IAsyncEnumerable<T> source, CancellationToken token = default)
            {
                var e = source.GetAsyncEnumerator(token);
                try
                {
                    while (e.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                    {
                        yield return e.Current;
                    }
                }
                finally
                {
                    e.DisposeAsync().AsTask().Wait();
                }
            }

            public static IEnumerator<T> Enumerate<T>(IAsyncEnumerable<T> source)
            {
                var e = source.GetAsyncEnumerator();
                while (e.MoveNextAsync().AsTask().Result)
                {
                    yield return e.Current;
                }
            }
        }
        """);

    [Fact]
    public Task Flags_the_adapters_waits_when_bridges_are_reported() => new Verify.Test
    {
        TestCode = Usings + HelperAdapter,
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0), Verify.Diagnostic().WithLocation(1) },
    }.RunAsync();

    // The helper also serves an ordinary method; a sequence built in the method (not handed in) is no adapter; a wait in a
    // lambda of the adapter runs whenever the lambda is called.
    [Fact]
    public Task Flags_waits_outside_an_adapter_and_helpers_that_others_call_too() => Verify.VerifyAnalyzerAsync(Usings + """
        internal static class Pages
        {
            public static IEnumerable<T> ToEnumerable<T>(IAsyncEnumerable<T> source)
            {
                var e = source.GetAsyncEnumerator();
                while (Wait(e.MoveNextAsync()))
                {
                    yield return e.Current;
                }
            }

            public static int Count(Func<ValueTask<bool>> next) => Wait(next()) ? 1 : 0;

            private static T Wait<T>(ValueTask<T> task) => [|task.AsTask().GetAwaiter().GetResult()|];

            public static IEnumerable<string> Lines(Func<Task<string>> read)
            {
                yield return [|read().Result|];
            }

            public static IEnumerable<Func<int>> Deferred(IAsyncEnumerable<int> source, Task<int> other)
            {
                yield return () => [|other.Result|];
            }
        }
        """);
}
