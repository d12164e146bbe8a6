using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that asks a task both whether it faulted and whether it was canceled before it reads the result copies the
    /// outcome of a finished task: <c>task.IsCanceled || task.IsFaulted ? new Result&lt;T&gt;(task.Exception) : new
    /// Result&lt;T&gt;(task.Result)</c>, a <c>switch (task)</c> over <c>{ IsCanceled: true }</c> and <c>{ IsFaulted: true }</c>
    /// whose default calls <c>TrySetResult(task.Result)</c>. Asked of a pending task, neither question would say what to
    /// copy, so the author treats the task as complete (its callers hand it continuations' antecedents). Read from syntax:
    /// both questions asked of the same parameter or local, in the function that reads the result, before the read.
    /// </summary>
    internal static class OutcomeCopies
    {
        public static bool AsksFaultedAndCanceledBefore(IOperation reference, ISymbol variable)
        {
            var read = reference.Syntax;
            if (reference.SemanticModel is not { } model || EnclosingFunction(read) is not { } function)
            {
                return false;
            }

            var faulted = false;
            var canceled = false;
            foreach (var node in function.DescendantNodes(node => node.SpanStart < read.SpanStart))
            {
                if (node.SpanStart >= read.SpanStart || AskedOf(node, variable, model) is not { } asked)
                {
                    continue;
                }

                faulted |= asked == "IsFaulted";
                canceled |= asked == "IsCanceled";
                if (faulted && canceled)
                {
                    return true;
                }
            }

            return false;
        }

        // task.IsFaulted, or the IsFaulted of a property pattern matched against the task: the property asked, else null.
        private static string? AskedOf(SyntaxNode node, ISymbol variable, SemanticModel model)
        {
            switch (node)
            {
                case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name.Identifier.ValueText: var name }
                    when IsQuestion(name) && Refers(receiver, variable, model):
                    return name;

                case SubpatternSyntax { ExpressionColon.Expression: IdentifierNameSyntax { Identifier.ValueText: var name }, Parent: PropertyPatternClauseSyntax { Parent: RecursivePatternSyntax pattern } }
                    when IsQuestion(name) && Governing(pattern) is IdentifierNameSyntax matched && Refers(matched, variable, model):
                    return name;

                default:
                    return null;
            }
        }

        private static bool IsQuestion(string name) => name == "IsFaulted" || name == "IsCanceled";

        private static bool Refers(IdentifierNameSyntax name, ISymbol variable, SemanticModel model) =>
            name.Identifier.ValueText == variable.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, variable);

        // The expression a top-level recursive pattern is matched against: switch statement, switch expression or 'is'.
        private static ExpressionSyntax? Governing(RecursivePatternSyntax pattern) => pattern.Parent switch
        {
            CasePatternSwitchLabelSyntax { Parent: SwitchSectionSyntax { Parent: SwitchStatementSyntax statement } } => statement.Expression,
            SwitchExpressionArmSyntax { Parent: SwitchExpressionSyntax expression } => expression.GoverningExpression,
            IsPatternExpressionSyntax isPattern => isPattern.Expression,
            _ => null,
        };

        private static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                    or PropertyDeclarationSyntax or IndexerDeclarationSyntax)
                {
                    return current;
                }
            }

            return null;
        }
    }
}
