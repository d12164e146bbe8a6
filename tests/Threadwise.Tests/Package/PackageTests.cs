using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Threadwise.Tests.Infrastructure;
using Threadwise.Tests.Samples;

namespace Threadwise.Tests.Package;

/// <summary>
/// The NuGet package is the product: pack it with a unique version, check its layout, install it into a brand-new
/// console project from a local feed, and check that building reports the rules and that <c>dotnet format</c> fixes them.
/// It packs the analyzer assemblies the test project was built with (the ones every other test checks) without building
/// them again, and builds its consumers in its own temp folder. The pack and the consumers' builds and format run start
/// on a thread of their own when the test run starts (<see cref="PackedPackage.StartInBackground"/>), alongside the
/// in-process tests; the tests check their results.
/// </summary>
public sealed class PackageTests(PackedPackage package) : IClassFixture<PackedPackage>
{
    /// <summary>The consumer's Program.cs. Lines are numbered in <see cref="s_expectedWarnings"/>.</summary>
    internal const string ConsumerProgram = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Consumer;

        public static class Program
        {
            public static async Task<int> Main()
            {
                string path = Path.Combine(Path.GetTempPath(), $"threadwise-consumer-{Environment.ProcessId}.txt");
                Task<string> download = DownloadAsync();
                string text = download.Result;
                File.WriteAllText(path, text);
                Thread.Sleep(10);
                Task.Delay(1).Wait();
                await Task.Run(() => Thread.Sleep(1));
                Console.WriteLine(await File.ReadAllTextAsync(path));
                File.Delete(path);
                return 0;
            }

            private static async Task<string> DownloadAsync()
            {
                await Task.Delay(1);
                return "report";
            }
        }

        """;

    /// <summary>
    /// A library built for netstandard2.0 and net10.0 (<see cref="PackedPackage.MultiTargetConsumer"/>): the three calls block
    /// in the net10.0 build and are reported. Process.WaitForExitAsync does not exist on netstandard2.0, so the fix awaits the
    /// first WaitForExit under <c>#if NET5_0_OR_GREATER</c>; the second is already built for net10.0 only, and Task.Delay
    /// exists on both, so those two are awaited plainly. The fixed library builds for both frameworks.
    /// </summary>
    internal const string MultiTargetLibrary = """
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Consumer
        {
            public static class Installer
            {
                public static async Task InstallAsync(string archive)
                {
                    await Task.Yield();
                    using (var process = Process.Start("tar", "-xf " + archive))
                    {
                        process.WaitForExit();
        #if NET5_0_OR_GREATER
                        process.WaitForExit();
        #endif
                    }

                    Thread.Sleep(10);
                }
            }
        }

