using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A handler that answers its event: a lambda subscribed (<c>+=</c>) to an event declared outside the source, which
    /// after the wait sets a member of its event-args parameter (<c>serializer.Error += (s, e) =&gt; { log.WarningAsync(..)
    /// .GetAwaiter().GetResult(); e.ErrorContext.Handled = true; }</c>). The raiser reads that answer as soon as the handler
    /// returns, so the handler must run to its end synchronously: as <c>async</c> it would answer too late. The wait is how
    /// such a handler is written. A handler that answers nothing or answers before the wait, a method-group handler, and an
    /// event declared in source (its delegate can return a task) keep the report.
    /// </summary>
    internal static class HandlerResults
    {
        public static bool AnswersAfterWait(IOperation wait)
        {
            if (AsyncPath.EnclosingFunction(wait) is not IAnonymousFunctionOperation { Symbol.Parameters: { Length: 2 } parameters } handler
                || !IsSubscribedToExternalEvent(handler))
            {
                return false;
            }

            var args = parameters[1];
            var waitEnd = wait.Syntax.Span.End;
            foreach (var operation in handler.Body.Descendants())
            {
                // e.Cancel = true after the wait, or e.Result = task.Result: the answer is written once the wait is over.
                if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment
                    && assignment.Syntax.Span.End >= waitEnd
                    && AsyncPath.EnclosingFunction(assignment) == handler
                    && IsRootedAt(target, args))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSubscribedToExternalEvent(IAnonymousFunctionOperation handler) =>
            handler.Parent is IDelegateCreationOperation creation
            && EventHandlers.SubscriptionOf(creation) is { Adds: true, EventReference: IEventReferenceOperation { Event: var @event } }
            && @event.DeclaringSyntaxReferences.IsEmpty;

        // e.Handled, e.ErrorContext.Handled: a member reached from the parameter through members only.
        private static bool IsRootedAt(IMemberReferenceOperation target, IParameterSymbol args)
        {
            IOperation? instance = target.Instance;
            while (instance is IMemberReferenceOperation member)
            {
                instance = member.Instance;
            }

            return instance is IParameterReferenceOperation { Parameter: var parameter } && SymbolEqualityComparer.Default.Equals(parameter, args);
        }
    }
}
