using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Benchmarks;

/// <summary>
/// A named set of analyzers measured together, with the severities that switch their rules on. A set that measures another
/// beside the empty IOperation analyzer names that other set in <paramref name="Beside"/>.
/// </summary>
public sealed record AnalyzerSet(
    string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableDictionary<string, ReportDiagnostic> Severities, string? Beside = null)
{
    /// <summary>The rule IDs an analyzer reports that this set runs, e.g. "TW101" or "MA0042, MA0045".</summary>
    public string RulesOf(DiagnosticAnalyzer analyzer) => analyzer is DiagnosticSuppressor suppressor
        ? $"{suppressor.GetType().Name} (suppressor)"
        : string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct()
            .Where(id => !Severities.TryGetValue(id, out var severity) || severity != ReportDiagnostic.Suppress)
            .Order(StringComparer.Ordinal));
}

public static class AnalyzerSets
{
    /// <summary>
    /// Every analyzer in Threadwise.Analyzers, found by reflection: rules added on other branches are measured as soon as
    /// they are merged.
    /// </summary>
    public static AnalyzerSet Threadwise()
    {
        var assembly = Assembly.Load(new AssemblyName("Threadwise.Analyzers"));
        var analyzers = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        return new AnalyzerSet("Threadwise", analyzers, ImmutableDictionary<string, ReportDiagnostic>.Empty);
    }

    /// <summary>
    /// A reference, not a peer: one analyzer that registers an operation action on every invocation and does nothing. What
    /// it adds to a build is what the driver spends to give any IOperation-based rule its operation trees (binding every
    /// body into a semantic model), which Threadwise's rules, CA1849 and VS Threading all pay once.
    /// </summary>
    public static AnalyzerSet OperationTrees() =>
        new(OperationTreesName, [new EmptyOperationAnalyzer()], ImmutableDictionary<string, ReportDiagnostic>.Empty);

    public const string OperationTreesName = "IOperation only";

