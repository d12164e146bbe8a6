using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Threadwise.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Threadwise.Tests.Robustness;

/// <summary>
/// Analyzers see half-typed code on every keystroke. Every analyzer and code fix (found by reflection) runs over sources that
/// are truncated at token boundaries and that have single tokens deleted, and nothing may throw. The sources are a corpus of
/// every pattern the rules look at, a sample of the test sources of tests/Threadwise.Tests/Rules (read from the test files
/// themselves with Roslyn, markup stripped) drawn from every rule's tests, and every sample file. What is checked is fixed
/// before anything runs, so it does not depend on the machine's speed: each source gets a number of mutations per kind
/// proportional to its size (one per <see cref="Budget.TokensPerEdit"/> tokens, capped), every analyzer runs on every
/// mutation, and the code fixes run on every diagnostic of the unmutated source and, in every <see cref="FixEvery"/>-th
/// mutation, on every diagnostic in a member the mutation broke (see <see cref="InBrokenMember"/>). Sources are checked in
/// parallel.
/// </summary>
public partial class BrokenCodeTests(ITestOutputHelper output)
{
    /// <summary>Mutations per source and kind: one per <paramref name="TokensPerEdit"/> tokens, at least Min and at most Max.</summary>
    private sealed record Budget(int TokensPerEdit, int Min, int Max)
    {
        public int For(int tokens) => Math.Clamp(tokens / TokensPerEdit, Min, Max);
    }

    // The corpus holds every pattern the rules look at: it gets the most edits. The test sources are many and small: each
    // sampled one gets a few. The samples are large: a handful of edits each already walks every rule over broken code.
    private static readonly Budget CorpusBudget = new(TokensPerEdit: 8, Min: 1, Max: 60);
    private static readonly Budget TestSourceBudget = new(TokensPerEdit: 60, Min: 1, Max: 4);
    private static readonly Budget SampleBudget = new(TokensPerEdit: 200, Min: 2, Max: 8);

    /// <summary>Code fixes run on the unmutated source and on every FixEvery-th mutation (analyzers run on all of them).</summary>
    private const int FixEvery = 3;

    /// <summary>Test sources per rule (TWnnn) or other test file: at least this many, or one in <see cref="TestSourceShare"/>.</summary>
    private const int TestSourcesPerRule = 3;
    private const int TestSourceShare = 10;

    /// <summary>
    /// Fixed, so the same sources and mutations are checked on every run and a failure reproduces anywhere. Set the
    /// environment variable THREADWISE_ROBUSTNESS_SEED to check another sample (the tests print the seed they used).
    /// </summary>
    private const int DefaultSeed = 20261123;

    private static readonly int Seed =
        int.TryParse(Environment.GetEnvironmentVariable("THREADWISE_ROBUSTNESS_SEED"), out var seed) ? seed : DefaultSeed;

    [Fact]
    public Task Analyzers_and_fixes_never_throw_on_truncated_code() =>
        MutateAsync([Corpus], (source, _) => Truncations(source, Seed, CorpusBudget), "truncated corpus");

    [Fact]
    public Task Analyzers_and_fixes_never_throw_when_a_token_is_missing() =>
        MutateAsync([Corpus], (source, _) => Deletions(source, Seed, CorpusBudget), "corpus with a token missing", originals: false);

