using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Threadwise.Baselines;

namespace Threadwise.Cli.Analysis;

/// <summary>What running the analyzers on one loaded project produced.</summary>
internal sealed record ProjectAnalysis(
    string Project,
    IReadOnlyList<Finding> Findings,
    IReadOnlyDictionary<DiagnosticAnalyzer, TimeSpan> Times,
    string? Problem,
    bool Analyzed = true)
{
    /// <summary>The kind of application the project is (<see cref="HostKinds"/>), as the rules' messages see it.</summary>
    public string? Host { get; init; }
}

/// <summary>Runs the Threadwise analyzers on one project's compilation, with the project's own analyzer options.</summary>
internal static class ProjectAnalyzer
{
    public static async Task<ProjectAnalysis> AnalyzeAsync(
        Project project, ImmutableArray<DiagnosticAnalyzer> analyzers, bool timing, CancellationToken cancellationToken)
    {
        string name = ProjectName(project);
        Compilation? loaded = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (Unanalyzable(project, loaded) is { } failure)
        {
            return Failed(name, failure);
        }

        Compilation compilation = loaded!;
        CompilationWithAnalyzers withAnalyzers = WithAnalyzers(project, compilation, analyzers, timing);
        ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        var findings = new List<Finding>();
        var crashes = Crashes(diagnostics);

        // Fingerprints over all of the compilation's Threadwise diagnostics, as the baseline suppressor sees them in a build.
        ImmutableArray<Diagnostic> reported = diagnostics.Where(d => d.Id != "AD0001").ToImmutableArray();
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        ImmutableArray<BaselineFingerprint> fingerprints = BaselineFingerprints.Compute(
            reported,
            tree => models.TryGetValue(tree, out SemanticModel? model) ? model : models[tree] = compilation.GetSemanticModel(tree),
            cancellationToken);
        for (int i = 0; i < reported.Length; i++)
        {
            if (reported[i].Severity != DiagnosticSeverity.Hidden)
            {
                findings.Add(Finding.From(reported[i], name, fingerprints[i]));
            }
        }

        var times = new Dictionary<DiagnosticAnalyzer, TimeSpan>();
        if (timing)
        {
            foreach (DiagnosticAnalyzer analyzer in analyzers)
            {
                var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
                times[analyzer] = telemetry.ExecutionTime;
            }
        }

        string? problem = crashes.Count == 0 ? null : $"{project.FilePath} ({project.Name}): an analyzer failed: {string.Join(" | ", crashes.Distinct())}";
        return new ProjectAnalysis(name, findings, times, problem) { Host = HostKinds.Of(compilation) };
    }

    /// <summary>Why a project's compilation cannot be analyzed (with the project named), or null when it can.</summary>
    public static string? Unanalyzable(Project project, Compilation? compilation) =>
        compilation is null
            ? $"{project.FilePath} ({project.Name}): no compilation could be created."
            : compilation.GetSpecialType(SpecialType.System_Object).TypeKind == TypeKind.Error
                // No framework references: the design-time build failed, nearly always because the project is not restored.
                ? $"{project.FilePath} ({project.Name}): the project has no framework references (is it restored? run `dotnet restore`); not analyzed."
                : null;

    /// <summary>
    /// The analyzers over a compilation with the project's options: project.AnalyzerOptions carries the
    /// .editorconfig/globalconfig options (threadwise.*), and the compilation's SyntaxTreeOptionsProvider their
    /// severities, so a rule set to none is filtered out by the driver, as in a build.
    /// </summary>
    public static CompilationWithAnalyzers WithAnalyzers(
        Project project, Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool timing) =>
        compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                onAnalyzerException: null,
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: timing,
                reportSuppressedDiagnostics: false));

    /// <summary>The messages of analyzer crashes (AD0001) among the diagnostics.</summary>
    public static List<string> Crashes(ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>The project's file name without extension (one name for all target frameworks of a project).</summary>
    public static string ProjectName(Project project) =>
        project.FilePath is null ? project.Name : Path.GetFileNameWithoutExtension(project.FilePath);

    private static ProjectAnalysis Failed(string name, string problem) =>
        new(name, [], new Dictionary<DiagnosticAnalyzer, TimeSpan>(), problem, Analyzed: false);
}
