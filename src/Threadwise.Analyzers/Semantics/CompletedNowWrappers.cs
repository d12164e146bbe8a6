using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A task-returning wrapper that says "done now, failures ignored" in its own code: the call whose task is dropped sits
    /// directly in the body of a <c>try</c> whose catch of <c>Exception</c> (or catch-all) swallows without rethrowing
    /// (<see cref="ExceptionContainment.CatchesAll"/>), the next thing that runs is <c>return</c> of a successfully completed
    /// task, and every <c>return</c> of the (non-async) function returns one. The shape of Blazor JS-interop wrappers
    /// (<c>try { js.InvokeVoidAsync(..); return Task.CompletedTask; } catch { return Task.CompletedTask; }</c>): the author held
    /// the task and a task-typed return slot, and chose to hand back a completed one. Strict on purpose: without the
    /// swallowing <c>try</c> (<c>repo.SaveAsync(); return Task.CompletedTask;</c>), in a <c>void</c> method, with a narrower or
    /// rethrowing catch, or with any return that is not a completed task, the drop stays reported.
    /// </summary>
    internal static class CompletedNowWrappers
    {
        public static bool IsDeliberateDrop(IExpressionStatementOperation statement, ISymbol containingSymbol, KnownTypes types)
        {
            var function = AsyncPath.EnclosingFunction(statement);
            var method = function switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation local => local.Symbol,
                _ => containingSymbol as IMethodSymbol,
            };

            if (method is null
                || method.IsAsync
                || !types.IsTaskLike(method.ReturnType)
                || statement.Parent is not IBlockOperation block
                || block.Parent is not ITryOperation @try
                || @try.Body != block
                || !ExceptionContainment.CatchesAll(@try, types))
            {
                return false;
            }

            var index = block.Operations.IndexOf(statement);
            var next = index + 1 < block.Operations.Length ? block.Operations[index + 1] : NextStatement(@try);
            if (next is not IReturnOperation { ReturnedValue: { } returned } || !CompletesSuccessfully(returned, types))
            {
                return false;
            }

            return SelfCompletedTasks.EveryReturnIs(function ?? statement.Root(), value => CompletesSuccessfully(value, types));
        }

        /// <summary><c>Task.CompletedTask</c>, <c>Task.FromResult(x)</c>, <c>default(ValueTask)</c>…; not <c>FromException</c>/<c>FromCanceled</c>.</summary>
        private static bool CompletesSuccessfully(IOperation value, KnownTypes types) =>
            TaskFacts.IsKnownCompleted(value, types)
            && value.WalkDownConversions() is not IInvocationOperation { TargetMethod.Name: "FromException" or "FromCanceled" };

        /// <summary>The statement after the <c>try</c> in its block, where control goes when the <c>try</c> body ends.</summary>
        private static IOperation? NextStatement(ITryOperation @try)
        {
            if (@try.Parent is not IBlockOperation outer)
            {
                return null;
            }

            var index = outer.Operations.IndexOf(@try);
            return index + 1 < outer.Operations.Length ? outer.Operations[index + 1] : null;
        }
    }
}
