using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Tests.Infrastructure;

/// <summary>
/// CA2007's idea, checked on fixed code (the NetAnalyzers package is not loaded by the tests): every await of a value that
/// has <c>ConfigureAwait(bool)</c> — and every <c>await using</c> / <c>await foreach</c> — is written with ConfigureAwait.
/// </summary>
internal static class Ca2007
{
    public static void AssertEveryAwaitConfigured(string source)
    {
        var compiled = TestCompilation.Create(source);
        var model = compiled.SemanticModel;
        foreach (var node in compiled.SyntaxTree.GetRoot().DescendantNodes())
        {
            var operand = node switch
            {
                AwaitExpressionSyntax a => a.Expression,
                CommonForEachStatementSyntax { AwaitKeyword.RawKind: not 0 } f => f.Expression,
                UsingStatementSyntax { AwaitKeyword.RawKind: not 0 } u => u.Expression ?? u.Declaration!.Variables[0].Initializer!.Value,
                LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 } d => d.Declaration.Variables[0].Initializer!.Value,
                _ => null,
            };
            if (operand is null || operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } })
            {
                continue;
            }

            var type = model.GetTypeInfo(operand).Type;
            var configurable = type != null && model.LookupSymbols(operand.SpanStart, type, "ConfigureAwait", includeReducedExtensionMethods: true)
                .OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 1 && m.Parameters[0].Type.SpecialType == SpecialType.System_Boolean);
            if (configurable)
            {
                throw new InvalidOperationException($"CA2007 would report '{node}' at line {node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: no ConfigureAwait.");
            }
        }
    }
}
