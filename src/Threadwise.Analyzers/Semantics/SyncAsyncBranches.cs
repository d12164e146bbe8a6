using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Libraries share one implementation between their sync and async APIs by branching on a flag:
    /// <c>if (async) await s.ReadAsync(b); else s.Read(b);</c> or <c>async ? await GetAsync(h) : Get(h)</c>.
    /// The synchronous arm is deliberate. This recognises a call in one arm of an if/else, <c>?:</c> or switch (or after
    /// an <c>if</c> that awaits and returns: <c>if (capable) return await MAsync(); return M();</c>) whose
    /// sibling arm awaits the counterpart (by name, a longer name that starts with the call's, or
    /// <c>Task.Factory.FromAsync(x.BeginM, x.EndM, ..)</c>), a wait on a task that the sibling arm awaits (a variable, or a
    /// property of one: <c>node.Value</c>), and anything in
    /// the synchronous arm of a mode flag (<see cref="DualPath"/>), whatever the arms call.
    /// </summary>
    internal static class SyncAsyncBranches
    {
        public static bool IsSyncArmOfAsyncBranch(IOperation call, string counterpartName)
        {
            var syncName = call is IInvocationOperation invocation ? invocation.TargetMethod.Name : null;
            return DualPath.IsInSyncArm(call)
                || SiblingArmSatisfies(call, branch => AwaitsCallTo(branch, counterpartName, syncName));
        }

        /// <summary>
        /// A blocking wait in a dual branch: <c>if (async) await t.ConfigureAwait(false); else t.GetAwaiter().GetResult();</c>
        /// (the sibling arm awaits the same task), or any wait in the synchronous arm of a mode flag.
        /// </summary>
        public static bool IsSyncArmWait(BlockingWait wait, KnownTypes types)
        {
            if (DualPath.IsInSyncArm(wait.Operation))
            {
                return true;
            }

            if (wait.Tasks.Length != 1 || SameTask(wait.Tasks[0]) is not { } isSame)
            {
                return false;
            }

            return SiblingArmSatisfies(wait.Operation, branch => AwaitsTask(branch, isSame, types));
        }

        /// <summary>
        /// What reads the same task as <paramref name="waited"/>: a variable, or a property of one read again
        /// (<c>node.Value.IsCompletedSuccessfully() ? node.Value.GetAwaiter().GetResult() : await node.Value</c>, MassTransit's
        /// caches and agents); null for anything else.
        /// </summary>
        private static Func<IOperation, bool>? SameTask(IOperation waited)
        {
            if (waited.ReferencedVariable() is { } task)
            {
                return operation => VariableReferences.IsReferenceTo(operation, task);
            }

            return PropertyOfVariable(waited) is { } chain
                ? operation => PropertyOfVariable(operation) is { } other
                    && SymbolEqualityComparer.Default.Equals(other.Property, chain.Property)
                    && SymbolEqualityComparer.Default.Equals(other.Variable, chain.Variable)
                : null;
        }

        private static (IPropertySymbol Property, ISymbol Variable)? PropertyOfVariable(IOperation operation) =>
            operation.WalkDownConversions() is IPropertyReferenceOperation { Arguments.IsEmpty: true, Instance: { } instance } property
                && instance.ReferencedVariable() is { } variable
                ? (property.Property, variable)
                : null;

        private static bool SiblingArmSatisfies(IOperation call, Func<IOperation, bool> predicate)
        {
            var child = call;
            for (var parent = call.Parent; parent != null && !parent.IsFunctionBoundary(); child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when child == conditional.WhenTrue || child == conditional.WhenFalse:
                        var sibling = child == conditional.WhenTrue ? conditional.WhenFalse : conditional.WhenTrue;
                        if (sibling != null && predicate(sibling))
                        {
                            return true;
                        }

                        break;

                    case ISwitchCaseOperation switchCase when switchCase.Parent is ISwitchOperation @switch:
                        foreach (var other in @switch.Cases)
                        {
                            if (other != switchCase && predicate(other))
                            {
                                return true;
                            }
                        }

                        break;

                    // if (capability) return await MAsync(..); .. return M(..);: the statements after a guard that
                    // awaits and leaves are its else arm.
                    case IBlockOperation block:
                        foreach (var statement in block.Operations)
                        {
                            if (statement == child)
                            {
                                break;
                            }

                            if (statement is IConditionalOperation { WhenFalse: null, WhenTrue: { } guarded } && AlwaysLeaves(guarded) && predicate(guarded))
                            {
                                return true;
                            }
                        }

                        break;

                    case ISwitchExpressionArmOperation arm when arm.Parent is ISwitchExpressionOperation switchExpression:
                        foreach (var other in switchExpression.Arms)
                        {
                            if (other != arm && predicate(other))
                            {
                                return true;
                            }
                        }

                        break;
                }
            }

            return false;
        }

        // The arm ends in a return (not a yield return, after which the iterator goes on) or a throw, directly or as the
        // last statement of its block.
        private static bool AlwaysLeaves(IOperation arm)
        {
            var last = arm is IBlockOperation { Operations: { Length: > 0 } operations } ? operations[operations.Length - 1] : arm;
            return last is IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } or IThrowOperation
                or IExpressionStatementOperation { Operation: IThrowOperation };
        }

        private static bool AwaitsCallTo(IOperation branch, string methodName, string? syncName)
        {
            foreach (var operation in branch.DescendantsAndSelf())
            {
                if (operation is IAwaitOperation awaited
                    && Unwrap(awaited.Operation) is IInvocationOperation invocation
                    && (invocation.TargetMethod.Name == methodName || syncName != null && IsAsyncFormOf(invocation, syncName)))
                {
                    return true;
                }
            }

            return false;
        }

        // ConnectCoreAsync for Connect; Task.Factory.FromAsync(socket.BeginConnect, socket.EndConnect, ..) for Connect.
        private static bool IsAsyncFormOf(IInvocationOperation invocation, string syncName)
        {
            var name = invocation.TargetMethod.Name;
            if (name.Length > syncName.Length && name.StartsWith(syncName, StringComparison.Ordinal) && name.EndsWith("Async", StringComparison.Ordinal))
            {
                return true;
            }

            if (name != "FromAsync")
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value.WalkDownConversions();
                if (value is IDelegateCreationOperation creation)
                {
                    value = creation.Target.WalkDownConversions();
                }

                if (value is IMethodReferenceOperation reference
                    && (reference.Method.Name == "Begin" + syncName || reference.Method.Name == "End" + syncName))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AwaitsTask(IOperation branch, Func<IOperation, bool> isSame, KnownTypes types)
        {
            foreach (var operation in branch.DescendantsAndSelf())
            {
                if (operation is IAwaitOperation awaited && isSame(BlockingWaits.StripConfigureAwait(awaited.Operation, types)))
                {
                    return true;
                }
            }

            return false;
        }

        // await x.ReadAsync(b).ConfigureAwait(false)
        private static IOperation Unwrap(IOperation operation)
        {
            var value = operation.WalkDownConversions();
            return value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } inner } ? inner.WalkDownConversions() : value;
        }
    }
}
