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
// Usage: dotnet run -c Release --project tests/Threadwise.Benchmarks -- [--quick] [--sizes 1,4,16] [--repeat 3] [--no-peers] [--no-samples] [--seed N]
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

    sets.Add(AnalyzerSets.OperationTrees());
    foreach (var measured in sets.Where(s => s.Name == threadwise.Name || s.Name == Report.BudgetPeer).ToList())
    {
        sets.Add(AnalyzerSets.BesideOperationTrees(measured));
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
        results.Add(Measurement.Run(workload, sets, options.RunsAt(size), log));
    }

    corpora.Add(new CorpusResult(corpus, results));
}

SizeResult? samples = null;
// --no-samples: a profile of one corpus size, without the samples' eleven compilations in it.
var sampleWorkload = options.Samples ? Workload.FromSamples(references) : null;
if (sampleWorkload is not null)
{
    log.WriteLine($"samples: {sampleWorkload.Projects} projects, {sampleWorkload.Files} files, {sampleWorkload.Lines:N0} lines");
    samples = Measurement.Run(sampleWorkload, [threadwise], options.Repeat, log);
}

var report = Report.Markdown(corpora, samples, sets, options, total.Elapsed);
Console.WriteLine(report.Text);
return report.ScalingPassed is false ? 1 : 0;

namespace Threadwise.Benchmarks
{
    public sealed record BenchmarkOptions(int[] Sizes, int Repeat, bool Peers, int Seed, bool Quick, string[] Corpora, bool Samples = true)
    {
        public const string Usage = "usage: Threadwise.Benchmarks [--quick] [--sizes 1,4,16] [--repeat N] [--no-peers] [--no-samples] [--seed N] [--corpus dense|service|both]";

        /// <summary>
        /// Runs at <paramref name="size"/>: <see cref="Repeat"/> at the largest size, and as many more at a smaller one as
        /// fit in the same time, up to 16× (×1 of ×1,16: 16 × Repeat). A ×1 run is short, and its Threadwise time moved by a
        /// factor of two from run to run (100 to 219 ms in eight runs of `service` ×1, the first runs after the warm-up
        /// the slowest), so a median of two said little about scaling.
        /// </summary>
        public int RunsAt(int size) => Repeat * Math.Clamp(Sizes.Max() / Math.Max(size, 1), 1, 16);

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
                    case "--no-samples":
                        options = options with { Samples = false };
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

    /// <summary>
    /// Parsed sources and what fresh compilations of them need: one project for a generated corpus, one per sample project
    /// for the samples (they cannot share one compilation: each lesson's before and after programs declare the same types).
    /// </summary>
    public sealed class Workload
    {
        private readonly ImmutableArray<(string Name, ImmutableArray<CorpusFile> Files)> _projects;
        private readonly ImmutableArray<MetadataReference> _references;
        private readonly CSharpCompilationOptions _options;

        private Workload(string name, ImmutableArray<(string, ImmutableArray<CorpusFile>)> projects, int lines, ImmutableArray<MetadataReference> references, OutputKind kind, AnalyzerConfigOptionsProvider? configOptions = null)
        {
            Name = name;
            _projects = projects;
            Lines = lines;
            _references = references;
            _options = new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false);
            AnalyzerOptions = configOptions is null ? new AnalyzerOptions([]) : new AnalyzerOptions([], configOptions);
        }

        /// <summary>What the analyzers are given: the samples' .editorconfig files, as their build reads them; nothing for a corpus.</summary>
        public AnalyzerOptions AnalyzerOptions { get; }

        public string Name { get; }

        public int Lines { get; }

        public int Files => _projects.Sum(p => p.Files.Length);

        public int Projects => _projects.Length;

        public static Workload FromCorpus(string name, IReadOnlyList<CorpusFile> files, ImmutableArray<MetadataReference> references) =>
            new(name, [("Corpus", [.. files])], CorpusGenerator.CountLines(files), references, OutputKind.DynamicallyLinkedLibrary);

