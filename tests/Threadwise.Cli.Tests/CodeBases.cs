using System.Text.RegularExpressions;

namespace Threadwise.Cli.Tests;

/// <summary>
/// The code bases the end-to-end tests analyze, each generated once per test run and shared by every test that needs it
/// (loading a project with MSBuildWorkspace takes seconds, so each is loaded by one <c>analyze</c> run only).
/// </summary>
public sealed class CodeBases
{
    private readonly Lazy<Task<SampleRun>> _sample = new(AnalyzeSampleAsync);
    private readonly Lazy<Task<CliRun>> _mixed = new(AnalyzeMixedSolutionAsync);

    internal Task<SampleRun> Sample => _sample.Value;

    internal Task<CliRun> MixedSolution => _mixed.Value;

    /// <summary>
    /// samples/ReportService, copied with its sources and project file but without the analyzer ProjectReferences: the
    /// tool brings its own analyzers, and the copy keeps the test away from the sample build that Threadwise.Tests runs
    /// at the same time. Analyzed with <c>--severity warning</c> because a build prints warnings, not infos.
    /// </summary>
    private static async Task<SampleRun> AnalyzeSampleAsync()
    {
        string copy = await CopySampleAsync("sample");
        string root = Path.GetDirectoryName(copy)!;

        string sarif = Path.Combine(root, "out", "report.sarif");
        CliRun run = await CliRun.RunAsync("analyze", copy, "--severity", "warning", "--format", "sarif", "--output", sarif, "--timing");
        return new SampleRun(run, copy, File.Exists(sarif) ? File.ReadAllText(sarif) : "");
    }

    /// <summary>
    /// A classic .sln with a good project (which references Outside, a project the solution does not list) and a project
    /// whose file is not valid XML; an .editorconfig turns TW102 off and
    /// holds a misspelled threadwise.* key (TW001 proves the options reach the analyzers). Run with <c>--rules TW0*,TW1*</c>
    /// (the async void method, TW301, is not selected), <c>--fail-on error</c>, <c>--format json</c> and
    /// <c>-p IncludeLegacy=true</c> (a global property that adds a folder of sources to the good project).
    /// </summary>
    private static async Task<CliRun> AnalyzeMixedSolutionAsync()
    {
        string root = TestPaths.NewScratchFolder("mixed");
        Write(root, "Mixed.sln", MixedSolutionFile);
        Write(root, ".editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.TW102.severity = none
            threadwise.not_an_option = true
            """);
        Write(root, "Good/Good.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Compile Remove="Legacy/**" Condition="'$(IncludeLegacy)' != 'true'" />
                <ProjectReference Include="../Outside/Outside.csproj" />
              </ItemGroup>
            </Project>
            """);
        // Referenced by Good but not listed in the solution: loaded, never analyzed (it blocks in an async method too).
        Write(root, "Outside/Outside.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        Write(root, "Outside/Clock.cs", """
            namespace Outside;

            public static class Clock
            {
                public static async Task<long> NowAsync(Task<long> source)
                {
                    await Task.Yield();
                    return source.Result;
                }
            }
            """);
        Write(root, "Good/InventoryClient.cs", """
            namespace Good;

            public sealed class InventoryClient(HttpClient http)
            {
                public async Task<string> LoadStockAsync(string sku)
                {
                    HttpResponseMessage response = http.GetAsync("stock/" + sku).Result;
                    Thread.Sleep(50);
                    return await response.Content.ReadAsStringAsync();
                }

                public async void RefreshCache()
                {
                    await Task.Delay(10);
                }
            }
            """);
        Write(root, "Good/Legacy/LegacyExport.cs", """
            namespace Good.Legacy;

            public static class LegacyExport
            {
                public static async Task<int> CountAsync(Task<int[]> rows)
                {
                    await Task.Yield();
                    return rows.Result.Length;
                }
            }
            """);
        Write(root, "Broken/Broken.csproj", """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup>""");
        await CliRun.RestoreAsync(Path.Combine(root, "Good", "Good.csproj"));

        return await CliRun.RunAsync(
            "analyze", Path.Combine(root, "Mixed.sln"), "--rules", "TW0*,TW1*", "--fail-on", "error", "--format", "json", "-p", "IncludeLegacy=true");
    }

    /// <summary>
    /// A restored copy of samples/ReportService (sources, project file without the analyzer ProjectReferences, the
    /// repository's Directory.Build.props, samples/.editorconfig, which turns on local file I/O in applications) in a new
    /// scratch folder; returns the copy's folder.
    /// </summary>
    internal static async Task<string> CopySampleAsync(string scratchName)
    {
        string root = TestPaths.NewScratchFolder(scratchName);
        string sample = Path.Combine(TestPaths.RepositoryRoot, "samples", "ReportService");
        string copy = Path.Combine(root, "ReportService");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "Directory.Build.props"), Path.Combine(root, "Directory.Build.props"));
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "samples", ".editorconfig"), Path.Combine(root, ".editorconfig"));
        foreach (string file in Directory.EnumerateFiles(sample, "*.cs"))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        string project = File.ReadAllText(Path.Combine(sample, "ReportService.csproj"));
        project = Regex.Replace(project, @"<ProjectReference [^>]*/>", "");
        File.WriteAllText(Path.Combine(copy, "ReportService.csproj"), project);
        await CliRun.RestoreAsync(Path.Combine(copy, "ReportService.csproj"));
        return copy;
    }

    internal static void Write(string root, string relativePath, string text)
    {
        string path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private const string MixedSolutionFile = """
        Microsoft Visual Studio Solution File, Format Version 12.00
        # Visual Studio Version 17
        VisualStudioVersion = 17.0.31903.59
        MinimumVisualStudioVersion = 10.0.40219.1
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Good", "Good\Good.csproj", "{5A4C2D9E-0B1F-4E3A-9C61-1D2E3F4A5B60}"
        EndProject
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Broken", "Broken\Broken.csproj", "{6B5D3EAF-1C2A-4F4B-8D72-2E3F4A5B6C71}"
        EndProject
        Global
        	GlobalSection(SolutionConfigurationPlatforms) = preSolution
        		Debug|Any CPU = Debug|Any CPU
        	EndGlobalSection
        	GlobalSection(ProjectConfigurationPlatforms) = postSolution
        		{5A4C2D9E-0B1F-4E3A-9C61-1D2E3F4A5B60}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
        		{5A4C2D9E-0B1F-4E3A-9C61-1D2E3F4A5B60}.Debug|Any CPU.Build.0 = Debug|Any CPU
        		{6B5D3EAF-1C2A-4F4B-8D72-2E3F4A5B6C71}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
        		{6B5D3EAF-1C2A-4F4B-8D72-2E3F4A5B6C71}.Debug|Any CPU.Build.0 = Debug|Any CPU
        	EndGlobalSection
        EndGlobal
        """;
}

/// <summary>The analyze run on the sample, the folder it analyzed and the SARIF it wrote.</summary>
internal sealed record SampleRun(CliRun Run, string Folder, string Sarif);

[CollectionDefinition(Name)]
public sealed class CodeBasesCollection : ICollectionFixture<CodeBases>
{
    public const string Name = "Analyzed code bases";
}
