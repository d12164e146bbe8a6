using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Diagnostics;
using Threadwise.Tests.Infrastructure;

namespace Threadwise.Tests.Docs;

/// <summary>
/// The package's readme (src/Threadwise/README.md, shown on the package's page) lists every rule with an absolute link
/// to its page: relative links do not resolve on a package gallery.
/// </summary>
public sealed partial class PackageReadmeTests
{
    private static string Readme => File.ReadAllText(RepositoryRoot.Combine("src", "Threadwise", "README.md"));

    [Fact]
    public void Package_readme_lists_every_rule_with_a_link_to_its_page()
    {
        var ids = typeof(Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .Select(d => (d.Id, d.HelpLinkUri))
            .Distinct()
            .ToList();
        var readme = Readme;

        Assert.All(ids, rule => Assert.Contains($"| [{rule.Id}]({rule.HelpLinkUri}) |", readme));
    }

    [Fact]
    public void Package_readme_has_no_relative_links()
    {
        var relative = MarkdownLink().Matches(Readme).Select(m => m.Groups["target"].Value)
            .Where(target => !target.StartsWith("https://", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(relative);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
