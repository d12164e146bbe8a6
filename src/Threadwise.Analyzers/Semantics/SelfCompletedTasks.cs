using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Functions that return a task they complete themselves: not <c>async</c>, a task-like return type, and every
    /// <c>return</c> hands back a completed task (<c>Task.FromResult(..)</c>, <c>Task.CompletedTask</c>,
    /// <c>new ValueTask&lt;T&gt;(value)</c>, <c>default(ValueTask)</c>). The author held an async signature and chose to run
    /// the body synchronously in the caller's context: an ambient-transaction starter must set an <c>AsyncLocal</c> its
    /// caller reads afterwards, and an <c>async</c> method's writes to the execution context are lost when it returns
    /// (CAP's <c>BeginTransactionAsync</c> extensions). Making such a method async changes what its callers observe.
    /// </summary>
    internal static class SelfCompletedTasks
    {
        /// <summary>Is <paramref name="method"/>, whose own body <paramref name="root"/> is, such a method?</summary>
        public static bool CompletesItsOwnTask(IMethodSymbol method, IOperation root, KnownTypes types) =>
            !method.IsAsync
            && types.IsTaskLike(method.ReturnType)
            && EveryReturnIs(root, value => TaskFacts.IsKnownCompleted(value, types));

        /// <summary>
        /// <paramref name="root"/> has at least one <c>return</c> with a value outside its lambdas and local functions, and
        /// <paramref name="completed"/> holds for every returned value.
        /// </summary>
        public static bool EveryReturnIs(IOperation root, Func<IOperation, bool> completed)
        {
            var any = false;
            foreach (var operation in root.Descendants())
            {
                if (operation is IReturnOperation { Kind: OperationKind.Return } @return && !@return.IsInNestedFunction(root))
                {
                    if (@return.ReturnedValue is null || !completed(@return.ReturnedValue))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }
    }
}
