using TW101 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer>;
using TW103 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW101/TW103: a task handed to a wait helper in source that returns only once the task is complete (it waits and throws
/// unless the task ran to completion, or awaits it) is complete after the call, so reading its result there waits for
/// nothing. The helper's body is read; a helper that may return first, or one that could be overridden, proves nothing.
/// </summary>
public class WaitHelperCompletionTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // A driver's task helpers (their own waits on the task they were given are not reported: that task is the caller's):
    // wait with a timeout, then throw unless the task ran to completion; the metrics variant
    // calls it on both of its paths; the generic overload returns the result itself; the async form awaits the task.
    private const string TaskHelper = """
        interface IMetrics { bool Enabled { get; } void CountTimeout(); }

        static class TaskHelper
        {
            public static void WaitToComplete(Task task, int timeout = Timeout.Infinite)
            {
                try
                {
                    task.Wait(timeout);
                }
                catch (AggregateException ex)
                {
                    if (ex.InnerExceptions.Count == 1)
                    {
                        throw ex.InnerExceptions[0];
                    }

                    throw;
                }

                if (task.Status != TaskStatus.RanToCompletion)
                {
                    throw new TimeoutException("The task didn't complete before timeout.");
                }
            }

            public static void WaitToCompleteWithMetrics(IMetrics metrics, Task task, int timeout = Timeout.Infinite)
            {
                if (!metrics.Enabled)
                {
                    WaitToComplete(task, timeout);
                    return;
                }

                try
                {
                    WaitToComplete(task, timeout);
                }
                catch (TimeoutException)
                {
                    metrics.CountTimeout();
                    throw;
                }
            }

            public static T WaitToCompleteWithMetrics<T>(IMetrics metrics, Task<T> task, int timeout = Timeout.Infinite)
            {
                WaitToCompleteWithMetrics(metrics, (Task)task, timeout);
                return task.Result;
            }

            public static async Task WaitToCompleteAsync(this Task task, int timeout = Timeout.Infinite)
            {
                if (timeout == Timeout.Infinite)
                {
                    await task.ConfigureAwait(false);
                    return;
                }

                var timeoutTask = Task.Delay(timeout);
                if (await Task.WhenAny(task, timeoutTask).ConfigureAwait(false) == timeoutTask)
                {
                    throw new TimeoutException();
                }

                await task.ConfigureAwait(false);
            }

            // Returns as soon as the timeout passes, complete or not.
            public static void WaitAtMost(Task task, int timeout) => task.Wait(timeout);
        }

        """;

    [Fact]
    public Task TW103_ignores_Result_after_a_source_wait_helper_that_throws_unless_complete() => new TW103.Test
    {
        TestCode = Usings + TaskHelper + """
            class Mapper
            {
                private readonly IMetrics _metrics;
                private readonly int _timeout = 12000;

                public Mapper(IMetrics metrics) => _metrics = metrics;

                public IEnumerable<string> Fetch(string cql)
                {
                    var t = FetchAsync(cql);
                    TaskHelper.WaitToCompleteWithMetrics(_metrics, t, _timeout);
                    return t.Result;
                }

                public int Count(string cql)
                {
                    Task<int> t = CountAsync(cql);
                    TaskHelper.WaitToComplete(t, _timeout);
                    return t.GetAwaiter().GetResult();
                }

                private async Task<IEnumerable<string>> FetchAsync(string cql) { await Task.Delay(1); return new[] { cql }; }

                private async Task<int> CountAsync(string cql) { await Task.Delay(1); return cql.Length; }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task TW101_ignores_Result_after_awaiting_an_async_helper_over_WhenAll() => new TW101.Test
    {
        TestCode = Usings + TaskHelper + """
            class SchemaCheck
            {
                public async Task<bool> AgreeAsync(Func<string, Task<string>> send, int timeout)
                {
                    var queries = new[] { send("local"), send("peers") };
                    await Task.WhenAll(queries).WaitToCompleteAsync(timeout).ConfigureAwait(false);
                    return queries[0].Result == queries[1].Result;
                }

                public async Task<string> OneAsync(Func<string, Task<string>> send)
                {
                    var query = send("local");
                    await query.WaitToCompleteAsync();
                    return query.Result;
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task TW103_flags_Result_after_a_helper_that_may_return_first() => new TW103.Test
    {
        TestCode = Usings + TaskHelper + """
            class Mapper
            {
                public string First(Func<Task<string>> fetch)
                {
                    var t = fetch();
                    TaskHelper.WaitAtMost(t, 1000);
                    return {|#0:t.Result|};
                }

                public string Second(Func<Task<string>> fetch, bool wait)
                {
                    var t = fetch();
                    if (wait)
                    {
                        TaskHelper.WaitToComplete(t);
                    }

                    return {|#1:t.Result|};
                }
            }
            """,
        ExpectedDiagnostics =
        {
            TW103.Diagnostic().WithLocation(0), TW103.Diagnostic().WithLocation(1),
        },
    }.RunAsync();

    [Fact]
    public Task TW103_flags_Result_after_a_virtual_helper_or_an_unawaited_async_one() => new TW103.Test
    {
        TestCode = Usings + TaskHelper + """
            class Waiter
            {
                public virtual void WaitFor(Task task)
                {
                    try { task.Wait(); } catch (AggregateException) { throw; }
                }
            }

            class Mapper
            {
                public string First(Waiter waiter, Func<Task<string>> fetch)
                {
                    var t = fetch();
                    waiter.WaitFor(t);
                    return {|#0:t.Result|};
                }

                public string Second(Func<Task<string>> fetch)
                {
                    var t = fetch();
                    _ = t.WaitToCompleteAsync();
                    return {|#1:t.Result|};
                }
            }
            """,
        ExpectedDiagnostics =
        {
            TW103.Diagnostic().WithLocation(0), TW103.Diagnostic().WithLocation(1),
        },
    }.RunAsync();

    // ---- elements of completed collections, read through LINQ and dictionaries ----------------------------------

    [Fact]
    public Task TW103_ignores_antecedents_read_through_Skip_and_dictionary_values_awaited_with_WhenAll() => new TW103.Test
    {
        TestCode = Usings + """
            using System.Linq;

            class SchemaParser
            {
                public Task<string[]> ParseAsync(Task<string>[] parts) =>
                    Task.Factory.ContinueWhenAll(parts, all => new[] { all[0].Result }.Concat(all.Skip(1).Select(t => t.Result)).ToArray());

                public async Task<Dictionary<string, int>> ResolveAsync(IEnumerable<string> hosts, Func<string, Task<int>> resolve)
                {
                    var byHost = hosts.ToDictionary(h => h, h => resolve(h));
                    await Task.WhenAll(byHost.Values).ConfigureAwait(false);
                    var ports = byHost.ToDictionary(p => p.Key, p => p.Value.Result);
                    foreach (var pair in byHost)
                    {
                        ports[pair.Key] = pair.Value.Result;
                    }

                    return ports;
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task TW103_flags_values_of_a_dictionary_whose_tasks_were_not_all_awaited() => new TW103.Test
    {
        TestCode = Usings + """
            using System.Linq;

            class Resolver
            {
                public async Task<Dictionary<string, int>> ResolveAsync(IEnumerable<string> hosts, Func<string, Task<int>> resolve)
                {
                    var byHost = hosts.ToDictionary(h => h, h => resolve(h));
                    await Task.WhenAny(byHost.Values).ConfigureAwait(false);
                    var ports = byHost.ToDictionary(p => p.Key, p => {|#0:p.Value.Result|});
                    var other = hosts.ToDictionary(h => h, h => resolve(h));
                    await Task.WhenAll(byHost.Values).ConfigureAwait(false);
                    return other.ToDictionary(p => p.Key, p => {|#1:p.Value.Result|});
                }

                public string[] Firsts(Task<string>[] parts) => parts.Skip(1).Select(t => {|#2:t.Result|}).ToArray();
            }
            """,
        ExpectedDiagnostics = { TW103.Diagnostic().WithLocation(0), TW103.Diagnostic().WithLocation(1), TW103.Diagnostic().WithLocation(2) },
    }.RunAsync();

    // ---- a received response's content stream -----------------------------------------------------------------

    [Fact]
    public Task TW103_ignores_the_content_stream_of_a_received_response() => new TW103.Test
    {
        TestCode = Usings + """
            using System.IO;
            using System.Net.Http;

            sealed class ResultReader
            {
                public static Stream Open(HttpResponseMessage response) =>
                    new BufferedStream(response.Content.ReadAsStreamAsync().GetAwaiter().GetResult(), 4096);

                public static Stream OpenResult(HttpResponseMessage response) => response.Content.ReadAsStreamAsync().Result;
            }
            """,
    }.RunAsync();

    [Fact]
    public Task TW103_flags_reading_a_response_body_and_content_the_caller_built() => new TW103.Test
    {
        TestCode = Usings + """
            using System.IO;
            using System.Net.Http;

            sealed class ResultReader
            {
                public static string Read(HttpResponseMessage response) => {|#0:response.Content.ReadAsStringAsync().Result|};

                public static Stream Open(HttpContent content) => {|#1:content.ReadAsStreamAsync().Result|};
            }
            """,
        ExpectedDiagnostics = { TW103.Diagnostic().WithLocation(0), TW103.Diagnostic().WithLocation(1) },
    }.RunAsync();
}
