using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Threadwise.Cli.Loading;
using Threadwise.Cli.Migration;

namespace Threadwise.Cli.Tests;

/// <summary>
/// <c>threadwise migrate</c> on a generated project that references three real peer packages (they restore from the
/// package source) besides the SDK's CA analyzers: the mapping it prints, the section it writes, and a real build that
/// no longer reports the duplicated peer rules after <c>--write</c>.
/// </summary>
public sealed partial class MigrateEndToEndTests(MigrateEndToEndTests.PeerApp app) : IClassFixture<MigrateEndToEndTests.PeerApp>
{
    /// <summary>
    /// The peer warnings the generated code gets that Threadwise covers (TW101 and TW103 report the same waits). MA0042
    /// is broken too, but it is an info: a build does not print it.
    /// </summary>
    private static readonly string[] Duplicates = ["VSTHRD002", "VSTHRD103", "AsyncFixer02"];

    [Fact]
    public void Dry_run_lists_the_referenced_peers_and_prints_the_section_without_writing()
    {
        CliRun run = app.DryRun;

        Assert.True(run.ExitCode == ExitCodes.Clean, run.ToString());
        Assert.False(app.EditorConfigAfterDryRunChanged, "a dry run changed .editorconfig");
        Assert.Contains("Microsoft.VisualStudio.Threading.Analyzers 18.12.1 (App)", run.Stdout);
        Assert.Contains("AsyncFixer 2.1.0 (App)", run.Stdout);
        Assert.Contains("Meziantou.Analyzer 3.0.321 (App)", run.Stdout);
        Assert.Matches(@"\.NET analyzers \(CA\) SDK [0-9]", run.Stdout);
        Assert.DoesNotContain("SonarAnalyzer", run.Stdout);
        Assert.Matches(@"VSTHRD002\s+TW101, TW103\s+switch off", run.Stdout);
        Assert.Matches(@"MA0004\s+TW501\s+switch off", run.Stdout);
        Assert.Matches(@"VSTHRD200\s+-\s+keep: no Threadwise rule", run.Stdout);
        Assert.Contains("dotnet_diagnostic.VSTHRD002.severity = none", run.Stdout);
        Assert.Contains("dotnet_diagnostic.CA1849.severity = none", run.Stdout);
        Assert.Contains("dotnet_diagnostic.MA0004.severity = none", run.Stdout);
        Assert.DoesNotContain("dotnet_diagnostic.CA2016.", run.Stdout);
    }

    [Fact]
    public void Write_adds_the_section_to_the_existing_editorconfig_and_a_second_run_replaces_it()
    {
        Assert.True(app.FirstWrite.ExitCode == ExitCodes.Clean, app.FirstWrite.ToString());
        Assert.True(app.SecondWrite.ExitCode == ExitCodes.Clean, app.SecondWrite.ToString());
        Assert.Contains("Wrote the section switching off", app.FirstWrite.Stdout);

        string text = File.ReadAllText(Path.Combine(app.Root, ".editorconfig"));
        Assert.StartsWith(PeerApp.EditorConfig + "\n" + EditorConfigSection.Begin, text);
        Assert.Single(Regex.Matches(text, Regex.Escape(EditorConfigSection.Begin)));
        Assert.Equal(app.AfterFirstWrite, text);
        Assert.DoesNotContain("dotnet_diagnostic.VSTHRD002.severity = none", app.FirstWrite.Stdout);
    }

    [Fact]
    public void Written_section_silences_the_duplicated_peer_rules_in_a_build_and_keeps_the_others()
    {
        Assert.True(app.BuildBefore.ExitCode == 0, app.BuildBefore.Output);
        Assert.True(app.BuildAfter.ExitCode == 0, app.BuildAfter.Output);
        foreach (string id in Duplicates)
        {
            Assert.True(app.BuildBefore.Output.Contains(id + ":", StringComparison.Ordinal), $"{id} missing before migrate:\n{app.BuildBefore.Output}");
            Assert.False(app.BuildAfter.Output.Contains(id + ":", StringComparison.Ordinal), $"{id} still reported after migrate --write:\n{app.BuildAfter.Output}");
        }

        // A peer rule without a Threadwise counterpart stays on.
        Assert.Contains("VSTHRD200:", app.BuildBefore.Output);
        Assert.Contains("VSTHRD200:", app.BuildAfter.Output);
    }

