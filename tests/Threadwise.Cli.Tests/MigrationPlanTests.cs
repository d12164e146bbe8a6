using Threadwise.Cli.Migration;

namespace Threadwise.Cli.Tests;

/// <summary>The mapping judged against the shipped rules, peer packages found from assembly paths, and the section's text.</summary>
public sealed class MigrationPlanTests
{
    private static readonly HashSet<string> Blocking = ["TW101", "TW102", "TW103"];

    [Fact]
    public void A_duplicate_whose_rules_all_ship_is_switched_off()
    {
        MigrationRow row = MigrationPlan.Judge(Rule("VSTHRD002", Coverage.Covered, "TW101", "TW103"), Blocking);

        Assert.Equal(MigrationAction.SwitchOff, row.Action);
    }

    [Fact]
    public void A_duplicate_whose_rule_this_version_lacks_is_kept()
    {
        MigrationRow row = MigrationPlan.Judge(Rule("VSTHRD114", Coverage.Covered, "TW503"), Blocking);

        Assert.Equal(MigrationAction.Keep, row.Action);
        Assert.Equal("TW503 not in this version", row.Reason);
    }

    [Fact]
    public void A_duplicate_of_two_rules_is_kept_when_one_is_missing()
    {
        MigrationRow row = MigrationPlan.Judge(Rule("AsyncFixer03", Coverage.Covered, "TW301", "TW302"), new HashSet<string> { "TW301" });

        Assert.Equal(MigrationAction.Keep, row.Action);
        Assert.Equal("TW302 not in this version", row.Reason);
    }

    [Fact]
    public void A_planned_rule_is_kept_even_when_its_rule_ships()
    {
        MigrationRow row = MigrationPlan.Judge(Rule("CA2007", Coverage.Planned, "TW501"), new HashSet<string> { "TW501" });

        Assert.Equal(MigrationAction.Keep, row.Action);
        Assert.Equal("TW501 planned", row.Reason);
    }

    [Fact]
    public void A_complementary_rule_is_kept_even_when_its_rule_ships()
    {
        MigrationRow row = MigrationPlan.Judge(Rule("CA2016", Coverage.Complement, "TW504"), new HashSet<string> { "TW504" });

        Assert.Equal(MigrationAction.Keep, row.Action);
        Assert.Equal("finds what Threadwise does not", row.Reason);
    }

    [Fact]
    public void A_rule_without_threadwise_counterpart_is_kept()
    {
        MigrationRow row = MigrationPlan.Judge(Rule("VSTHRD200", Coverage.None), Blocking);

        Assert.Equal(MigrationAction.Keep, row.Action);
        Assert.Equal("no Threadwise rule", row.Reason);
    }

    [Fact]
    public void Plan_holds_only_the_rules_of_referenced_packages()
    {
        var peers = new[] { new DetectedPeer(PeerPackage.AsyncFixer, ["2.1.0"], ["App"]) };

        MigrationPlan plan = MigrationPlan.Create(peers, Blocking);

        Assert.Equal(["AsyncFixer01", "AsyncFixer02", "AsyncFixer03", "AsyncFixer04", "AsyncFixer05", "AsyncFixer06"], plan.Rows.Select(r => r.Rule.Id));
        Assert.Equal(["AsyncFixer02"], plan.SwitchedOff.Select(r => r.Rule.Id));
    }

    [Theory]
    [InlineData("/root/.nuget/packages/microsoft.visualstudio.threading.analyzers/18.12.1/analyzers/cs/Microsoft.VisualStudio.Threading.Analyzers.CSharp.dll", "Microsoft.VisualStudio.Threading.Analyzers", "18.12.1")]
    [InlineData("/root/.nuget/packages/asyncfixer/2.1.0/analyzers/dotnet/cs/AsyncFixer.dll", "AsyncFixer", "2.1.0")]
    [InlineData(@"C:\Users\me\.nuget\packages\meziantou.analyzer\3.0.321\analyzers\dotnet\roslyn4.14\cs\Meziantou.Analyzer.dll", "Meziantou.Analyzer", "3.0.321")]
    [InlineData("/usr/share/dotnet/sdk/10.0.401/Sdks/Microsoft.NET.Sdk/analyzers/Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll", "Microsoft.CodeAnalysis.NetAnalyzers", "SDK 10.0.401")]
    [InlineData("/pkgs/sonaranalyzer.csharp/9.32.0.97167/analyzers/SonarAnalyzer.CSharp.dll", "SonarAnalyzer.CSharp", "9.32.0.97167")]
    [InlineData("/pkgs/roslynator.analyzers/5.0.1/analyzers/dotnet/roslyn5.0/cs/Roslynator.CSharp.Analyzers.dll", "Roslynator.Analyzers", "5.0.1")]
    [InlineData("/somewhere/else/AsyncFixer.dll", "AsyncFixer", "")]
    public void Peer_package_and_version_are_read_from_the_analyzer_path(string path, string package, string version)
    {
        PeerPackage? found = PeerPackage.ForAssembly(path.Replace('\\', '/'));

        Assert.NotNull(found);
        Assert.Equal(package, found.Id);
        Assert.Equal(version, PeerDetection.VersionOf(found, path));
    }

