using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Threadwise.Rewriting
{
    /// <summary>
    /// Makes a method or lambda async: <c>void</c> → <c>async Task</c>, <c>T</c> → <c>async Task&lt;T&gt;</c>, optionally
    /// renamed. <c>Task</c> is written fully qualified with the Simplifier and add-imports annotations, so it reads
    /// <c>Task</c> and the using directive is added where missing.
    /// </summary>
    internal static class AsyncSignatureRewriter
    {
        public static TypeSyntax TaskOf(TypeSyntax returnType)
        {
            var tasks = SyntaxFactory.ParseName("System.Threading.Tasks");
            SimpleNameSyntax task = returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
                ? SyntaxFactory.IdentifierName("Task")
                : SyntaxFactory.GenericName(SyntaxFactory.Identifier("Task"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(returnType.WithoutTrivia())));
            return SyntaxFactory.QualifiedName(tasks, task)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
                .WithTriviaFrom(returnType);
        }

        public static MethodDeclarationSyntax MakeAsync(MethodDeclarationSyntax method, string? newName)
        {
            method = AddAsyncModifier(method);
            method = method.WithReturnType(TaskOf(method.ReturnType));
            return newName is null || newName == method.Identifier.ValueText
                ? method
                : method.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(method.Identifier));
        }

        /// <summary>Adds <c>async</c> and keeps the return type: for a method that already returns a task.</summary>
        public static MethodDeclarationSyntax AddAsyncModifier(MethodDeclarationSyntax method)
        {
            var (modifiers, returnType) = WithAsync(method.Modifiers, method.ReturnType);
            return method.WithModifiers(modifiers).WithReturnType(returnType);
        }

        /// <inheritdoc cref="AddAsyncModifier(MethodDeclarationSyntax)"/>
        public static LocalFunctionStatementSyntax AddAsyncModifier(LocalFunctionStatementSyntax function)
        {
            var (modifiers, returnType) = WithAsync(function.Modifiers, function.ReturnType);
            return function.WithModifiers(modifiers).WithReturnType(returnType);
        }

        private static (SyntaxTokenList Modifiers, TypeSyntax ReturnType) WithAsync(SyntaxTokenList modifiers, TypeSyntax returnType)
        {
            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (modifiers.Count == 0)
            {
                // The return type's leading trivia (indentation, comments) moves to the new first token.
                asyncKeyword = asyncKeyword.WithLeadingTrivia(returnType.GetLeadingTrivia());
                returnType = returnType.WithLeadingTrivia();
            }

            return (modifiers.Add(asyncKeyword), returnType);
        }

        public static AnonymousFunctionExpressionSyntax MakeAsync(AnonymousFunctionExpressionSyntax function)
        {
            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword)
                .WithLeadingTrivia(function.GetLeadingTrivia())
                .WithTrailingTrivia(SyntaxFactory.Space);
            return function.WithoutLeadingTrivia().WithAsyncKeyword(asyncKeyword);
        }
    }
}
