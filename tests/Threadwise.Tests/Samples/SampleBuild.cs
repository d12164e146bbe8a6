using Threadwise.Tests.Infrastructure;

namespace Threadwise.Tests.Samples;

/// <summary>
/// The tests that build or run the samples. They share one <see cref="SampleBuild"/>, which runs in parallel with the
/// in-process tests and with <see cref="Package.PackageTests"/> (which packs the analyzer DLLs as they are and builds its
/// own projects in a temp folder), so no two <c>dotnet</c> processes write the same folder.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SampleCollection : ICollectionFixture<SampleBuild>
{
    public const string Name = "samples";
}

/// <summary>
/// Builds every project under samples/ in one MSBuild invocation (a solution written to a temp folder), once per test run.
/// The analyzer projects are not rebuilt for each sample: the test project references them, so building it built them
/// in this configuration, and the samples take those DLLs as they are (<c>BuildProjectReferences=false</c>, and
/// <c>RestoreRecursive=false</c> so the restore does not touch src/ either). <c>--no-incremental</c> makes every sample
/// run the compiler, and with it the analyzers, so their warnings are in the output, each tagged with its project.
/// The build, and after it one run of every course program (<see cref="CourseRuns"/>), starts on a thread of its own
/// when the test run starts (<see cref="StartInBackground"/>, called by <see cref="LongChainsFirst"/>), so the minute of
/// child processes overlaps the in-process tests instead of holding an xUnit thread; the tests read the results.
/// </summary>
public sealed class SampleBuild : IDisposable
{
    private static readonly string s_folder = Path.Combine(Path.GetTempPath(), "threadwise-sample-build", Guid.NewGuid().ToString("N")[..12]);
    private static readonly Lazy<Task<DotnetResult>> s_build = new(() => Background.Start(Build));

    /// <summary>The one build of every sample (started on first access, if the test run did not start it).</summary>
    public DotnetResult Result => Shared;

    /// <summary>The same build, for code that has no fixture instance (the course runs).</summary>
    internal static DotnetResult Shared => s_build.Value.GetAwaiter().GetResult();

    /// <summary>Starts the build and then the course programs' runs, without waiting for them.</summary>
    internal static void StartInBackground() =>
        s_build.Value.ContinueWith(_ => CourseRuns.RunAll(), CancellationToken.None, TaskContinuationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The diagnostics the build reported for one sample project (absolute or repository-relative path).</summary>
    public IReadOnlyList<BuildDiagnostic> DiagnosticsOf(string project)
    {
        string full = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, project));
        return BuildOutput.ParseDiagnostics(Result.Output)
            .Where(d => d.Project is { } p && string.Equals(Path.GetFullPath(p), full, StringComparison.Ordinal))
            .ToList();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(s_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind must not fail the run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Fails the test unless the analyzer and code-fix assemblies were built in this configuration.</summary>
    internal static void RequireAnalyzerAssemblies()
    {
        foreach (string analyzer in new[] { "Threadwise.Analyzers", "Threadwise.CodeFixes" })
        {
            string dll = RepositoryRoot.Combine("src", analyzer, "bin", DotnetCli.Configuration, "netstandard2.0", analyzer + ".dll");
            if (!File.Exists(dll))
            {
                throw new Xunit.Sdk.XunitException(
                    $"{dll} is missing: build the test project (or Analyzers.sln) in {DotnetCli.Configuration} before running the sample and package tests.");
            }
        }
    }

    private static DotnetResult Build()
    {
        RequireAnalyzerAssemblies();
        Directory.CreateDirectory(s_folder);
        string solution = Path.Combine(s_folder, "Samples.slnx");
        IReadOnlyList<string> projects = SampleTests.ProjectPaths();
        File.WriteAllText(solution, string.Concat(
            "<Solution>\n",
            string.Concat(projects.Select(project => $"  <Project Path=\"{System.Security.SecurityElement.Escape(RepositoryRoot.Combine(project))}\" />\n")),
            "</Solution>\n"));

        return DotnetCli.Run(
            RepositoryRoot.Path,
            ["build", solution, "--no-incremental", "-c", DotnetCli.Configuration, "-nologo",
             "-p:BuildProjectReferences=false", "-p:RestoreRecursive=false"],
            // The time each sample had when it was built on its own: a busy machine slows one build of all of them as much.
            timeout: DotnetCli.DefaultTimeout * Math.Max(1, projects.Count));
    }
}
