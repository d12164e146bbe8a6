using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that talks to the terminal itself: its method (or local function, or accessor) writes to or reads from
    /// <c>System.Console</c>, or uses Spectre.Console's <c>AnsiConsole</c>. Such code is a command-line program's, whatever project holds it
    /// (git-credential-manager's <c>diagnose</c> command lives in a library that also references Avalonia): no UI thread
    /// and no request thread runs it, so <see cref="LocalFiles"/> judges its local file I/O as an application's. A
    /// <c>Console.WriteLine(ex)</c> in a <c>catch</c> or under <c>#if DEBUG</c> (<see cref="DebugOnlyCode"/>) is a debugging
    /// aid any code may have, so it does not count.
    /// </summary>
    internal static class TerminalCode
    {
        private static readonly ConditionalWeakTable<SyntaxNode, StrongBox<bool>> Members = new ConditionalWeakTable<SyntaxNode, StrongBox<bool>>();

        public static bool TalksToTerminal(IOperation operation, KnownTypes types)
        {
            if (types.Console is null && types.SpectreAnsiConsole is null || operation.SemanticModel is not { } model || EnclosingMember(operation.Syntax) is not { } member)
            {
                return false;
            }

            return Members.GetValue(member, m => new StrongBox<bool>(UsesTerminal(m, model, types))).Value;
        }

        private static SyntaxNode? EnclosingMember(SyntaxNode node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                if (current is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax)
                {
                    return current;
                }
            }

            return null;
        }

        private static bool UsesTerminal(SyntaxNode member, SemanticModel model, KnownTypes types)
        {
            if (model.SyntaxTree != member.SyntaxTree)
            {
                return false;
            }

            foreach (var token in member.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken)
                    || token.Parent?.Parent is not MemberAccessExpressionSyntax access || access.Expression != token.Parent
                    || TerminalType(token.ValueText, access.Name.Identifier.ValueText, types) is not { } terminal
                    || access.FirstAncestorOrSelf<CatchClauseSyntax>() is { } catchClause && member.Contains(catchClause))
                {
                    continue;
                }

                if (KnownTypes.Is(model.GetSymbolInfo(access).Symbol?.ContainingType, terminal)
                    && !DebugOnlyCode.Contains(member.SyntaxTree, token.SpanStart))
                {
                    return true;
                }
            }

            return false;
        }

        // Console's reads and writes (not its colours or title), and any member of Spectre.Console's AnsiConsole.
        private static INamedTypeSymbol? TerminalType(string type, string member, KnownTypes types) => type switch
        {
            "Console" when member is "Write" or "WriteLine" or "Read" or "ReadLine" or "ReadKey" or "Out" or "Error" or "In" => types.Console,
            "AnsiConsole" => types.SpectreAnsiConsole,
            _ => null,
        };
    }
}
