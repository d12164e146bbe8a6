using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;
using VerifyHelper = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW103 and waits for synchronous pool work that is joined or cached for every caller (MassTransit's assembly-type cache:
/// scans of several assemblies started with <c>Task.Factory.StartNew</c>, kept in a <c>ConcurrentDictionary</c>, joined with
/// <c>ContinueWhenAll</c> and waited for by the synchronous registration API). A cache anything else can fill, an async
/// factory, or a continuation of asynchronous work stays reported.
/// </summary>
public class TW103SharedForkTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Linq;
        using System.Reflection;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // The shape of MassTransit's AssemblyTypeCache: the cache is an internal field of a private nested class.
    private const string TypeCache = """
        sealed class ScanInfo
        {
            public ScanInfo(Assembly assembly) => Types = assembly.GetTypes();

            public Type[] Types { get; }

            public Exception? LoadException { get; }
        }

        static class TypeCache
        {
            public static void Clear() => Cached.Assemblies.Clear();

            public static Task<ScanInfo> ForAssembly(Assembly assembly) =>
                Cached.Assemblies.GetOrAdd(assembly, a => Task.Factory.StartNew(() => new ScanInfo(a)));

            public static Task<Type[]> FindTypes(IEnumerable<Assembly> assemblies, Func<Type, bool> filter)
            {
                Task<ScanInfo>[] tasks = assemblies.Select(ForAssembly).ToArray();
                return Task.Factory.ContinueWhenAll(tasks, scans =>
                {
                    return scans.SelectMany(s => s.Result.Types).Where(filter).ToArray();
                });
            }

            public static Task<Type[]> FindTypes(Assembly assembly, Func<Type, bool> filter) =>
                ForAssembly(assembly).ContinueWith(t => t.Result.Types.Where(filter).ToArray());

            static class Cached
            {
                internal static readonly ConcurrentDictionary<Assembly, Task<ScanInfo>> Assemblies = new ConcurrentDictionary<Assembly, Task<ScanInfo>>();
            }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_synchronous_registration_API_waiting_for_cached_scans_of_several_assemblies() => Verify.VerifyAnalyzerAsync(Usings + TypeCache + """
            public static Type[] Consumers(params Assembly[] assemblies) =>
                FindTypes(assemblies, t => t.Name.EndsWith("Consumer")).GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Ignores_a_wait_for_a_synchronous_continuation_of_one_cached_scan() => Verify.VerifyAnalyzerAsync(Usings + TypeCache + """
            public static IEnumerable<Type> InNamespace(Type type)
            {
                bool Filter(Type candidate) => candidate.Namespace == type.Namespace;

                return FindTypes(type.Assembly, Filter).GetAwaiter().GetResult();
            }
        }
        """);

    [Fact]
    public Task Ignores_WaitAll_over_every_scan_the_cache_holds() => Verify.VerifyAnalyzerAsync(Usings + TypeCache + """
            public static IEnumerable<ScanInfo> Failed()
            {
                Task<ScanInfo>[] tasks = Cached.Assemblies.Select(x => x.Value).ToArray();
                Task.WaitAll(tasks);
                return tasks.Where(x => x.Result.LoadException != null).Select(x => x.Result);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_private_instance_cache_of_computations_on_the_pool() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Hashes
        {
            private readonly ConcurrentDictionary<string, Task<int>> _byName = new ConcurrentDictionary<string, Task<int>>(StringComparer.Ordinal);

            public int Get(string name) => _byName.GetOrAdd(name, n => Task.Run(() => Compute(n))).Result;

            public void Forget(string name) => _byName.TryRemove(name, out _);

            public int Known => _byName.Count;

            private static int Compute(string name)
            {
                var hash = 17;
                foreach (var c in name)
                {
                    hash = hash * 31 + c;
                }

                return hash;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_join_of_two_forks_with_ContinueWhenAll() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Summer
        {
            public long Sum(int[] values)
            {
                var half = values.Length / 2;
                var halves = new[]
                {
                    Task.Run(() => values.Take(half).Sum(v => (long)v)),
                    Task.Run(() => values.Skip(half).Sum(v => (long)v)),
                };
                return Task.Factory.ContinueWhenAll(halves, done => done[0].Result + done[1].Result).Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_an_async_method_calling_a_helper_that_waits_for_cached_scans() => VerifyHelper.VerifyAnalyzerAsync(Usings + TypeCache + """
            public static Type[] Consumers(params Assembly[] assemblies) =>
                FindTypes(assemblies, t => t.Name.EndsWith("Consumer")).GetAwaiter().GetResult();
        }

        sealed class Bus
        {
            public async Task StartAsync(Assembly assembly)
            {
                var consumers = TypeCache.Consumers(assembly);
                await Task.Delay(consumers.Length);
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_cache_that_also_stores_an_asynchronous_load() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Pages
        {
            private readonly ConcurrentDictionary<string, Task<string>> _byUrl = new ConcurrentDictionary<string, Task<string>>();

            public string Get(string url) => [|_byUrl.GetOrAdd(url, u => Task.Run(() => u.ToUpperInvariant())).Result|];

            public void Refresh(string url) => _byUrl[url] = LoadAsync(url);

            private static async Task<string> LoadAsync(string url)
            {
                await Task.Delay(10);
                return url;
            }
        }
        """);

    [Fact]
    public Task Flags_a_cache_filled_by_an_async_factory() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Pages
        {
            private readonly ConcurrentDictionary<string, Task<string>> _byUrl = new ConcurrentDictionary<string, Task<string>>();

            public string Get(string url) => [|_byUrl.GetOrAdd(url, u => Task.Run(async () => { await Task.Delay(10); return u; })).Result|];
        }
        """);

    [Fact]
    public Task Flags_a_cache_handed_to_other_code() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Hashes
        {
            private readonly ConcurrentDictionary<string, Task<int>> _byName = new ConcurrentDictionary<string, Task<int>>();

            public int Get(string name) => [|_byName.GetOrAdd(name, n => Task.Run(() => n.Length)).Result|];

            public void Share(Action<ConcurrentDictionary<string, Task<int>>> with) => with(_byName);
        }
        """);

    [Fact]
    public Task Flags_a_public_cache_field() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Hashes
        {
            public static readonly ConcurrentDictionary<string, Task<int>> ByName = new ConcurrentDictionary<string, Task<int>>();

            public static int Get(string name) => [|ByName.GetOrAdd(name, n => Task.Run(() => n.Length)).Result|];
        }
        """);

    [Fact]
    public Task Flags_a_continuation_of_asynchronous_work() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Pages
        {
            public int Length(string url) => [|LoadAsync(url).ContinueWith(t => t.Result.Length).Result|];

            private static async Task<string> LoadAsync(string url)
            {
                await Task.Delay(10);
                return url;
            }
        }
        """);

    [Fact]
    public Task Flags_a_join_continued_on_the_callers_context() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Summer
        {
            public long Sum(int[] values)
            {
                var halves = new[] { Task.Run(() => (long)values[0]), Task.Run(() => (long)values[1]) };
                return [|Task.Factory.ContinueWhenAll(halves, done => done[0].Result + done[1].Result, CancellationToken.None,
                    TaskContinuationOptions.None, TaskScheduler.FromCurrentSynchronizationContext()).Result|];
            }
        }
        """);
}
