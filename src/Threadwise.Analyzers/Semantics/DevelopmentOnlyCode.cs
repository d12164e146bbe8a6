using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that runs only in the Development environment: the arm of <c>if (env.IsDevelopment())</c> (the test may be one
    /// side of an <c>&amp;&amp;</c>), the right side of <c>env.IsDevelopment() &amp;&amp; ..</c>, and the true arm of
    /// <c>env.IsDevelopment() ? .. : ..</c>, where <c>IsDevelopment</c> is the generic host's or ASP.NET Core's extension.
    /// It never runs in production, like code compiled only into debug builds (<see cref="DebugOnlyCode"/>): Remotely's
    /// development shortcut that puts a new device into the first organization. Read from syntax up from the site; the
    /// method is bound only where a call named <c>IsDevelopment</c> is found, so ask only when about to report.
    /// </summary>
    internal static class DevelopmentOnlyCode
    {
        public static bool Contains(SyntaxNode? node, Compilation compilation)
        {
            SemanticModel? model = null;
            for (var child = node; child?.Parent is { } parent; child = parent)
            {
                var test = parent switch
                {
                    IfStatementSyntax @if when @if.Statement == child => @if.Condition,
                    BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } both when both.Right == child => both.Left,
                    ConditionalExpressionSyntax conditional when conditional.WhenTrue == child => conditional.Condition,
                    _ => null,
                };
                if (test != null && RequiresDevelopment(test, compilation, ref model))
                {
                    return true;
                }

                if (parent is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)
                {
                    return false;
                }
            }

            return false;
        }

        // env.IsDevelopment(), or one side of an && that is.
        private static bool RequiresDevelopment(ExpressionSyntax test, Compilation compilation, ref SemanticModel? model)
        {
            switch (test)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return RequiresDevelopment(parenthesized.Expression, compilation, ref model);
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } both:
                    return RequiresDevelopment(both.Left, compilation, ref model) || RequiresDevelopment(both.Right, compilation, ref model);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsDevelopment" }, ArgumentList.Arguments.Count: 0 } call:
                    if (!compilation.ContainsSyntaxTree(call.SyntaxTree))
                    {
                        return false;
                    }

                    model ??= DriverModels.Of(compilation, call.SyntaxTree);
                    var types = CompilationContext.For(compilation).Types;
                    return model.GetSymbolInfo(call).Symbol is IMethodSymbol method
                        && (KnownTypes.Is((method.ReducedFrom ?? method).ContainingType, types.HostEnvironmentEnvExtensions)
                            || KnownTypes.Is((method.ReducedFrom ?? method).ContainingType, types.HostingEnvironmentExtensions));
                default:
                    return false;
            }
        }
    }
}
