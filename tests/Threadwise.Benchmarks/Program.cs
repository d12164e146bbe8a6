using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Threadwise.Benchmarks;
using Threadwise.Benchmarks.Corpus;

// Threadwise benchmark: compile time without analyzers (the floor), Threadwise's analyzers per rule, and the peers' async
// rules, on two generated corpora (one dense with misuse, one shaped like a real service) at several sizes; medians of
// several runs; a Markdown report on stdout.
// Usage: dotnet run -c Release --project tests/Threadwise.Benchmarks -- [--quick] [--sizes 1,4,16] [--repeat 3] [--no-peers] [--seed N]
//        [--corpus dense|service|both]

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

var log = Console.Error;
var total = Stopwatch.StartNew();
var references = References.Framework();
var threadwise = AnalyzerSets.Threadwise();
var sets = new List<AnalyzerSet> { threadwise };
if (options.Peers)
{
    foreach (var (package, name, isAsyncRule) in AnalyzerSets.Peers)
    {
        if (AnalyzerSets.Peer(package, name, isAsyncRule, log) is { } peer)
        {
            sets.Add(peer);
        }
    }
}

log.WriteLine($"Roslyn {typeof(Compilation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}, " +
    $"{Environment.ProcessorCount} cores, sizes {string.Join(",", options.Sizes)}, {options.Repeat} run(s) each, seed {options.Seed}");
foreach (var set in sets)
{
    log.WriteLine($"{set.Name}: {set.Analyzers.Length} analyzer(s): {string.Join(" | ", set.Analyzers.Select(set.RulesOf))}");
}

// Warm-up: JIT the compiler and every analyzer on a small corpus so that the first measured size does not pay for it.
if (!options.Quick)
{
    log.WriteLine("warming up...");
    var warmup = Workload.FromCorpus("warm-up", CorpusGenerator.Generate(1, options.Seed + 1).Take(8)
        .Concat(ServiceCorpusGenerator.Generate(1, options.Seed + 1).Take(13)).ToList(), references);
    Measurement.Run(warmup, sets, repeat: 1, log);
}

var corpora = new List<CorpusResult>();
foreach (var corpus in Corpora.All.Where(c => options.Corpora.Contains(c.Key)))
{
    var results = new List<SizeResult>();
    foreach (var size in options.Sizes)
    {
        var workload = Workload.FromCorpus($"×{size}", corpus.Generate(size, options.Seed), references);
        log.WriteLine($"{corpus.Key} {workload.Name}: {workload.Files} files, {workload.Lines:N0} lines");
        results.Add(Measurement.Run(workload, sets, options.Repeat, log));
    }

    corpora.Add(new CorpusResult(corpus, results));
}

SizeResult? samples = null;
var sampleWorkload = Workload.FromSamples(references);
if (sampleWorkload is not null)
{
    log.WriteLine($"samples: {sampleWorkload.Files} files, {sampleWorkload.Lines:N0} lines");
    samples = Measurement.Run(sampleWorkload, [threadwise], options.Repeat, log);
}

var report = Report.Markdown(corpora, samples, sets, options, total.Elapsed);
Console.WriteLine(report.Text);
return report.ScalingPassed is false ? 1 : 0;

namespace Threadwise.Benchmarks
{
    public sealed record BenchmarkOptions(int[] Sizes, int Repeat, bool Peers, int Seed, bool Quick, string[] Corpora)
    {
        public const string Usage = "usage: Threadwise.Benchmarks [--quick] [--sizes 1,4,16] [--repeat N] [--no-peers] [--seed N] [--corpus dense|service|both]";

        public static BenchmarkOptions? Parse(string[] args)
        {
            var options = new BenchmarkOptions([1, 4, 16], 3, true, CorpusGenerator.DefaultSeed, false, [.. Benchmarks.Corpora.All.Select(c => c.Key)]);
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--quick":
                        options = options with { Sizes = [1], Repeat = 1, Quick = true };
                        break;
                    case "--sizes" when i + 1 < args.Length:
                        var sizes = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                        if (sizes.Length == 0 || sizes.Any(s => !int.TryParse(s, out var n) || n < 1))
                        {
                            return null;
                        }

                        options = options with { Sizes = sizes.Select(int.Parse).ToArray() };
                        break;
                    case "--repeat" when i + 1 < args.Length && int.TryParse(args[i + 1], out var repeat) && repeat >= 1:
                        options = options with { Repeat = repeat };
                        i++;
                        break;
                    case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], out var seed):
                        options = options with { Seed = seed };
                        i++;
                        break;
                    case "--corpus" when i + 1 < args.Length:
                        var corpus = args[++i];
                        if (corpus == "both")
                        {
                            options = options with { Corpora = [.. Benchmarks.Corpora.All.Select(c => c.Key)] };
                        }
                        else if (Benchmarks.Corpora.All.Any(c => c.Key == corpus))
                        {
                            options = options with { Corpora = [corpus] };
                        }
                        else
                        {
                            return null;
                        }

