using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A wait for synchronous work the code hands to another thread: nothing asynchronous is waited on, so there is no
    /// deadlock on the caller's context and no async caller that could be handed the task; the caller waits as long as
    /// the work would take inline. Two shapes:
    /// <list type="bullet">
    /// <item>a hop onto a scheduler of the code's choosing, like <c>Control.Invoke</c>: <c>StartNew(work, .., scheduler)</c>
    /// with a scheduler other than <c>TaskScheduler.Default</c>, or <c>StartNew(work)</c> on a <c>TaskFactory</c> of its own
    /// (an exclusive scheduler that serialises a timer's state, the user's job scheduler), <c>work</c> not async;</item>
    /// <item>a hop onto the thread pool chosen by name, <c>StartNew(work, .., TaskScheduler.Default)</c>, of work that is
    /// not async and returns no awaitable: a fresh stack for deep recursion, say;</item>
    /// <item>a join of synchronous work the method forked onto the pool itself (<see cref="ForkJoins"/>), or forked work
    /// joined or cached for every caller (<see cref="ForkedWork"/>).</item>
    /// </list>
    /// An async delegate, a delegate that returns a task on the pool, <c>Task.Run(..)</c> (the sync-over-async workaround
    /// <c>Task.Run(() => FooAsync()).Result</c> and its look-alikes) and <c>Task.Factory.StartNew(work)</c> on the current
    /// scheduler (it may be the waiting thread's) stay reported. TW103 does not report these waits and TW104 does not take them as leaves; TW101 still reports them on an
    /// async path, where the task can simply be awaited.
    /// </summary>
    internal static class SchedulerHops
    {
        public static bool IsWaitForHop(BlockingWait wait, KnownTypes types)
        {
            if (ForkJoins.JoinsForkedWork(wait, types)
                || wait.Tasks.Length == 1 && wait.Operation.SemanticModel?.Compilation is { } compilation && ForkedWork.IsShared(wait.Tasks[0], types, compilation))
            {
                return true;
            }

            if (wait.Tasks.Length != 1 || LocalInitializers.Unaliased(wait.Tasks[0]) is not IInvocationOperation start || !Offloading.IsPoolStart(start.TargetMethod, types)
                || start.Arguments.Length == 0 || Work(start.Arguments[0].Value) is not { } work || work.IsAsync)
            {
                return false;
            }

            return Offloading.PassesDefaultScheduler(start, types) switch
            {
                false => true,
                true => IsSynchronousWork(work, types),
                null => start.Instance?.WalkDownConversions() is { } factory and not IPropertyReferenceOperation { Property: { Name: "Factory", IsStatic: true } },
            };
        }

        /// <summary>
        /// The first delegate <paramref name="call"/> is handed (a start's work, a continuation) is synchronous work
        /// (<see cref="IsSynchronousWork"/>); false when it is handed none.
        /// </summary>
        internal static bool PassesSynchronousWork(IInvocationOperation call, KnownTypes types)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Value.WalkDownConversions() is IDelegateCreationOperation)
                {
                    return Work(argument.Value) is { } work && IsSynchronousWork(work, types);
                }
            }

            return false;
        }

        /// <summary>Work that is not async and returns no awaitable: it runs to its end on the thread given to it (<see cref="ForkJoins"/> too).</summary>
        internal static bool IsSynchronousWork(IMethodSymbol work, KnownTypes types) =>
            !work.IsAsync && !types.IsAwaitable(work.ReturnType) && !types.IsTaskLike(work.ReturnType);

        /// <summary>The lambda's or method group's method that a delegate argument runs; null for any other value.</summary>
        internal static IMethodSymbol? Work(IOperation delegateValue) =>
            delegateValue.WalkDownConversions() is IDelegateCreationOperation creation
                ? creation.Target switch
                {
                    IAnonymousFunctionOperation lambda => lambda.Symbol,
                    IMethodReferenceOperation method => method.Method,
                    _ => null,
                }
                : null;
    }
}
