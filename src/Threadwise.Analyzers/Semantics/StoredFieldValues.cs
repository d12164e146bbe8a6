using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Every value a <c>readonly</c> or <c>private</c> field of a source type is given — its initializer and each assignment
    /// in its type, the only places it can be set — as operations. Null when one is out of reach (a part of the type in
    /// another syntax tree, a <c>ref</c>/<c>out</c> use, a compound or deconstructing assignment) or when there is none.
    /// Assignments are found by name, so another member of that name can only make the answer null.
    /// </summary>
    internal static class StoredFieldValues
    {
        public static List<IOperation>? Of(IFieldSymbol field, SemanticModel model)
        {
            if (!field.IsReadOnly && field.DeclaredAccessibility != Accessibility.Private
                || field.IsConst || field.IsImplicitlyDeclared || field.ContainingType is not { } type)
            {
                return null;
            }

            var values = new List<IOperation>();
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree || reference.GetSyntax() is not TypeDeclarationSyntax declaration)
                {
                    return null;
                }

                foreach (var member in declaration.Members)
                {
                    if (!Collect(member, field.Name, model, values))
                    {
                        return null;
                    }
                }
            }

            return values.Count > 0 ? values : null;
        }

        private static bool Collect(MemberDeclarationSyntax member, string name, SemanticModel model, List<IOperation> values)
        {
            switch (member)
            {
                case FieldDeclarationSyntax fields:
                    foreach (var variable in fields.Declaration.Variables)
                    {
                        if (variable.Identifier.ValueText == name && variable.Initializer?.Value is { } initializer
                            && !Add(model.GetOperation(initializer), values))
                        {
                            return false;
                        }
                    }

                    return true;

                default:
                    foreach (var node in member.DescendantNodes())
                    {
                        switch (node)
                        {
                            case AssignmentExpressionSyntax assignment when Names(assignment.Left, name):
                                if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || !Add(model.GetOperation(assignment.Right), values))
                                {
                                    return false;
                                }

                                break;

                            case AssignmentExpressionSyntax { Left: TupleExpressionSyntax } deconstruction when Mentions(deconstruction.Left, name):
                            case ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } byReference when Names(byReference.Expression, name):
                                return false;
                        }
                    }

                    return true;
            }
        }
        private static bool Add(IOperation? value, List<IOperation> values)
        {
            if (value is null)
            {
                return false;
            }

            values.Add(value);
            return true;
        }

        // _field, this._field, and other._field on another instance of the type (its values count too).
        private static bool Names(ExpressionSyntax expression, string name) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
            MemberAccessExpressionSyntax { Name: var member } => member.Identifier.ValueText == name,
            _ => false,
        };

        private static bool Mentions(ExpressionSyntax expression, string name)
        {
            foreach (var identifier in expression.DescendantNodesAndSelf())
            {
                if (identifier is IdentifierNameSyntax { Identifier.ValueText: var text } && text == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
