using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Rewriting
{
    /// <summary>
    /// A statement rewritten for the target frameworks that have its counterpart, the original kept for the others:
    /// <code>
    /// #if NET5_0_OR_GREATER
    ///         await process.WaitForExitAsync();
    /// #else
    ///         process.WaitForExit();
    /// #endif
    /// </code>
    /// The directives are trivia around the statement the document's parse options make active
    /// (the rewritten one where the condition holds, as in the build that reported it), the other branch disabled text, so
    /// the tree is the one the compiler would parse from the text.
    /// </summary>
    internal static class FrameworkConditional
    {
        /// <summary>
        /// The statement to write twice: the one around <paramref name="node"/>, in a block, a switch section or as the body of
        /// another statement (<c>if (wait)</c>: the directives are trivia, one branch stays its body). Not a top-level statement.
        /// </summary>
        public static StatementSyntax? StatementOf(SyntaxNode node) =>
            node.FirstAncestorOrSelf<StatementSyntax>() is { Parent: BlockSyntax or SwitchSectionSyntax or StatementSyntax or ElseClauseSyntax } statement
                ? statement
                : null;

        /// <summary>
        /// Whether <paramref name="statement"/> is already the active branch of a wrap under <paramref name="condition"/> (Fix All
        /// fixing a second call of the same statement): then the call is awaited in it, and the <c>#else</c> keeps the original.
        /// </summary>
        public static bool IsWrapped(StatementSyntax statement, string condition) =>
            statement.GetLeadingTrivia().Any(t => t.GetStructure() is IfDirectiveTriviaSyntax { BranchTaken: true } directive
                && directive.Condition.ToString() == SyntaxFactory.ParseExpression(condition).ToString())
            && statement.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndIfDirectiveTrivia));

        public static StatementSyntax Wrap(StatementSyntax original, StatementSyntax rewritten, string condition, ParseOptions options)
        {
            var conditionExpression = SyntaxFactory.ParseExpression(condition);
            var holds = Holds(conditionExpression, options);
            var eol = original.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var newLine = eol.IsKind(SyntaxKind.EndOfLineTrivia) ? eol : SyntaxFactory.EndOfLine("\n");

            var ifDirective = Directive(SyntaxFactory.IfDirectiveTrivia(conditionExpression.WithLeadingTrivia(SyntaxFactory.Space), isActive: true, branchTaken: holds, conditionValue: holds), newLine);
            var elseDirective = Directive(SyntaxFactory.ElseDirectiveTrivia(isActive: true, branchTaken: !holds), newLine);
            var endIfDirective = Directive(SyntaxFactory.EndIfDirectiveTrivia(isActive: true), newLine);

            // The active branch is a node; the other is its text, disabled.
            var (active, disabled) = holds ? (rewritten, original) : (original, rewritten);
            var disabledText = SyntaxFactory.DisabledText(disabled.ToFullString());
            var leading = holds
                ? SyntaxFactory.TriviaList(ifDirective)
                : SyntaxFactory.TriviaList(ifDirective, disabledText, elseDirective);
            var trailing = holds
                ? SyntaxFactory.TriviaList(elseDirective, disabledText, endIfDirective)
                : SyntaxFactory.TriviaList(endIfDirective);
            return active
                .WithLeadingTrivia(leading.AddRange(active.GetLeadingTrivia()))
                .WithTrailingTrivia(active.GetTrailingTrivia().AddRange(trailing));
        }

        private static SyntaxTrivia Directive(DirectiveTriviaSyntax directive, SyntaxTrivia newLine)
        {
            var end = directive.EndOfDirectiveToken;
            return SyntaxFactory.Trivia(directive.ReplaceToken(end, end.WithTrailingTrivia(newLine)));
        }

        // The condition's value under the document's preprocessor symbols (identifiers joined by || and &&, perhaps negated).
        private static bool Holds(ExpressionSyntax condition, ParseOptions options)
        {
            var symbols = new HashSet<string>(options.PreprocessorSymbolNames);
            return Evaluate(condition);

            bool Evaluate(ExpressionSyntax expression) => expression switch
            {
                IdentifierNameSyntax name => symbols.Contains(name.Identifier.ValueText),
                ParenthesizedExpressionSyntax parenthesized => Evaluate(parenthesized.Expression),
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } negation => !Evaluate(negation.Operand),
                BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } either => Evaluate(either.Left) || Evaluate(either.Right),
                BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } both => Evaluate(both.Left) && Evaluate(both.Right),
                _ => false,
            };
        }
    }
}
