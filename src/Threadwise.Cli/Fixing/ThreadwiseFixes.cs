using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Threadwise.Cli.Fixing;

/// <summary>The code-fix providers shipped in Threadwise.CodeFixes, found by reflection the way an IDE finds them by MEF export.</summary>
internal sealed class ThreadwiseFixes
{
    private readonly IReadOnlyDictionary<string, CodeFixProvider> _byRule;

    private ThreadwiseFixes(ImmutableArray<CodeFixProvider> providers)
    {
        Providers = providers;
        _byRule = providers
            .SelectMany(p => p.FixableDiagnosticIds.Select(id => (Id: id, Provider: p)))
            .GroupBy(x => x.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Provider, StringComparer.Ordinal);
    }

    public ImmutableArray<CodeFixProvider> Providers { get; }

    public static ThreadwiseFixes Load()
    {
        // Any provider type names the assembly; the project reference puts it next to the tool.
        Assembly assembly = typeof(Threadwise.Fixes.Blocking.TW101BlockingWaitCodeFix).Assembly;
        var providers = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Where(t => t.GetCustomAttributes<ExportCodeFixProviderAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        return new ThreadwiseFixes(providers);
    }

    /// <summary>The IDs of the rules that have a code fix.</summary>
    public IEnumerable<string> RuleIds => _byRule.Keys;

    /// <summary>The provider that fixes a rule, or null for a rule without a code fix.</summary>
    public CodeFixProvider? For(string ruleId) => _byRule.GetValueOrDefault(ruleId);
}
