using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Positive evidence that a loop computes, for the cost model (TW201, TW205). A nest of loops over collections of
    /// unknown size is heavy only when its work is compute-dense: the operations that compute (arithmetic and comparisons on
    /// numbers held in locals, parameters or array elements (not counters kept in fields or properties), <c>Math</c>, hashing, compression, Regex, sorting, crypto,
    /// CPU-bound methods) weigh at least as much as its bookkeeping (creating objects, setting properties, adding to and
    /// looking up in collections, building strings, logging, calls it cannot see into). On real libraries, nested loops of
    /// the second kind map DTOs, group rows and build tables over collections that hold a handful of items.
    /// Both weights are counted per iteration and multiplied through the nest like the cost, so an inner loop dominates.
    /// </summary>
    internal static class ComputeEvidence
    {
        /// <summary>Compute-dense: some computing, and at least as much of it as bookkeeping.</summary>
        public static bool IsDense(double compute, double bookkeeping) => compute > 0 && compute >= bookkeeping;

        /// <summary>The compute weight of one operation that is not a call (calls are weighed by the cost model).</summary>
        public static double Compute(IOperation operation)
        {
            switch (operation)
            {
                case IBinaryOperation binary when IsNumeric(binary.LeftOperand.Type) && IsNumeric(binary.RightOperand.Type):
                    // order.CustomerId == customer.Id compares two objects' keys (a lookup); a[i] * b[j], x < best computes.
                    return IsValue(binary.LeftOperand) || IsValue(binary.RightOperand) ? 1 : 0;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } stringCompare
                    when stringCompare.LeftOperand.Type?.SpecialType == SpecialType.System_String && IsValue(stringCompare.LeftOperand) && IsValue(stringCompare.RightOperand):
                    // Comparing every string with every other: a quadratic search, not a key lookup.
                    return 1;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus or UnaryOperatorKind.BitwiseNegation } unary when IsValue(unary.Operand):
                    return 1;
                case ICompoundAssignmentOperation compound when IsNumeric(compound.Type):
                    return IsTally(compound.Target) ? 0 : 1;
                case IIncrementOrDecrementOperation increment when IsNumeric(increment.Type):
                    return IsTally(increment.Target) ? 0 : 1;
                case ISimpleAssignmentOperation { Target: { } target } when IsElement(target) && (IsNumeric(target.Type) || target.Type?.SpecialType == SpecialType.System_Boolean):
                    // composite[j] = true, output[y, x] = (byte)total: the data of a kernel lives in arrays of numbers.
                    return 1;
                default:
                    return 0;
            }
        }

        /// <summary>The bookkeeping weight of one operation that is not a call.</summary>
        public static double Bookkeeping(IOperation operation)
        {
            switch (operation)
            {
                case IObjectCreationOperation:
                case IAnonymousObjectCreationOperation:
                    return 3;
                case IArrayCreationOperation:
                    return 5;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation }:
                    // dto.Name = ..., map[key] = ..., list[i] = ...
                    return 1;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                    return 1;
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } append when append.Type?.SpecialType == SpecialType.System_String:
                    return 10;
                case IInterpolatedStringOperation:
                    return 1;
                case ICompoundAssignmentOperation compound when IsNumeric(compound.Type) && IsTally(compound.Target):
                case IIncrementOrDecrementOperation increment when IsNumeric(increment.Type) && IsTally(increment.Target):
                    return 1;
                default:
                    return 0;
            }
        }

        /// <summary>
        /// Methods that compute a value from values and touch nothing else: string and char helpers, numeric parsing and
        /// formatting. A call to one is neither compute nor bookkeeping (its operands and result are weighed where used);
        /// every other call that the model cannot see into counts as bookkeeping.
        /// </summary>
        public static bool IsValueMethod(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                    // Comparing and searching (Equals, CompareOrdinal, StartsWith, IndexOf) reads; building a string allocates.
                    return method.Name is not ("Concat" or "Format" or "Join" or "Substring" or "Replace" or "Split" or "Insert" or "Remove"
                        or "ToUpper" or "ToLower" or "ToUpperInvariant" or "ToLowerInvariant" or "Trim" or "TrimStart" or "TrimEnd"
                        or "PadLeft" or "PadRight" or "Normalize" or "ToCharArray" or "Create");
                case SpecialType.System_Char:
                case SpecialType.System_Boolean:
                    return true;
                case SpecialType.System_Array:
                    return method.Name is "GetLength" or "GetLongLength" or "GetLowerBound" or "GetUpperBound";
                default:
                    return IsNumeric(type);
            }
        }

        /// <summary>
        /// A counter kept in a field or property: <c>stats.Calls += other.Calls</c>, <c>entries[i].Failed += n</c>,
        /// <c>_hits++</c>. Accumulating statistics into records is bookkeeping (weighed as such), not a kernel; kernels accumulate into locals
        /// and array elements (<c>sum += a[i] * b[i]</c>, <c>histogram[b]++</c>), and a computed value added to a counter is
        /// weighed where it is computed.
        /// </summary>
        private static bool IsTally(IOperation target) =>
            target.WalkDownConversions() is IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false };

        private static bool IsElement(IOperation target) => target switch
        {
            IArrayElementReferenceOperation => true,
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance.Type.Name: "Span" } => true,
            _ => false,
        };

        /// <summary>A number that the code holds itself: a local, parameter, array or span element, a computed value.</summary>
        private static bool IsValue(IOperation operand)
        {
            switch (operand.WalkDownConversions())
            {
                case ILocalReferenceOperation:
                case IParameterReferenceOperation:
                case IArrayElementReferenceOperation:
                case IBinaryOperation:
                case IUnaryOperation:
                case IIncrementOrDecrementOperation:
                case ICompoundAssignmentOperation:
                case IInvocationOperation:
                    return true;
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance.Type: { } spanType }:
                    // data[i] on a span or an array-like buffer: element access, not a lookup by key.
                    return spanType.Name is "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory";
                default:
                    return false;
            }
        }

        private static bool IsNumeric(ITypeSymbol? type)
        {
            switch (type?.SpecialType)
            {
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                case SpecialType.System_Char:
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    return true;
                default:
                    return false;
            }
        }
    }
}
