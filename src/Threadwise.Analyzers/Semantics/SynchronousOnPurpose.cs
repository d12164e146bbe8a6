using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// An <c>async</c> method (or local function, or lambda) with no <c>await</c> whose compiler warning for exactly that,
    /// CS1998 ("this async method lacks 'await' operators and will run synchronously"), the maintainer suppressed locally
    /// (<c>#pragma warning disable 1998</c> in force at its declaration, or <c>[SuppressMessage]</c> naming CS1998 on it or
    /// a containing type). The compiler told them it runs synchronously and they said so on purpose: a synchronous
    /// implementation behind an async signature (Rebus's file-system transport and saga storage). Its synchronous I/O
    /// (TW102) and blocking helpers (TW104) are that implementation, not an oversight. Waits on tasks stay reported: they
    /// are sync-over-async whatever the method's design.
    /// </summary>
    internal static class SynchronousOnPurpose
    {
        private static readonly ImmutableArray<string> Cs1998 = ImmutableArray.Create("CS1998");

        public static bool IsDeclared(ISymbol? function, Compilation compilation)
        {
            if (function is not IMethodSymbol { IsAsync: true } method
                || method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax() is not { } declaration
                || declaration.SyntaxTree is not { } tree)
            {
                return false;
            }

            var body = declaration switch
            {
                BaseMethodDeclarationSyntax member => (SyntaxNode?)member.Body ?? member.ExpressionBody,
                LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                AnonymousFunctionExpressionSyntax lambda => lambda.Body,
                _ => null,
            };

            // Where the compiler reports CS1998: the member's name, or a lambda's arrow.
            var position = method.Locations.Length > 0 && method.Locations[0].IsInSource ? method.Locations[0].SourceSpan.Start : declaration.SpanStart;
            return body != null && !AsyncPath.Awaits(body)
                && LocalSuppressions.IsSuppressed(tree, position, method, compilation, Cs1998, default);
        }
    }
}