        /// <summary>
        /// One compilation per project under samples/ (its folder's sources, the shared sources its project file includes
        /// with a <c>*.cs</c> wildcard, and the implicit usings of an SDK project), against the framework and the packages
        /// the samples use; null when there is no samples folder.
        /// </summary>
        public static Workload? FromSamples(ImmutableArray<MetadataReference> references)
        {
            var root = Metadata("RepositoryRoot");
            var folder = root is null ? null : Path.Combine(root, "samples");
            if (folder is null || !Directory.Exists(folder))
            {
                return null;
            }

            var globalUsings = new CorpusFile("GlobalUsings.g.cs", string.Join("\n", ImplicitUsings.Select(u => $"global using global::{u};")));
            var projects = ImmutableArray.CreateBuilder<(string, ImmutableArray<CorpusFile>)>();
            var lines = 0;
            foreach (var project in Directory.GetFiles(folder, "*.csproj", SearchOption.AllDirectories).Where(p => !IsBuildOutput(p)).Order(StringComparer.Ordinal))
            {
                var directory = Path.GetDirectoryName(project)!;
                var paths = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories).Where(p => !IsBuildOutput(p))
                    .Concat(IncludedSources(project))
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal);
                var files = paths.Select(p => new CorpusFile(Path.GetRelativePath(root!, p), File.ReadAllText(p))).Append(globalUsings).ToList();
                lines += CorpusGenerator.CountLines(files);
                projects.Add((Path.GetFileNameWithoutExtension(project), [.. files]));
            }