    [Theory]
    [InlineData("class C { async System.Threading.Tasks.Task M(System.Threading.Tasks.Task<int> t) { var x = t.")]
    [InlineData("class C { async System.Threading.Tasks.Task M() { System.IO.File.ReadAllText( } }")]
    [InlineData("class C { async System.Threading.Tasks.Task M() { using var w = new System.IO.StreamWriter(; } }")]
    [InlineData("class C { async System.Threading.Tasks.Task M() { Console.; System.Console.Out.WriteDictionary(; System.IO.File.ReadAllText(\"a\"); } }")]
    [InlineData("class C { async void M() { await; Task.WaitAll(; } }")]
    [InlineData("await; var t = Task.Run(() => 1); t.Result")]
    [InlineData("class C { async Task M() { lock { Thread.Sleep(1) } }")]
    [InlineData("class C { async Task<int> M(Task<int> t) { if (t.IsCompleted &&) return t.Result; return t.Result.; } }")]
    [InlineData("class C { void M() { Parallel.ForEach(items, async x => { await; }); Task.Factory.StartNew(async () => ) } }")]
    [InlineData("class C { async Task M() { for (var i = 0; i < 1000000; i++) { for (;;) { Monitor.Enter(this); await } } } }")]
    [InlineData("class C { async void M(object sender, EventArgs e) { list.ForEach(async x => await x.); Task.Run(() => FooAsync()).Result")]
    // Cpu calls (TW202-TW206)
    [InlineData("using System.Linq; using System.Threading.Tasks; class C { async Task M(int[] a) { await Task.Yield(); Parallel.For(0, a.Length, async i => await ; a.AsParallel().Sum( } }")]
    [InlineData("using System.Threading.Tasks; class C { async Task M(string[] a) { Parallel.ForEach(a, async (x, ) => { }); Parallel.Invoke(async () => { }, ; await Task.Run(() => ; } }")]
    [InlineData("using System.Threading.Tasks; class C { async Task M(System.Net.Http.HttpClient h) { await Task.Run(async () => await h.GetStringAsync( ) } }")]
    [InlineData("using System.Linq; using System.Threading.Tasks; class CpuBoundAttribute : System.Attribute { } class C { [CpuBound] static int F(int x) => x; async Task M(int[] a) { await Task.Yield(); F(; foreach (var x in a.AsParallel()) { F(x) } } }")]
    // ConfigureAwait in libraries (TW501)
    [InlineData("using System.Threading.Tasks; static class X { static ConfiguredTaskAwaitable ForAwait(this Task t) => t.ConfigureAwait(; } class C { async Task M(Task t) { await t.ForAwait(); await t.ConfigureAwait(false); await t.ConfigureAwait(ConfigureAwaitOptions.); await ; await t.ConfigureAwait(false).; } }")]
    [InlineData("using System.Collections.Generic; using System.Threading.Tasks; class C { async Task M(IAsyncEnumerable<int> xs, System.IO.Stream s) { await foreach (var x in xs.WithCancellation( ) { } await foreach (var in xs) await using (s.ConfigureAwait( ) await using var a = , b = s; await using (var c = s, ) { } } }")]
    // Null tasks and tasks in using (TW503, TW505)
    [InlineData("using System.Threading.Tasks; class C { Task M(bool b) { return b ? null : ; } Task<int> P => (Task<int>)null! ; Task<> Q() => default }")]
    [InlineData("using System.Threading.Tasks; class C { async Task M() { using (OpenAsync( { } using var x = ; using (Task.Run(() => ) await using var y = M(; } Task<System.IO.Stream> OpenAsync() => }")]
    // Tasks that escape a scope and tokens not passed on (TW502, TW504)
    [InlineData("using System.Threading.Tasks; class C { Task M(System.IO.Stream s) { using (var x = s) { return x.FlushAsync( } try { return ; } finally { s.Dispose( } lock (s) return s.FlushAsync(); } }")]
    [InlineData("using System.Threading; using System.Threading.Tasks; class C { async Task M(int a, CancellationToken ct) { await Task.Delay(a, ); await N(; System.Func<CancellationToken, Task> f = async t => await Task.Delay(; } Task N(CancellationToken c = default) => }")]
    // ValueTasks consumed twice and completion sources completed in locks and callbacks (TW506, TW507)
    [InlineData("using System.Threading.Tasks; class C { async Task M(ValueTask<int> v) { var r = await v; var s = v.Result + ; await v.AsTask(; v.GetAwaiter().GetResult( } ValueTask<int> N() => v = ; }")]
    [InlineData("using System.Threading.Tasks; class L { public System.IDisposable Lock() => ; public Task<System.IDisposable> LockAsync( } class C { private readonly L _l = new(); async Task M(System.Diagnostics.Process p) { using (_l.Lock( { } using var h = await _l.LockAsync().; using (this._l.Lock()) await ; p.StandardOutput.ReadToEnd(; p.WaitForExit( } static void Main() => }")]
    [InlineData("using System.Threading; using System.Threading.Tasks; public interface IStore { string Get(string k); } public abstract class P { public abstract int Run( } public class S : IStore, P { public string Get(string k) => N().Result; public override int Run() => N().Wait(; static Task<string> N() => ; public Task<int> A() { var x = N().GetAwaiter().GetResult(); return Task.FromResult(; } } class Q : SynchronizationContext { async void F(object _) { await ; } void R() { Post(F, ; Post(async _ => await Task.Delay(, null); using var w = Task.Factory.StartNew(async () => await Task.Delay(1) ; } }")]
    [InlineData("using System.Threading.Tasks; class C { object o; TaskCompletionSource<int> t = new TaskCompletionSource<int>(TaskCreationOptions. ); void M() { lock (o) { t.TrySetResult( } E += (s, e) => t.SetResult(1; t = new(; } event System.EventHandler E; }")]
    public Task Analyzers_and_fixes_never_throw_on_half_typed_snippets(string source) => AssertNoExceptionsAsync(source);

