using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using Threadwise.Rewriting;
using Threadwise.Rules.Correctness;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW506: a ValueTask consumed twice is stored as a Task once (<c>var v = ReadAsync().AsTask();</c>, a written
    /// <c>ValueTask&lt;T&gt;</c> type becomes <c>Task&lt;T&gt;</c>, <c>v.AsTask()</c> becomes <c>v</c>); a blocking read of a
    /// ValueTask that may not have completed blocks on <c>AsTask()</c>. The analyzer decides whether either is clear and
    /// passes the places to edit as text spans.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW506ValueTaskMisuseCodeFix)), Shared]
    public sealed class TW506ValueTaskMisuseCodeFix : SyntaxEditingCodeFix
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ValueTaskMisuse);

        protected override string EquivalenceKey => RuleIds.ValueTaskMisuse;

        protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node) =>
            diagnostic.Properties.TryGetValue(TW506ValueTaskMisuseAnalyzer.FixProperty, out var fix)
                ? fix == TW506ValueTaskMisuseAnalyzer.FixStoreAsTask ? "Store the ValueTask as a Task once" : "Block on AsTask()"
                : null;

        protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic)
        {
            diagnostic.Properties.TryGetValue(TW506ValueTaskMisuseAnalyzer.FixProperty, out var fix);
            var root = editor.OriginalRoot;
            var spans = Spans(diagnostic, root.FullSpan);
            if (fix == TW506ValueTaskMisuseAnalyzer.FixAsTask && spans.Count == 1
                && root.FindNode(spans[0], getInnermostNodeForTie: true) is ExpressionSyntax receiver)
            {
                editor.ReplaceNode(receiver, (current, _) => AsTask((ExpressionSyntax)current));
            }
            else if (fix == TW506ValueTaskMisuseAnalyzer.FixStoreAsTask && spans.Count >= 1
                && root.FindNode(spans[0]) is VariableDeclaratorSyntax { Initializer: { } initializer, Parent: VariableDeclarationSyntax declaration })
            {
                editor.ReplaceNode(initializer.Value, (current, _) => AsTask((ExpressionSyntax)current));
                if (!declaration.Type.IsVar)
                {
                    editor.ReplaceNode(declaration.Type, (current, _) => TaskType((TypeSyntax)current));
                }

                for (var i = 1; i < spans.Count; i++)
                {
                    if (root.FindNode(spans[i], getInnermostNodeForTie: true) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } asTask)
                    {
                        editor.ReplaceNode(asTask, access.Expression.WithTriviaFrom(asTask));
                    }
                }
            }
        }

        /// <summary>The spans the analyzer wrote (<c>start:length;...</c>); none if any does not fit the document.</summary>
        private static List<TextSpan> Spans(Diagnostic diagnostic, TextSpan document)
        {
            var spans = new List<TextSpan>();
            if (!diagnostic.Properties.TryGetValue(TW506ValueTaskMisuseAnalyzer.SpansProperty, out var text) || text is null)
            {
                return spans;
            }

            foreach (var part in text.Split(';'))
            {
                var colon = part.IndexOf(':');
                if (colon < 0
                    || !int.TryParse(part.Substring(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                    || !int.TryParse(part.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    || !document.Contains(new TextSpan(start, length)))
                {
                    spans.Clear();
                    return spans;
                }

                spans.Add(new TextSpan(start, length));
            }

            return spans;
        }

        /// <summary><c>x.AsTask()</c>, with parentheses where <c>x</c> needs them.</summary>
        private static ExpressionSyntax AsTask(ExpressionSyntax value)
        {
            var receiver = value.WithoutTrivia();
            var operand = receiver is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
                ? receiver
                : SyntaxFactory.ParenthesizedExpression(receiver).WithAdditionalAnnotations(Simplifier.Annotation);
            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, operand, SyntaxFactory.IdentifierName("AsTask")))
                .WithTriviaFrom(value);
        }

        /// <summary><c>ValueTask</c> → <c>Task</c>, <c>ValueTask&lt;T&gt;</c> → <c>Task&lt;T&gt;</c> (same namespace, so the usings hold).</summary>
        private static TypeSyntax TaskType(TypeSyntax type) => type switch
        {
            GenericNameSyntax generic => generic.WithIdentifier(SyntaxFactory.Identifier("Task").WithTriviaFrom(generic.Identifier)),
            IdentifierNameSyntax name => name.WithIdentifier(SyntaxFactory.Identifier("Task").WithTriviaFrom(name.Identifier)),
            _ => type,
        };
    }
}
