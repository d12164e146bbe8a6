using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>A value a field is given, and whether it is given only while the field is null (<c>_x ??= value</c>).</summary>
    internal readonly struct FieldStore
    {
        public FieldStore(ExpressionSyntax value, bool onlyIfNull)
        {
            Value = value;
            OnlyIfNull = onlyIfNull;
        }

        public ExpressionSyntax Value { get; }

        public bool OnlyIfNull { get; }
    }

    /// <summary>
    /// Every value a <c>readonly</c> or <c>private</c> field of a source type is given: its initializer and each assignment
    /// in its type's own syntax, the only places such a field can be set. Assignments are found by name (any target whose
    /// last name is the field's: <c>_x</c>, <c>this._x</c>, <c>other._x</c>), which can only add stores. Null where a store
    /// cannot be followed: a part of the type in another syntax tree, a compound assignment, a deconstruction into the
    /// field, or the field passed or taken by <c>ref</c>/<c>out</c>. What <see cref="CompletedFields"/> and
    /// <see cref="InMemory"/> judge a field by.
    /// </summary>
    internal static class FieldStores
    {
        /// <summary>
        /// Whether every value the field is given passes <paramref name="test"/> (bound in <paramref name="model"/>), and there
        /// is at least one. A store made only while the field is null (<c>_x ??= value</c>) fails unless
        /// <paramref name="lazyStores"/>.
        /// </summary>
        public static bool HoldsOnly(IFieldSymbol field, SemanticModel model, bool lazyStores, System.Func<IOperation, bool> test)
        {
            if (Of(field, model.SyntaxTree) is not { Count: > 0 } stores)
            {
                return false;
            }

            foreach (var store in stores)
            {
                if (store.OnlyIfNull && !lazyStores || model.GetOperation(store.Value) is not { } value || !test(value))
                {
                    return false;
                }
            }

            return true;
        }

        public static List<FieldStore>? Of(IFieldSymbol field, SyntaxTree tree)
        {
            if (field.IsConst || field.IsImplicitlyDeclared
                || !field.IsReadOnly && field.DeclaredAccessibility != Accessibility.Private
                || field.ContainingType is not { } type
                || field.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var stores = new List<FieldStore>();
            if (field.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                stores.Add(new FieldStore(initializer, onlyIfNull: false));
            }

            var name = field.Name;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != tree)
                {
                    return null;
                }

                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    switch (node)
                    {
                        case AssignmentExpressionSyntax assignment when Names(assignment.Left, name):
                            if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                            {
                                stores.Add(new FieldStore(assignment.Right, assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression)));
                                break;
                            }

                            return null;

                        // (_a, (_b, c)) = (..): a deconstruction into the field.
                        case AssignmentExpressionSyntax { Left: TupleExpressionSyntax tuple } when DeconstructsInto(tuple, name):
                        case ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument when Names(argument.Expression, name):
                        case RefExpressionSyntax byReference when Names(byReference.Expression, name):
                            return null;
                    }
                }
            }

            return stores;
        }

        private static bool DeconstructsInto(TupleExpressionSyntax tuple, string name)
        {
            foreach (var element in tuple.Arguments)
            {
                if (element.Expression is TupleExpressionSyntax nested ? DeconstructsInto(nested, name) : Names(element.Expression, name))
                {
                    return true;
                }
            }

            return false;
        }

        // _x, this._x, other._x, (_x): any target whose last name is the field's.
        private static bool Names(ExpressionSyntax expression, string name) =>
            expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == name,
                ParenthesizedExpressionSyntax parenthesized => Names(parenthesized.Expression, name),
                _ => false,
            };
    }
}
