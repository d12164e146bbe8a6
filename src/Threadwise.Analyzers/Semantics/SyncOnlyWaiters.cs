using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A private TaskCompletionSource field whose task its own type only waits on synchronously
    /// (<c>_signal.Task.Wait(token)</c>, <c>.Result</c>, <c>.GetAwaiter().GetResult()</c>) or only looks at
    /// (<c>.IsCompleted</c>), or never reads: a blocked waiter registers no code of its own to continue with, so completing
    /// the source runs none of it inline (MongoDB's <c>HeartbeatDelay</c>, completed by a timer and waited for on the monitor's
    /// own thread). Its task may also be returned by a getter that nothing in the compilation reads, in a type only the
    /// assembly can reach (<c>HeartbeatDelay.Task</c>, read only by the driver's tests). Read from the type's syntax, and only
    /// for a field about to be reported. Any other use of the field (its task awaited, returned or passed on, the source
    /// itself handed out) or a nested type that could read it keeps the report.
    /// </summary>
    internal static class SyncOnlyWaiters
    {
        public static bool IsOnlyWaitedOnSynchronously(IFieldSymbol field, Compilation compilation)
        {
            if (field.DeclaredAccessibility != Accessibility.Private || !field.ContainingType.GetTypeMembers().IsEmpty
                || FieldUses.InOwnType(field, compilation) is not { } uses)
            {
                return false;
            }

            foreach (var (name, model) in uses)
            {
                var expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? (SyntaxNode)access : name;
                if (model.GetOperation(expression) is IFieldReferenceOperation use
                    && !IsStoreCompletionOrSyncWait(use)
                    && !IsReturnedByAPropertyNobodyReads(use, model, compilation))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary><c>tcs.Task.IsCompleted</c> and the like: a look at the task registers no continuation.</summary>
        public static bool IsStatusQuery(IOperation taskRead) =>
            taskRead.Parent is IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status" or "Exception" } query
            && query.Instance == taskRead;

        private static bool IsStoreCompletionOrSyncWait(IFieldReferenceOperation use) => use.Parent switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target == use,
            IInvocationOperation call => call.Instance == use && CompletionSources.IsCompletionCall(call.TargetMethod),
            IConditionalAccessOperation access => access.Operation == use
                && access.WhenNotNull is IInvocationOperation call && CompletionSources.IsCompletionCall(call.TargetMethod),
            IPropertyReferenceOperation { Property.Name: "Task" } task => task.Instance == use && (IsStatusQuery(task) || IsWaitedOnSynchronously(task)),
            _ => false,
        };

        // Task Task => _signal.Task; (or get { return _signal.Task; }) in a getter that no code of the compilation reads.
        private static bool IsReturnedByAPropertyNobodyReads(IFieldReferenceOperation use, SemanticModel model, Compilation compilation) =>
            use.Parent is IPropertyReferenceOperation { Property.Name: "Task" } task
            && task.Instance == use
            && task.ParentPastConversions() is IReturnOperation
            && model.GetEnclosingSymbol(use.Syntax.SpanStart) is IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol property }
            && CallSites.IsNeverRead(property, compilation);

        // task.Wait(..), task.Result, task.GetAwaiter().GetResult()
        private static bool IsWaitedOnSynchronously(IOperation task) => task.Parent switch
        {
            IInvocationOperation { TargetMethod.Name: "Wait" } wait => wait.Instance == task,
            IPropertyReferenceOperation { Property.Name: "Result" } result => result.Instance == task,
            IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter => awaiter.Instance == task
                && awaiter.Parent is IInvocationOperation { TargetMethod.Name: "GetResult" } getResult && getResult.Instance == awaiter,
            _ => false,
        };
    }
}
