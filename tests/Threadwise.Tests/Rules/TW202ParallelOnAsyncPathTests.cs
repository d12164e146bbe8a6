using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Cpu.TW202ParallelOnAsyncPathAnalyzer, Threadwise.Fixes.Cpu.TW202ParallelOnAsyncPathCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW202ParallelOnAsyncPathTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_Parallel_For_ForEach_and_Invoke_in_an_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReportBuilder
        {
            public async Task<double[]> BuildAsync(string path, CancellationToken cancellationToken)
            {
                var lines = await File.ReadAllLinesAsync(path, cancellationToken);
                var scores = new double[lines.Length];
                {|#0:Parallel.For|}(0, lines.Length, i => scores[i] = Score(lines[i]));
                var totals = new ConcurrentBag<double>();
                [|Parallel.ForEach|](lines, new ParallelOptions { CancellationToken = cancellationToken }, line => totals.Add(Score(line)));
                [|Parallel.Invoke|](() => Array.Sort(scores), () => totals.Clear());
                return scores;
            }

            static double Score(string line) => line.Length;
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'Parallel.For' blocks the calling thread until every iteration ends; run it with 'await Task.Run' so the caller is not held"));

    [Fact]
    public Task Flags_PLINQ_queries_that_are_executed() => Verify.VerifyAnalyzerAsync(Usings + """
        class LogSearch
        {
            public async Task<int> SearchAsync(string path, string term)
            {
                var lines = await File.ReadAllLinesAsync(path);
                var hits = lines.AsParallel().Where(l => l.Contains(term)).{|#0:ToList()|};
                var longest = lines.AsParallel().WithDegreeOfParallelism(2).[|Max(l => l.Length)|];
                var total = lines.AsParallel().Select(l => l.Length).[|Sum()|];
                var upper = lines.AsParallel().AsOrdered().Select(l => l.ToUpperInvariant()).[|ToArray()|];
                lines.AsParallel().[|ForAll(l => Console.WriteLine(l))|];
                return hits.Count + longest + total + upper.Length + (lines.AsParallel().[|Any(l => l.Length == 0)|] ? 1 : 0);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("PLINQ 'ToList' blocks the calling thread until the parallel query finishes; run it with 'await Task.Run' so the caller is not held"));

    [Fact]
    public Task Flags_foreach_over_a_PLINQ_query() => Verify.VerifyAnalyzerAsync(Usings + """
        class Indexer
        {
            public async Task IndexAsync(IEnumerable<string> paths, TextWriter output)
            {
                var query = paths.AsParallel().Select(p => p.GetHashCode());
                foreach (var hash in {|#0:query|})
                {
                    await output.WriteLineAsync(hash.ToString());
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'foreach' over the PLINQ query 'query' blocks the calling thread until the parallel query finishes; run it with 'await Task.Run' so the caller is not held"));

    [Fact]
    public Task Flags_in_an_async_event_handler_and_speaks_of_the_UI_thread() => new Verify.Test
    {
        TestCode = Usings + """
            class MainWindow
            {
                public event EventHandler Loaded;
                private readonly List<int> _values = new List<int>();

                public MainWindow()
                {
                    Loaded += async (sender, e) =>
                    {
                        await Task.Delay(10);
                        {|#0:Parallel.For|}(0, _values.Count, i => _values[i] *= 2);
                    };
                }
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithMessage("'Parallel.For' blocks the UI thread until every iteration ends; run it with 'await Task.Run' to keep the UI responsive") },
    }.RunAsync();

    [Fact]
    public Task Message_says_on_a_server_that_offloading_adds_no_throughput() => new Verify.Test
    {
        TestCode = Usings + """
            class ReportEndpoint
            {
                async Task<int> GetAsync(Stream body)
                {
                    var reader = new StreamReader(body);
                    var text = await reader.ReadToEndAsync();
                    return text.Split('\n').AsParallel().{|#0:Count()|};
                }
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithMessage("PLINQ 'Count' blocks the request thread until the parallel query finishes; 'await Task.Run' frees the request thread but adds no throughput on a server") },
    }.RunAsync();

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_Parallel_and_PLINQ_inside_Task_Run() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReportBuilder
        {
            public async Task<int> BuildAsync(int[] values)
            {
                await Task.Run(() => Parallel.For(0, values.Length, i => values[i] *= 2));
                var sum = await Task.Run(() => values.AsParallel().Sum());
                await Task.Run(async () =>
                {
                    await Task.Yield();
                    Parallel.ForEach(values, v => Console.WriteLine(v));
                });
                return sum;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_PLINQ_query_that_is_only_built_or_returned() => Verify.VerifyAnalyzerAsync(Usings + """
        class QueryFactory
        {
            public async Task<ParallelQuery<string>> BuildAsync(string path)
            {
                var lines = await File.ReadAllLinesAsync(path);
                var query = lines.AsParallel().WithDegreeOfParallelism(4).Where(l => l.Length > 0).OrderBy(l => l);
                IEnumerable<string> sequential = query.AsSequential();
                return query;
            }
        }
        """);

    [Fact]
    public Task Ignores_synchronous_code() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReportBuilder
        {
            public int Build(int[] values)
            {
                Parallel.For(0, values.Length, i => values[i] *= 2);
                foreach (var v in values.AsParallel()) { }
                return values.AsParallel().Sum();
            }
        }
        """);

    [Fact]
    public Task Ignores_Parallel_ForEachAsync_and_ForAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        class Downloader
        {
            public async Task DownloadAsync(IEnumerable<string> urls, CancellationToken cancellationToken)
            {
                await Parallel.ForEachAsync(urls, cancellationToken, async (url, ct) => await Task.Delay(url.Length, ct));
                await Parallel.ForAsync(0, 10, cancellationToken, async (i, ct) => await Task.Delay(i, ct));
            }
        }
        """);

    [Fact]
    public Task Ignores_Parallel_calls_with_an_async_lambda_which_TW203_reports() => Verify.VerifyAnalyzerAsync(Usings + """
        class Downloader
        {
            public async Task DownloadAsync(IEnumerable<string> urls)
            {
                await Task.Yield();
                Parallel.ForEach(urls, async url => await Task.Delay(url.Length));
                Parallel.Invoke(async () => await Task.Delay(1));
            }
        }
        """);

    [Fact]
    public Task Ignores_sequential_LINQ_and_queries_turned_sequential() => Verify.VerifyAnalyzerAsync(Usings + """
        class LogSearch
        {
            public async Task<int> SearchAsync(string path)
            {
                var lines = await File.ReadAllLinesAsync(path);
                var a = lines.Where(l => l.Length > 0).ToList();
                var b = lines.AsParallel().Where(l => l.Length > 0).AsSequential().Take(10).ToList();
                return a.Count + b.Count;
            }
        }
        """);

    [Fact]
    public Task Ignores_non_async_lambdas_and_local_functions_in_async_methods() => Verify.VerifyAnalyzerAsync(Usings + """
        class LogSearch
        {
            public async Task<int> SearchAsync(string path)
            {
                var lines = await File.ReadAllLinesAsync(path);
                Func<int> count = () => lines.AsParallel().Count(l => l.Length > 10);
                return count() + Longest();

                int Longest()
                {
                    var longest = 0;
                    Parallel.ForEach(lines, l => Interlocked.Exchange(ref longest, Math.Max(longest, l.Length)));
                    return longest;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_PLINQ_inside_a_Parallel_loop_body_and_where_await_cannot_be_written() => Verify.VerifyAnalyzerAsync(Usings + """
        class Matrix
        {
            private readonly object _gate = new object();

            public async Task<long> SumAsync(int[][] rows)
            {
                await Task.Yield();
                long total = 0;
                await Task.Run(() => Parallel.For(0, rows.Length, i => Interlocked.Add(ref total, rows[i].AsParallel().Sum())));
                lock (_gate)
                {
                    total += rows.AsParallel().Sum(r => r.Length);
                }

                return total;
            }
        }
        """);

    // ---- code fix --------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_runs_the_loop_or_query_with_await_Task_Run() => Verify.VerifyCodeFixAsync(Usings + """
        class ReportBuilder
        {
            public async Task<int> BuildAsync(string path)
            {
                var lines = await File.ReadAllLinesAsync(path);
                var scores = new int[lines.Length];
                [|Parallel.For|](0, lines.Length, i =>
                {
                    scores[i] = lines[i].Length;
                });
                var result = [|Parallel.ForEach|](lines, l => Console.WriteLine(l));
                var hits = lines.AsParallel().Where(l => l.Length > 3).[|ToList()|];
                return hits.Count + lines.AsParallel().[|Sum(l => l.Length)|] * 2;
            }
        }
        """, Usings + """
        class ReportBuilder
        {
            public async Task<int> BuildAsync(string path)
            {
                var lines = await File.ReadAllLinesAsync(path);
                var scores = new int[lines.Length];
                await Task.Run(() => Parallel.For(0, lines.Length, i =>
                {
                    scores[i] = lines[i].Length;
                }));
                var result = await Task.Run(() => Parallel.ForEach(lines, l => Console.WriteLine(l)));
                var hits = await Task.Run(() => lines.AsParallel().Where(l => l.Length > 3).ToList());
                return hits.Count + await Task.Run(() => lines.AsParallel().Sum(l => l.Length)) * 2;
            }
        }
        """);

    [Fact]
    public Task Fix_materializes_a_foreach_query_on_the_thread_pool() => Verify.VerifyCodeFixAsync(Usings + """
        class Indexer
        {
            public async Task IndexAsync(IEnumerable<string> paths, TextWriter output)
            {
                foreach (var hash in [|paths.AsParallel().Select(p => p.GetHashCode())|])
                {
                    await output.WriteLineAsync(hash.ToString());
                }
            }
        }
        """, Usings + """
        class Indexer
        {
            public async Task IndexAsync(IEnumerable<string> paths, TextWriter output)
            {
                foreach (var hash in await Task.Run(() => paths.AsParallel().Select(p => p.GetHashCode()).ToList()))
                {
                    await output.WriteLineAsync(hash.ToString());
                }
            }
        }
        """);

    [Fact]
    public Task Fix_is_not_offered_when_the_call_awaits_in_its_arguments() => Verify.VerifyCodeFixAsync(Usings + """
        class Indexer
        {
            public async Task IndexAsync(Func<Task<string[]>> load)
            {
                [|Parallel.ForEach|](await load(), p => Console.WriteLine(p));
            }
        }
        """, Usings + """
        class Indexer
        {
            public async Task IndexAsync(Func<Task<string[]>> load)
            {
                [|Parallel.ForEach|](await load(), p => Console.WriteLine(p));
            }
        }
        """);
}
