using System.Reflection;
using Microsoft.CodeAnalysis.CodeFixes;
using Threadwise.Cli.Fixing;

namespace Threadwise.Cli.Tests;

/// <summary><c>threadwise fix</c> usage errors (exit code 2, a clear message, nothing loaded) and the --fix choice table.</summary>
public sealed class FixUsageTests
{
    [Theory]
    [InlineData("TW999=offload", "TW999 is not a Threadwise rule")]
    [InlineData("TW201=fast", "'fast' is not a fix of TW201; choose offload or parallel")]
    [InlineData("TW103=everything", "choose propagate or this-method")]
    [InlineData("TW101=await", "TW101 has a single fix, there is nothing to choose")]
    [InlineData("TW402=unlock", "TW402 has no code fix")]
    [InlineData("TW201", "is not RULE=choice")]
    [InlineData("TW201=offload,TW201=parallel", "two fixes for TW201")]
    public async Task Unknown_rule_or_choice_is_a_usage_error(string fix, string message)
    {
        CliRun run = await CliRun.RunAsync("fix", ".", "--fix", fix);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains(message, run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Rules_pattern_matching_no_rule_is_a_usage_error()
    {
        CliRun run = await CliRun.RunAsync("fix", ".", "--rules", "TW9*");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--rules TW9* matches no Threadwise rule", run.Stderr);
    }

    [Theory]
    [InlineData("--fail-on", "new")]
    [InlineData("--severity", "hidden")]
    public async Task Invalid_option_value_is_a_usage_error(string option, string value)
    {
        CliRun run = await CliRun.RunAsync("fix", ".", option, value);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--help", run.Stderr);
    }

    [Fact]
    public async Task Missing_target_exits_with_2()
    {
        CliRun run = await CliRun.RunAsync("fix", Path.Combine(TestPaths.NewScratchFolder("missing"), "nothing.sln"), "--dry-run");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("does not exist", run.Stderr);
    }

    [Fact]
    public async Task Folder_whose_only_project_is_broken_exits_with_2()
    {
        string root = TestPaths.NewScratchFolder("fix-broken");
        CodeBases.Write(root, "Broken/Broken.csproj", """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup>""");

        CliRun run = await CliRun.RunAsync("fix", root);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("Broken.csproj", run.Stderr);
        Assert.Contains("could be analyzed; nothing fixed", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Choice_names_are_case_insensitive_and_may_be_repeated()
    {
        var choices = FixChoices.Parse(["tw201=Parallel", "TW304=discard,TW201=parallel"], ["TW201", "TW304"], _ => true, out string? error);

        Assert.Null(error);
        Assert.Equal("parallel", choices!["TW201"]);
        Assert.Equal(TW201Key("ParallelizeKey"), FixChoices.KeyFor("TW201", choices));
        Assert.Equal(TW201Key("OffloadKey"), FixChoices.KeyFor("TW201", new Dictionary<string, string>()));
        Assert.Equal("TW101", FixChoices.KeyFor("TW101", choices));
    }

    /// <summary>
    /// Every equivalence key a provider declares (its public <c>…Key</c> constants) has a readable name, so no action is
    /// out of reach of --fix; and every rule in the table has a provider.
    /// </summary>
    [Fact]
    public void Choice_table_names_every_equivalence_key_the_providers_declare()
    {
        var fixes = ThreadwiseFixes.Load();
        var declared = fixes.Providers
            .SelectMany(p => p.GetType().GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Key", StringComparison.Ordinal))
                .Select(f => (Rule: Assert.Single(p.FixableDiagnosticIds), Key: (string)f.GetRawConstantValue()!)))
            .ToList();
        Assert.NotEmpty(declared);

        foreach (var (rule, key) in declared)
        {
            Assert.True(
                FixChoices.ByRule.TryGetValue(rule, out var choices) && choices.Any(c => c.EquivalenceKey == key),
                $"{rule}'s equivalence key '{key}' has no --fix name in FixChoices");
        }

        foreach (string rule in FixChoices.ByRule.Keys)
        {
            Assert.True(fixes.For(rule) is CodeFixProvider, $"{rule} has --fix choices but no code-fix provider");
        }
    }

    private static string TW201Key(string name) =>
        (string)typeof(Threadwise.Fixes.Cpu.TW201CpuHeavyLoopCodeFix).GetField(name)!.GetRawConstantValue()!;
}
