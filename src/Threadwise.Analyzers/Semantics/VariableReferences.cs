using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Layer 2 of the task semantics (depends only on <see cref="LocalInitializers"/> and <see cref="KnownTypes"/>): which
    /// variable an operation reads, a task's <c>Status</c>, and whether a variable is assigned between two points. Used by
    /// <see cref="Guards"/>, <see cref="FlowFacts"/>, <see cref="TaskFacts"/> above it and by other helpers.
    /// </summary>
    internal static class VariableReferences
    {
        internal static bool IsReferenceTo(IOperation operation, ISymbol target) =>
            KnownTypes.Is(operation.ReferencedVariable(), target);

        /// <summary><c>t.Status</c>, or a local initialised with it (<c>var status = t.Status;</c>) and not reassigned before this read.</summary>
        internal static bool IsStatusOf(IOperation value, ISymbol target, KnownTypes types)
        {
            var read = LocalInitializers.Unaliased(value);

            return read is IPropertyReferenceOperation { Property.Name: "Status", Instance: { } instance } status
                && types.IsTaskLike(status.Property.ContainingType)
                && IsReferenceTo(instance, target);
        }

        /// <summary><c>TaskStatus.RanToCompletion</c>, <c>Faulted</c> or <c>Canceled</c>: final, so waiting returns (or throws) at once.</summary>
        internal static bool IsFinalStatus(IOperation value, KnownTypes types) =>
            value.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "RanToCompletion" or "Faulted" or "Canceled" } field
            && KnownTypes.Is(field.Field.ContainingType, types.TaskStatus);

        /// <summary>Is the variable assigned anywhere in the member between the two positions?</summary>
        public static bool IsAssignedBetween(IOperation anywhereInMember, ISymbol variable, int start, int end)
        {
            var root = anywhereInMember.Root();

            foreach (var operation in root.Descendants())
            {
                if (operation is IAssignmentOperation assignment
                    && assignment.Syntax.SpanStart >= start && assignment.Syntax.SpanStart < end
                    && IsReferenceTo(assignment.Target, variable))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
