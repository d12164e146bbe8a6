using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A private method that only its type's constructors call, from their own bodies: part of constructing the object,
    /// which cannot await (amqpnetlite's <c>Connection(address, handler)</c>, documented as blocking, ends in
    /// <c>this.Connect(null, null)</c>, a private method that waits on the transport's connect). Any other use of the name in
    /// the type (a call from a method, a lambda or a local function, a method group) makes it an ordinary helper. Read from
    /// the type's declarations; only asked where a wait is about to be reported.
    /// </summary>
    internal static class ConstructorHelpers
    {
        public static bool IsCalledOnlyByConstructors(IMethodSymbol method, Compilation compilation)
        {
            if (method.DeclaredAccessibility != Accessibility.Private || method.MethodKind != MethodKind.Ordinary
                || method.IsStatic || method.ContainingType is not { } type)
            {
                return false;
            }

            var calls = 0;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax();
                if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    return false;
                }

                SemanticModel? model = null;
                foreach (var name in declaration.DescendantNodes())
                {
                    if (name is not SimpleNameSyntax { Identifier.ValueText: var text } simple || text != method.Name)
                    {
                        continue;
                    }

                    model ??= DriverModels.Of(compilation, declaration.SyntaxTree);
                    if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(simple).Symbol?.OriginalDefinition, method.OriginalDefinition))
                    {
                        continue;
                    }

                    if (!IsCallInConstructorBody(simple, type, model))
                    {
                        return false;
                    }

                    calls++;
                }
            }

            return calls > 0;
        }

        // Connect(..) or this.Connect(..), written directly in a constructor of the type (not in a lambda or local function).
        private static bool IsCallInConstructorBody(SimpleNameSyntax name, INamedTypeSymbol type, SemanticModel model)
        {
            var callee = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name ? access : (ExpressionSyntax)name;
            if (callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee)
            {
                return false;
            }

            for (SyntaxNode? node = invocation.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                        return false;
                    case ConstructorDeclarationSyntax constructor:
                        return model.GetDeclaredSymbol(constructor) is IMethodSymbol { MethodKind: MethodKind.Constructor } declared
                            && SymbolEqualityComparer.Default.Equals(declared.ContainingType, type);
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }
    }
}