    [Fact]
    public Task Analyzers_and_fixes_never_throw_on_truncated_test_sources() =>
        MutateAsync(SampledTestSources(), (source, seed) => Truncations(source, seed, TestSourceBudget), "truncated test sources");

    [Fact]
    public Task Analyzers_and_fixes_never_throw_on_test_sources_with_a_token_missing() =>
        MutateAsync(SampledTestSources(), (source, seed) => Deletions(source, seed, TestSourceBudget), "test sources with a token missing", originals: false);

    [Fact]
    public Task Analyzers_and_fixes_never_throw_on_broken_samples() =>
        MutateAsync(SampleSources(), (source, seed) => Truncations(source, seed, SampleBudget).Concat(Deletions(source, seed + 1, SampleBudget)), "broken samples");

    [Fact]
    public void Test_sources_are_found_in_the_rule_tests()
    {
        var sources = TestSources();
        Assert.True(sources.Count >= 20, $"Only {sources.Count} test sources found in tests/Threadwise.Tests/Rules.");
        Assert.DoesNotContain(sources, s => s.Text.Contains("[|") || s.Text.Contains("{|"));
    }

    [Fact]
    public void The_test_source_sample_draws_from_every_rules_tests()
    {
        var sampled = SampledTestSources().ToHashSet();
        var missing = TestSources().GroupBy(s => s.Group).Where(g => !g.Any(s => sampled.Contains(s.Text))).Select(g => g.Key).ToList();
        Assert.True(missing.Count == 0, "No sampled test source from: " + string.Join(", ", missing));
    }

    /// <summary>
    /// A stratified sample of <see cref="TestSources"/>: from each rule's tests (the TWnnn the file name starts with, or the
    /// file itself) <see cref="TestSourcesPerRule"/> sources or one in <see cref="TestSourceShare"/>, whichever is more,
    /// chosen by <see cref="Seed"/>.
    /// </summary>
    internal static IReadOnlyList<string> SampledTestSources() =>
        TestSources()
            .GroupBy(s => s.Group, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany((g, i) =>
            {
                var texts = g.Select(s => s.Text).ToArray();
                new Random(Seed + i).Shuffle(texts);
                return texts.Take(Math.Max(TestSourcesPerRule, texts.Length / TestSourceShare));
            })
            .ToList();

    /// <summary>
    /// The raw and verbatim string literals of tests/Threadwise.Tests/Rules/*.cs that look like C# (they declare something),
    /// with the verifier's markup removed. Read from the repository at test time, so new rule tests are covered automatically.
    /// </summary>
    internal static IReadOnlyList<(string Group, string Text)> TestSources()
    {
        var folder = RepositoryRoot.Combine("tests", "Threadwise.Tests", "Rules");
        var sources = new List<(string Group, string Text)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot();
            foreach (var literal in root.DescendantNodes().OfType<LiteralExpressionSyntax>())
            {
                if (literal.Token.Kind() is SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.StringLiteralToken
                    && StripMarkup(literal.Token.ValueText) is var text
                    && LooksLikeCSharp(text)
                    && seen.Add(text))
                {
                    sources.Add((Group(path), text));
                }
            }
        }

        return sources;
    }

