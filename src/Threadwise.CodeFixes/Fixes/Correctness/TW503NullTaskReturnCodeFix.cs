using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Rewriting;
using Threadwise.Rules.Correctness;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW503: the null a Task method returns becomes a completed task: <c>Task.CompletedTask</c> for <c>Task</c>,
    /// <c>Task.FromResult&lt;T&gt;(null)</c> for a reference or nullable <c>T</c>, <c>Task.FromResult(default(T))</c>
    /// otherwise. The analyzer decides which (and whether the null's position takes a task of the method's type); the
    /// type is read from the null's converted type.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW503NullTaskReturnCodeFix)), Shared]
    public sealed class TW503NullTaskReturnCodeFix : SyntaxEditingCodeFix
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.NullTaskReturn);

        protected override string EquivalenceKey => RuleIds.NullTaskReturn;

        private protected override bool NeedsContext => true;

        protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node) =>
            node is ExpressionSyntax && diagnostic.Properties.TryGetValue(TW503NullTaskReturnAnalyzer.FixProperty, out var fix)
                ? fix == TW503NullTaskReturnAnalyzer.FixCompletedTask ? "Return Task.CompletedTask" : "Return Task.FromResult"
                : null;

        protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic) =>
            Edit(editor, node, diagnostic, context: null);

        private protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic, FixContext? context)
        {
            diagnostic.Properties.TryGetValue(TW503NullTaskReturnAnalyzer.FixProperty, out var fix);
            var typeInfo = context?.Model.GetTypeInfo(node, context.CancellationToken);
            var taskType = (typeInfo?.ConvertedType ?? typeInfo?.Type) as INamedTypeSymbol;
            var replacement = fix switch
            {
                TW503NullTaskReturnAnalyzer.FixCompletedTask =>
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TaskType(), SyntaxFactory.IdentifierName("CompletedTask")),
                _ when taskType is not { TypeArguments.Length: 1 } => null,
                TW503NullTaskReturnAnalyzer.FixFromResultNull => FromResultNull(editor.Generator, taskType.TypeArguments[0]),
                TW503NullTaskReturnAnalyzer.FixFromResultDefault => FromResultDefault(editor.Generator, taskType.TypeArguments[0]),
                _ => null,
            };
            if (replacement is null)
            {
                return;
            }

            editor.ReplaceNode(node, replacement.WithAdditionalAnnotations(Simplifier.Annotation).WithTriviaFrom(node));
        }

        /// <summary><c>Task.FromResult&lt;T&gt;(null)</c>.</summary>
        private static ExpressionSyntax FromResultNull(SyntaxGenerator generator, ITypeSymbol result) =>
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    TaskType(),
                    SyntaxFactory.GenericName(SyntaxFactory.Identifier("FromResult"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(TypeOf(generator, result))))),
                Arguments(SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression)));

        /// <summary><c>Task.FromResult(default(T))</c>: the type argument is inferred exactly.</summary>
        private static ExpressionSyntax FromResultDefault(SyntaxGenerator generator, ITypeSymbol result) =>
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TaskType(), SyntaxFactory.IdentifierName("FromResult")),
                Arguments(SyntaxFactory.DefaultExpression(TypeOf(generator, result))));

        private static ArgumentListSyntax Arguments(ExpressionSyntax argument) =>
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument)));

        private static TypeSyntax TypeOf(SyntaxGenerator generator, ITypeSymbol type) =>
            ((TypeSyntax)generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation);

        private static ExpressionSyntax TaskType() =>
            SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation);
    }
}
