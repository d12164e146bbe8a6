using Threadwise.Tests.Infrastructure;

namespace Threadwise.Tests.Samples;

/// <summary>
/// The tests that build or run the samples. They share one <see cref="SampleBuild"/>; the collection runs in parallel
/// with the in-process tests and with <see cref="Package.PackageTests"/> (which only builds src/ in Release and its own
/// projects in a temp folder), so no two <c>dotnet</c> processes write the same folder.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SampleCollection : ICollectionFixture<SampleBuild>
{
    public const string Name = "samples";
}

/// <summary>
/// Builds every project under samples/ in one MSBuild invocation (a solution written to a temp folder), on first use.
/// The analyzer projects are not rebuilt for each sample: the test project references them, so building it built them
/// in this configuration, and the samples take those DLLs as they are (<c>BuildProjectReferences=false</c>, and
/// <c>RestoreRecursive=false</c> so the restore does not touch src/ either). <c>--no-incremental</c> makes every sample
/// run the compiler, and with it the analyzers, so their warnings are in the output, each tagged with its project.
/// </summary>
public sealed class SampleBuild : IDisposable
{
    private readonly Lazy<DotnetResult> _result;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "threadwise-sample-build", Guid.NewGuid().ToString("N")[..12]);

    public SampleBuild()
    {
        _result = new Lazy<DotnetResult>(Build);
    }

    /// <summary>The one build of every sample (run on first access).</summary>
    public DotnetResult Result => _result.Value;

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
            Directory.Delete(_folder, recursive: true);
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

    private DotnetResult Build()
    {
        RequireAnalyzerAssemblies();
        Directory.CreateDirectory(_folder);
        string solution = Path.Combine(_folder, "Samples.slnx");
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
