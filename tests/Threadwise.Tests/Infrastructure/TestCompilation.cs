using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Threadwise.Tests.Verifiers;

namespace Threadwise.Tests;

/// <summary>
/// Compiles a single source for unit tests of semantic helpers and for runnable rewrites, with the verifiers' default
/// references (.NET 10, <see cref="ReferenceSets.Net100"/>): the one framework-reference loader of the tests.
/// </summary>
public static class TestCompilation
{
    public static ImmutableArray<MetadataReference> References => ReferenceSets.Net100;

    /// <summary>Compiles a source whose <c>[|...|]</c> and <c>{|#n:...|}</c> markup marks spans.</summary>
    /// <param name="languageVersion">The language version; <c>Preview</c> for features this compiler has only in preview (C# 14 extension blocks).</param>
    /// <exception cref="InvalidOperationException">The source does not compile.</exception>
    public static CompiledTestSource Create(
        string sourceWithOptionalMarkup,
        OutputKind kind = OutputKind.DynamicallyLinkedLibrary,
        LanguageVersion languageVersion = LanguageVersion.Latest)
    {
        TestFileMarkupParser.GetSpans(sourceWithOptionalMarkup, out var text, out ImmutableDictionary<string, ImmutableArray<TextSpan>> spans);
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(languageVersion), path: "Test0.cs");
        var compilation = CSharpCompilation.Create(
            "TestProject",
            [tree],
            References,
            new CSharpCompilationOptions(kind, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The test source does not compile:\n" + string.Join("\n", errors));
        }

        var locations = spans
            .Where(p => p.Key.StartsWith('#') && p.Value.Length == 1)
            .ToDictionary(p => int.Parse(p.Key.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture), p => p.Value[0]);
        var plain = spans.TryGetValue("", out var found) ? [.. found.OrderBy(s => s.Start)] : new List<TextSpan>();
        return new CompiledTestSource(compilation, tree, plain, locations);
    }

    /// <summary>The source without its markup.</summary>
    public static string WithoutMarkup(string sourceWithOptionalMarkup)
    {
        TestFileMarkupParser.GetSpans(sourceWithOptionalMarkup, out var text, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
        return text;
    }
}

/// <summary>A compiled source with its markup spans.</summary>
public sealed class CompiledTestSource
{
    internal CompiledTestSource(CSharpCompilation compilation, SyntaxTree syntaxTree, IReadOnlyList<TextSpan> spans, IReadOnlyDictionary<int, TextSpan> locations)
    {
        Compilation = compilation;
        SyntaxTree = syntaxTree;
        SemanticModel = compilation.GetSemanticModel(syntaxTree);
        Spans = spans;
        Locations = locations;
    }

    public CSharpCompilation Compilation { get; }

    public SyntaxTree SyntaxTree { get; }

    public SemanticModel SemanticModel { get; }

    /// <summary>The <c>[|...|]</c> spans, in the order they open.</summary>
    public IReadOnlyList<TextSpan> Spans { get; }

    /// <summary>The <c>{|#n:...|}</c> spans by their number.</summary>
    public IReadOnlyDictionary<int, TextSpan> Locations { get; }

    /// <summary>The innermost node of type <typeparamref name="TNode"/> that covers <paramref name="span"/>.</summary>
    public TNode NodeAt<TNode>(TextSpan span)
        where TNode : SyntaxNode =>
        SyntaxTree.GetRoot().FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<TNode>()
        ?? throw new InvalidOperationException($"No {typeof(TNode).Name} covers the span {span}.");
}
