using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>The operation tree of a method declared once, as a method, in this compilation's source.</summary>
    internal static class SourceBodies
    {
        public static IOperation? OfMethod(IMethodSymbol method, Compilation compilation)
        {
            if (method.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = method.DeclaringSyntaxReferences[0].GetSyntax();
            if (declaration is not MethodDeclarationSyntax || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                return null;
            }

            // The driver's cached model for the tree (see CallSummaries.Read): no second binding of the file.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            return compilation.GetSemanticModel(declaration.SyntaxTree).GetOperation(declaration);
#pragma warning restore RS1030
        }
    }
}
