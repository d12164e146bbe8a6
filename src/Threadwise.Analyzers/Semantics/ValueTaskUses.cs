using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>What one read of a <c>ValueTask</c> variable does with it.</summary>
    internal enum ValueTaskUseKind
    {
        /// <summary>Anything else: passed on, returned, stored, captured. Its fate is not followed.</summary>
        Other,
        /// <summary>Takes the result or the task: <c>await v</c> (also through ConfigureAwait), <c>v.Result</c>, <c>v.GetAwaiter().GetResult()</c>, <c>v.AsTask()</c>, <c>v.Preserve()</c>.</summary>
        Consume,
        /// <summary>Only looks: <c>v.IsCompleted</c>, <c>IsCompletedSuccessfully</c>, <c>IsFaulted</c>, <c>IsCanceled</c>.</summary>
        Query,
        /// <summary>Assigns the variable (or passes it by <c>ref</c>/<c>out</c>).</summary>
        Write,
    }

    /// <summary>
    /// How a read of a <c>ValueTask</c>/<c>ValueTask&lt;T&gt;</c> local or parameter uses it. A ValueTask may be consumed
    /// once: its source (an <c>IValueTaskSource</c>, often pooled) may be reused for another operation after the first
    /// <c>GetResult</c>. The operation returned with a use is the whole consuming expression (where a diagnostic goes).
    /// </summary>
    internal static class ValueTaskUses
    {
        public static bool IsValueTask(ITypeSymbol? type, KnownTypes types) =>
            type is INamedTypeSymbol named
            && (KnownTypes.Is(named.OriginalDefinition, types.ValueTask) || KnownTypes.Is(named.OriginalDefinition, types.ValueTaskOfT));

        public static (ValueTaskUseKind Kind, IOperation Site) Classify(IOperation reference)
        {
            var parent = reference.Parent;
            switch (parent)
            {
                case IAwaitOperation awaited:
                    return (ValueTaskUseKind.Consume, awaited);
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                case ICompoundAssignmentOperation compound when compound.Target == reference:
                    return (ValueTaskUseKind.Write, parent);
                case ITupleOperation { Parent: IDeconstructionAssignmentOperation deconstruction } tuple when deconstruction.Target == tuple:
                    return (ValueTaskUseKind.Write, deconstruction);
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                    return (ValueTaskUseKind.Write, argument);
                case IPropertyReferenceOperation property when property.Instance == reference:
                    switch (property.Property.Name)
                    {
                        case "Result":
                            return (ValueTaskUseKind.Consume, property);
                        case "IsCompleted":
                        case "IsCompletedSuccessfully":
                        case "IsFaulted":
                        case "IsCanceled":
                            return (ValueTaskUseKind.Query, property);
                        default:
                            return (ValueTaskUseKind.Other, property);
                    }

                case IInvocationOperation invocation when invocation.Instance == reference:
                    return ClassifyCall(invocation);
                default:
                    return (ValueTaskUseKind.Other, reference);
            }
        }

        private static (ValueTaskUseKind Kind, IOperation Site) ClassifyCall(IInvocationOperation invocation)
        {
            switch (invocation.TargetMethod.Name)
            {
                case "AsTask":
                case "Preserve":
                    return (ValueTaskUseKind.Consume, invocation);
                case "ConfigureAwait" when invocation.Parent is IAwaitOperation awaited:
                    return (ValueTaskUseKind.Consume, awaited);
                case "ConfigureAwait" when invocation.Parent is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } configuredAwaiter
                    && configuredAwaiter.Instance == invocation
                    && configuredAwaiter.Parent is IInvocationOperation { TargetMethod.Name: "GetResult" } configuredResult
                    && configuredResult.Instance == configuredAwaiter:
                    return (ValueTaskUseKind.Consume, configuredResult);
                case "GetAwaiter" when invocation.Parent is IInvocationOperation { TargetMethod.Name: "GetResult" } getResult
                    && getResult.Instance == invocation:
                    return (ValueTaskUseKind.Consume, getResult);
                default:
                    return (ValueTaskUseKind.Other, invocation);
            }
        }
    }
}