    [Fact]
    public async Task Mapped_ids_and_titles_are_the_ones_the_peer_assemblies_declare()
    {
        MSBuildRegistration.EnsureRegistered();
        AnalysisTarget target = AnalysisTarget.Resolve(app.Root, out _)!;
        LoadResult load = await WorkspaceLoader.LoadAsync(target, new Dictionary<string, string>(), new ProgressLine(TextWriter.Null, false), CancellationToken.None);
        using var workspace = load.Workspace;
        Project project = Assert.Single(load.Projects);

        var detected = PeerDetection.Find(load.Projects).Select(p => p.Package).ToList();
        Assert.Equal([PeerPackage.VisualStudioThreading, PeerPackage.AsyncFixer, PeerPackage.Meziantou, PeerPackage.NetAnalyzers], detected);

        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (AnalyzerReference reference in project.AnalyzerReferences)
        {
            if (reference.FullPath is { } path && PeerPackage.ForAssembly(path) is not null)
            {
                foreach (DiagnosticDescriptor descriptor in reference.GetAnalyzers(LanguageNames.CSharp).SelectMany(SupportedDiagnostics))
                {
                    declared.TryAdd(descriptor.Id, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        var problems = PeerRuleMap.Rules
            .Where(r => detected.Contains(r.Package))
            .Where(r => !declared.TryGetValue(r.Id, out string? title) || title != r.Title)
            .Select(r => declared.TryGetValue(r.Id, out string? title) ? $"{r.Id}: the assembly's title is '{title}', the map says '{r.Title}'" : $"{r.Id}: no analyzer declares it")
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_project_without_peer_analyzers_has_nothing_to_switch_off()
    {
        string root = TestPaths.NewScratchFolder("migrate-nopeers");
        CodeBases.Write(root, "Lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <EnableNETAnalyzers>false</EnableNETAnalyzers>
              </PropertyGroup>
            </Project>
            """);
        CodeBases.Write(root, "Lib/Lib.cs", "namespace Lib; public static class Empty { }");
        await CliRun.RestoreAsync(Path.Combine(root, "Lib", "Lib.csproj"));

        CliRun run = await CliRun.RunAsync("migrate", root, "--write");

        Assert.True(run.ExitCode == ExitCodes.Clean, run.ToString());
        Assert.Contains("No peer analyzer", run.Stdout);
        Assert.False(File.Exists(Path.Combine(root, ".editorconfig")));
    }

    [Fact]
    public async Task Write_and_output_together_are_a_usage_error()
    {
        CliRun run = await CliRun.RunAsync("migrate", app.Root, "--write", "--output", Path.Combine(app.Root, "x.editorconfig"));

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--write and --output", run.Stderr);
        Assert.DoesNotContain("loading", run.Stderr);
    }

    [Fact]
    public async Task Missing_target_exits_with_2()
    {
        CliRun run = await CliRun.RunAsync("migrate", Path.Combine(TestPaths.NewScratchFolder("migrate-missing"), "nothing.sln"));

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("does not exist", run.Stderr);
    }

    private static IEnumerable<DiagnosticDescriptor> SupportedDiagnostics(DiagnosticAnalyzer analyzer)
    {
        try
        {
            return analyzer.SupportedDiagnostics;
        }
        catch (Exception)
        {
            return []; // an analyzer that cannot describe itself here declares nothing we map
        }
    }

    /// <summary>
    /// The generated project, and every step run once in order: a build, a dry run, <c>--write</c>, the same again
    /// through <c>--output</c> naming the same file, and a build after.
    /// </summary>
    public sealed class PeerApp : IAsyncLifetime
    {
        public const string EditorConfig = "root = true\n\n[*.cs]\nindent_style = space\n";

        public PeerApp()
        {
            Root = TestPaths.NewScratchFolder("migrate");
        }

        public string Root { get; }

        internal (int ExitCode, string Output) BuildBefore { get; private set; }

        internal CliRun DryRun { get; private set; } = null!;

        internal bool EditorConfigAfterDryRunChanged { get; private set; }

        internal CliRun FirstWrite { get; private set; } = null!;

        internal string AfterFirstWrite { get; private set; } = "";

        internal CliRun SecondWrite { get; private set; } = null!;

        internal (int ExitCode, string Output) BuildAfter { get; private set; }

        /// <summary>The steps, awaited once before the class's tests (not blocked on in the constructor).</summary>
        public async Task InitializeAsync()
        {
            CodeBases.Write(Root, ".editorconfig", EditorConfig);
            CodeBases.Write(Root, "App/App.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Microsoft.VisualStudio.Threading.Analyzers" Version="18.12.1" PrivateAssets="all" />
                    <PackageReference Include="AsyncFixer" Version="2.1.0" PrivateAssets="all" />
                    <PackageReference Include="Meziantou.Analyzer" Version="3.0.321" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            CodeBases.Write(Root, "App/Jobs.cs", """
                namespace App;

                public static class Jobs
                {
                    // VSTHRD200 (no Async suffix): a peer rule Threadwise does not cover.
                    public static async Task Run()
                    {
                        await Task.Yield();
                        Task.Delay(1).Wait(); // VSTHRD103, AsyncFixer02 (and MA0042): duplicates of TW101
                    }

                    public static void Block() => Task.Delay(1).Wait(); // VSTHRD002: a duplicate of TW103
                }
                """);
            string project = Path.Combine(Root, "App", "App.csproj");
            await CliRun.RestoreAsync(project);

            BuildBefore = await BuildAsync(project);
            DryRun = await CliRun.RunAsync("migrate", Root);
            EditorConfigAfterDryRunChanged = File.ReadAllText(Path.Combine(Root, ".editorconfig")) != EditorConfig;
            FirstWrite = await CliRun.RunAsync("migrate", Root, "--write");
            AfterFirstWrite = File.ReadAllText(Path.Combine(Root, ".editorconfig"));
            SecondWrite = await CliRun.RunAsync("migrate", Root, "--output", Path.Combine(Root, ".editorconfig"));
            BuildAfter = await BuildAsync(project);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        private Task<(int ExitCode, string Output)> BuildAsync(string project) =>
            CliRun.RunProgramAsync("dotnet", Root, "build", project, "--no-incremental", "--no-restore", "-nologo", "-v:q", "-m:1", "-p:TreatWarningsAsErrors=false");
    }
}
