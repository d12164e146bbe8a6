using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Threadwise.Benchmarks.Corpus;
using Xunit.Abstractions;

namespace Threadwise.Tests.Robustness;

/// <summary>
/// Whole-code-base checks on the benchmark's generated corpus (tests/Threadwise.Benchmarks/Corpus, linked into this project):
/// Fix All of every rule leaves code that compiles, and concurrent analysis is deterministic. The Fix Alls (one compilation
/// of the corpus each) run in parallel; the output says where the time went.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    // ×16 (160k lines) takes minutes per analysis on a 2-core CI machine; ×2 (20k lines, every rule firing many times over,
    // see the test above) exercises the same concurrency. The runs overlap, so the analyses also contend with each other.
    private const int ConcurrencyScale = 2;
    private const int ConcurrencyRuns = 2;

    [Fact]
    public async Task Every_rule_fires_on_the_corpus_and_Fix_All_of_every_rule_compiles_without_new_errors()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var workspace = new AdhocWorkspace();
        var project = ThreadwiseAssemblies.CreateProject(workspace, Files(1));
        var compilation = (await project.GetCompilationAsync())!;
        var before = Errors(compilation);
        Assert.Empty(before);

        // The corpus holds every misuse in the spec: a rule that lands later is measured by the benchmark and fixed here.
        var (diagnostics, exceptions) = await ThreadwiseAssemblies.AnalyzeAsync(compilation);
        Assert.Empty(exceptions);
        // TW001 (Threadwise.Configuration) is about .editorconfig keys, not code: a source corpus cannot hold its misuse.
        var silent = ThreadwiseAssemblies.Analyzers.SelectMany(a => a.SupportedDiagnostics)
            .Where(d => d.IsEnabledByDefault && d.Category != "Threadwise.Configuration").Select(d => d.Id).Distinct()
            .Where(id => !diagnostics.Any(d => d.Id == id))
            .ToList();
        Assert.True(silent.Count == 0, "Rules that never fire on the corpus (add their misuse to tests/Threadwise.Benchmarks/Corpus/CorpusGenerator.cs): " + string.Join(", ", silent));

        output.WriteLine($"×1 corpus compiled and analysed in {clock.Elapsed.TotalSeconds:F1} s");

        var fixAlls = new List<(CodeFixProvider Fix, FixAllProvider FixAll, string Id, Document Document, string EquivalenceKey, bool OnlyPublicSignatureChanges)>();
        foreach (var fix in ThreadwiseAssemblies.Fixes)
        {
            if (fix.GetFixAllProvider() is not { } fixAll)
            {
                continue;
            }

            foreach (var id in fix.FixableDiagnosticIds)
            {
                foreach (var key in await EquivalenceKeysAsync(project, fix, diagnostics.Where(d => d.Id == id)))
                {
                    fixAlls.Add((fix, fixAll, id, key.Document, key.EquivalenceKey, key.OnlyPublicSignatureChanges));
                }
            }
        }

        output.WriteLine($"{fixAlls.Count} equivalence keys found, {clock.Elapsed.TotalSeconds:F1} s in all");

        // Each Fix All is independent (its own changed solution, its own compilation): they run in parallel.
        var lines = new string[fixAlls.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, fixAlls.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, _) =>
            {
                var (fix, fixAll, id, first, equivalenceKey, onlyPublicSignatureChanges) = fixAlls[i];
                var context = new FixAllContext(
                    first, fix, FixAllScope.Project, equivalenceKey, [id],
                    new FixedDiagnostics(diagnostics), CancellationToken.None);
                var action = await fixAll.GetFixAsync(context);
                if (action is null)
                {
                    // Fix All never changes a public signature; it may decline only when every site's own fix says it would.
                    Assert.True(
                        onlyPublicSignatureChanges,
                        $"Fix All of {id} ('{equivalenceKey}', {fix.GetType().Name}) offered no action, yet some site's fix keeps every public signature");
                    lines[i] = $"{id} '{equivalenceKey}': no Fix All (every site's fix changes a public signature)";
                    return;
                }

                var changed = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
                var after = Errors((await changed.GetProject(project.Id)!.GetCompilationAsync())!);
                var introduced = after.Except(before).ToList();
                Assert.True(
                    introduced.Count == 0,
                    $"Fix All of {id} ('{equivalenceKey}', {fix.GetType().Name}) introduced errors:\n" + string.Join("\n", introduced.Take(20)));
                lines[i] = $"{id} '{equivalenceKey}': fixed, {after.Count} errors (before: {before.Count})";
            });

        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        output.WriteLine($"{fixAlls.Count} Fix Alls, {lines.Count(l => l.Contains(": fixed,", StringComparison.Ordinal))} applied and compiled; {clock.Elapsed.TotalSeconds:F1} s in all");
        Assert.True(fixAlls.Count > 0 || ThreadwiseAssemblies.Fixes.IsEmpty, "No Fix All was applied to the corpus.");
    }

    [Fact]
    public async Task Concurrent_analysis_of_the_corpus_gives_the_same_diagnostics_every_time()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var files = Files(ConcurrencyScale);
        var runs = await Task.WhenAll(Enumerable.Range(0, ConcurrencyRuns).Select(_ => Task.Run(async () =>
        {
            // A fresh workspace and compilation each run: binding order and the analyzers' caches start from scratch.
            using var workspace = new AdhocWorkspace();
            var project = ThreadwiseAssemblies.CreateProject(workspace, files);
            var (diagnostics, exceptions) = await ThreadwiseAssemblies.AnalyzeAsync((await project.GetCompilationAsync())!, concurrent: true);
            Assert.Empty(exceptions);
            return diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()} {string.Join(",", d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))}")
                .Order(StringComparer.Ordinal)
                .ToArray();
        })));

        output.WriteLine($"×{ConcurrencyScale}: {CorpusGenerator.CountLines(files.Select(f => new CorpusFile(f.Path, f.Text)))} lines, " +
            $"{runs[0].Length} diagnostics, {ConcurrencyRuns} overlapping analyses in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var run in runs.Skip(1))
        {
            Assert.Equal(runs[0], run);
        }
    }

    private static IReadOnlyList<(string Path, string Text)> Files(int scale) =>
        CorpusGenerator.Generate(scale).Select(f => (f.Path, f.Text)).ToList();

    private static List<string> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"{d.Id}: {d.GetMessage()}").Order(StringComparer.Ordinal).ToList();

    /// <summary>One representative (document, key) per distinct equivalence key the fix offers for these diagnostics.</summary>
    /// <summary>
    /// Each equivalence key the fix offers on the corpus, the first document that offers it, and whether every action
    /// with that key says it changes a public signature (the only reason a Fix All may decline).
    /// </summary>
    private static async Task<List<(Document Document, string EquivalenceKey, bool OnlyPublicSignatureChanges)>> EquivalenceKeysAsync(
        Project project, CodeFixProvider fix, IEnumerable<Diagnostic> diagnostics)
    {
        var keys = new List<(Document Document, string EquivalenceKey, bool OnlyPublicSignatureChanges)>();
        foreach (var diagnostic in diagnostics)
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree)!;
            foreach (var (provider, action) in await ThreadwiseAssemblies.ActionsForAsync(document, diagnostic))
            {
                if (provider != fix || action.EquivalenceKey is not { } key)
                {
                    continue;
                }

                var changesPublicSignature = action.Title.Contains("(changes public signature of", StringComparison.Ordinal);
                var index = keys.FindIndex(k => k.EquivalenceKey == key);
                if (index < 0)
                {
                    keys.Add((document, key, changesPublicSignature));
                }
                else if (!changesPublicSignature)
                {
                    keys[index] = keys[index] with { OnlyPublicSignatureChanges = false };
                }
            }
        }

        return keys;
    }

    /// <summary>Gives Fix All the diagnostics computed once on the unfixed corpus.</summary>
    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => !d.Location.IsInSource));

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
