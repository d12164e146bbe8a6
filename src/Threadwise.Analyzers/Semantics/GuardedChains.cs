using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A task read through a chain of properties and fields (<c>StartCompletionSource.Task</c>, <c>_value.Task</c>) under
    /// a completion test of the same chain: <c>Source.Task.IsCompleted ? Source.Task.Result : null</c>,
    /// <c>if (Source.Task.IsCompletedSuccessfully) return Source.Task.Result;</c>, <c>x.Task.IsCompleted &amp;&amp; x.Task.Result</c>
    /// (puppeteer-sharp's launcher end point). <see cref="Guards"/> reads tests of variables; a chain has no symbol of its
    /// own, so the two chains are compared link by link: the same property or field, no arguments, down to the same variable
    /// or <c>this</c>. A chain with a call in it is never the same twice.
    /// </summary>
    internal static class GuardedChains
    {
        public static bool IsGuarded(IOperation task, KnownTypes types)
        {
            if (!IsChain(task))
            {
                return false;
            }

            var child = task;
            for (var parent = task.Parent; parent != null && !parent.IsFunctionBoundary(); child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when child == conditional.WhenTrue && Tests(conditional.Condition, task, true, types)
                        || child == conditional.WhenFalse && Tests(conditional.Condition, task, false, types):
                        return true;

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction
                        when child == conjunction.RightOperand && Tests(conjunction.LeftOperand, task, true, types):
                        return true;
                }
            }

            return false;
        }

        // Does the condition being whenValue say the chain's task is complete?
        private static bool Tests(IOperation condition, IOperation task, bool whenValue, KnownTypes types)
        {
            switch (condition.WalkDownConversions())
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Tests(not.Operand, task, !whenValue, types);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when whenValue:
                    return Tests(conjunction.LeftOperand, task, true, types) || Tests(conjunction.RightOperand, task, true, types);

                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully", Instance: { } instance } property
                    when whenValue && types.IsTaskLike(property.Property.ContainingType):
                    return SameChain(instance, task);

                default:
                    return false;
            }
        }

        private static bool IsChain(IOperation operation) => operation.WalkDownConversions() switch
        {
            IPropertyReferenceOperation { Arguments.IsEmpty: true, Instance: { } instance } => IsRoot(instance) || IsChain(instance),
            IFieldReferenceOperation { Instance: { } instance } => IsRoot(instance) || IsChain(instance),
            _ => false,
        };

        private static bool IsRoot(IOperation operation) =>
            operation.WalkDownConversions() is IInstanceReferenceOperation || operation.ReferencedVariable() != null;

        private static bool SameChain(IOperation left, IOperation right)
        {
            left = left.WalkDownConversions();
            right = right.WalkDownConversions();
            switch (left)
            {
                case IInstanceReferenceOperation:
                    return right is IInstanceReferenceOperation;

                case IPropertyReferenceOperation { Arguments.IsEmpty: true, Instance: { } leftOwner } leftProperty:
                    return right is IPropertyReferenceOperation { Arguments.IsEmpty: true, Instance: { } rightOwner } rightProperty
                        && SymbolEqualityComparer.Default.Equals(leftProperty.Property, rightProperty.Property)
                        && SameChain(leftOwner, rightOwner);

                case IFieldReferenceOperation { Instance: { } leftHolder } leftField
                    when right is IFieldReferenceOperation { Instance: { } rightHolder } rightField
                        && SymbolEqualityComparer.Default.Equals(leftField.Field, rightField.Field):
                    return SameChain(leftHolder, rightHolder);

                default:
                    return left.ReferencedVariable() is { } variable && KnownTypes.Is(right.ReferencedVariable(), variable);
            }
        }
    }
}