                        break;
                    case "--no-peers":
                        options = options with { Peers = false };
                        break;
                    default:
                        return null;
                }
            }

            return options;
        }
    }

    /// <summary>A generated corpus the benchmark measures: its command-line key, what it is, and its generator.</summary>
    public sealed record CorpusKind(string Key, string Description, Func<int, int, IReadOnlyList<CorpusFile>> Generate);

    public sealed record CorpusResult(CorpusKind Corpus, IReadOnlyList<SizeResult> Sizes);

    public static class Corpora
    {
        public static readonly ImmutableArray<CorpusKind> All =
        [
            new("dense", "dense with misuse: every shape in the spec and its traps, in services, repositories, handlers and helpers",
                (scale, seed) => CorpusGenerator.Generate(scale, seed)),
            new("service", "shaped like a real service: mostly correct async data access, HTTP clients, workers, mappers and deep helper " +
                "call graphs, with a few percent misuse (Corpus/ServiceCorpusGenerator.cs)",
                (scale, seed) => ServiceCorpusGenerator.Generate(scale, seed)),
        ];
    }

    public static class References
    {
        /// <summary>The running runtime's framework assemblies (as the tests compile against).</summary>
        public static ImmutableArray<MetadataReference> Framework()
        {
            var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
            var trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
            return
            [
                .. trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                    .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)),
            ];
        }
    }

    /// <summary>Parsed sources and what a fresh compilation of them needs.</summary>
    public sealed class Workload
    {
        private readonly ImmutableArray<SyntaxTree> _trees;
        private readonly ImmutableArray<MetadataReference> _references;
        private readonly CSharpCompilationOptions _options;

        private Workload(string name, ImmutableArray<SyntaxTree> trees, int lines, ImmutableArray<MetadataReference> references, OutputKind kind)
        {
            Name = name;
            _trees = trees;
            Lines = lines;
            _references = references;
            _options = new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false);
        }

        public string Name { get; }

        public int Lines { get; }

        public int Files => _trees.Length;

        public static Workload FromCorpus(string name, IReadOnlyList<CorpusFile> files, ImmutableArray<MetadataReference> references) =>
            new(name, [.. files.Select(f => Parse(f.Text, f.Path))], CorpusGenerator.CountLines(files), references, OutputKind.DynamicallyLinkedLibrary);

        /// <summary>samples/**/*.cs as one project, with the implicit usings of an SDK project; null when there is no samples folder.</summary>
        public static Workload? FromSamples(ImmutableArray<MetadataReference> references)
        {
            var root = typeof(Workload).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
            var folder = root is null ? null : Path.Combine(root, "samples");
            if (folder is null || !Directory.Exists(folder))
            {
                return null;
            }

            var separator = Path.DirectorySeparatorChar;
            var paths = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{separator}obj{separator}") && !p.Contains($"{separator}bin{separator}"))
                .Order(StringComparer.Ordinal)
                .ToList();
            var files = paths.Select(p => new CorpusFile(Path.GetRelativePath(root!, p), File.ReadAllText(p))).ToList();
            files.Add(new CorpusFile("GlobalUsings.g.cs", string.Join("\n", ImplicitUsings.Select(u => $"global using global::{u};"))));
            return new Workload("samples", [.. files.Select(f => Parse(f.Text, f.Path))], CorpusGenerator.CountLines(files), references, OutputKind.ConsoleApplication);
        }

        private static readonly string[] ImplicitUsings =
            ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

        private static SyntaxTree Parse(string text, string path) =>
            CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path);

        /// <summary>A compilation that has bound nothing yet: every measurement starts from the same state.</summary>
        public CSharpCompilation FreshCompilation() => CSharpCompilation.Create("Corpus", _trees, _references, _options);
    }

    /// <summary>Medians for one workload.</summary>
    public sealed record SizeResult(
        string Name,
        int Lines,
        TimeSpan Floor,
        int FloorErrors,
        IReadOnlyDictionary<string, TimeSpan> SetTimes,
        IReadOnlyDictionary<string, IReadOnlyList<(string Rules, TimeSpan Time)>> PerAnalyzer,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> DiagnosticCounts,
        IReadOnlyDictionary<string, int> AnalyzerExceptions);

    public static class Measurement
    {
        public static SizeResult Run(Workload workload, IReadOnlyList<AnalyzerSet> sets, int repeat, TextWriter log)
        {
            var floors = new List<TimeSpan>();
            var floorErrors = 0;
            var setTimes = sets.ToDictionary(s => s.Name, _ => new List<TimeSpan>());
            var analyzerTimes = sets.ToDictionary(s => s.Name, s => s.Analyzers.Select(_ => new List<TimeSpan>()).ToArray());
            var counts = new Dictionary<string, IReadOnlyDictionary<string, int>>();
            var exceptions = sets.ToDictionary(s => s.Name, _ => 0);
            // The whole analysis's CPU time, the driver's own work (binding, operation trees) included: what a rule does
            // not pay for itself is charged to no analyzer, so a change that moves binding shows here, not in the rule's time.
            var analysisCpu = sets.ToDictionary(s => s.Name, _ => TimeSpan.Zero);

            for (var run = 0; run < repeat; run++)
            {
                Collect();
                var floorClock = CpuClock.Start();
                var diagnostics = workload.FreshCompilation().GetDiagnostics();
                floors.Add(floorClock.Elapsed);
                var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                floorErrors = errors.Count;
                if (run == 0 && errors.Count > 0)
                {
                    // A corpus that does not compile measures the compiler's error recovery, not real code: say where.
                    log.WriteLine($"  {workload.Name}: {errors.Count} compile error(s), e.g.:");
                    foreach (var error in errors.Take(5))
                    {
                        log.WriteLine("    " + error);
                    }
                }

                foreach (var set in sets)
                {
                    Collect();
                    var compilation = workload.FreshCompilation();
                    compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(set.Severities));
                    var thrown = 0;
                    var withAnalyzers = compilation.WithAnalyzers(set.Analyzers, new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions([]),
                        (_, _, _) => Interlocked.Increment(ref thrown),
                        concurrentAnalysis: false,
                        logAnalyzerExecutionTime: true,
                        reportSuppressedDiagnostics: false));
                    var wall = Stopwatch.StartNew();
                    var cpu = CpuClock.Start();
                    var found = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                    var share = cpu.ShareOf(wall.Elapsed);
                    analysisCpu[set.Name] = cpu.Elapsed;
                    var sum = TimeSpan.Zero;
                    for (var i = 0; i < set.Analyzers.Length; i++)
                    {
                        var time = withAnalyzers.GetAnalyzerTelemetryInfoAsync(set.Analyzers[i], CancellationToken.None).GetAwaiter().GetResult().ExecutionTime * share;
                        analyzerTimes[set.Name][i].Add(time);
                        sum += time;
                    }

                    setTimes[set.Name].Add(sum);
                    exceptions[set.Name] = Math.Max(exceptions[set.Name], thrown + found.Count(d => d.Id == "AD0001"));
                    counts[set.Name] = found.Where(d => d.Id != "AD0001").GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
                }

                log.WriteLine($"  {workload.Name} run {run + 1}/{repeat}: floor {Format(floors[^1])}, " +
                    string.Join(", ", sets.Select(s => $"{s.Name} {Format(setTimes[s.Name][^1])} (whole analysis {Format(analysisCpu[s.Name])} CPU)")));
            }

            return new SizeResult(
                workload.Name,
                workload.Lines,
                Median(floors),
                floorErrors,
                sets.ToDictionary(s => s.Name, s => Median(setTimes[s.Name])),
                sets.ToDictionary(
                    s => s.Name,
                    s => (IReadOnlyList<(string, TimeSpan)>)s.Analyzers.Select((a, i) => (s.RulesOf(a), Median(analyzerTimes[s.Name][i]))).ToList()),
                counts,
                exceptions);
        }

        public static TimeSpan Median(List<TimeSpan> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }

        public static string Format(TimeSpan time) => time.TotalSeconds >= 1 ? $"{time.TotalSeconds:F2} s" : $"{time.TotalMilliseconds:F0} ms";

        /// <summary>
        /// CPU time of this process. Other engineers' builds share the machine's cores: wall-clock times would measure their
        /// load. The floor is CPU time; the analyzers' telemetry (wall clock) is scaled by the run's CPU-to-wall ratio.
        /// </summary>
        private readonly struct CpuClock
        {
            private readonly TimeSpan _start;

            private CpuClock(TimeSpan start) => _start = start;

            public static CpuClock Start() => new(Process.GetCurrentProcess().TotalProcessorTime);

            public TimeSpan Elapsed => Process.GetCurrentProcess().TotalProcessorTime - _start;

            /// <summary>The fraction of the wall-clock time this process spent on a CPU (at most 1: the work is sequential).</summary>
            public double ShareOf(TimeSpan wall) => wall.Ticks == 0 ? 1 : Math.Min(1.0, (double)Elapsed.Ticks / wall.Ticks);
        }

        private static void Collect()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
    }
}
