using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Threadwise.Testing;

/// <summary>
/// Runs an analyzer on marked-up sources and checks that it reports exactly the expected diagnostics: those written as
/// markup (<c>[|...|]</c>, <c>{|ID:...|}</c>) plus <see cref="ExpectedDiagnostics"/>. Only the analyzer's own IDs count.
/// </summary>
public class AnalyzerTest<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    private readonly TAnalyzer _analyzer = new();

    /// <summary>Sets the single source of the test.</summary>
    public string TestCode
    {
        set
        {
            Sources.Clear();
            Sources.Add(value);
        }
    }

    /// <summary>The sources, with markup; they become the documents Test0.cs, Test1.cs, ...</summary>
    public List<string> Sources { get; } = [];

    public List<DiagnosticResult> ExpectedDiagnostics { get; } = [];

    /// <summary>
    /// <c>key = value</c> lines the analyzer reads as options of every syntax tree and as global options. The project
    /// gets them too, as a global analyzer config, so that code fixes read them the way they do in a real build
    /// (<c>Project.AnalyzerOptions</c>, and <c>dotnet_diagnostic.*.severity</c> lines as the compilation's rule severities).
    /// </summary>
    public string? EditorConfig { get; set; }

    public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

    public bool AllowUnsafe { get; set; } = true;

    public NullableContextOptions NullableContextOptions { get; set; } = NullableContextOptions.Disable;

    public List<MetadataReference> AdditionalReferences { get; } = [];

    /// <summary>The ID <c>[|...|]</c> stands for: the analyzer's first supported diagnostic.</summary>
    private protected string? MarkupId => _analyzer.SupportedDiagnostics.FirstOrDefault()?.Id;

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Sources.Count == 0)
        {
            throw new VerificationException("The test has no source: set TestCode or Sources.");
        }

        var markups = ParseSources(Sources);
        using var workspace = new AdhocWorkspace();
        var project = CreateProject(workspace, markups);
        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        TestCompilation.ThrowOnErrors(compilation, "The test source does not compile");

        var diagnostics = await AnalyzeAsync(project, cancellationToken).ConfigureAwait(false);
        var expected = MarkupExpectations(compilation, markups).Concat(ExpectedDiagnostics.Select(r => Resolve(r, compilation, markups))).ToList();
        DiagnosticComparison.Verify("Diagnostics do not match", expected, diagnostics, MarkupId);

        await VerifyCodeFixAsync(project, diagnostics.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The code-fix step of <see cref="CodeFixTest{TAnalyzer, TCodeFix}"/>, run after the diagnostics matched.</summary>
    private protected virtual Task VerifyCodeFixAsync(Project project, int diagnosticCount, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    private protected static string DocumentName(int index) => $"Test{index}.cs";

    private protected static List<TestMarkup> ParseSources(IEnumerable<string> sources) =>
        sources.Select((source, i) =>
        {
            try
            {
                return TestMarkup.Parse(source);
            }
            catch (VerificationException e)
            {
                throw new VerificationException($"{DocumentName(i)}: {e.Message}");
            }
        }).ToList();

    /// <summary>The document of the source at <paramref name="index"/>, found by its file name, also after a fix changed the project.</summary>
    private protected static Document DocumentAt(Project project, int index) =>
        project.Documents.Single(d => d.FilePath == DocumentName(index));

    private protected static SyntaxTree TreeAt(Compilation compilation, int index) =>
        compilation.SyntaxTrees.Single(t => t.FilePath == DocumentName(index));

    /// <summary>
    /// The diagnostics of the analyzer's supported IDs, in document order and then by position.
    /// </summary>
    /// <exception cref="VerificationException">The analyzer threw.</exception>
    private protected async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([], new EditorConfigOptionsProvider(EditorConfig)),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation!.WithAnalyzers([_analyzer], options)
            .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        // With a callback Roslyn hands an analyzer exception to it instead of reporting AD0001; AD0001 is checked as well so
        // that no exception can pass unnoticed.
        var failures = exceptions.Select(e => e.ToString())
            .Concat(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .Distinct()
            .ToList();
        if (failures.Count > 0)
        {
            throw new VerificationException("The analyzer threw:\n" + string.Join("\n\n", failures));
        }

        var supported = _analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet();
        var documentOrder = project.Documents.Select((document, i) => (document.FilePath, i)).ToDictionary(p => p.FilePath ?? "", p => p.i);
        return
        [
            .. diagnostics
                .Where(d => supported.Contains(d.Id))
                .OrderBy(d => d.Location.SourceTree is { } tree ? documentOrder.GetValueOrDefault(tree.FilePath, -1) : -1)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Id, StringComparer.Ordinal),
        ];
    }

    /// <summary>The diagnostics the markup of <paramref name="markups"/> declares in the trees of <paramref name="compilation"/>.</summary>
    private protected List<ExpectedDiagnostic> MarkupExpectations(Compilation compilation, IReadOnlyList<TestMarkup> markups)
    {
        var expected = new List<ExpectedDiagnostic>();
        for (var i = 0; i < markups.Count; i++)
        {
            var tree = TreeAt(compilation, i);
            foreach (var span in markups[i].Spans)
            {
                var id = MarkupId ?? throw new VerificationException("'[|...|]' needs an analyzer with a supported diagnostic.");
                expected.Add(new ExpectedDiagnostic(id, Location.Create(tree, span)));
            }

            expected.AddRange(markups[i].NamedSpans.Select(named => new ExpectedDiagnostic(named.Name, Location.Create(tree, named.Span))));
        }

        return expected;
    }

    private static ExpectedDiagnostic Resolve(DiagnosticResult result, Compilation compilation, IReadOnlyList<TestMarkup> markups)
    {
        if (result.Id is null)
        {
            throw new VerificationException("A DiagnosticResult has no ID: create it with Diagnostic(id) or new DiagnosticResult(id).");
        }

        var location = Location.None;
        if (result.MarkupLocationIndex is int index)
        {
            var documents = Enumerable.Range(0, markups.Count).Where(i => markups[i].Locations.ContainsKey(index)).ToList();
            if (documents.Count != 1)
            {
                throw new VerificationException(
                    $"{result} refers to location #{index}, which {(documents.Count == 0 ? "no source marks" : "several sources mark")} as {{|#{index}:...|}}.");
            }

            location = Location.Create(TreeAt(compilation, documents[0]), markups[documents[0]].Locations[index]);
        }

        return new ExpectedDiagnostic(result.Id, location, result.Message, result.Severity);
    }

    // The test's lines as one global section: section headers are dropped, as EditorConfigOptionsProvider ignores them.
    private static string GlobalConfig(string editorConfig) =>
        "is_global = true\n" + string.Join("\n", editorConfig.Split('\n').Where(line => !line.TrimStart().StartsWith('[')));

    private Project CreateProject(AdhocWorkspace workspace, IReadOnlyList<TestMarkup> markups)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            name: "TestProject",
            assemblyName: "TestProject",
            LanguageNames.CSharp,
            compilationOptions: TestCompilation.CompilationOptions(OutputKind, AllowUnsafe, NullableContextOptions),
            parseOptions: TestCompilation.ParseOptions(LanguageVersion),
            metadataReferences: [.. TestCompilation.References, .. AdditionalReferences]));
        for (var i = 0; i < markups.Count; i++)
        {
            var name = DocumentName(i);
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), name, SourceText.From(markups[i].Text), filePath: name);
        }

        if (EditorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(
                DocumentId.CreateNewId(projectId), ".globalconfig", SourceText.From(GlobalConfig(EditorConfig)), filePath: "/.globalconfig");
        }

        return solution.GetProject(projectId)!;
    }
}
