using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Threadwise.Tests.Infrastructure;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// The task semantics are layered so that dependencies run one way (they used to form the cycle
/// Blocking ↔ TaskFacts ↔ FlowFacts ↔ Guards). A layer's source may name only the layers below it; comments and
/// documentation references do not count.
/// </summary>
public class SemanticsLayeringTests
{
    // Bottom first.
    private static readonly string[] Layers =
    [
        "BlockingWaits",
        "VariableReferences",
        "Guards",
        "FlowFacts",
        "TaskFacts",
        "BlockingCalls",
    ];

    [Fact]
    public void Task_semantics_depend_only_on_lower_layers()
    {
        var problems = new List<string>();
        for (var layer = 0; layer < Layers.Length; layer++)
        {
            var path = RepositoryRoot.Combine("src", "Threadwise.Analyzers", "Semantics", Layers[layer] + ".cs");
            var names = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot()
                .DescendantNodes()
                .OfType<IdentifierNameSyntax>()
                .Select(name => name.Identifier.ValueText)
                .ToHashSet(StringComparer.Ordinal);

            for (var above = layer + 1; above < Layers.Length; above++)
            {
                if (names.Contains(Layers[above]))
                {
                    problems.Add($"{Layers[layer]} uses {Layers[above]}, a layer above it");
                }
            }
        }

        Assert.Empty(problems);
    }
}
