using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>Which call produced a waited task: seen through ConfigureAwait, AsTask, a local's initializer, or Task.Run.</summary>
    internal static class AsyncCalls
    {
        /// <summary>
        /// Does <paramref name="task"/> come from a call whose name passes <paramref name="isWanted"/>, or from
        /// <c>Task.Run</c>/<c>StartNew</c> over a lambda that makes such a call?
        /// </summary>
        public static bool WaitsOnCall(IOperation task, KnownTypes types, System.Func<string, bool> isWanted) =>
            FindCall(task, types, isWanted) != null;

        /// <summary>The call <see cref="WaitsOnCall"/> finds (inside a <c>Task.Run</c> lambda, the first wanted call), or null.</summary>
        public static IInvocationOperation? FindCall(IOperation task, KnownTypes types, System.Func<string, bool> isWanted)
        {
            var value = Unwrap(task, types);
            if (value is ILocalReferenceOperation local && LocalInitializers.Of(local) is { } initializer
                && !VariableReferences.IsAssignedBetween(local, local.Local, initializer.Syntax.Span.End, local.Syntax.SpanStart))
            {
                value = Unwrap(initializer, types);
            }

            if (value is not IInvocationOperation invocation)
            {
                return null;
            }

            if (isWanted(invocation.TargetMethod.Name))
            {
                return invocation;
            }

            if (invocation.TargetMethod.Name != "Run" && invocation.TargetMethod.Name != "StartNew")
            {
                return null;
            }

            var containing = invocation.TargetMethod.ContainingType?.OriginalDefinition;
            if (!KnownTypes.Is(containing, types.Task) && !KnownTypes.Is(containing, types.TaskFactory) && !KnownTypes.Is(containing, types.TaskFactoryOfT))
            {
                return null;
            }

            foreach (var argument in invocation.Arguments)
            {
                foreach (var operation in argument.Value.DescendantsAndSelf())
                {
                    if (operation is IInvocationOperation inner && isWanted(inner.TargetMethod.Name))
                    {
                        return inner;
                    }
                }
            }

            return null;
        }

        // x.ConfigureAwait(false), valueTask.AsTask(), valueTask.Preserve(), conversions → x
        private static IOperation Unwrap(IOperation operation, KnownTypes types)
        {
            var value = BlockingWaits.StripConfigureAwait(operation, types).WalkDownConversions();
            if (value is IInvocationOperation { TargetMethod.Name: "AsTask" or "Preserve", Instance: { } inner } && types.IsTaskLike(inner.Type))
            {
                value = BlockingWaits.StripConfigureAwait(inner, types).WalkDownConversions();
            }

            return value;
        }
    }
}
