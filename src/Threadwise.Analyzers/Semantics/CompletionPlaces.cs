using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>Where a TaskCompletionSource is completed, as far as inline continuations are concerned.</summary>
    internal enum CompletionPlace
    {
        /// <summary>Ordinary code, or the tail of an async method or lambda: nothing is known to be held or stalled.</summary>
        Plain,
        /// <summary>A non-async lambda or method handed over as a delegate: code some other component calls, on its thread.</summary>
        Callback,
        /// <summary>An event handler: the raiser waits for it, and for whatever continuations run inline in it.</summary>
        EventHandler,
        /// <summary>Inside a <c>lock</c> (or between <c>Monitor.Enter</c> and <c>Exit</c>): continuations run with the lock held.</summary>
        Lock,
    }

    /// <summary>
    /// Answers "if continuations run inline where this completion call is, what do they run under?" — the question of
    /// TW507. A lock is the worst (continuations run holding it: deadlocks); an event handler or a callback runs on a
    /// thread the completer does not own and stalls it. Code in an async method or lambda is <see cref="CompletionPlace.Plain"/>:
    /// the completer is itself a continuation, and completing at its tail is what async code does.
    /// </summary>
    internal static class CompletionPlaces
    {
        /// <param name="isCallbackMethod">Whether a method or local function is passed somewhere as a delegate (a method group callback).</param>
        public static CompletionPlace Classify(IOperation completion, ISymbol containingSymbol, KnownTypes types, Func<IMethodSymbol, bool> isCallbackMethod)
        {
            if (HeldLocks.LockedObjectAt(completion, types) != null)
            {
                return CompletionPlace.Lock;
            }

            switch (AsyncPath.EnclosingFunction(completion))
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol.IsAsync ? CompletionPlace.Plain : DelegatePlace(lambda, types);
                case ILocalFunctionOperation localFunction:
                    return !localFunction.Symbol.IsAsync && isCallbackMethod(localFunction.Symbol) ? CompletionPlace.Callback : CompletionPlace.Plain;
                default:
                    if (containingSymbol is not IMethodSymbol method || method.IsAsync)
                    {
                        return CompletionPlace.Plain;
                    }

                    return EventHandlers.HasEventHandlerSignature(method, types) ? CompletionPlace.EventHandler
                        : isCallbackMethod(method.OriginalDefinition) ? CompletionPlace.Callback
                        : CompletionPlace.Plain;
            }
        }

        /// <summary>Whether a method group delegate is a callback: subscribed, passed as an argument, or stored in a field or property.</summary>
        public static bool IsCallbackDelegate(IDelegateCreationOperation creation, KnownTypes types) =>
            DelegatePlace(creation, types) != CompletionPlace.Plain;

        private static CompletionPlace DelegatePlace(IOperation function, KnownTypes types)
        {
            var current = function;
            var creation = function as IDelegateCreationOperation;
            while (current.Parent is IConversionOperation or IParenthesizedOperation or IDelegateCreationOperation)
            {
                current = current.Parent;
                creation = current as IDelegateCreationOperation ?? creation;
            }

            if (creation != null && EventHandlers.IsEventHandlerUse(creation, types) || current.Parent is IEventAssignmentOperation)
            {
                return CompletionPlace.EventHandler;
            }

            switch (current.Parent)
            {
                // Handed to another component, which calls it later or on its own thread. Not LINQ: it calls back at once.
                case IArgumentOperation { Parent: IInvocationOperation invocation }
                    when KnownTypes.Is(invocation.TargetMethod.ContainingType, types.Enumerable) || KnownTypes.Is(invocation.TargetMethod.ContainingType?.OriginalDefinition, types.ListOfT):
                    return CompletionPlace.Plain;
                // Task.Run(() => tcs.TrySetResult(..)): a pool work item made to run it, which nobody waits for; the usual
                // way to keep the continuations off the completer's thread without the option. A work item of any other
                // scheduler (factory.StartNew(..), new Task(..).Start(scheduler): NetMQ's poller) runs with that scheduler as
                // TaskScheduler.Current, where the runtime never runs an await continuation inline (it queues it instead).
                // new Thread(() => { ..; tcs.SetResult(r); }): a thread the code makes for that work, whose rest is only the
                // continuations (FreeRedis's net40 TaskEx.Run). Nobody else's thread is stalled.
                case IArgumentOperation argument when IsWorkItemOrOwnThread(argument, types):
                    return CompletionPlace.Plain;
                // poller.Run(() => tcs.SetResult(..)) where Run invokes its action inline or starts it as a work item
                // (NetMQ's poller): the completion runs either inside the call, as if written where the call is, or in a
                // work item, where the runtime does not inline continuations. So the call's own place decides.
                case IArgumentOperation { Parent: IInvocationOperation call } argument when InlineOrWorkItemRunners.RunsInlineOrAsWorkItem(call, argument, types):
                    return HeldLocks.LockedObjectAt(call, types) != null ? CompletionPlace.Lock
                        : AsyncPath.EnclosingFunction(call) is IAnonymousFunctionOperation { Symbol.IsAsync: false } outer ? DelegatePlace(outer, types)
                        : CompletionPlace.Plain;
                case IArgumentOperation:
                    return CompletionPlace.Callback;
                case ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } assignment when assignment.Value == current:
                    return CompletionPlace.Callback;
                default:
                    return CompletionPlace.Plain;
            }
        }

        /// <summary>
        /// The delegate argument of <c>Task.Run</c> or any <c>StartNew</c>, of <c>new Task(..)</c>, <c>new Task&lt;T&gt;(..)</c>
        /// or <c>new Thread(..)</c>, or the continuation of <c>task.ContinueWith(..)</c> without
        /// <c>ExecuteSynchronously</c> (queued to its scheduler once the task completes: akka.net's
        /// <c>done.ContinueWith(tr =&gt; _runPromise.SetResult(..))</c>): it runs as a work item, or on a thread made for it
        /// (<see cref="InlineOrWorkItemRunners"/> too).
        /// </summary>
        internal static bool IsWorkItemOrOwnThread(IArgumentOperation argument, KnownTypes types) => argument.Parent switch
        {
            IInvocationOperation continuation when ContinuationAntecedents.ContinueWithAntecedent(continuation, types) != null =>
                IsQueued(continuation, types),
            IInvocationOperation start => Offloading.IsPoolStart(start.TargetMethod, types),
            IObjectCreationOperation made => KnownTypes.Is(made.Type, types.Thread)
                || KnownTypes.Is(made.Type?.OriginalDefinition, types.Task) || KnownTypes.Is(made.Type?.OriginalDefinition, types.TaskOfT),
            _ => false,
        };

        // No TaskContinuationOptions argument that asks (or may ask) for ExecuteSynchronously: the continuation is queued.
        private static bool IsQueued(IInvocationOperation continuation, KnownTypes types)
        {
            const int ExecuteSynchronously = 0x80000;
            foreach (var argument in continuation.Arguments)
            {
                if (KnownTypes.Is(argument.Value.Type, types.TaskContinuationOptions)
                    && (argument.Value.ConstantValue is not { HasValue: true, Value: int options } || (options & ExecuteSynchronously) != 0))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
