using System.Text;

namespace Threadwise.Cli.Tests;

/// <summary>
/// <c>threadwise fix</c> end to end on a generated two-project solution: a dry run (default choices) that must write
/// nothing, then the real run with <c>--fix TW201=parallel --fail-on warning</c>, then <c>dotnet build</c> of the result.
/// </summary>
public sealed class FixEndToEndTests(FixEndToEndTests.Shop shop) : IClassFixture<FixEndToEndTests.Shop>
{
    [Fact]
    public async Task Dry_run_prints_a_unified_diff_and_writes_nothing()
    {
        DryRun dry = await shop.DryRunAsync;

        Assert.True(dry.Run.ExitCode == ExitCodes.Clean, dry.Run.ToString());
        Assert.True(dry.Unchanged, "the dry run changed a file");
        Assert.StartsWith("--- a/App/Program.cs\n+++ b/App/Program.cs\n@@ ", dry.Run.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("-    private static string Report(OrderStore store)\n", dry.Run.Stdout);
        Assert.Contains("+    private static async Task<string> ReportAsync(OrderStore store)\n", dry.Run.Stdout);
        Assert.Contains("+        string text = await store.LoadAsync(\"2\");\n", dry.Run.Stdout);
        Assert.Contains("+        return await File.ReadAllTextAsync(Path.Combine(folder, id));", dry.Run.Stdout);
        Assert.Contains("--- a/Core/Matrix.cs", dry.Run.Stdout);
        Assert.Contains("Threadwise fix (dry run, nothing written): 6 diagnostics would be fixed in 3 files; 2 left", dry.Run.Stderr);
        Assert.True(dry.GitApplyCheck == "", "git apply --check refused the diff: " + dry.GitApplyCheck);
    }

    [Fact]
    public async Task Fix_writes_the_fixes_and_the_fixed_solution_builds()
    {
        CliRun run = await shop.ApplyAsync;

        // --fail-on warning: two warnings have no safe fix, so the exit code is 1.
        Assert.True(run.ExitCode == ExitCodes.Findings, run.ToString());
        Assert.Contains("Threadwise fix: 6 diagnostics fixed in 3 files; 2 left; 2 projects", run.Stdout);
        string program = shop.Read("App/Program.cs");
        Assert.Contains("Console.WriteLine(first + await ReportAsync(store));", program);
        string store = shop.Read("Core/OrderStore.cs");
        Assert.Contains("await Task.Delay(10);", store);
        Assert.Contains("return (await ids).Length;", store);
        Assert.Contains("return pending.Wait(100);", store); // no safe fix: a bool-returning wait

        string build = await shop.BuildAsync;
        Assert.True(build == "", "dotnet build of the fixed solution failed:\n" + build);
    }

    [Fact]
    public async Task Fix_choice_picks_the_named_action()
    {
        DryRun dry = await shop.DryRunAsync;
        CliRun run = await shop.ApplyAsync;

        // Default (offload): the loop moves into Task.Run as it is; --fix TW201=parallel: Parallel.For on the thread pool.
        Assert.Contains("+        await Task.Run(() =>", dry.Run.Stdout);
        Assert.DoesNotContain("Parallel.For", dry.Run.Stdout);
        Assert.Matches(@"TW201\s+offload\s+1\s+1\s+1\s+0", dry.Run.Stderr);
        Assert.Contains("await Task.Run(() => Parallel.For(0, n, i =>", shop.Read("Core/Matrix.cs"));
        Assert.Matches(@"TW201\s+parallel\s+1\s+1\s+1\s+0", run.Stdout);
        Assert.Matches(@"TW103\s+propagate\s+1\s+1\s+1\s+0", run.Stdout);
    }

    [Fact]
    public async Task Diagnostics_exposed_by_an_earlier_fix_are_fixed_in_the_same_run()
    {
        CliRun run = await shop.ApplyAsync;

        // TW103's fix made Report async; its File.ReadAllText became a TW102, fixed by TW102's Fix All after it.
        Assert.Contains("return text + await File.ReadAllTextAsync(\"footer.txt\");", shop.Read("App/Program.cs"));
        Assert.Matches(@"TW102\s+-\s+2\s+3\s+2\s+0", run.Stdout);
    }

    [Fact]
    public async Task Diagnostics_without_a_safe_fix_are_reported_as_left()
    {
        CliRun run = await shop.ApplyAsync;

        Assert.Matches(@"TW402\s+no code fix\s+1\s+0\s+0\s+1", run.Stdout);
        Assert.Matches(@"TW101\s+-\s+2\s+1\s+1\s+1", run.Stdout);
        string left = run.Stdout[run.Stdout.IndexOf("Left (", StringComparison.Ordinal)..];
        Assert.Contains("Core/OrderStore.cs(30,13): warning TW402: 'Thread.Sleep' blocks while the lock on '_gate' is held", left);
        Assert.Contains("Core/OrderStore.cs(23,16): warning TW101: 'pending.Wait(100)'", left);

        // TW104 (no code fix) is gone: the helper it named was made async by TW103's fix.
        Assert.Matches(@"TW104\s+no code fix\s+1\s+0\s+0\s+0", run.Stdout);
    }

    [Fact]
    public async Task Fixed_files_keep_their_encoding_and_line_endings()
    {
        await shop.ApplyAsync;

        byte[] matrix = File.ReadAllBytes(Path.Combine(shop.Root, "Core", "Matrix.cs"));
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), matrix[..3]);
        string text = Encoding.UTF8.GetString(matrix[3..]);
        Assert.Contains("Parallel.For", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal));

        byte[] store = File.ReadAllBytes(Path.Combine(shop.Root, "Core", "OrderStore.cs"));
        Assert.NotEqual(0xEF, store[0]);
        Assert.DoesNotContain((byte)'\r', store);
    }

    /// <summary>The dry run's output, whether every file kept its bytes, and what <c>git apply --check</c> said of the diff.</summary>
    internal sealed record DryRun(CliRun Run, bool Unchanged, string GitApplyCheck);

    /// <summary>
    /// Shop.sln: Shop.Core (two target frameworks, fixed once; TW101 fixable and not, TW102, TW201 in a file with a
    /// byte-order mark and CRLF, TW402 without a fix) and Shop.App (TW103 in a helper that async Main calls, which TW104
    /// reports; its File.ReadAllText becomes a TW102 once TW103's fix made it async). Generated once, restored on first use;
    /// the dry run comes first, the real run after it, the build last.
    /// </summary>
    public sealed class Shop
    {
        private readonly Lazy<Task<DryRun>> _dryRun;
        private readonly Lazy<Task<CliRun>> _apply;
        private readonly Lazy<Task<string>> _build;

        public Shop()
        {
            Root = TestPaths.NewScratchFolder("fix");
            Generate(Root);
            _dryRun = new(async () =>
            {
                await CliRun.RestoreAsync(Path.Combine(Root, "Shop.sln"));
                return await RunDryAsync();
            });
            _apply = new(async () =>
            {
                await DryRunAsync;
                return await CliRun.RunAsync("fix", Path.Combine(Root, "Shop.sln"), "--fix", "TW201=parallel", "--fail-on", "warning");
            });
            _build = new(async () =>
            {
                await ApplyAsync;
                var (exitCode, output) = await CliRun.RunProgramAsync("dotnet", Root, "build", "Shop.sln", "--no-restore", "-nologo", "-v:q", "-m:1", "-p:TreatWarningsAsErrors=false");
                return exitCode == 0 ? "" : output;
            });
        }

        public string Root { get; }

        internal Task<DryRun> DryRunAsync => _dryRun.Value;

        internal Task<CliRun> ApplyAsync => _apply.Value;

        /// <summary>"" when <c>dotnet build</c> succeeded, else its output.</summary>
        public Task<string> BuildAsync => _build.Value;

        public string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

        private async Task<DryRun> RunDryAsync()
        {
            var before = Sources();
            CliRun run = await CliRun.RunAsync("fix", Root, "--dry-run");
            bool unchanged = Sources().SequenceEqual(before);
            string patch = Path.Combine(Root, "..", Path.GetFileName(Root) + ".diff");
            File.WriteAllText(patch, run.Stdout);
            var (exitCode, output) = await CliRun.RunProgramAsync("git", Root, "apply", "--check", patch);
            return new DryRun(run, unchanged, exitCode == 0 ? "" : output);
        }

        /// <summary>Every source file's path and bytes.</summary>
        private List<(string, string)> Sources() =>
            Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(p => (p, Convert.ToBase64String(File.ReadAllBytes(p))))
                .ToList();

        private static void Generate(string root)
        {
            CodeBases.Write(root, "Shop.sln", SolutionFile);
            CodeBases.Write(root, "Core/Shop.Core.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFrameworks>net10.0;net8.0</TargetFrameworks>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                </Project>
                """);
            // Shop.App is a console app: its File.ReadAllText is a TW102 only with local file I/O in applications turned on.
            CodeBases.Write(root, "App/.editorconfig", """
                [*.cs]
                threadwise.report_local_file_io_in_apps = true
                """);
            CodeBases.Write(root, "App/Shop.App.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="../Core/Shop.Core.csproj" />
                  </ItemGroup>
                </Project>
                """);
            CodeBases.Write(root, "Core/OrderStore.cs", """
                namespace Shop.Core;

                public sealed class OrderStore(string folder)
                {
                    private readonly object _gate = new();

                    public async Task<string> LoadAsync(string id)
                    {
                        await Task.Yield();
                        Thread.Sleep(10);
                        return File.ReadAllText(Path.Combine(folder, id));
                    }

                    public async Task<int> CountAsync(Task<string[]> ids)
                    {
                        await Task.Yield();
                        return ids.Result.Length;
                    }

                    public async Task<bool> WaitBrieflyAsync(Task pending)
                    {
                        await Task.Yield();
                        return pending.Wait(100);
                    }

                    public void Touch()
                    {
                        lock (_gate)
                        {
                            Thread.Sleep(1);
                        }
                    }
                }

                """);
            string matrix = """
                namespace Shop.Core;

                public static class Matrix
                {
                    public static async Task<double[,]> MultiplyAsync(double[,] a, double[,] b, int n)
                    {
                        await Task.Yield();
                        var c = new double[n, n];
                        for (int i = 0; i < n; i++)
                        {
                            for (int j = 0; j < n; j++)
                            {
                                double sum = 0;
                                for (int k = 0; k < n; k++)
                                {
                                    sum += a[i, k] * b[k, j];
                                }

                                c[i, j] = sum;
                            }
                        }

                        return c;
                    }
                }

                """;
            File.WriteAllText(Path.Combine(root, "Core", "Matrix.cs"), matrix.ReplaceLineEndings("\r\n"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            CodeBases.Write(root, "App/Program.cs", """
                using Shop.Core;

                namespace Shop.App;

                public static class Program
                {
                    public static async Task<int> Main(string[] args)
                    {
                        var store = new OrderStore(".");
                        string first = await store.LoadAsync("1");
                        Console.WriteLine(first + Report(store));
                        return 0;
                    }

                    private static string Report(OrderStore store)
                    {
                        string text = store.LoadAsync("2").Result;
                        return text + File.ReadAllText("footer.txt");
                    }
                }

                """);
        }

        private const string SolutionFile = """
            Microsoft Visual Studio Solution File, Format Version 12.00
            # Visual Studio Version 17
            VisualStudioVersion = 17.0.31903.59
            MinimumVisualStudioVersion = 10.0.40219.1
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Shop.Core", "Core\Shop.Core.csproj", "{49BDE469-F641-44DD-960A-D01501AA2881}"
            EndProject
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Shop.App", "App\Shop.App.csproj", "{04BB1A3D-19CB-4F6D-A1BF-04740B1EB62F}"
            EndProject
            Global
            	GlobalSection(SolutionConfigurationPlatforms) = preSolution
            		Debug|Any CPU = Debug|Any CPU
            	EndGlobalSection
            	GlobalSection(ProjectConfigurationPlatforms) = postSolution
            		{49BDE469-F641-44DD-960A-D01501AA2881}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
            		{49BDE469-F641-44DD-960A-D01501AA2881}.Debug|Any CPU.Build.0 = Debug|Any CPU
            		{04BB1A3D-19CB-4F6D-A1BF-04740B1EB62F}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
            		{04BB1A3D-19CB-4F6D-A1BF-04740B1EB62F}.Debug|Any CPU.Build.0 = Debug|Any CPU
            	EndGlobalSection
            EndGlobal
            """;
    }
}