        """;

    /// <summary>Line, rule, and a piece of that line (to keep this table honest when the program changes).</summary>
    private static readonly (int Line, string Id, string Code)[] s_expectedWarnings =
    [
        (14, "TW101", "download.Result"),
        (15, "TW102", "File.WriteAllText(path, text)"),
        (16, "TW102", "Thread.Sleep(10)"),
        (17, "TW101", "Task.Delay(1).Wait()"),
    ];

    [Fact]
    public void Package_has_both_analyzer_assemblies_under_analyzers_dotnet_cs_and_is_a_development_dependency()
    {
        string nupkg = package.EnsurePacked();
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
        string listing = string.Join(Environment.NewLine, entries.Select(e => "  " + e));

        Assert.True(entries.Contains("analyzers/dotnet/cs/Threadwise.Analyzers.dll"), "Threadwise.Analyzers.dll missing. Entries:\n" + listing);
        Assert.True(entries.Contains("analyzers/dotnet/cs/Threadwise.CodeFixes.dll"), "Threadwise.CodeFixes.dll missing. Entries:\n" + listing);
        Assert.True(entries.Contains("README.md"), "README.md missing at the package root. Entries:\n" + listing);
        Assert.True(entries.Contains("LICENSE"), "LICENSE missing at the package root. Entries:\n" + listing);
        Assert.False(entries.Any(e => e.StartsWith("lib/", StringComparison.OrdinalIgnoreCase)), "The package must have no lib/ folder. Entries:\n" + listing);
        Assert.True(entries.Contains("icon.png"), "icon.png missing at the package root. Entries:\n" + listing);
        Assert.True(entries.Contains("build/Threadwise.targets"), "build/Threadwise.targets (the target frameworks for the analyzers) missing. Entries:\n" + listing);
        Assert.False(
            entries.Any(e => string.Equals(Path.GetFileName(e), "Threadwise.dll", StringComparison.OrdinalIgnoreCase)),
            "The package project's own (empty) Threadwise.dll must not be packed. Entries:\n" + listing);
        using (var readme = new StreamReader(zip.GetEntry("README.md")!.Open()))
        {
            string text = readme.ReadToEnd();
            Assert.True(text.Contains("## Install", StringComparison.Ordinal) && !text.Contains("## Repository layout", StringComparison.Ordinal),
                "The packed README.md must be the package readme (src/Threadwise/README.md), not the repository's.");
        }
        Assert.False(
            entries.Any(e => e.StartsWith("analyzers/", StringComparison.Ordinal) && Path.GetFileName(e).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)),
            "Roslyn assemblies must not be packed (the compiler provides them). Entries:\n" + listing);

        ZipArchiveEntry nuspecEntry = Assert.Single(zip.Entries, e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        XDocument nuspec;
        using (Stream stream = nuspecEntry.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        XElement metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Field(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("Threadwise", Field("id"));
        Assert.Equal(package.Version, Field("version"));
        Assert.True(Field("developmentDependency") == "true", "The .nuspec must say <developmentDependency>true</developmentDependency>:\n" + nuspec);
        Assert.Equal("README.md", Field("readme"));
        Assert.Equal("icon.png", Field("icon"));
        Assert.False(string.IsNullOrWhiteSpace(Field("releaseNotes")), "The .nuspec must carry release notes:\n" + nuspec);
        Assert.False(
            nuspec.Descendants().Any(e => e.Name.LocalName == "dependency"),
            "The package must have no dependencies (the analyzers' Roslyn references are provided by the compiler):\n" + nuspec);
    }

    [Fact]
    public void Fresh_project_using_the_package_reports_TW101_and_TW102_at_the_expected_lines()
    {
        package.EnsurePacked();
        AssertExpectationTableMatchesProgram();

        DotnetResult build = package.FreshConsumerBuild;
        build.EnsureSuccess();

        var expected = s_expectedWarnings.Select(e => ("Program.cs", e.Line, e.Id)).ToList();
        AssertThreadwiseWarnings(build, expected);
    }

    [Fact]
    public void Multi_target_library_is_fixed_under_if_where_one_of_its_frameworks_lacks_the_counterpart()
    {
        package.EnsurePacked();
        (DotnetResult build, DotnetResult format, string fixedSource, DotnetResult? rebuild) = package.MultiTargetConsumer;
        build.EnsureSuccess();
        string[] lines = MultiTargetLibrary.ReplaceLineEndings("\n").Split('\n');
        Assert.True(
            lines[13].Contains("process.WaitForExit();", StringComparison.Ordinal) && lines[15].Contains("process.WaitForExit();", StringComparison.Ordinal)
            && lines[19].Contains("Thread.Sleep(10);", StringComparison.Ordinal),
            "Test bug: the expected lines no longer hold the calls.");
        AssertThreadwiseWarnings(build, [("Installer.cs", 14, "TW102"), ("Installer.cs", 16, "TW102"), ("Installer.cs", 20, "TW102")]);

        format.EnsureSuccess();
        string context = Environment.NewLine + "--- Installer.cs after dotnet format ---" + Environment.NewLine + fixedSource + Environment.NewLine + format.Describe();
        string conditional = string.Join("\n",
            "#if NET5_0_OR_GREATER",
            "                await process.WaitForExitAsync();",
            "#else",
            "                process.WaitForExit();",
            "#endif",
            "#if NET5_0_OR_GREATER",
            "                await process.WaitForExitAsync();",
            "#endif");
        Assert.True(fixedSource.ReplaceLineEndings("\n").Contains(conditional, StringComparison.Ordinal), "Expected the conditional await." + context);
        Assert.True(fixedSource.Contains("await Task.Delay(10);", StringComparison.Ordinal), "Expected Thread.Sleep awaited as Task.Delay." + context);

        Assert.NotNull(rebuild);
        rebuild.EnsureSuccess();
        AssertThreadwiseWarnings(rebuild, []);
    }

    [Fact]
    public void Dotnet_format_applies_the_packaged_code_fixes_and_the_result_builds_clean()
    {
        package.EnsurePacked();
        (DotnetResult format, string fixedProgram, DotnetResult? build) = package.FormattedConsumer;
        format.EnsureSuccess();

        string context = Environment.NewLine + "--- Program.cs after dotnet format ---" + Environment.NewLine + fixedProgram +
                         Environment.NewLine + format.Describe();
        Assert.True(fixedProgram != ConsumerProgram, "dotnet format did not change Program.cs (were the code fixes found?)." + context);
        foreach (string awaited in new[]
                 {
                     "string text = await download;",
                     "await File.WriteAllTextAsync(path, text);",
                     "await Task.Delay(10);",
                     "await Task.Delay(1);",
                 })
        {
            Assert.True(fixedProgram.Contains(awaited, StringComparison.Ordinal), $"Expected `{awaited}` in the fixed program." + context);
        }

        foreach (string blocking in new[] { "download.Result", "File.WriteAllText(", "Thread.Sleep(10)", ".Wait()" })
        {
            Assert.False(fixedProgram.Contains(blocking, StringComparison.Ordinal), $"`{blocking}` is still in the fixed program." + context);
        }

        Assert.Contains("await Task.Run(() => Thread.Sleep(1));", fixedProgram);

        Assert.NotNull(build);
        build.EnsureSuccess();
        var remaining = BuildOutput.ParseDiagnostics(build.Output).Where(d => d.Id is "TW101" or "TW102").ToList();
        Assert.True(
            remaining.Count == 0,
            "The fixed program still has warnings:" + Environment.NewLine +
            string.Join(Environment.NewLine, remaining.Select(d => "  " + d)) + context + Environment.NewLine + build.Describe());
    }

    /// <summary>The build's Threadwise warnings (once per file, line and rule, whatever the target framework) are exactly these; no analyzer failed to load or run.</summary>
    private static void AssertThreadwiseWarnings(DotnetResult build, List<(string FileName, int Line, string Id)> expected)
    {
        IReadOnlyList<BuildDiagnostic> diagnostics = BuildOutput.ParseDiagnostics(build.Output);
        var threadwise = diagnostics
            .Where(d => d.Id.StartsWith("TW", StringComparison.Ordinal))
            .Select(d => (d.FileName, d.Line, d.Id))
            .Distinct()
            .OrderBy(d => d.Line)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        Assert.True(
            expected.SequenceEqual(threadwise),
            "Threadwise warnings in the consumer differ from the expected ones." + Environment.NewLine +
            "Expected: " + string.Join(", ", expected.Select(e => $"{e.FileName}:{e.Line} {e.Id}")) + Environment.NewLine +
            "Reported: " + string.Join(", ", threadwise.Select(e => $"{e.FileName}:{e.Line} {e.Id}")) + Environment.NewLine +
            "All diagnostics:" + Environment.NewLine + string.Join(Environment.NewLine, diagnostics.Select(d => "  " + d)) + Environment.NewLine +
            build.Describe());
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "CS8032" or "CS8033");
    }

    private static void AssertExpectationTableMatchesProgram()
    {
        string[] lines = ConsumerProgram.ReplaceLineEndings("\n").Split('\n');
        foreach ((int line, string id, string code) in s_expectedWarnings)
        {
            Assert.True(
                line <= lines.Length && lines[line - 1].Contains(code, StringComparison.Ordinal),
                $"Test bug: line {line} of the consumer program should contain `{code}` ({id}) but is `{(line <= lines.Length ? lines[line - 1] : "<none>")}`.");
        }
    }
}

/// <summary>
/// Packs src/Threadwise once per test run into a temporary local feed, with a unique prerelease version so that no
/// NuGet cache can serve an older build, then builds a fresh consumer of it and runs <c>dotnet format</c> on a second one
/// and builds that. Consumers restore into a private NUGET_PACKAGES folder in the same temp folder, which is deleted at
/// the end (set THREADWISE_KEEP_TEST_TEMP=1 to keep it). The chain starts on a thread of its own when the test run starts
/// (<see cref="StartInBackground"/>, called by <see cref="LongChainsFirst"/>), or on first use; its state is static
/// because it may start before xUnit creates this fixture.
/// </summary>
public sealed partial class PackedPackage : IDisposable
{
    public const string ConsumerProjectFile = "Consumer.csproj";

    private static readonly string s_root = Path.Combine(Path.GetTempPath(), "threadwise-package-tests", Guid.NewGuid().ToString("N")[..12]);
    private static readonly string s_version = $"0.0.0-test.{DateTime.UtcNow.Ticks}";

    /// <summary>
    /// The chain's commands run beside the in-process tests, so on a busy machine they get a smaller share of it than when
    /// they ran first: three times the default timeout (a timeout is there to stop a hang, not to time the command).
    /// </summary>
    private static readonly TimeSpan s_timeout = DotnetCli.DefaultTimeout * 3;

    private static readonly Lazy<Task<(DotnetResult Result, string? Nupkg)>> s_pack = new(() => Background.Start(Pack));

    // One consumer after the other, so that two restores never fill the packages folder at once.
    private static readonly Lazy<Task<DotnetResult>> s_freshBuild = new(() => After(s_pack.Value, BuildFreshConsumer));
    private static readonly Lazy<Task<(DotnetResult Format, string FixedProgram, DotnetResult? Build)>> s_formatted =
        new(() => After(s_freshBuild.Value, FormatAndBuildConsumer));

    private static readonly Lazy<Task<(DotnetResult Build, DotnetResult Format, string FixedSource, DotnetResult? Rebuild)>> s_multiTarget =
        new(() => After(s_formatted.Value, BuildFormatAndRebuildMultiTargetConsumer));

    private static readonly Lazy<string> s_nugetConfig = new(NuGetConfig);

    public string Version => s_version;

    private static string Feed => Path.Combine(s_root, "feed");

    /// <summary>The consumers' private global packages folder (NUGET_PACKAGES).</summary>
    private static string Packages => Path.Combine(s_root, "packages");

    /// <summary>Starts the pack and then the two consumers, one after the other, without waiting for them.</summary>
    internal static void StartInBackground() => _ = s_multiTarget.Value;

    /// <summary>Packs on first use; returns the .nupkg path or fails the test with the pack output.</summary>
    public string EnsurePacked()
    {
        (DotnetResult result, string? nupkg) = s_pack.Value.GetAwaiter().GetResult();
        result.EnsureSuccess();
        return nupkg ?? throw new Xunit.Sdk.XunitException($"dotnet pack succeeded but wrote no Threadwise.{Version}.nupkg to {Feed}." + Environment.NewLine + result.Describe());
    }

    /// <summary><c>dotnet build --no-incremental</c> of a new consumer of the package (<see cref="PackageTests.ConsumerProgram"/>).</summary>
    public DotnetResult FreshConsumerBuild => s_freshBuild.Value.GetAwaiter().GetResult();

    /// <summary>
    /// <c>dotnet format analyzers --diagnostics TW101 TW102</c> on another new consumer, its Program.cs afterwards, and a
    /// <c>dotnet build --no-incremental</c> of the result (null when the format failed).
    /// </summary>
    public (DotnetResult Format, string FixedProgram, DotnetResult? Build) FormattedConsumer => s_formatted.Value.GetAwaiter().GetResult();

    /// <summary>
    /// A library consumer built for netstandard2.0 and net10.0 (<see cref="PackageTests.MultiTargetLibrary"/>): its build,
    /// <c>dotnet format analyzers --diagnostics TW102</c>, its source afterwards, and a second build (null when the format failed).
    /// </summary>
    public (DotnetResult Build, DotnetResult Format, string FixedSource, DotnetResult? Rebuild) MultiTargetConsumer => s_multiTarget.Value.GetAwaiter().GetResult();

    /// <summary>Runs dotnet for a consumer: private NUGET_PACKAGES so the freshly packed package is what gets restored.</summary>
    private static DotnetResult Dotnet(string workingDirectory, params string[] arguments) =>
        DotnetCli.Run(workingDirectory, arguments, s_timeout, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Packages });

    private static Task<T> After<T>(Task previous, Func<T> work) =>
        previous.ContinueWith(_ => work(), CancellationToken.None, TaskContinuationOptions.LongRunning, TaskScheduler.Default);

    private static DotnetResult BuildFreshConsumer()
    {
        string consumer = CreateConsumer("consumer", PackageTests.ConsumerProgram);
        return Dotnet(consumer, "build", "--no-incremental", "-nologo");
    }

    private static (DotnetResult, DotnetResult, string, DotnetResult?) BuildFormatAndRebuildMultiTargetConsumer()
    {
        string consumer = CreateConsumer(
            "consumer-multi-target",
            PackageTests.MultiTargetLibrary,
            "<TargetFrameworks>netstandard2.0;net10.0</TargetFrameworks><LangVersion>latest</LangVersion>",
            "Installer.cs");
        DotnetResult build = Dotnet(consumer, "build", "--no-incremental", "-nologo");
        DotnetResult format = Dotnet(
            consumer,
            "format", "analyzers", Path.Combine(consumer, ConsumerProjectFile),
            "--diagnostics", "TW102", "--severity", "warn");
        string fixedSource = File.ReadAllText(Path.Combine(consumer, "Installer.cs"));
        DotnetResult? rebuild = format.Succeeded ? Dotnet(consumer, "build", "--no-incremental", "-nologo") : null;
        return (build, format, fixedSource, rebuild);
    }

    private static (DotnetResult, string, DotnetResult?) FormatAndBuildConsumer()
    {
        string consumer = CreateConsumer("consumer-fixed", PackageTests.ConsumerProgram);
        DotnetResult format = Dotnet(
            consumer,
            "format", "analyzers", Path.Combine(consumer, ConsumerProjectFile),
            "--diagnostics", "TW101", "TW102", "--severity", "warn");
        string fixedProgram = File.ReadAllText(Path.Combine(consumer, "Program.cs"));
        DotnetResult? build = format.Succeeded ? Dotnet(consumer, "build", "--no-incremental", "-nologo") : null;
        return (format, fixedProgram, build);
    }

    /// <summary>
    /// Writes a new project (csproj, the source file, nuget.config) referencing the package into the temp folder: by default
    /// a net10.0 console program in Program.cs.
    /// </summary>
    private static string CreateConsumer(
        string name,
        string program,
        string properties = "<OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>",
        string sourceFile = "Program.cs")
    {
        string directory = Path.Combine(s_root, name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ConsumerProjectFile), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {properties}
                <ImplicitUsings>disable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Threadwise" Version="{s_version}" />
              </ItemGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(directory, sourceFile), program);

        // A console app: local file I/O (File.WriteAllText) is reported there only when the option asks for it. This also
        // checks that the package reads options from a consumer's .editorconfig.
        File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n\n[*.cs]\nthreadwise.report_local_file_io_in_apps = true\n");

        // Stop MSBuild from importing Directory.Build.* files from folders above the temp folder.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), s_nugetConfig.Value);
        return directory;
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("THREADWISE_KEEP_TEST_TEMP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(s_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still held open must not fail the run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static (DotnetResult, string?) Pack()
    {
        SampleBuild.RequireAnalyzerAssemblies();
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Packages);

        // PackageVersion (not Version) so the analyzer assemblies keep the repository's assembly version. The analyzer
        // projects are not built again (BuildProjectReferences=false) nor restored (RestoreRecursive=false): building the
        // test project built them in this configuration, and the sample build reads the same DLLs meanwhile. A Release
        // build here compiled both projects a second time on every run for no check the Debug ones do not pass.
        DotnetResult result = DotnetCli.Run(
            RepositoryRoot.Path,
            ["pack", RepositoryRoot.Combine("src", "Threadwise", "Threadwise.csproj"), "-c", DotnetCli.Configuration, "-o", Feed,
             $"-p:PackageVersion={s_version}", "-p:BuildProjectReferences=false", "-p:RestoreRecursive=false", "-nologo"],
            s_timeout);
        string nupkg = Path.Combine(Feed, $"Threadwise.{s_version}.nupkg");
        return (result, File.Exists(nupkg) ? nupkg : null);
    }

    /// <summary>
    /// Only the local feed plus the sources the repository itself restores from (so the consumer can still get any
    /// other package it needs); source names are kept so credentials configured for them still apply. Asked once
    /// (a <c>dotnet nuget</c> process) and shared by the consumers.
    /// </summary>
    private static string NuGetConfig()
    {
        var sources = new List<(string Key, string Value)> { ("threadwise-local-feed", Feed) };
        DotnetResult list = DotnetCli.Run(RepositoryRoot.Path, "nuget", "list", "source", "--format", "detailed");
        if (list.Succeeded)
        {
            foreach (Match m in SourceEntry().Matches(list.Output))
            {
                if (m.Groups["state"].Value == "Enabled")
                {
                    sources.Add((m.Groups["name"].Value.Trim(), m.Groups["url"].Value.Trim()));
                }
            }
        }

        var config = new XElement(
            "configuration",
            new XElement(
                "packageSources",
                new XElement("clear"),
                sources.Select(s => new XElement("add", new XAttribute("key", s.Key), new XAttribute("value", s.Value)))));
        return new XDocument(config).ToString() + Environment.NewLine;
    }

    // "  1.  nuget.org [Enabled]" then the source on the next line.
    [GeneratedRegex(@"^\s*\d+\.\s+(?<name>.+?)\s+\[(?<state>Enabled|Disabled)\]\s*\r?\n\s*(?<url>\S[^\r\n]*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SourceEntry();
}
