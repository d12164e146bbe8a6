using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Everything <c>MAsync(args)</c>, called by simple name where <c>M(args)</c> is (<c>Get(id)</c> inside its own
    /// repository), can bind to: the members named so of the enclosing types and their bases (an interface's base interfaces
    /// too), which name lookup searches before the namespaces (which declare no methods). Null where something else might
    /// answer: a <c>using static</c>; a local, parameter, local function or range variable of the member, or a primary
    /// constructor parameter (an identifier of that text that is not a name's use); a member that is not directly in a
    /// class, struct, record or interface (top-level statements, scripts, C# 14 extension blocks, whose members reach
    /// extension members by simple name).
    /// </summary>
    internal static class SimpleNameCandidates
    {
        public static List<ISymbol>? Of(IInvocationOperation invocation, InvocationExpressionSyntax syntax, string name, ISymbol containingSymbol, AsyncSiblingNames names)
        {
            if (syntax.Expression is not IdentifierNameSyntax
                || invocation.TargetMethod is not { MethodKind: MethodKind.Ordinary, IsVararg: false }
                || names.ImportsStatically(syntax.SyntaxTree)
                || syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { Parent: TypeDeclarationSyntax declaration } member
                || Declares(member, name))
            {
                return null;
            }

            for (SyntaxNode? node = declaration; node is TypeDeclarationSyntax type; node = node.Parent)
            {
                if (type.Kind() is not (SyntaxKind.ClassDeclaration or SyntaxKind.StructDeclaration or SyntaxKind.InterfaceDeclaration
                        or SyntaxKind.RecordDeclaration or SyntaxKind.RecordStructDeclaration)
                    || type.ParameterList is { } primary && Declares(primary, name))
                {
                    return null;
                }
            }

            var candidates = new List<ISymbol>();
            for (var type = containingSymbol as INamedTypeSymbol ?? containingSymbol.ContainingType; type != null; type = type.ContainingType)
            {
                candidates.AddRange(CounterpartBindings.DeclaredMembers(type, name));
            }

            return candidates;
        }

        // A name's use (GetAsync(id, token) beside Get(id)) declares nothing; any other identifier of that text might.
        private static bool Declares(SyntaxNode node, string name)
        {
            foreach (var token in node.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && token.Parent is not SimpleNameSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