            return new Workload("samples", projects.ToImmutable(), lines, references.AddRange(SamplePackageReferences()), OutputKind.ConsoleApplication, EditorConfigOptions.Under(folder, root!));
        }

        /// <summary>
        /// A fresh compilation of each project over freshly parsed trees, having bound nothing yet: every measurement starts
        /// from the same state, as a build does. Reusing the trees let whatever an analyzer caches per tree (Threadwise's
        /// await counts and body names) be paid only by the first run, so the runs after it (31 of the 32 at ×1) timed less
        /// work than a build does. Parsing is not timed: the compilations are made before any clock starts.
        /// </summary>
        public List<CSharpCompilation> FreshCompilations() =>
            _projects.Select(p => CSharpCompilation.Create(p.Name, p.Files.Select(f => Parse(f.Text, f.Path)), _references, _options)).ToList();

        private static readonly string[] ImplicitUsings =
            ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

        private static bool IsBuildOutput(string path)
        {
            var separator = Path.DirectorySeparatorChar;
            return path.Contains($"{separator}obj{separator}") || path.Contains($"{separator}bin{separator}");
        }

        /// <summary>The files of the project's <c>&lt;Compile Include="folder\*.cs" /&gt;</c> items (the course's Shared code).</summary>
        private static IEnumerable<string> IncludedSources(string project) =>
            System.Xml.Linq.XDocument.Load(project).Descendants("Compile")
                .Select(item => (string?)item.Attribute("Include"))
                .Where(include => include is not null && include.EndsWith("*.cs", StringComparison.Ordinal))
                .SelectMany(include =>
                {
                    var relative = include![..^"*.cs".Length].Replace('\\', Path.DirectorySeparatorChar);
                    var directory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, relative));
                    return Directory.Exists(directory) ? Directory.GetFiles(directory, "*.cs") : [];
                });

        /// <summary>The packages the samples reference (Spectre.Console, for the course's terminal charts), restored with this program.</summary>
        private static IEnumerable<MetadataReference> SamplePackageReferences()
        {
            var package = Metadata("SamplePackage:Spectre.Console");
            var lib = package is null ? null : Path.Combine(package, "lib");
            if (lib is null || !Directory.Exists(lib))
            {
                return [];
            }

            // The newest .NET target the package ships (net9.0 before net8.0 ...).
            var dll = Directory.GetDirectories(lib, "net*")
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d)[3..], out var v) ? v : null))
                .Where(d => d.Version is not null)
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Path, "Spectre.Console.dll")).FirstOrDefault(File.Exists);
            return dll is null ? [] : [MetadataReference.CreateFromFile(dll)];
        }

        private static string? Metadata(string key) =>
            typeof(Workload).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

        private static SyntaxTree Parse(string text, string path) =>
            CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path);
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
        IReadOnlyDictionary<string, int> AnalyzerExceptions,
        IReadOnlyDictionary<string, TimeSpan> AddedCpu,
        IReadOnlyDictionary<string, TimeSpan> AddedBesideOperationTrees);

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
            // What the analysis adds to a build, per run: that CPU less the run's floor (the compile the driver repeats).
            var addedCpu = sets.ToDictionary(s => s.Name, _ => new List<TimeSpan>());
            // What a set adds beside the empty IOperation analyzer, per run: the combined analysis less that analyzer's alone.
            var besides = sets.Where(s => s.Beside is not null).ToList();
            var addedBeside = besides.ToDictionary(s => s.Beside!, _ => new List<TimeSpan>());

            for (var run = 0; run < repeat; run++)
            {
                var floorCompilations = workload.FreshCompilations();
                Collect();
                var floorClock = CpuClock.Start();
                var diagnostics = floorCompilations.SelectMany(c => c.GetDiagnostics()).ToList();
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
                    var compilations = workload.FreshCompilations();
                    Collect();
                    var thrown = 0;
                    var cpuTotal = TimeSpan.Zero;
                    var sum = TimeSpan.Zero;
                    var times = new TimeSpan[set.Analyzers.Length];
                    var found = new List<Diagnostic>();
                    foreach (var fresh in compilations)
                    {
                        var compilation = fresh.WithOptions(fresh.Options.WithSpecificDiagnosticOptions(set.Severities));
                        var withAnalyzers = compilation.WithAnalyzers(set.Analyzers, new CompilationWithAnalyzersOptions(
                            workload.AnalyzerOptions,
                            (_, _, _) => Interlocked.Increment(ref thrown),
                            concurrentAnalysis: false,
                            logAnalyzerExecutionTime: true,
                            reportSuppressedDiagnostics: false));
                        var wall = Stopwatch.StartNew();
                        var cpu = CpuClock.Start();
                        found.AddRange(withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());
                        var share = cpu.ShareOf(wall.Elapsed);
                        cpuTotal += cpu.Elapsed;
                        for (var i = 0; i < set.Analyzers.Length; i++)
                        {
                            var time = withAnalyzers.GetAnalyzerTelemetryInfoAsync(set.Analyzers[i], CancellationToken.None).GetAwaiter().GetResult().ExecutionTime * share;
                            times[i] += time;
                            sum += time;
                        }
                    }

                    analysisCpu[set.Name] = cpuTotal;
                    addedCpu[set.Name].Add(cpuTotal - floors[^1]);
                    for (var i = 0; i < set.Analyzers.Length; i++)
                    {
                        analyzerTimes[set.Name][i].Add(times[i]);
                    }

                    setTimes[set.Name].Add(sum);
                    exceptions[set.Name] = Math.Max(exceptions[set.Name], thrown + found.Count(d => d.Id == "AD0001"));
                    counts[set.Name] = found.Where(d => d.Id != "AD0001").GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
                }

                foreach (var beside in besides)
                {
                    addedBeside[beside.Beside!].Add(analysisCpu[beside.Name] - analysisCpu[AnalyzerSets.OperationTreesName]);
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
                exceptions,
                sets.ToDictionary(s => s.Name, s => Median(addedCpu[s.Name])),
                addedBeside.ToDictionary(p => p.Key, p => Median(p.Value)));
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
