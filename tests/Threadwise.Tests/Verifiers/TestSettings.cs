using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Threadwise.Tests.Verifiers;

/// <summary>What every Threadwise test sets on top of Microsoft.CodeAnalysis.Testing's defaults.</summary>
internal static class TestSettings
{
    /// <summary>
    /// The test's <c>key = value</c> lines as one global analyzer config: the analyzer reads them as options of every
    /// syntax tree and as global options, and <c>dotnet_diagnostic.*.severity</c> lines set the rule severities, as in a
    /// real build. Section headers are dropped: a test has one set of options for all its sources.
    /// </summary>
    public static void AddEditorConfig(SolutionState state, string? editorConfig)
    {
        if (editorConfig is null)
        {
            return;
        }

        const string path = "/.globalconfig";
        state.AnalyzerConfigFiles.RemoveAll(file => file.filename == path);
        var lines = editorConfig.Split('\n').Where(line => !line.TrimStart().StartsWith('['));
        state.AnalyzerConfigFiles.Add((path, "is_global = true\n" + string.Join("\n", lines)));
    }

    public static CompilationOptions Apply(CompilationOptions options, bool allowUnsafe, NullableContextOptions nullable) =>
        ((CSharpCompilationOptions)options).WithAllowUnsafe(allowUnsafe).WithNullableContextOptions(nullable);

    public static ParseOptions Apply(ParseOptions options, LanguageVersion languageVersion) =>
        ((CSharpParseOptions)options).WithLanguageVersion(languageVersion);

    /// <summary><c>[|...|]</c> and <c>Diagnostic()</c> stand for the analyzer's first supported diagnostic.</summary>
    public static DiagnosticDescriptor? FirstDescriptor(DiagnosticAnalyzer[] analyzers) =>
        analyzers.Length == 0 ? null : analyzers[0].SupportedDiagnostics.FirstOrDefault();

    /// <summary>
    /// A diagnostic with the descriptor's ID and default severity whose message is checked only when a test gives one
    /// (<c>WithMessage</c>), as with markup: a result made from the descriptor itself would expect the unformatted message.
    /// </summary>
    public static DiagnosticResult Diagnostic<TAnalyzer>(string id)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        new TAnalyzer().SupportedDiagnostics.FirstOrDefault(d => d.Id == id) is { } descriptor
            ? Diagnostic(descriptor)
            : new DiagnosticResult(id, DiagnosticSeverity.Warning);

    public static DiagnosticResult Diagnostic<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        Diagnostic(FirstDescriptor([new TAnalyzer()]) ?? throw new InvalidOperationException($"{typeof(TAnalyzer).Name} supports no diagnostic."));

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor.Id, descriptor.DefaultSeverity);
}
