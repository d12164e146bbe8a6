using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Cli.Analysis;

/// <summary>The analyzers shipped in Threadwise.Analyzers, found by reflection the way a compiler finds them in a package.</summary>
internal sealed class ThreadwiseAnalyzers
{
    private ThreadwiseAnalyzers(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        Analyzers = analyzers;
        Rules = analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>Every analyzer (and suppressor) type in the assembly, one instance each.</summary>
    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>One descriptor per rule ID, sorted by ID.</summary>
    public ImmutableArray<DiagnosticDescriptor> Rules { get; }

    public static ThreadwiseAnalyzers Load()
    {
        // Any public analyzer type names the assembly; the project reference puts it next to the tool.
        Assembly assembly = typeof(Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer).Assembly;
        var analyzers = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Where(t => t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        return new ThreadwiseAnalyzers(analyzers);
    }

    /// <summary>The analyzers that report at least one selected rule; suppressors always run (they report nothing).</summary>
    public ImmutableArray<DiagnosticAnalyzer> For(RuleFilter filter) =>
        Analyzers.Where(a => a is DiagnosticSuppressor || a.SupportedDiagnostics.Any(d => filter.Matches(d.Id))).ToImmutableArray();
}
