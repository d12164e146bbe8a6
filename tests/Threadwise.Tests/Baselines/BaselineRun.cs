using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Threadwise.Baselines;
using Threadwise.Rules.Blocking;

namespace Threadwise.Tests.Baselines;

/// <summary>
/// Compiles sources, runs TW101 and TW102 with plain CompilationWithAnalyzers (the baseline suppressor too, when a
/// baseline is given as an additional file), and computes the fingerprints the way the command line does.
/// </summary>
internal static class BaselineRun
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> s_rules =
        [new TW101BlockingWaitAnalyzer(), new TW102SyncApiInAsyncAnalyzer()];

    public static CSharpCompilation Compile(params (string Path, string Source)[] files) => Compile(OutputKind.DynamicallyLinkedLibrary, files);

    public static CSharpCompilation Compile(OutputKind kind, params (string Path, string Source)[] files)
    {
        var compilation = CSharpCompilation.Create(
            "BaselineTests",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, new CSharpParseOptions(LanguageVersion.Latest), f.Path)),
            TestCompilation.References,
            new CSharpCompilationOptions(kind));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation;
    }

    public static CSharpCompilation Compile(string source) => Compile(("/src/Orders.cs", source));

    /// <summary>The rules' diagnostics with their fingerprints, in file and position order.</summary>
    public static IReadOnlyList<(Diagnostic Diagnostic, BaselineFingerprint Fingerprint)> Fingerprints(Compilation compilation)
    {
        var diagnostics = compilation.WithAnalyzers(s_rules).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var fingerprints = BaselineFingerprints.Compute(diagnostics, tree => compilation.GetSemanticModel(tree), CancellationToken.None);
        return diagnostics.Select((d, i) => (d, fingerprints[i]))
            .OrderBy(p => p.d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(p => p.d.Location.SourceSpan.Start)
            .ToList();
    }

    public static IReadOnlyList<BaselineFingerprint> Fingerprints(string source) =>
        Fingerprints(Compile(source)).Select(p => p.Fingerprint).ToList();

    /// <summary>A baseline file's text holding the fingerprints of everything the rules report in <paramref name="compilation"/>.</summary>
    public static string BaselineOf(Compilation compilation) =>
        new BaselineDocument(Fingerprints(compilation).Select(p => new BaselineEntry(p.Fingerprint, p.Diagnostic.Location.SourceTree?.FilePath))).ToJson();

    /// <summary>Runs the rules and the suppressor; every diagnostic comes back, suppressed ones with IsSuppressed.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, IEnumerable<AdditionalText> additionalFiles, string? editorConfig = null)
    {
        var options = new AnalyzerOptions([.. additionalFiles], new KeyValueOptionsProvider(editorConfig));
        var withAnalyzers = compilation.WithAnalyzers(
            [.. s_rules, new ThreadwiseBaselineSuppressor()],
            new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));
        return withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>The <c>key = value</c> lines of a test's options, for every tree and file and as global options.</summary>
    private sealed class KeyValueOptionsProvider(string? lines) : AnalyzerConfigOptionsProvider
    {
        private readonly KeyValueOptions _options = new((lines ?? "").Split('\n')
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToImmutableDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), AnalyzerConfigOptions.KeyComparer));

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class KeyValueOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                values.TryGetValue(key, out value);
        }
    }

    /// <summary>An additional file held in memory.</summary>
    public sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
