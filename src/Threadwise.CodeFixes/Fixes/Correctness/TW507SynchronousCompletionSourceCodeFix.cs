using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
    /// TW507: pass <c>TaskCreationOptions.RunContinuationsAsynchronously</c> to the TaskCompletionSource's constructor:
    /// appended where no options are written (<c>new TaskCompletionSource&lt;T&gt;()</c>, <c>new(state)</c>), or-ed into
    /// the written options (options that are <c>None</c> are replaced).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW507SynchronousCompletionSourceCodeFix)), Shared]
    public sealed class TW507SynchronousCompletionSourceCodeFix : SyntaxEditingCodeFix
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.SynchronousCompletionSource);

        protected override string EquivalenceKey => RuleIds.SynchronousCompletionSource;

        protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node) =>
            node is BaseObjectCreationExpressionSyntax && diagnostic.Properties.ContainsKey(TW507SynchronousCompletionSourceAnalyzer.FixProperty)
                ? "Run continuations asynchronously"
                : null;

        protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic)
        {
            if (node is not BaseObjectCreationExpressionSyntax creation)
            {
                return;
            }

            diagnostic.Properties.TryGetValue(TW507SynchronousCompletionSourceAnalyzer.FixProperty, out var fix);
            diagnostic.Properties.TryGetValue(TW507SynchronousCompletionSourceAnalyzer.ArgumentProperty, out var indexText);
            editor.ReplaceNode(creation, (current, _) =>
            {
                var updated = (BaseObjectCreationExpressionSyntax)current;
                var arguments = updated.ArgumentList ?? SyntaxFactory.ArgumentList();
                if (fix == TW507SynchronousCompletionSourceAnalyzer.FixAdd)
                {
                    return WithArguments(updated, arguments.AddArguments(SyntaxFactory.Argument(Option())));
                }

                if ((fix == TW507SynchronousCompletionSourceAnalyzer.FixMerge || fix == TW507SynchronousCompletionSourceAnalyzer.FixReplace)
                    && int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    && index < arguments.Arguments.Count)
                {
                    var argument = arguments.Arguments[index];
                    var merged = fix == TW507SynchronousCompletionSourceAnalyzer.FixReplace
                        ? Option()
                        : SyntaxFactory.BinaryExpression(SyntaxKind.BitwiseOrExpression, Operand(argument.Expression.WithoutTrivia()), Option());
                    return WithArguments(updated, arguments.ReplaceNode(argument, argument.WithExpression(merged.WithTriviaFrom(argument.Expression))));
                }

                return updated;
            });
        }

        private static BaseObjectCreationExpressionSyntax WithArguments(BaseObjectCreationExpressionSyntax creation, ArgumentListSyntax arguments) => creation switch
        {
            // `new T { ... }` has no argument list: the new one goes before the initializer.
            ObjectCreationExpressionSyntax { ArgumentList: null } explicitType => explicitType
                .WithType(explicitType.Type.WithoutTrailingTrivia())
                .WithArgumentList(arguments.WithTrailingTrivia(explicitType.Type.GetTrailingTrivia())),
            _ => creation.WithArgumentList(arguments),
        };

        private static ExpressionSyntax Operand(ExpressionSyntax expression) =>
            expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ParenthesizedExpressionSyntax
                or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.BitwiseOrExpression }
                ? expression
                : SyntaxFactory.ParenthesizedExpression(expression);

        private static ExpressionSyntax Option() =>
            SyntaxFactory.ParseExpression("global::System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously")
                .WithAdditionalAnnotations(Simplifier.Annotation);
    }
}
