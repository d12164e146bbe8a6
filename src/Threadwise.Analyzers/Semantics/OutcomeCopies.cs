using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that asks a task both whether it faulted and whether it was canceled before it reads the result copies the
    /// outcome of a finished task: <c>task.IsCanceled || task.IsFaulted ? new Result&lt;T&gt;(task.Exception) : new
    /// Result&lt;T&gt;(task.Result)</c>, a <c>switch (task)</c> over <c>{ IsCanceled: true }</c> and <c>{ IsFaulted: true }</c>
    /// whose default calls <c>TrySetResult(task.Result)</c>. Asked of a pending task, neither question would say what to
    /// copy, so the author treats the task as complete (its callers hand it continuations' antecedents). Read from syntax:
    /// both questions asked of the same parameter or local, in the function that reads the result (<c>Result</c> or
    /// <c>GetAwaiter().GetResult()</c>, not a <c>Wait</c>), before the read; and no question whether it has completed
    /// (<c>IsCompleted</c>, <c>IsCompletedSuccessfully</c>, <c>Status</c>) anywhere in that function, which would tell
    /// pending tasks apart (StackExchange.Redis's <c>if (!task.IsCanceled &amp;&amp; !task.IsCompleted &amp;&amp; !task.IsFaulted) task.Wait(remaining)</c>).
    /// </summary>
    internal static class OutcomeCopies
    {
        public static bool AsksFaultedAndCanceledBefore(IOperation reference, ISymbol variable)
        {
            var read = reference.Syntax;
            if (!ReadsResult(reference) || reference.SemanticModel is not { } model || EnclosingFunction(read) is not { } function)
            {
                return false;
            }

            var faulted = false;
            var canceled = false;
            foreach (var node in function.DescendantNodes())
            {
                if (AskedOf(node, variable, model) is not { } asked)
                {
                    continue;
                }

                // if (!t.IsCanceled && !t.IsCompleted && !t.IsFaulted) t.Wait(..): a function that also asks whether the task
                // has completed tells pending tasks apart; it does not assume a finished one.
                if (asked != "IsFaulted" && asked != "IsCanceled")
                {
                    return false;
                }

                faulted |= asked == "IsFaulted" && node.SpanStart < read.SpanStart;
                canceled |= asked == "IsCanceled" && node.SpanStart < read.SpanStart;
            }

            return faulted && canceled;
        }

        // t.Result or t.GetAwaiter().GetResult(): the outcome read, not a Wait.
        private static bool ReadsResult(IOperation reference) =>
            reference.Parent is IPropertyReferenceOperation { Property.Name: "Result" }
            || reference.Parent is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Parent: IInvocationOperation { TargetMethod.Name: "GetResult" } };

        // task.IsFaulted (or IsCanceled, IsCompleted, Status), or that property in a pattern matched against the task: the
        // property asked, else null.
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

        private static bool IsQuestion(string name) =>
            name == "IsFaulted" || name == "IsCanceled" || name == "IsCompleted" || name == "IsCompletedSuccessfully" || name == "Status";

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
