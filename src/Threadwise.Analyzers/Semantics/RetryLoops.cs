using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Loops that run again only when an attempt failed, so their pass count is not a trip count (TW201, TW205):
    /// <list type="bullet">
    /// <item>a compare-and-swap retry, <c>while (true)</c> / <c>for (;;)</c> / <c>do .. while (true)</c> whose body calls
    /// <c>Interlocked.CompareExchange</c> and leaves the loop (<c>break</c>, <c>return</c>): it repeats only when another
    /// thread won the race;</item>
    /// <item>trying candidates until one works: a loop whose body is one <c>try</c> (after guards that skip a candidate,
    /// <c>if (c &gt; wanted) continue;</c>) that leaves the loop on success and whose catch clauses swallow the failure
    /// (<c>foreach (var c in commits) { try { if (Load(c)) break; } catch { } }</c>); every candidate but the one that
    /// works is a failure.</item>
    /// </list>
    /// A search that runs through every element (<c>if (Matches(x)) break;</c> without the <c>try</c>) is not one of these.
    /// </summary>
    internal static class RetryLoops
    {
        public static bool IsRetry(ILoopOperation loop, KnownTypes types) =>
            IsCompareAndSwapRetry(loop, types) || IsAttemptLoop(loop);

        private static bool IsCompareAndSwapRetry(ILoopOperation loop, KnownTypes types)
        {
            var endless = loop switch
            {
                IWhileLoopOperation w => w.Condition?.ConstantValue is { HasValue: true, Value: true },
                IForLoopOperation f => f.Condition is null,
                _ => false,
            };
            if (!endless || types.Interlocked is null)
            {
                return false;
            }

            var swaps = false;
            foreach (var operation in OwnOperations(loop.Body))
            {
                swaps |= operation is IInvocationOperation { TargetMethod.Name: "CompareExchange" } call
                    && KnownTypes.Is(call.TargetMethod.ContainingType, types.Interlocked);
            }

            return swaps && LeavesLoop(loop);
        }

        private static bool IsAttemptLoop(ILoopOperation loop)
        {
            if (loop.Body is not IBlockOperation { Operations.Length: > 0 } body
                || body.Operations[body.Operations.Length - 1] is not ITryOperation { Catches.Length: > 0, Finally: null } attempt)
            {
                return false;
            }

            // if (commit > wanted) continue; before the try skips a candidate; anything else is work of its own.
            for (var i = 0; i < body.Operations.Length - 1; i++)
            {
                if (body.Operations[i] is not IConditionalOperation { WhenFalse: null, WhenTrue: var skip }
                    || (skip is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : skip) is not IBranchOperation { BranchKind: BranchKind.Continue })
                {
                    return false;
                }
            }

            foreach (var clause in attempt.Catches)
            {
                foreach (var operation in clause.Handler.DescendantsAndSelf())
                {
                    if (operation is IThrowOperation)
                    {
                        return false; // a failure that ends the search is not swallowed
                    }
                }
            }

            return LeavesLoop(loop, attempt.Body);
        }

        // A break of this loop or a return, outside nested functions.
        private static bool LeavesLoop(ILoopOperation loop, IOperation? within = null)
        {
            foreach (var operation in OwnOperations(within ?? loop.Body))
            {
                if (operation is IReturnOperation { Kind: OperationKind.Return } || operation is IBranchOperation branch && KnownTypes.Is(branch.Target, loop.ExitLabel))
                {
                    return true;
                }
            }

            return false;
        }

        // The operations of the body that run in this loop's own passes: not in nested loops, lambdas or local functions.
        private static System.Collections.Generic.IEnumerable<IOperation> OwnOperations(IOperation body)
        {
            var pending = new System.Collections.Generic.Stack<IOperation>();
            pending.Push(body);
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                yield return operation;
                foreach (var child in operation.ChildOperations)
                {
                    if (child is not ILoopOperation && !child.IsFunctionBoundary())
                    {
                        pending.Push(child);
                    }
                }
            }
        }
    }
}
