using System.Text;
using System.Text.RegularExpressions;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Migration;

namespace Threadwise.Cli.Tests;

/// <summary>
/// docs/migrating.md and the tool's mapping (<see cref="PeerRuleMap"/>) are one table: the doc's tables and its
/// .editorconfig block are generated from the map, and every Threadwise rule the map names exists or is planned.
/// </summary>
public sealed partial class MigratingDocTests
{
    private const string MapBegin = "<!-- peer-map:begin -->";
    private const string MapEnd = "<!-- peer-map:end -->";
    private const string EditorConfigBegin = "<!-- editorconfig:begin -->";
    private const string EditorConfigEnd = "<!-- editorconfig:end -->";

    /// <summary>Issue 14's rules: a mapped rule that this build does not ship must be one of them.</summary>
    private static readonly string[] Issue14Rules = ["TW501", "TW502", "TW503", "TW504", "TW505", "TW506", "TW507"];

    private static readonly HashSet<string> Shipped =
        ThreadwiseAnalyzers.Load().Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Mapping_tables_in_docs_migrating_md_are_the_ones_generated_from_the_map()
    {
        AssertGenerated(MapBegin, MapEnd, MappingTables());
    }

    [Fact]
    public void Editorconfig_lines_in_docs_migrating_md_are_the_ones_generated_from_the_map()
    {
        AssertGenerated(EditorConfigBegin, EditorConfigEnd, "```ini\n" + EverySwitchOff() + "```");
    }

