using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Threadwise.Tests.Verifiers;

/// <summary>
/// Analyzer tests on Microsoft.CodeAnalysis.Testing, in the style of the Roslyn SDK templates:
/// <c>using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier&lt;TAnalyzer&gt;;</c>. References are .NET 10
/// (<see cref="ReferenceSets"/>); the framework's suppression and generated-code passes run on every test.
/// </summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>A diagnostic of the analyzer's single (or first) supported descriptor.</summary>
    public static DiagnosticResult Diagnostic() => TestSettings.Diagnostic<TAnalyzer>();

    public static DiagnosticResult Diagnostic(string id) => TestSettings.Diagnostic<TAnalyzer>(id);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => TestSettings.Diagnostic(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test() => ReferenceSets.UseNet100(this);

        /// <summary>The sources, with markup; they become the documents /0/Test0.cs, /0/Test1.cs, ...</summary>
        public SourceFileList Sources => TestState.Sources;

        public MetadataReferenceCollection AdditionalReferences => TestState.AdditionalReferences;

        /// <summary><c>key = value</c> lines, given to the project as a global analyzer config.</summary>
        public string? EditorConfig { get; set; }

        public OutputKind OutputKind
        {
            get => TestState.OutputKind ?? OutputKind.DynamicallyLinkedLibrary;
            set => TestState.OutputKind = value;
        }

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

        public bool AllowUnsafe { get; set; } = true;

        /// <summary>Symbols defined for <c>#if</c>, as a build configuration defines them (<c>DEBUG</c>, <c>TRACE</c>).</summary>
        public string[] PreprocessorSymbols { get; set; } = [];

        public NullableContextOptions NullableContextOptions { get; set; } = NullableContextOptions.Disable;

        protected override Task RunImplAsync(CancellationToken cancellationToken)
        {
            TestSettings.AddEditorConfig(TestState, EditorConfig);
            return base.RunImplAsync(cancellationToken);
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            TestSettings.Apply(base.CreateCompilationOptions(), AllowUnsafe, NullableContextOptions);

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)TestSettings.Apply(base.CreateParseOptions(), LanguageVersion)).WithPreprocessorSymbols(PreprocessorSymbols);

        protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) => TestSettings.FirstDescriptor(analyzers);
    }
}
