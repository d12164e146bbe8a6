using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Reads completion guards: does knowing that <c>condition</c> evaluated to <c>whenValue</c> prove the task complete?
    /// Understands <c>IsCompleted</c>, <c>IsCompletedSuccessfully</c>, <c>IsFaulted</c>, <c>IsCanceled</c> (also as an extension method of that name), <c>Status ==</c> a final status, a timed wait that returned true (or a source <c>TryWait(t)</c> helper that returns one),
    /// <c>WaitHandle.WaitAny</c> returning the index of the task's own wait handle (<see cref="WaitAnyHandles"/>),
    /// negation, <c>&amp;&amp;</c>, <c>||</c> and comparisons with <c>true</c>/<c>false</c>.
    /// Layer 3 of the task semantics: depends on <see cref="BlockingWaits"/> and <see cref="VariableReferences"/> below it
    /// (and <see cref="WaitHelpers"/>), never on <see cref="FlowFacts"/>, <see cref="TaskFacts"/> or <see cref="BlockingCalls"/> above it.
    /// </summary>
    internal static class Guards
    {
        public static bool Implies(IOperation condition, ISymbol task, bool whenValue, KnownTypes types)
        {
            switch (condition.WalkDownConversions())
            {
                case IPropertyReferenceOperation property when IsCompletionProperty(property, task, types):
                    return whenValue;

                // if (t.Wait(timeout)) ..., if (Task.WaitAll(tasks, timeout)) ...: true only once the task finished.
                case IInvocationOperation invocation when whenValue && invocation.Type?.SpecialType == SpecialType.System_Boolean:
                    return IsTimedWaitOn(invocation, task, types) || IsCompletionExtension(invocation, task, types)
                        || WaitHelpers.IsTryWaitOn(invocation, task, types);

                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Implies(not.Operand, task, !whenValue, types);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction:
                    return whenValue
                        ? Implies(conjunction.LeftOperand, task, true, types) || Implies(conjunction.RightOperand, task, true, types)
                        : Implies(conjunction.LeftOperand, task, false, types) && Implies(conjunction.RightOperand, task, false, types);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction:
                    // t.IsFaulted || t.IsCanceled: either way the task is complete.
                    return whenValue
                        ? Implies(disjunction.LeftOperand, task, true, types) && Implies(disjunction.RightOperand, task, true, types)
                        : Implies(disjunction.LeftOperand, task, false, types) || Implies(disjunction.RightOperand, task, false, types);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    // What the comparison being whenValue tells us: are the two sides equal?
                    var equal = comparison.OperatorKind == BinaryOperatorKind.Equals == whenValue;
                    return ImpliesByComparison(comparison.LeftOperand, comparison.RightOperand, task, equal, types)
                        || ImpliesByComparison(comparison.RightOperand, comparison.LeftOperand, task, equal, types);

                default:
                    return false;
            }
        }

        /// <summary>
        /// The task a <c>Task.WaitAny(a, b, ..)</c> call (also over an array or a collection expression written in the call,
        /// with or without a timeout) names at <paramref name="index"/>: when the call returned that index, it is complete.
        /// </summary>
        internal static IOperation? TaskAtWaitAnyIndex(IOperation result, int index, KnownTypes types)
        {
            if (LocalInitializers.Unaliased(result) is not IInvocationOperation { TargetMethod: { Name: "WaitAny", IsStatic: true } method } waitAny
                || !KnownTypes.Is(method.ContainingType, types.Task))
            {
                return null;
            }

            var tasks = BlockingWaits.TaskArguments(waitAny, types);
            return index >= 0 && index < tasks.Length ? tasks[index] : null;
        }

        private static bool ImpliesByComparison(IOperation side, IOperation other, ISymbol task, bool equal, KnownTypes types)
        {
            // t.IsCompleted == false, t.IsCompleted != true
            if (other.WalkDownConversions().ConstantValue is { HasValue: true, Value: bool constant })
            {
                return Implies(side, task, equal ? constant : !constant, types);
            }

            // WaitHandle.WaitAny(new[] { ((IAsyncResult)t).AsyncWaitHandle, closed }) == 0: t's own handle was signalled.
            // Task.WaitAny([tcs.Task, _shutdown.Task], timeout) == 0: the task at that index has finished (OpenTelemetry's
            // MetricReader.Collect reads tcs.Task's result right after).
            if (equal && other.WalkDownConversions().ConstantValue is { HasValue: true, Value: int index }
                && (WaitAnyHandles.SignalsTaskAt(side, index, task, types)
                    || TaskAtWaitAnyIndex(side, index, types) is { } finished && VariableReferences.IsReferenceTo(finished, task)))
            {
                return true;
            }

            // await Task.WhenAny(t, timeout) == t, or != timeout when t is the other of two.
            if (WinnerOf(side, types) is { } whenAny && IsWhenAnyWinner(whenAny, other, task, equal, types))
            {
                return true;
            }

            // t.Status == TaskStatus.RanToCompletion, or a local copy of t.Status
            return equal
                && VariableReferences.IsStatusOf(side, task, types)
                && VariableReferences.IsFinalStatus(other, types);
        }

        // await Task.WhenAny(..), or a local initialised with it and not reassigned.
        private static IInvocationOperation? WinnerOf(IOperation side, KnownTypes types)
        {
            var value = LocalInitializers.Unaliased(side);

            return value is IAwaitOperation awaited && BlockingWaits.IsWhenAny(awaited.Operation, types)
                ? (IInvocationOperation)BlockingWaits.StripConfigureAwait(awaited.Operation, types).WalkDownConversions()
                : null;
        }

        private static bool IsWhenAnyWinner(IInvocationOperation whenAny, IOperation other, ISymbol task, bool equal, KnownTypes types)
        {
            var candidates = BlockingWaits.TaskArguments(whenAny, types);
            var taskIsCandidate = false;
            foreach (var candidate in candidates)
            {
                taskIsCandidate |= VariableReferences.IsReferenceTo(candidate, task);
            }

            if (!taskIsCandidate)
            {
                return false;
            }

            if (equal)
            {
                return VariableReferences.IsReferenceTo(other, task);
            }

            // Two candidates, and the winner is not the other one: it is the task.
            return candidates.Length == 2 && other.ReferencedVariable() is { } loser && !KnownTypes.Is(loser, task)
                && (VariableReferences.IsReferenceTo(candidates[0], loser) || VariableReferences.IsReferenceTo(candidates[1], loser));
        }

        private static bool IsTimedWaitOn(IInvocationOperation invocation, ISymbol task, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            if (method.Name == "Wait" && invocation.Instance is { } instance && types.IsTaskLike(method.ContainingType))
            {
                return VariableReferences.IsReferenceTo(instance, task);
            }

            if (method.Name == "WaitAll" && method.IsStatic && KnownTypes.Is(method.ContainingType, types.Task))
            {
                foreach (var waited in BlockingWaits.TaskArguments(invocation, types))
                {
                    if (VariableReferences.IsReferenceTo(waited, task))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// <c>t.IsCompletedSuccessfully()</c>, <c>t.IsCompleted()</c>: an extension method on a task named as the property it
        /// stands for, the polyfill libraries write for targets whose <c>Task</c> lacks <c>IsCompletedSuccessfully</c>
        /// (MassTransit's, in a referenced assembly, whose body cannot be read: the name is the evidence).
        /// </summary>
        private static bool IsCompletionExtension(IInvocationOperation invocation, ISymbol task, KnownTypes types) =>
            CompletionExtensionTarget(invocation, types) is { } tested && VariableReferences.IsReferenceTo(tested, task);

        /// <summary>
        /// What <c>x.IsCompletedSuccessfully()</c> or <c>x.IsCompleted()</c>, an extension on a task (a library's own, for
        /// targets whose task has no such property), tests: <c>x</c>; null for any other call.
        /// </summary>
        internal static IOperation? CompletionExtensionTarget(IInvocationOperation invocation, KnownTypes types) =>
            (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod) is { IsExtensionMethod: true, Name: "IsCompletedSuccessfully" or "IsCompleted", Parameters.Length: 1 } method
            && types.IsTaskLike(method.Parameters[0].Type) && invocation.Arguments.Length == 1
                ? invocation.Arguments[0].Value
                : null;

        private static bool IsCompletionProperty(IPropertyReferenceOperation property, ISymbol task, KnownTypes types) =>
            (property.Property.Name == "IsCompleted" || property.Property.Name == "IsCompletedSuccessfully"
                || property.Property.Name == "IsFaulted" || property.Property.Name == "IsCanceled")
            && types.IsTaskLike(property.Property.ContainingType)
            && property.Instance is { } instance
            && VariableReferences.IsReferenceTo(instance, task);
    }
}
