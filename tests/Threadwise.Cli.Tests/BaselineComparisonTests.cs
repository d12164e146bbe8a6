using Microsoft.CodeAnalysis;
using Threadwise.Baselines;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Baselines;

namespace Threadwise.Cli.Tests;

/// <summary>analyze --baseline's matching: accepted, new and fixed, with equal fingerprints paired by count and file.</summary>
public sealed class BaselineComparisonTests
{
    private static readonly string s_folder = Path.Combine(Path.GetTempPath(), "repo");

    [Fact]
    public void Findings_in_the_baseline_are_accepted_others_are_new_and_unmatched_entries_are_fixed()
    {
        var document = new BaselineDocument(
        [
            Entry("TW101", "M:A.Load", "t.Result", 0, "src/A.cs"),
            Entry("TW102", "M:A.Save", "File.WriteAllText(p,s)", 0, "src/A.cs"),
        ]);
        Finding kept = Finding("TW101", "M:A.Load", "t.Result", 0, "src/A.cs");
        Finding added = Finding("TW101", "M:A.Load", "t.Result", 1, "src/A.cs");

        var comparison = BaselineComparison.Compare(Path.Combine(s_folder, "threadwise.baseline.json"), document, [kept, added], RuleFilter.All);

        Assert.Equal([kept], comparison.Accepted);
        Assert.Equal([added], comparison.New);
        Assert.Equal("TW102", Assert.Single(comparison.Fixed).Fingerprint.RuleId);
    }

    [Fact]
    public void Equal_fingerprints_of_two_projects_pair_up_by_file()
    {
        var document = new BaselineDocument(
        [
            Entry("TW101", "M:Shared.Run", "t.Result", 0, "One/Shared.cs"),
            Entry("TW101", "M:Shared.Run", "t.Result", 0, "Two/Shared.cs"),
        ]);
        Finding inTwo = Finding("TW101", "M:Shared.Run", "t.Result", 0, "Two/Shared.cs");

        var comparison = BaselineComparison.Compare(Path.Combine(s_folder, "threadwise.baseline.json"), document, [inTwo], RuleFilter.All);

        Assert.Equal([inTwo], comparison.Accepted);
        Assert.Equal("One/Shared.cs", Assert.Single(comparison.Fixed).Path);
    }

    [Fact]
    public void Entries_of_rules_not_selected_are_not_fixed()
    {
        var document = new BaselineDocument([Entry("TW102", "M:A.Save", "x", 0, "A.cs")]);

        var comparison = BaselineComparison.Compare(Path.Combine(s_folder, "threadwise.baseline.json"), document, [], RuleFilter.Parse(["TW101"]));

        Assert.Empty(comparison.Fixed);
    }

    private static BaselineEntry Entry(string rule, string member, string code, int ordinal, string path) =>
        new(new BaselineFingerprint(rule, member, code, ordinal), path);

    private static Finding Finding(string rule, string member, string code, int ordinal, string path) =>
        new(rule, DiagnosticSeverity.Warning, "message", Path.Combine(s_folder, path), 1, 1, 1, 2, "P")
        {
            Fingerprint = new BaselineFingerprint(rule, member, code, ordinal),
        };
}
