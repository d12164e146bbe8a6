using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that an async function runs only after a statement of its own has awaited with <c>ConfigureAwait(false)</c>: a
    /// statement earlier in the same block, or in a block around it, that is that await (<c>await ReadAsync().ConfigureAwait(false);</c>,
    /// <c>var text = await ...ConfigureAwait(false);</c>, an assignment of one). Once that await has suspended, the caller
    /// has its task back and the rest runs on a thread-pool thread, not on the caller's or the UI thread: CPU work there is
    /// already where <c>await Task.Run(..)</c> would put it (TW201). An await inside a branch, a loop, a <c>try</c> or a lambda
    /// does not count, nor does one whose awaitable is not configured that way.
    /// </summary>
    internal static class ResumedOffContext
    {
        public static bool Follows(IOperation operation, KnownTypes types)
        {
            for (var current = operation; current.Parent is { } parent && !parent.IsFunctionBoundary(); current = parent)
            {
                if (parent is not IBlockOperation block)
                {
                    continue;
                }

                foreach (var statement in block.Operations)
                {
                    if (statement == current)
                    {
                        break;
                    }

                    if (IsConfiguredAwait(AwaitOf(statement), types))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // await x; / r = await x; / var r = await x;   (a using declaration awaits only at its end)
        private static IOperation? AwaitOf(IOperation statement)
        {
            var value = statement switch
            {
                IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment } => assignment.Value,
                IExpressionStatementOperation expression => expression.Operation,
                IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                    when group.Declarations[0] is { Declarators.Length: 1 } declaration =>
                    declaration.Declarators[0].Initializer?.Value ?? declaration.Initializer?.Value,
                _ => null,
            };

            return value?.WalkDownConversions();
        }

        private static bool IsConfiguredAwait(IOperation? value, KnownTypes types) =>
            value is IAwaitOperation awaited
            && AwaitConfigurations.OfAwait(awaited.Operation, types) == AwaitConfiguration.Configured;
    }
}
