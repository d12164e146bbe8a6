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

    /// <summary>
    /// The analyzers that report at least one selected rule, and the suppressors (they report nothing). The baseline
    /// suppressor is left out when the command compares with a baseline itself (<c>baseline</c>, <c>analyze --baseline</c>):
    /// it must see every diagnostic, including those a threadwise.baseline.json among the project's AdditionalFiles accepts.
    /// </summary>
    public ImmutableArray<DiagnosticAnalyzer> For(RuleFilter filter, bool withBaselineSuppressor = true) =>
        Analyzers.Where(a => a is DiagnosticSuppressor
                ? withBaselineSuppressor || a is not Threadwise.Baselines.ThreadwiseBaselineSuppressor
                : a.SupportedDiagnostics.Any(d => filter.Matches(d.Id)))
            .ToImmutableArray();
}
