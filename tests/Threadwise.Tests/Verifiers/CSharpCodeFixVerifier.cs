using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Threadwise.Tests.Verifiers;

/// <summary>
/// Code-fix tests on Microsoft.CodeAnalysis.Testing, in the style of the Roslyn SDK templates:
/// <c>using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier&lt;TAnalyzer, TCodeFix&gt;;</c>. On top of the
/// framework (suppression and generated-code passes, Fix All in document, project and solution scope with exactly one
/// iteration), the number of one-at-a-time fixes is exact: one per fixable diagnostic the test code marks, less those the
/// fixed code marks as remaining, unless a test sets <see cref="CodeFixTest{TVerifier}.NumberOfIncrementalIterations"/>.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
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

    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? equivalenceKey = null) =>
        VerifyCodeFixAsync(source, [], fixedSource, equivalenceKey);

    public static Task VerifyCodeFixAsync(string source, DiagnosticResult expected, string fixedSource, string? equivalenceKey = null) =>
        VerifyCodeFixAsync(source, [expected], fixedSource, equivalenceKey);

    public static Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource, string? equivalenceKey = null)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceSets.UseNet100(this);
        }

        /// <summary>The sources, with markup; they become the documents /0/Test0.cs, /0/Test1.cs, ...</summary>
        public SourceFileList Sources => TestState.Sources;

        /// <summary>The expected sources after fixing; markup declares the diagnostics expected to remain.</summary>
        public SourceFileList FixedSources => FixedState.Sources;

        public SourceFileList BatchFixedSources => BatchFixedState.Sources;

        public MetadataReferenceCollection AdditionalReferences => TestState.AdditionalReferences;

        /// <summary><c>key = value</c> lines, given to the project as a global analyzer config.</summary>
        public string? EditorConfig { get; set; }

        /// <summary>When set, the title the first applied code action must have (that of the first fixable diagnostic).</summary>
        public string? CodeActionTitle { get; set; }

        public OutputKind OutputKind
        {
            get => TestState.OutputKind ?? OutputKind.DynamicallyLinkedLibrary;
            set => TestState.OutputKind = value;
        }

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

        /// <summary>Symbols defined for the sources, as a build defines <c>NET8_0_OR_GREATER</c> for its target framework.</summary>
        public string[] PreprocessorSymbols { get; set; } = [];

        public bool AllowUnsafe { get; set; } = true;

        public NullableContextOptions NullableContextOptions { get; set; } = NullableContextOptions.Disable;

        protected override Task RunImplAsync(CancellationToken cancellationToken)
        {
            TestSettings.AddEditorConfig(TestState, EditorConfig);
            if (CodeActionTitle is { } title)
            {
                var previous = CodeActionVerifier;
                var first = true;
                CodeActionVerifier = (action, verifier) =>
                {
                    previous?.Invoke(action, verifier);
                    if (first)
                    {
                        first = false;
                        verifier.Equal(title, action.Title, $"The code action is titled '{action.Title}'; expected '{title}'.");
                    }
                };
            }

            if (FixedState.Sources.Count > 0)
            {
                // Markup in the fixed code declares the diagnostics expected to remain, fixable or not (the framework's
                // default ignores fixable ones there). Set only with fixed code: it would make the framework expect a fix.
                FixedState.MarkupHandling ??= MarkupMode.Allow;
                BatchFixedState.MarkupHandling ??= MarkupMode.Allow;
            }

            NumberOfIncrementalIterations ??= ExactIncrementalIterations();
            return base.RunImplAsync(cancellationToken);
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            TestSettings.Apply(base.CreateCompilationOptions(), AllowUnsafe, NullableContextOptions);

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)TestSettings.Apply(base.CreateParseOptions(), LanguageVersion)).WithPreprocessorSymbols(PreprocessorSymbols);

        protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) => TestSettings.FirstDescriptor(analyzers);

        /// <summary>
        /// One fix per fixable diagnostic in the test code, less those expected to remain in the fixed code; null (the
        /// framework decides) when the fixed code equals the test code or the count cannot be known from the markup.
        /// </summary>
        private int? ExactIncrementalIterations()
        {
            if (FixedState.Sources.Count == 0 || FixedState.Sources.Count != TestState.Sources.Count)
            {
                return null;
            }

            var unchanged = TestState.Sources.Zip(FixedState.Sources).All(p => p.First.content.ToString() == p.Second.content.ToString());
            if (unchanged)
            {
                return null;
            }

            var fixable = new TCodeFix().FixableDiagnosticIds;
            var defaultId = TestSettings.FirstDescriptor([new TAnalyzer()])?.Id;
            var count = Marked(TestState.Sources) + TestState.ExpectedDiagnostics.Count(d => fixable.Contains(d.Id))
                - Marked(FixedState.Sources) - FixedState.ExpectedDiagnostics.Count(d => fixable.Contains(d.Id));
            return count > 0 ? count : null;

            int Marked(SourceFileList sources)
            {
                var marked = 0;
                foreach (var (_, content) in sources)
                {
                    TestFileMarkupParser.GetSpans(content.ToString(), out _, out ImmutableDictionary<string, ImmutableArray<TextSpan>> spans);
                    foreach (var (key, found) in spans)
                    {
                        var id = key.Length == 0 ? defaultId : key;
                        if (id is not null && fixable.Contains(id))
                        {
                            marked += found.Length;
                        }
                    }
                }

                return marked;
            }
        }
    }
}
