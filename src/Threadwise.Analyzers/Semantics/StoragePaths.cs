using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Do two expressions read the same storage: the same local, parameter, <c>this</c>, or the same field or property
    /// (without arguments) on the same instance? A local that is only a copy of a field read — <c>var w = _writer;</c> or
    /// a pattern variable <c>_writer is { } w</c>, never reassigned — counts as that field, so two copies of one field
    /// name the same object (a field read twice may of course have changed in between; callers use this where a change
    /// would not make the answer wrong in a way worth a warning).
    /// </summary>
    internal static class StoragePaths
    {
        private const int MaxDepth = 3;

        public static bool SameStorage(IOperation left, IOperation right) =>
            Same(Resolve(left.WalkDownConversions()), Resolve(right.WalkDownConversions()), 0);

        private static bool Same(IOperation left, IOperation right, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            switch (left)
            {
                case IInstanceReferenceOperation:
                    return right is IInstanceReferenceOperation;
                case ILocalReferenceOperation local:
                    return right is ILocalReferenceOperation otherLocal && SymbolEqualityComparer.Default.Equals(local.Local, otherLocal.Local);
                case IParameterReferenceOperation parameter:
                    return right is IParameterReferenceOperation otherParameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter, otherParameter.Parameter);
                case IFieldReferenceOperation field:
                    return right is IFieldReferenceOperation otherField
                        && SymbolEqualityComparer.Default.Equals(field.Field, otherField.Field)
                        && SameInstance(field.Instance, otherField.Instance, depth);
                case IPropertyReferenceOperation { Arguments.IsEmpty: true } property:
                    return right is IPropertyReferenceOperation { Arguments.IsEmpty: true } otherProperty
                        && SymbolEqualityComparer.Default.Equals(property.Property, otherProperty.Property)
                        && SameInstance(property.Instance, otherProperty.Instance, depth);
                default:
                    return false;
            }
        }

        private static bool SameInstance(IOperation? left, IOperation? right, int depth) =>
            left is null ? right is null : right != null && Same(Resolve(left.WalkDownConversions()), Resolve(right.WalkDownConversions()), depth + 1);

        /// <summary>A local that only copies a field (declared from it, never assigned again) → that field read.</summary>
        private static IOperation Resolve(IOperation operation)
        {
            if (operation is not ILocalReferenceOperation reference || reference.Local.IsRef)
            {
                return operation;
            }

            var source = LocalInitializers.Of(reference) ?? PatternSource(reference);
            if (source?.WalkDownConversions() is not IFieldReferenceOperation field || IsAssignedAgain(reference))
            {
                return operation;
            }

            return field;
        }

        /// <summary><c>_writer is { } w</c>, <c>_writer is TextWriter w</c>: the operand the pattern variable was taken from.</summary>
        private static IOperation? PatternSource(ILocalReferenceOperation reference)
        {
            var model = reference.SemanticModel;
            if (model is null || reference.Local.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = reference.Local.DeclaringSyntaxReferences[0];
            if (declaration.SyntaxTree != model.SyntaxTree
                || declaration.GetSyntax() is not SingleVariableDesignationSyntax designation
                || designation.Parent is not (DeclarationPatternSyntax or RecursivePatternSyntax)
                || designation.Parent.Parent is not IsPatternExpressionSyntax isPattern)
            {
                return null;
            }

            return model.GetOperation(isPattern.Expression);
        }

        private static bool IsAssignedAgain(ILocalReferenceOperation reference) =>
            VariableReferences.IsAssignedBetween(reference, reference.Local, 0, int.MaxValue) || IsPassedByReference(reference);

        private static bool IsPassedByReference(ILocalReferenceOperation reference)
        {
            var root = reference.Root();

            foreach (var operation in root.Descendants())
            {
                if (operation is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument
                    && argument.Value.WalkDownConversions() is ILocalReferenceOperation passed
                    && SymbolEqualityComparer.Default.Equals(passed.Local, reference.Local))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