    [Fact]
    public void Every_mapped_threadwise_rule_has_its_rule_page_or_is_an_issue_14_rule_not_shipped_yet()
    {
        var problems = new List<string>();
        foreach (string id in PeerRuleMap.Rules.SelectMany(r => r.Threadwise).Distinct())
        {
            bool page = File.Exists(Path.Combine(TestPaths.RepositoryRoot, "docs", "rules", id + ".md"));
            if (Shipped.Contains(id) && !page)
            {
                problems.Add($"{id} is shipped but docs/rules/{id}.md is missing");
            }
            else if (!Shipped.Contains(id) && !Issue14Rules.Contains(id))
            {
                problems.Add($"{id} is mapped but no analyzer reports it and issue 14 does not name it");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Planned_rows_name_only_planned_rules_and_planned_rules_are_not_shipped()
    {
        // When a planned rule lands, its rows must become "covered" (and PlannedRules shrink): this test says so.
        Assert.DoesNotContain(PeerRuleMap.PlannedRules, Shipped.Contains);
        Assert.All(
            PeerRuleMap.Rules.Where(r => r.Coverage == Coverage.Planned),
            r => Assert.True(r.Threadwise.All(PeerRuleMap.PlannedRules.Contains), $"{r.Id} is planned but names {string.Join(", ", r.Threadwise)}"));
        Assert.All(
            PeerRuleMap.Rules.Where(r => r.Coverage == Coverage.Covered),
            r => Assert.True(!r.Threadwise.Any(PeerRuleMap.PlannedRules.Contains), $"{r.Id} is covered by a planned rule"));
    }

    [Fact]
    public void Each_peer_rule_is_mapped_once_with_an_id_of_its_package_and_a_note()
    {
        Assert.Equal(PeerRuleMap.Rules.Count, PeerRuleMap.Rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        var prefixes = new Dictionary<PeerPackage, Regex>
        {
            [PeerPackage.VisualStudioThreading] = new("^VSTHRD[0-9]{3}$"),
            [PeerPackage.AsyncFixer] = new("^AsyncFixer[0-9]{2}$"),
            [PeerPackage.Meziantou] = new("^MA[0-9]{4}$"),
            [PeerPackage.NetAnalyzers] = new("^CA[0-9]{4}$"),
            [PeerPackage.Sonar] = new("^S[0-9]{3,4}$"),
            [PeerPackage.Roslynator] = new("^RCS[0-9]{4}$"),
        };
        Assert.All(PeerRuleMap.Rules, r =>
        {
            Assert.Matches(prefixes[r.Package], r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Note), r.Id);
            Assert.Equal(r.Coverage == Coverage.None, r.Threadwise.Count == 0);
        });
    }

    [Fact]
    public void Every_peer_rule_whose_local_suppression_counts_for_threadwise_is_a_covered_duplicate()
    {
        // docs/peer-suppressions.md lists the peer rules that Threadwise treats as equivalent at a site; each is a
        // duplicate here too (the converse need not hold: not every duplicate's suppression is honoured). The compiler's
        // own warnings it lists (CS4014) are no peer's rules and are never switched off when migrating.
        string text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "peer-suppressions.md"));
        var peers = PeerSuppressionRow().Matches(text)
            .SelectMany(m => InlineCode().Matches(m.Groups["peers"].Value).Select(c => c.Groups[1].Value))
            .Where(id => !id.StartsWith("TW", StringComparison.Ordinal) && !id.StartsWith("CS", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.NotEmpty(peers);
        var covered = PeerRuleMap.Rules.Where(r => r.Coverage == Coverage.Covered).Select(r => r.Id).ToHashSet();
        Assert.DoesNotContain(peers, p => !covered.Contains(p));
    }

    /// <summary>One table per package, in the map's order; cells escape what markdown would read as markup.</summary>
    internal static string MappingTables()
    {
        var text = new StringBuilder();
        foreach (var group in PeerRuleMap.Rules.GroupBy(r => r.Package))
        {
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }

            text.Append("### ").Append(group.Key.DisplayName).Append("\n\n")
                .Append("| Peer rule | Title | Threadwise | Coverage | What Threadwise does differently, or why none |\n")
                .Append("|-----------|-------|------------|----------|-----------------------------------------------|");
            foreach (PeerRule rule in group)
            {
                text.Append("\n| ").Append(rule.Id)
                    .Append(" | ").Append(rule.Title.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "\\<", StringComparison.Ordinal))
                    .Append(" | ").Append(rule.Threadwise.Count == 0 ? "—" : string.Join(", ", rule.Threadwise))
                    .Append(" | ").Append(CoverageText(rule.Coverage))
                    .Append(" | ").Append(rule.Note.Replace("|", "\\|", StringComparison.Ordinal))
                    .Append(" |");
            }
        }

        return text.ToString();
    }

    /// <summary>The section <c>migrate</c> writes when every package is referenced and every covering rule ships.</summary>
    internal static string EverySwitchOff()
    {
        var everyPackage = PeerPackage.All.Select(p => new DetectedPeer(p, [], [])).ToList();
        var everyRule = PeerRuleMap.Rules.SelectMany(r => r.Threadwise).ToHashSet(StringComparer.Ordinal);
        everyRule.ExceptWith(PeerRuleMap.PlannedRules);
        return EditorConfigSection.Render(MigrationPlan.Create(everyPackage, everyRule))!;
    }

    private static string CoverageText(Coverage coverage) => coverage switch
    {
        Coverage.Covered => "duplicate",
        Coverage.Planned => "planned",
        Coverage.Complement => "keep both",
        _ => "none",
    };

    private static void AssertGenerated(string begin, string end, string expected)
    {
        string text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "migrating.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        int from = text.IndexOf(begin, StringComparison.Ordinal);
        int to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"docs/migrating.md must hold {begin} and {end}, in that order.");
        string actual = text[(from + begin.Length)..to].Trim();
        Assert.True(
            actual == expected,
            $"docs/migrating.md between {begin} and {end} is not what the map generates; paste this there:\n\n{expected}\n");
    }

    [GeneratedRegex(@"^\| \[TW[0-9]{3}\]\(rules/TW[0-9]{3}\.md\)[^|]*\| (?<peers>[^\n]*) \|$", RegexOptions.Multiline)]
    private static partial Regex PeerSuppressionRow();

    [GeneratedRegex("`([A-Za-z]+[0-9]+)`")]
    private static partial Regex InlineCode();
}