    private static string Group(string path) =>
        RuleId().Match(Path.GetFileName(path)) is { Success: true } match ? match.Value : Path.GetFileNameWithoutExtension(path);

    [GeneratedRegex(@"^TW\d{3}")]
    private static partial Regex RuleId();

    internal static string StripMarkup(string text) => MarkupOpen().Replace(text, "").Replace("[|", "").Replace("|]", "").Replace("|}", "");

    [GeneratedRegex(@"\{\|(#\d+|[A-Za-z]+\d*):")]
    private static partial Regex MarkupOpen();

    private static bool LooksLikeCSharp(string text) =>
        text.Contains(';') && (text.Contains("class ") || text.Contains("struct ") || text.Contains("record ") || text.Contains("await ") || text.Contains("void "));

    private static IReadOnlyList<string> SampleSources()
    {
        var separator = Path.DirectorySeparatorChar;
        return Directory.GetFiles(RepositoryRoot.Combine("samples"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{separator}obj{separator}") && !p.Contains($"{separator}bin{separator}"))
            .Order(StringComparer.Ordinal)
            .Select(p => ImplicitUsings + File.ReadAllText(p))
            .ToList();
    }

    // What an SDK project with ImplicitUsings adds: the samples rely on it.
    private const string ImplicitUsings =
        "using System; using System.Collections.Generic; using System.IO; using System.Linq; using System.Net.Http; using System.Threading; using System.Threading.Tasks;\n";

    private static IEnumerable<string> Truncations(string source, int seed, Budget budget)
    {
        var tokens = Tokens(source);
        return Sample(tokens.Length, budget.For(tokens.Length), seed).Select(cut => source.Substring(0, tokens[cut].Span.End));
    }

    private static IEnumerable<string> Deletions(string source, int seed, Budget budget)
    {
        var tokens = Tokens(source);
        return Sample(tokens.Length, budget.For(tokens.Length), seed).Select(index => source.Remove(tokens[index].Span.Start, tokens[index].Span.Length));
    }

    /// <summary>
    /// Checks every source (unless <paramref name="originals"/> is false: the other test of the pair checks them) and all its
    /// mutations, in parallel; which checks run code fixes is decided by position, so the run is the same on any machine.
    /// </summary>
    private async Task MutateAsync(IReadOnlyList<string> sources, Func<string, int, IEnumerable<string>> mutations, string what, bool originals = true)
    {
        var clock = Stopwatch.StartNew();
        var checks = sources
            .SelectMany((source, i) => (originals ? mutations(source, Seed + i).Prepend(source) : mutations(source, Seed + i))
                .Select((text, n) => (Text: text, Fix: n % FixEvery == 0, Original: originals && n == 0)))
            .ToList();
        var fixedCount = 0;
        await Parallel.ForEachAsync(
            checks,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (check, _) =>
            {
                if (await AssertNoExceptionsAsync(check.Text, check.Fix, onlyInBrokenMembers: !check.Original))
                {
                    Interlocked.Increment(ref fixedCount);
                }
            });

        output.WriteLine($"{what} (seed {Seed}): {checks.Count} sources checked from {sources.Count} originals, " +
            $"code fixes run on {fixedCount} with diagnostics, in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Up to <paramref name="max"/> token indexes in a seeded random order (all of them when there are few enough).</summary>
    private static IEnumerable<int> Sample(int count, int max, int seed)
    {
        var indexes = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(indexes);
        return indexes.Take(max);
    }

    private static ImmutableArray<SyntaxToken> Tokens(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToImmutableArray();

    private static Task AssertNoExceptionsAsync(string source) => AssertNoExceptionsAsync(source, fixes: true, onlyInBrokenMembers: false);

    /// <summary>
    /// Runs every analyzer on the source and, if asked, every code fix on every diagnostic (or, with
    /// <paramref name="onlyInBrokenMembers"/>, on those in a member with compiler errors); true if a fix ran.
    /// </summary>
    private static async Task<bool> AssertNoExceptionsAsync(string source, bool fixes, bool onlyInBrokenMembers)
    {
        if (!fixes)
        {
            // No workspace needed: a compilation derived from a shared one reuses its bound references (much cheaper).
            var (_, thrown) = await ThreadwiseAssemblies.AnalyzeAsync(ThreadwiseAssemblies.CreateCompilation("Broken.cs", source));
            Assert.True(thrown.Count == 0, $"An analyzer threw on:\n{source}\n\n{string.Join("\n", thrown)}");
            return false;
        }

        var document = ThreadwiseAssemblies.CreateDocument(source);
        var compilation = (await document.Project.GetCompilationAsync())!;

        var (diagnostics, exceptions) = await ThreadwiseAssemblies.AnalyzeAsync(compilation);
        Assert.True(exceptions.Count == 0, $"An analyzer threw on:\n{source}\n\n{string.Join("\n", exceptions)}");

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.IsInSource).Select(d => d.Location.SourceSpan).ToList();
        var root = await document.GetSyntaxRootAsync();
        var ran = false;
        foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource && (!onlyInBrokenMembers || InBrokenMember(root!, errors, d))))
        {
            try
            {
                foreach (var (_, action) in await ThreadwiseAssemblies.ActionsForAsync(document, diagnostic))
                {
                    await action.GetOperationsAsync(CancellationToken.None);
                    ran = true;
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"The code fix for {diagnostic} threw on:\n{source}\n\n{e}");
            }
        }

        return ran;
    }

    /// <summary>
    /// Whether the diagnostic lies in a member (method, property, field, ..., or top-level statement; the whole file outside
    /// any) that holds a compiler error. A mutation breaks the members around the cut or the deleted token (a syntax error)
    /// and those that use what it broke (a semantic error); a diagnostic in a member without errors sees the same code as in
    /// the unmutated source, whose every diagnostic the code fixes already ran on. Running the fixes there again, once per
    /// mutation, was most of this class's time (the corpus has dozens of diagnostics) and reached no other code.
    /// </summary>
    private static bool InBrokenMember(SyntaxNode root, List<Microsoft.CodeAnalysis.Text.TextSpan> errors, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var member = node.AncestorsAndSelf().FirstOrDefault(n => n is MemberDeclarationSyntax and not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax) ?? root;
        return errors.Any(member.FullSpan.IntersectsWith);
    }

    // Every pattern the rules look at, so that mutations hit their code paths.
    private const string Corpus = """
        using System;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        enum IOBehavior { Synchronous, Asynchronous }

        sealed class CpuBoundAttribute : Attribute { }

        class Service
        {
            private readonly object _gate = new object();

            async Task<int> LoadAsync(Task<int> task, Task<int>[] tasks, string path, Stream stream, byte[] buffer, CancellationToken ct)
            {
                var a = task.Result + task.GetAwaiter().GetResult();
                task.Wait(ct);
                Task.WaitAll(tasks);
                await Task.WhenAll(tasks);
                var b = tasks[0].Result + tasks.Select(t => t.Result).Sum();
                if (!task.IsCompletedSuccessfully) { return await task; }
                var text = File.ReadAllText(path);
                Thread.Sleep(10);
                var read = stream.Read(buffer, 0, buffer.Length);
                read += ioBehavior(IOBehavior.Synchronous) ? await stream.ReadAsync(buffer, 0, 1, ct) : stream.Read(buffer, 0, 1);
                using var writer = new StreamWriter(path);
                using (var output = File.Create(path)) { output.Flush(); }
                lock (_gate) { Thread.Sleep(1); }
                await Task.Run(() => Thread.Sleep(1));
                return a + b + read + text.Length + (await Task.WhenAny(tasks)).Result;
            }

            bool ioBehavior(IOBehavior behavior) => behavior == IOBehavior.Asynchronous;

            // Cpu calls (TW202-TW206)
            async Task<int> CrunchAsync(int[] values, System.Net.Http.HttpClient http, CancellationToken ct)
            {
                var page = await Task.Run(() => http.GetStringAsync("page"));
                await Task.Run(async () => await http.GetStringAsync("other").ConfigureAwait(false)).ConfigureAwait(false);
                Parallel.For(0, values.Length, i => values[i] *= 2);
                Parallel.ForEach(values, async v => await Task.Delay(v, ct));
                Parallel.Invoke(async () => await Task.Yield(), () => Array.Sort(values));
                foreach (var v in values.AsParallel().Where(v => v > 0)) { await Task.Yield(); }
                return page.Length + values.AsParallel().Sum() + Heavy(values.Length);
            }

            [CpuBound] static int Heavy(int n) => n * n;

            // ConfigureAwait in libraries (TW501): three configured awaits make the convention, the others are reported
            async Task<int> ConfigureAsync(Stream stream, System.Collections.Generic.IAsyncEnumerable<int> rows, CancellationToken ct)
            {
                await stream.FlushAsync(ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                await stream.FlushAsync(ct);
                var sum = 0;
                await foreach (var row in rows.WithCancellation(ct)) { sum += row; }
                await using var copy = File.Create("copy");
                await using (var other = File.Create("other")) { await Task.Yield(); }
                return sum + await Task.FromResult(1);
            }

            // Null tasks and tasks in using (TW503, TW505)
            Task<string> FindAsync(string key) => key.Length == 0 ? null : Task.FromResult(key);
            Task FlushAsync(bool dirty) { if (!dirty) return default; System.Func<Task<int>> count = () => null; return count(); }
            Task<StreamWriter> OpenAsync(string path) => Task.FromResult(new StreamWriter(path));
            async Task WriteAsync(string path)
            {
                using (OpenAsync(path)) { }
                using var writer = OpenAsync(path);
                using (Task<StreamWriter> other = OpenAsync(path)) { await Task.Yield(); }
            }

            // Tasks that escape a scope (TW502) and tokens not passed on (TW504)
            Task CopyAsync(string path, Stream target, bool skip)
            {
                using var source = File.OpenRead(path);
                var pool = System.Buffers.ArrayPool<byte>.Shared.Rent(16);
                try { if (skip) return source.FlushAsync(); return target.WriteAsync(pool, 0, 16); }
                finally { System.Buffers.ArrayPool<byte>.Shared.Return(pool); }
            }
            async Task<string> FetchAsync(System.Net.Http.HttpClient http, CancellationToken ct, int retries)
            {
                Func<CancellationToken, Task<string>> get = async token => await http.GetStringAsync("a");
                await Task.Delay(10);
                return await http.GetStringAsync("b") + await get(ct);
            }
            // ValueTasks consumed twice and completion sources completed in locks and callbacks (TW506, TW507)
            readonly object _gate = new object();
            TaskCompletionSource<int> _reply = new TaskCompletionSource<int>();
            ValueTask<int> ReadAsync() => new ValueTask<int>(_reply.Task);
            async Task<int> TwiceAsync()
            {
                var read = ReadAsync();
                var first = await read;
                lock (_gate) { _reply.TrySetResult(first); }
                return first + await read + ReadAsync().Result;
            }
        }
        """;
}
