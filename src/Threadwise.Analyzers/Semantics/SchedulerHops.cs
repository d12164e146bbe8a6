using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A wait for synchronous work the code hands to a scheduler of its choosing: <c>StartNew(work, .., scheduler)</c>
    /// with a scheduler other than <c>TaskScheduler.Default</c>, or <c>StartNew(work)</c> on a <c>TaskFactory</c> of its
    /// own (made for a scheduler: an exclusive one that serialises a timer's state, the user's job scheduler), where
    /// <c>work</c> is not async. Like <c>Control.Invoke</c>, it runs a piece of synchronous code over there and waits for
    /// it; nothing asynchronous is waited on, and no async caller could be handed the task. An async delegate,
    /// <c>Task.Run</c>, <c>Task.Factory</c> without a scheduler and <c>TaskScheduler.Default</c> stay reported (TW103).
    /// </summary>
    internal static class SchedulerHops
    {
        public static bool IsWaitForHop(IOperation waitedTask, KnownTypes types)
        {
            var task = waitedTask.WalkDownConversions();
            if (task is ILocalReferenceOperation local && LocalInitializers.Of(local) is { } initializer
                && !VariableReferences.IsAssignedBetween(local, local.Local, initializer.Syntax.Span.End, local.Syntax.SpanStart))
            {
                task = initializer.WalkDownConversions();
            }

            if (task is not IInvocationOperation { TargetMethod.Name: "StartNew" } start || !Offloading.IsPoolStart(start.TargetMethod, types)
                || start.Arguments.Length == 0 || !IsSynchronous(start.Arguments[0].Value))
            {
                return false;
            }

            return Offloading.PassesDefaultScheduler(start, types) switch
            {
                false => true,
                true => false,
                null => start.Instance?.WalkDownConversions() is { } factory and not IPropertyReferenceOperation { Property: { Name: "Factory", IsStatic: true } },
            };
        }

        private static bool IsSynchronous(IOperation work) =>
            work.WalkDownConversions() is IDelegateCreationOperation creation
            && creation.Target switch
            {
                IAnonymousFunctionOperation lambda => !lambda.Symbol.IsAsync,
                IMethodReferenceOperation method => !method.Method.IsAsync,
                _ => false,
            };
    }
}
