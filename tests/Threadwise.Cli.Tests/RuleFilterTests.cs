using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Tests;

public sealed class RuleFilterTests
{
    [Theory]
    [InlineData("TW101", "TW101", true)]
    [InlineData("TW101", "TW102", false)]
    [InlineData("TW2*", "TW205", true)]
    [InlineData("TW2*", "TW101", false)]
    [InlineData("tw10?", "TW104", true)]
    [InlineData("TW101,TW2*", "TW206", true)]
    [InlineData("TW101, TW3*", "TW304", true)]
    [InlineData("TW101;TW3*", "TW201", false)]
    public void Matches_ids_and_globs_case_insensitively(string option, string ruleId, bool matches) =>
        Assert.Equal(matches, RuleFilter.Parse([option]).Matches(ruleId));

    [Fact]
    public void No_patterns_select_every_rule() =>
        Assert.True(RuleFilter.Parse([]).Matches("TW402"));

    [Fact]
    public void Repeated_option_values_add_up() =>
        Assert.True(RuleFilter.Parse(["TW101", "TW4*"]).Matches("TW401"));

    [Fact]
    public void Reports_patterns_that_select_no_known_rule() =>
        Assert.Equal(["TW9*", "TW1010"], RuleFilter.Parse(["TW101,TW9*,TW1010"]).UnmatchedPatterns(["TW101", "TW102"]));

    [Fact]
    public void Only_analyzers_of_selected_rules_run()
    {
        var threadwise = ThreadwiseAnalyzers.Load();

        var selected = threadwise.For(RuleFilter.Parse(["TW2*"]));

        Assert.NotEmpty(selected);
        // Suppressors report nothing and always run (the baseline suppressor is the first one).
        Assert.All(
            selected.Where(a => a is not Microsoft.CodeAnalysis.Diagnostics.DiagnosticSuppressor),
            a => Assert.Contains(a.SupportedDiagnostics, d => d.Id.StartsWith("TW2", StringComparison.Ordinal)));
        Assert.Contains(selected, a => a is Threadwise.Baselines.ThreadwiseBaselineSuppressor);
        Assert.True(selected.Length < threadwise.Analyzers.Length);
    }

    [Fact]
    public void The_baseline_suppressor_is_left_out_when_the_command_compares_with_a_baseline_itself()
    {
        var threadwise = ThreadwiseAnalyzers.Load();

        Assert.DoesNotContain(threadwise.For(RuleFilter.All, withBaselineSuppressor: false), a => a is Threadwise.Baselines.ThreadwiseBaselineSuppressor);
        Assert.Equal(threadwise.Analyzers.Length - 1, threadwise.For(RuleFilter.All, withBaselineSuppressor: false).Length);
    }

    [Fact]
    public void Loads_every_rule_with_a_help_link_to_its_page()
    {
        var threadwise = ThreadwiseAnalyzers.Load();

        Assert.Contains(threadwise.Rules, r => r.Id == "TW001");
        Assert.Contains(threadwise.Rules, r => r.Id == "TW402");
        Assert.All(threadwise.Rules, r => Assert.EndsWith($"/docs/rules/{r.Id}.md", r.HelpLinkUri));
    }
}