    [Theory]
    [InlineData("/root/.nuget/packages/asyncfixer/2.1.0/analyzers/dotnet/cs/AsyncFixer.CodeFixes.dll")]
    [InlineData("/root/.nuget/packages/meziantou.analyzer/3.0.321/analyzers/dotnet/roslyn4.14/cs/Meziantou.Analyzer.CodeFixers.dll")]
    [InlineData("/work/src/Threadwise.Analyzers/bin/Debug/netstandard2.0/Threadwise.Analyzers.dll")]
    [InlineData("/usr/share/dotnet/sdk/10.0.401/Sdks/Microsoft.NET.Sdk/analyzers/Microsoft.CodeAnalysis.CSharp.CodeStyle.dll")]
    public void Code_fix_and_other_analyzer_assemblies_name_no_peer(string path)
    {
        Assert.Null(PeerPackage.ForAssembly(path));
    }

    [Fact]
    public void Section_switches_off_each_duplicate_under_a_comment_naming_its_threadwise_rules()
    {
        var peers = new[] { new DetectedPeer(PeerPackage.Meziantou, [], []) };

        string section = EditorConfigSection.Render(MigrationPlan.Create(peers, Blocking))!;

        Assert.StartsWith(EditorConfigSection.Begin + "\n", section);
        Assert.EndsWith(EditorConfigSection.End + "\n", section);
        Assert.Contains("docs/migrating.md", section);
        Assert.Contains("[*.cs]\n", section);
        Assert.Contains("# MA0042: Do not use blocking calls when the calling method is async -> TW101, TW102\ndotnet_diagnostic.MA0042.severity = none\n", section);
        Assert.DoesNotContain("MA0004", section);
        Assert.DoesNotContain("MA0137", section);
        Assert.DoesNotContain("MA0134", section); // TW304 is not among the shipped rules given
    }

    [Fact]
    public void No_section_when_no_covering_rule_ships()
    {
        var peers = new[] { new DetectedPeer(PeerPackage.Roslynator, [], []) };

        Assert.Null(EditorConfigSection.Render(MigrationPlan.Create(peers, new HashSet<string>())));
    }

    [Fact]
    public void Merge_creates_the_file_from_the_section_alone()
    {
        Assert.Equal(Section("A"), EditorConfigSection.Merge(null, Section("A")));
    }

    [Fact]
    public void Merge_appends_after_a_blank_line_and_keeps_the_existing_text()
    {
        string merged = EditorConfigSection.Merge("root = true\n\n[*.cs]\nindent_size = 4\n", Section("A"));

        Assert.Equal("root = true\n\n[*.cs]\nindent_size = 4\n\n" + Section("A"), merged);
    }

    [Fact]
    public void Merge_replaces_the_section_written_before_and_keeps_what_follows()
    {
        string before = "root = true\n\n" + Section("A") + "\n[*.md]\nindent_size = 2\n";

        string merged = EditorConfigSection.Merge(before, Section("B"));

        Assert.Equal("root = true\n\n" + Section("B") + "\n[*.md]\nindent_size = 2\n", merged);
        Assert.Equal(merged, EditorConfigSection.Merge(merged, Section("B")));
    }

    [Fact]
    public void Merge_keeps_crlf_line_ends()
    {
        string merged = EditorConfigSection.Merge("root = true\r\n", Section("A"));

        Assert.Equal(("root = true\n\n" + Section("A")).Replace("\n", "\r\n"), merged);
        Assert.Equal(merged, EditorConfigSection.Merge(merged, Section("A")));
    }

    private static string Section(string id) =>
        $"{EditorConfigSection.Begin}\n[*.cs]\ndotnet_diagnostic.{id}.severity = none\n{EditorConfigSection.End}\n";

    private static PeerRule Rule(string id, Coverage coverage, params string[] threadwise) =>
        new(PeerPackage.VisualStudioThreading, id, "title", coverage, threadwise, "note");
}
