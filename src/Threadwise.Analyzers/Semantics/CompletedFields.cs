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
    /// <see cref="CompletedAssignments"/>' locals. Assignments are found by name in the type's own syntax (any target named
    /// like the field counts, which can only make the answer "no"); a type split over several files, a field passed by
    /// <c>ref</c>/<c>out</c>, or any other assignment is not followed.
    /// </summary>
    internal static class CompletedFields
    {
        public static bool HoldsOnlyCompletedTasks(IFieldSymbol field, SemanticModel? model)
        {
            if (model is null || field.IsConst || field.IsImplicitlyDeclared
                || !field.IsReadOnly && field.DeclaredAccessibility != Accessibility.Private
                || field.ContainingType is not { } type
                || field.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            // At least one store of a completed task: a field never assigned in source is filled some other way.
            var completedStores = 0;
            if (field.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                if (!IsNullOrCompleted(initializer))
                {
                    return false;
                }

                completedStores += IsCompleted(initializer) ? 1 : 0;
            }

            var name = field.Name;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree)
                {
                    return false;
                }

                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (!StoresOnlyCompleted(node, name))
                    {
                        return false;
                    }

                    completedStores += node is AssignmentExpressionSyntax assignment && Names(assignment.Left, name) && IsCompleted(assignment.Right) ? 1 : 0;
                }
            }

            return completedStores > 0;
        }

        private static bool StoresOnlyCompleted(SyntaxNode node, string name)
        {
            switch (node)
            {
                case AssignmentExpressionSyntax assignment when Names(assignment.Left, name):
                    return (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                        && IsNullOrCompleted(assignment.Right);

                // (_a, _b) = (..): a deconstruction into the field.
                case AssignmentExpressionSyntax { Left: TupleExpressionSyntax tuple }:
                    foreach (var element in tuple.Arguments)
                    {
                        if (Names(element.Expression, name))
                        {
                            return false;
                        }
                    }

                    return true;

                case ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument:
                    return !Names(argument.Expression, name);

                case RefExpressionSyntax reference:
                    return !Names(reference.Expression, name);

                default:
                    return true;
            }
        }

        // _releaser, this._releaser, other._releaser: any target whose last name is the field's.
        private static bool Names(ExpressionSyntax expression, string name) =>
            expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == name,
                ParenthesizedExpressionSyntax parenthesized => Names(parenthesized.Expression, name),
                _ => false,
            };

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
