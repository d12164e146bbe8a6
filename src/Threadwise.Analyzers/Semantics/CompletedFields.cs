using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A field that only ever holds completed tasks (or null): a <c>readonly</c> field, or a <c>private</c> one, whose
    /// initializer and every assignment in its type store <c>Task.FromResult(..)</c>, <c>Task.CompletedTask</c>,
    /// <c>Task.FromException/FromCanceled(..)</c>, <c>null</c> or <c>default</c>, at least once a task, (a cached result handed out by an
    /// async lock or a cache). Completion is monotonic, so wherever it is read it is complete. The field of
    /// <see cref="CompletedAssignments"/>' locals. Its stores are <see cref="FieldStores"/>' (a type split over several
    /// files, a field passed by <c>ref</c>/<c>out</c>, or any other assignment is not followed).
    /// </summary>
    internal static class CompletedFields
    {
        public static bool HoldsOnlyCompletedTasks(IFieldSymbol field, SemanticModel? model)
        {
            if (model is null || FieldStores.Of(field, model.SyntaxTree) is not { } stores)
            {
                return false;
            }

            // At least one store of a completed task: a field never assigned in source is filled some other way.
            var completedStores = 0;
            foreach (var store in stores)
            {
                if (!IsNullOrCompleted(store.Value))
                {
                    return false;
                }

                completedStores += IsCompleted(store.Value) ? 1 : 0;
            }

            return completedStores > 0;
        }

        private static bool IsNullOrCompleted(ExpressionSyntax value)
        {
            var unwrapped = Unparenthesized(value);
            return unwrapped.IsKind(SyntaxKind.NullLiteralExpression)
                || unwrapped.IsKind(SyntaxKind.DefaultLiteralExpression)
                || TaskFacts.IsCompletedTaskExpression(unwrapped);
        }

        private static bool IsCompleted(ExpressionSyntax value) => TaskFacts.IsCompletedTaskExpression(Unparenthesized(value));

        private static ExpressionSyntax Unparenthesized(ExpressionSyntax value)
        {
            while (value is ParenthesizedExpressionSyntax parenthesized)
            {
                value = parenthesized.Expression;
            }

            return value;
        }
    }
}
