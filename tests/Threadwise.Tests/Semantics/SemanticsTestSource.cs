using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Threadwise.Semantics;

namespace Threadwise.Tests.Semantics;

/// <summary>A compiled test source whose <c>[|...|]</c> spans name the operations a helper is asked about.</summary>
internal sealed class SemanticsTestSource
{
    private readonly CompiledTestSource _source;

    public SemanticsTestSource(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, LanguageVersion languageVersion = LanguageVersion.Latest)
    {
        _source = TestCompilation.Create(source, kind, languageVersion);
        Types = KnownTypes.Create(_source.Compilation);
    }

    public KnownTypes Types { get; }

    public IReadOnlyList<TextSpan> Spans => _source.Spans;

    /// <summary>The operation written exactly at the span.</summary>
    public IOperation OperationAt(TextSpan span)
    {
        var node = _source.SyntaxTree.GetRoot().FindNode(span, getInnermostNodeForTie: true);
        return _source.SemanticModel.GetOperation(node)
            ?? throw new InvalidOperationException($"No operation at '{node}'.");
    }

    /// <summary>The member that owns the operation block around the span (what OperationAnalysisContext.ContainingSymbol gives).</summary>
    public ISymbol MemberAt(TextSpan span)
    {
        var symbol = _source.SemanticModel.GetEnclosingSymbol(span.Start)!;
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }
}