    /// <summary>
    /// <paramref name="set"/> run together with the empty IOperation analyzer. Less what that analyzer adds alone, it is what
    /// the set adds to a build whose operation trees are built anyway: every .NET SDK build, where the SDK's own CA
    /// analyzers (on by default) ask for them, and the IDE, where they run on every keystroke.
    /// </summary>
    public static AnalyzerSet BesideOperationTrees(AnalyzerSet set) =>
        new($"{set.Name} + {OperationTreesName}", set.Analyzers.Add(new EmptyOperationAnalyzer()), set.Severities, set.Name);

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new(
            "BENCH001", "Operation trees only", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        }
    }

    /// <summary>The peers' rules about async code and blocking (from their documentation); everything else stays off.</summary>
    public static readonly ImmutableArray<(string Package, string Name, Func<string, bool> IsAsyncRule)> Peers =
    [
        ("Microsoft.VisualStudio.Threading.Analyzers", "VS Threading", id => id is
            "VSTHRD002" // avoid problematic synchronous waits
            or "VSTHRD100" // avoid async void methods
            or "VSTHRD101" // avoid unsupported async delegates
            or "VSTHRD103" // call async methods when in an async method
            or "VSTHRD105" // avoid method overloads that assume TaskScheduler.Current (StartNew)
            or "VSTHRD107" // await Task within using expression
            or "VSTHRD110" // observe result of async calls
            or "VSTHRD111" // use ConfigureAwait(bool)
            or "VSTHRD114"), // avoid returning a null Task
        ("AsyncFixer", "AsyncFixer", id => id.StartsWith("AsyncFixer", StringComparison.Ordinal)),
        ("Meziantou.Analyzer", "Meziantou", id => id is
            "MA0004" // use Task.ConfigureAwait
            or "MA0032" // use an overload with a CancellationToken
            or "MA0040" // forward the CancellationToken parameter
            or "MA0042" // do not use blocking calls in an async method
            or "MA0045" // do not use blocking calls in a sync method (need to make calling method async)
            or "MA0079" // forward a CancellationToken using .WithCancellation()
            or "MA0080" // use a cancellation token using .WithCancellation()
            or "MA0100" // await task before disposing of resources
            or "MA0129" // await task in using statement
            or "MA0134" // observe result of async calls
            or "MA0147" // avoid async void method for delegate
            or "MA0155"), // do not use async void methods
        ("SonarAnalyzer.CSharp", "Sonar", id => id is
            "S4462" // calls to async methods should not be blocking
            or "S6966" // awaitable method should be used
            or "S3168"), // async methods should not return void
        ("Microsoft.CodeAnalysis.NetAnalyzers", "CA", id => id is
            "CA1849"), // call async methods when in an async method
    ];

    /// <summary>
    /// A peer's analyzers from its restored package folder (baked in at build time as assembly metadata), keeping only the
    /// analyzer instances that report one of its async rules; its other rules are suppressed so they do no work.
    /// </summary>
    public static AnalyzerSet? Peer(string package, string name, Func<string, bool> isAsyncRule, TextWriter log)
    {
        var root = typeof(AnalyzerSets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "PeerPath:" + package)?.Value;
        if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
        {
            log.WriteLine($"{name}: package folder not found ('{root}'); skipped.");
            return null;
        }

        var folder = AnalyzerFolder(root);
        if (folder is null)
        {
            log.WriteLine($"{name}: no C# analyzer folder under {root}; skipped.");
            return null;
        }

        var loader = new FolderLoader(folder);
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var path in Directory.GetFiles(folder, "*.dll").Where(p => !Path.GetFileName(p).Contains("CodeFix", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            var reference = new AnalyzerFileReference(path, loader);
            reference.AnalyzerLoadFailed += (_, e) => log.WriteLine($"{name}: {Path.GetFileName(path)}: {e.Message}");
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }

        var kept = analyzers.Where(a => a.SupportedDiagnostics.Any(d => isAsyncRule(d.Id))).ToImmutableArray();
        var severities = kept.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct()
            .ToImmutableDictionary(id => id, id => isAsyncRule(id) ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress);
        return new AnalyzerSet(name, kept, severities);
    }

    /// <summary>
    /// analyzers/dotnet/cs, analyzers/cs, (Meziantou) the analyzers/dotnet/roslynX.Y/cs folder with the highest X.Y that
    /// the host compiler supports, or (Sonar, which ships C# only) analyzers itself.
    /// </summary>
    private static string? AnalyzerFolder(string root)
    {
        var host = HostRoslynVersion();
        var analyzersFolder = Path.Combine(root, "analyzers");
        if (!Directory.Exists(analyzersFolder))
        {
            return null;
        }

        if (Directory.GetDirectories(analyzersFolder, "cs", SearchOption.AllDirectories).Length == 0)
        {
            return Directory.GetFiles(analyzersFolder, "*.dll").Length == 0 ? null : analyzersFolder;
        }

        var candidates = Directory.GetDirectories(analyzersFolder, "cs", SearchOption.AllDirectories)
            .Select(dir => (Dir: dir, Version: RoslynVersionOf(dir)))
            .Where(c => c.Version <= host)
            .OrderByDescending(c => c.Version)
            .ToList();
        return candidates.Count == 0 ? null : candidates[0].Dir;
    }

    private static Version RoslynVersionOf(string csFolder)
    {
        var parent = Path.GetFileName(Path.GetDirectoryName(csFolder)!);
        return parent.StartsWith("roslyn", StringComparison.Ordinal) && Version.TryParse(parent["roslyn".Length..], out var version)
            ? version
            : new Version(0, 0);
    }

    public static Version HostRoslynVersion()
    {
        var informational = typeof(Compilation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0";
        var parts = informational.Split('.', '-', '+');
        return new Version(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Loads a peer's assemblies into the default context and resolves their dependencies from the same folder.</summary>
    private sealed class FolderLoader : IAnalyzerAssemblyLoader
    {
        private readonly string _folder;

        public FolderLoader(string folder)
        {
            _folder = folder;
            AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                var candidate = Path.Combine(_folder, name.Name + ".dll");
                return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
            };
        }

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}
