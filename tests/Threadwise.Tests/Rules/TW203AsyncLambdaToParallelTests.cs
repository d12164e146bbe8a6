using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Cpu.TW203AsyncLambdaToParallelAnalyzer, Threadwise.Fixes.Cpu.TW203AsyncLambdaToParallelCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW203AsyncLambdaToParallelTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_an_async_lambda_passed_to_Parallel_ForEach() => Verify.VerifyAnalyzerAsync(Usings + """
        class Downloader
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task DownloadAllAsync(IEnumerable<string> urls, string folder)
            {
                Parallel.ForEach(urls, {|#0:async url =>|}
                {
                    var bytes = await _http.GetByteArrayAsync(url);
                    await File.WriteAllBytesAsync(Path.Combine(folder, Path.GetFileName(url)), bytes);
                });
                await Task.Yield();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("The async lambda passed to 'Parallel.ForEach' runs as 'async void': 'Parallel.ForEach' returns before its work ends, and an exception in it crashes the process"));

    [Fact]
    public Task Flags_async_lambdas_passed_to_Parallel_For_and_Invoke() => Verify.VerifyAnalyzerAsync(Usings + """
        class Warmup
        {
            public async Task RunAsync(HttpClient http, string[] urls)
            {
                await Task.Yield();
                Parallel.For(0, urls.Length, [|async i =>|] await http.GetStringAsync(urls[i]));
                Parallel.Invoke(
                    [|async () =>|] await http.GetStringAsync("a"),
                    () => Console.WriteLine("sync is fine"),
                    [|async delegate|] { await http.GetStringAsync("b"); });
                Parallel.ForEach(urls, new ParallelOptions { MaxDegreeOfParallelism = 4 }, [|async (string url) =>|] await http.GetStringAsync(url));
            }
        }
        """);

    [Fact]
    public Task Flags_an_async_void_method_passed_as_a_method_group() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            public void ImportAll(IEnumerable<string> paths)
            {
                Parallel.ForEach(paths, {|#0:ImportOne|});
            }

            private async void ImportOne(string path)
            {
                var text = await File.ReadAllTextAsync(path);
                Console.WriteLine(text.Length);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("The async method 'ImportOne' passed to 'Parallel.ForEach' runs as 'async void': 'Parallel.ForEach' returns before its work ends, and an exception in it crashes the process"));

    [Fact]
    public Task Flags_in_synchronous_code_too() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            public void ImportAll(IEnumerable<string> paths)
            {
                Parallel.ForEach(paths, [|async path =>|]
                {
                    var text = await File.ReadAllTextAsync(path);
                    Console.WriteLine(text.Length);
                });
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_async_lambdas_passed_to_Parallel_ForEachAsync_and_ForAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        class Downloader
        {
            public async Task DownloadAllAsync(HttpClient http, IEnumerable<string> urls, CancellationToken cancellationToken)
            {
                await Parallel.ForEachAsync(urls, cancellationToken, async (url, ct) => await http.GetStringAsync(url, ct));
                await Parallel.ForAsync(0, 10, async (i, ct) => await Task.Delay(i, ct));
            }
        }
        """);

    [Fact]
    public Task Ignores_non_async_lambdas_passed_to_Parallel() => Verify.VerifyAnalyzerAsync(Usings + """
        class Hasher
        {
            public void HashAll(string[] paths, byte[][] hashes)
            {
                Parallel.For(0, paths.Length, i => hashes[i] = System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(paths[i])));
                Parallel.ForEach(paths, path => Console.WriteLine(path));
                Parallel.Invoke(() => Array.Sort(paths), () => Array.Reverse(hashes));
            }
        }
        """);

    [Fact]
    public Task Ignores_async_lambdas_for_event_handlers_and_other_delegates() => Verify.VerifyAnalyzerAsync(Usings + """
        class Window
        {
            public event EventHandler Loaded;

            public Window(HttpClient http, List<string> urls)
            {
                Loaded += async (sender, e) => await http.GetStringAsync("status");
                Func<string, Task> fetch = async url => await http.GetStringAsync(url);
                var all = Task.WhenAll(urls.Select(async url => await http.GetStringAsync(url)));
                var run = Task.Run(async () => await http.GetStringAsync("x"));
            }
        }
        """);

    [Fact]
    public Task Ignores_async_lambdas_nested_inside_a_non_async_loop_body() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            public void ImportAll(string[] paths)
            {
                Parallel.ForEach(paths, path =>
                {
                    Func<Task<int>> read = async () => (await File.ReadAllTextAsync(path)).Length;
                    Console.WriteLine(read().GetAwaiter().GetResult());
                });
            }
        }
        """);

    [Fact]
    public Task Ignores_a_user_type_that_is_also_named_Parallel() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace Scheduling
        {
            static class Parallel
            {
                public static void ForEach<T>(IEnumerable<T> source, Func<T, Task> body) { }
            }

            class Job
            {
                public void Run(IEnumerable<string> paths) =>
                    Parallel.ForEach(paths, async path => await File.ReadAllTextAsync(path));
            }
        }
        """);

    [Fact]
    public Task Ignores_a_method_group_that_is_not_async() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            public void ImportAll(IEnumerable<string> paths) => Parallel.ForEach(paths, ImportOne);

            private void ImportOne(string path) => Console.WriteLine(File.ReadAllText(path).Length);
        }
        """);

    // ---- code fix --------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_ForEach_becomes_ForEachAsync_with_a_token_parameter() => Verify.VerifyCodeFixAsync(Usings + """
        class Downloader
        {
            public async Task DownloadAllAsync(HttpClient http, IEnumerable<string> urls)
            {
                await Task.Yield();
                Parallel.ForEach(urls, [|async url =>|]
                {
                    var text = await http.GetStringAsync(url);
                    Console.WriteLine(text.Length);
                });
                Parallel.ForEach(urls, new ParallelOptions { MaxDegreeOfParallelism = 2 }, [|async (string url) =>|] await http.GetStringAsync(url));
            }
        }
        """, Usings + """
        class Downloader
        {
            public async Task DownloadAllAsync(HttpClient http, IEnumerable<string> urls)
            {
                await Task.Yield();
                await Parallel.ForEachAsync(urls, async (url, cancellationToken) =>
                {
                    var text = await http.GetStringAsync(url);
                    Console.WriteLine(text.Length);
                });
                await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (string url, CancellationToken cancellationToken) => await http.GetStringAsync(url));
            }
        }
        """);

    [Fact]
    public Task Fix_For_becomes_ForAsync_and_the_token_name_avoids_names_in_scope() => Verify.VerifyCodeFixAsync(Usings + """
        class Warmup
        {
            public async Task RunAsync(HttpClient http, string[] urls, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                Parallel.For(0, urls.Length, [|async i =>|] await http.GetStringAsync(urls[i], cancellationToken));
            }
        }
        """, Usings + """
        class Warmup
        {
            public async Task RunAsync(HttpClient http, string[] urls, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                await Parallel.ForAsync(0, urls.Length, async (i, ct) => await http.GetStringAsync(urls[i], cancellationToken));
            }
        }
        """);

    [Fact]
    public Task Fix_Invoke_becomes_WhenAll_of_Task_Run() => new Verify.Test
    {
        TestCode = Usings + """
        class Warmup
        {
            public async Task RunAsync(HttpClient http)
            {
                await Task.Yield();
                Parallel.Invoke([|async () =>|] await http.GetStringAsync("a"), () => Console.WriteLine("b"), [|async () =>|] await http.GetStringAsync("c"));
            }
        }
        """,
        FixedCode = Usings + """
        class Warmup
        {
            public async Task RunAsync(HttpClient http)
            {
                await Task.Yield();
                await Task.WhenAll(Task.Run(async () => await http.GetStringAsync("a")), Task.Run(() => Console.WriteLine("b")), Task.Run(async () => await http.GetStringAsync("c")));
            }
        }
        """,

        // One fix rewrites the whole Invoke, so it fixes both async lambdas at once.
        NumberOfIncrementalIterations = 1,
    }.RunAsync();

    [Fact]
    public Task Fix_is_not_offered_in_synchronous_code_or_for_loop_state_overloads_or_method_groups() => Verify.VerifyCodeFixAsync(Usings + """
        class Importer
        {
            public void ImportAll(IEnumerable<string> paths)
            {
                Parallel.ForEach(paths, [|async path =>|] await File.ReadAllTextAsync(path));
            }

            public async Task ImportSomeAsync(IEnumerable<string> paths)
            {
                await Task.Yield();
                Parallel.ForEach(paths, [|async (path, state) =>|] { if (path.Length == 0) state.Stop(); await File.ReadAllTextAsync(path); });
                var result = Parallel.ForEach(paths, [|async path =>|] await File.ReadAllTextAsync(path));
                Parallel.ForEach(paths, [|ImportOne|]);
            }

            private async void ImportOne(string path) => await File.ReadAllTextAsync(path);
        }
        """, Usings + """
        class Importer
        {
            public void ImportAll(IEnumerable<string> paths)
            {
                Parallel.ForEach(paths, [|async path =>|] await File.ReadAllTextAsync(path));
            }

            public async Task ImportSomeAsync(IEnumerable<string> paths)
            {
                await Task.Yield();
                Parallel.ForEach(paths, [|async (path, state) =>|] { if (path.Length == 0) state.Stop(); await File.ReadAllTextAsync(path); });
                var result = Parallel.ForEach(paths, [|async path =>|] await File.ReadAllTextAsync(path));
                Parallel.ForEach(paths, [|ImportOne|]);
            }

            private async void ImportOne(string path) => await File.ReadAllTextAsync(path);
        }
        """);

    // Before .NET 6 there is no Parallel.ForEachAsync: a Parallel class declared in the test stands in for that framework.
    private const string ParallelWithoutAsyncLoops = """

        namespace System.Threading.Tasks
        {
            public static class Parallel
            {
                public static void ForEach<T>(IEnumerable<T> source, Action<T> body) { }
                public static void For(int fromInclusive, int toExclusive, Action<int> body) { }
            }
        }
        """;

    [Fact]
    public Task Fix_uses_Task_WhenAll_where_ForEachAsync_does_not_exist() => Verify.VerifyCodeFixAsync(Usings + """
        class Downloader
        {
            public async Task DownloadAllAsync(HttpClient http, List<string> urls)
            {
                await Task.Yield();
                Parallel.ForEach(urls, [|async url =>|] await http.GetStringAsync(url));
                Parallel.For(0, urls.Count, [|async i =>|] await http.GetStringAsync(urls[i]));
            }
        }
        """ + ParallelWithoutAsyncLoops, Usings + """
        class Downloader
        {
            public async Task DownloadAllAsync(HttpClient http, List<string> urls)
            {
                await Task.Yield();
                await Task.WhenAll(urls.Select(async url => await http.GetStringAsync(url)));
                Parallel.For(0, urls.Count, [|async i =>|] await http.GetStringAsync(urls[i]));
            }
        }
        """ + ParallelWithoutAsyncLoops);

    private const string ParallelWithForEachAsyncOnly = """

        namespace System.Threading.Tasks
        {
            public static class Parallel
            {
                public static void For(int fromInclusive, int toExclusive, Action<int> body) { }
                public static Task ForEachAsync<T>(IEnumerable<T> source, Func<T, CancellationToken, ValueTask> body) => Task.CompletedTask;
            }
        }
        """;

    [Fact]
    public Task Fix_uses_ForEachAsync_over_a_range_where_ForAsync_does_not_exist() => Verify.VerifyCodeFixAsync(Usings + """
        class Downloader
        {
            public async Task DownloadAllAsync(HttpClient http, List<string> urls, int skip)
            {
                await Task.Yield();
                Parallel.For(skip + 1, urls.Count, [|async i =>|] await http.GetStringAsync(urls[i]));
            }
        }
        """ + ParallelWithForEachAsyncOnly, Usings + """
        class Downloader
        {
            public async Task DownloadAllAsync(HttpClient http, List<string> urls, int skip)
            {
                await Task.Yield();
                await Parallel.ForEachAsync(Enumerable.Range(skip + 1, urls.Count - (skip + 1)), async (i, cancellationToken) => await http.GetStringAsync(urls[i]));
            }
        }
        """ + ParallelWithForEachAsyncOnly);
}
