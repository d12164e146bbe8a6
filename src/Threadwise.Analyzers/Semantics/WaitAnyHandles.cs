using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// <c>WaitHandle.WaitAny(new[] { .. })</c> returns the index of a handle that was signalled (a timeout returns
    /// <c>WaitTimeout</c>, never an index). When the handle at that index is a task's own <c>((IAsyncResult)t).AsyncWaitHandle</c>
    /// (written in the array, or in a local initialised with it and not reassigned), the task has completed:
    /// <c>if (WaitHandle.WaitAny(new[] { ((IAsyncResult)read).AsyncWaitHandle, closed }) == 0) n = read.Result;</c>.
    /// Only an array written in the call counts: an array held elsewhere can be changed after it was filled.
    /// Layer 2 of the task semantics, beside <see cref="VariableReferences"/>; used by <see cref="Guards"/>.
    /// </summary>
    internal static class WaitAnyHandles
    {
        /// <summary>Does <paramref name="result"/> (a WaitAny call, or a local initialised with one) equal to <paramref name="index"/> prove <paramref name="task"/> complete?</summary>
        public static bool SignalsTaskAt(IOperation result, int index, ISymbol task, KnownTypes types)
        {
            if (types.WaitHandle is null || types.IAsyncResult is null
                || LocalInitializers.Unaliased(result) is not IInvocationOperation { TargetMethod: { Name: "WaitAny", IsStatic: true } method } waitAny
                || !KnownTypes.Is(method.ContainingType, types.WaitHandle)
                || waitAny.Arguments.Length == 0
                || waitAny.Arguments[0].Value.WalkDownConversions() is not IArrayCreationOperation { Initializer: { } handles }
                || index < 0 || index >= handles.ElementValues.Length)
            {
                return false;
            }

            return LocalInitializers.Unaliased(handles.ElementValues[index]) is IPropertyReferenceOperation { Property.Name: "AsyncWaitHandle", Instance: { } owner } handle
                && KnownTypes.Is(handle.Property.ContainingType, types.IAsyncResult)
                && VariableReferences.IsReferenceTo(owner, task);
        }
    }
}
