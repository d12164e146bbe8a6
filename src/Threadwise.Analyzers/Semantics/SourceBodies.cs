using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>The operation tree of a method (or a property accessor, or a constructor) declared once in this compilation's source.</summary>
    internal static class SourceBodies
    {
        private enum Kind
        {
            Method,
            Accessor,
            MethodOrConstructor,
        }

        public static IOperation? OfMethod(IMethodSymbol method, Compilation compilation) => Of(method, compilation, Kind.Method);

        /// <summary>
        /// A call of <paramref name="method"/> runs the one body declared for it: not virtual, abstract, extern, an override
        /// a subclass may override again, or an interface member, and declared once.
        /// </summary>
        public static bool RunsAsDeclared(IMethodSymbol method) =>
            !method.IsVirtual && !method.IsAbstract && !method.IsExtern
            && !(method.IsOverride && !method.IsSealed && method.ContainingType?.IsSealed != true)
            && method.ContainingType?.TypeKind != TypeKind.Interface
            && method.DeclaringSyntaxReferences.Length == 1;

        /// <summary>The body of a property's <c>get</c>/<c>set</c> accessor written with a body (not an auto-property's).</summary>
        public static IOperation? OfAccessor(IMethodSymbol accessor, Compilation compilation) => Of(accessor, compilation, Kind.Accessor);

        /// <summary>As <see cref="OfMethod"/>, and the body of a constructor too (<c>new HeldRead(rwls)</c> entering a lock).</summary>
        public static IOperation? OfMethodOrConstructor(IMethodSymbol method, Compilation compilation) => Of(method, compilation, Kind.MethodOrConstructor);

        private static IOperation? Of(IMethodSymbol method, Compilation compilation, Kind kind)
        {
            if (method.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = method.DeclaringSyntaxReferences[0].GetSyntax();
            var expected = kind switch
            {
                Kind.Accessor => declaration is AccessorDeclarationSyntax { Body: not null } or AccessorDeclarationSyntax { ExpressionBody: not null },
                Kind.MethodOrConstructor => declaration is MethodDeclarationSyntax or ConstructorDeclarationSyntax,
                _ => declaration is MethodDeclarationSyntax,
            };
            if (!expected || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                return null;
            }

            return DriverModels.Of(compilation, declaration.SyntaxTree).GetOperation(declaration);
        }
    }
}
