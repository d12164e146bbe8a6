using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Threadwise.Tests.Robustness;

/// <summary>
/// Every analyzer and code fix Threadwise ships, found by reflection over its two assemblies: rules added later are covered
/// without touching these tests.
/// </summary>
internal static class ThreadwiseAssemblies
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = Instances<DiagnosticAnalyzer>("Threadwise.Analyzers");

    public static readonly ImmutableArray<CodeFixProvider> Fixes = Instances<CodeFixProvider>("Threadwise.CodeFixes");

    private static ImmutableArray<T> Instances<T>(string assemblyName) =>
        [
            .. Assembly.Load(new AssemblyName(assemblyName)).GetTypes()
                .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (T)Activator.CreateInstance(t)!),
        ];

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    /// <summary>
    /// An empty compilation with the verifier's references. Compilations derived from it with AddSyntaxTrees share its bound
    /// references, so a check that needs no workspace (no code fix) does not load the framework's metadata again.
    /// </summary>
    private static readonly Lazy<CSharpCompilation> s_empty = new(() => CSharpCompilation.Create(
        "Robustness", [], TestCompilation.References, Options(OutputKind.DynamicallyLinkedLibrary)));

    private static CSharpCompilationOptions Options(OutputKind kind) =>
        new(kind, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>A compilation of one file, like <see cref="CreateProject"/> makes, for analysis without code fixes.</summary>
    public static Compilation CreateCompilation(string path, string text) =>
        s_empty.Value.AddSyntaxTrees(CSharpSyntaxTree.ParseText(text, s_parseOptions, path));

    /// <summary>
    /// One empty file in a one-project workspace, compiled once. A document forked from it with new text compiles from
    /// that compilation (the tree is replaced, the bound references are kept), so a check that runs code fixes does not
    /// load the framework's metadata again either. Solutions are immutable: parallel checks share it safely.
    /// </summary>
    private static readonly Lazy<Document> s_emptyDocument = new(() =>
    {
        var project = CreateProject(new AdhocWorkspace(), [("Broken.cs", "")]);
        _ = project.GetCompilationAsync().GetAwaiter().GetResult();
        return project.Documents.Single();
    });

    /// <summary>A document named <c>Broken.cs</c> with the text, in a project like <see cref="CreateProject"/> makes.</summary>
    public static Document CreateDocument(string text) => s_emptyDocument.Value.WithText(SourceText.From(text));

    /// <summary>A one-project workspace over the given files, with the verifier's options and references.</summary>
    public static Project CreateProject(AdhocWorkspace workspace, IEnumerable<(string Path, string Text)> files, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Create(), "Robustness", "Robustness", LanguageNames.CSharp,
            compilationOptions: Options(kind),
            parseOptions: s_parseOptions,
            metadataReferences: TestCompilation.References));
        foreach (var (path, text) in files)
        {
            project = project.AddDocument(path, SourceText.From(text), filePath: path).Project;
        }

        Assert.True(workspace.TryApplyChanges(project.Solution));
        return workspace.CurrentSolution.GetProject(project.Id)!;
    }

    /// <summary>Runs every analyzer; analyzer exceptions (the callback and AD0001) are collected, not thrown.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<string> Exceptions)> AnalyzeAsync(
        Compilation compilation, bool concurrent = false, CancellationToken cancellationToken = default)
    {
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name}: {exception}");
                }
            },
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);
        exceptions.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()));
        return (diagnostics.Where(d => d.Id != "AD0001").ToImmutableArray(), exceptions);
    }

    /// <summary>The code actions every fix registers for a diagnostic (nested actions included).</summary>
    public static async Task<List<(CodeFixProvider Fix, CodeAction Action)>> ActionsForAsync(Document document, Diagnostic diagnostic)
    {
        var result = new List<(CodeFixProvider, CodeAction)>();
        foreach (var fix in Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var actions = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            foreach (var action in actions)
            {
                result.Add((fix, action));
                result.AddRange(action.NestedActions.Select(nested => (fix, nested)));
            }
        }

        return result;
    }
}
