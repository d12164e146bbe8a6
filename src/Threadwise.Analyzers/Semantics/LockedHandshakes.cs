using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A lock that serialises a handshake on one event: <c>lock (_pauseGate) { _observed.Reset(); epoch.Bump(() =&gt;
    /// _observed.Set()); _observed.Wait(timeout); }</c>. The body arms the event, hands its <c>Set</c> to the work it starts,
    /// and waits for it; two handshakes at once would share the event, so a thread queued on the gate needs the current
    /// handshake to finish anyway. Decided only when every lock on the gate is visible (<see cref="LockGates"/>) and each one
    /// resets the event before the wait and arranges its <c>Set</c> in the same body. A wait for an event that someone else
    /// sets (a reply, a worker's signal) holds the gate's other users for nothing and stays reported.
    /// </summary>
    internal static class LockedHandshakes
    {
        public static bool IsHandshakeWait(IInvocationOperation wait, IOperation lockedObject)
        {
            // This body first (cheap), then every other lock on the gate (reads the whole type).
            if (wait.Instance.ReferencedVariable() is not IFieldSymbol handle
                || lockedObject.Parent is not ILockOperation around
                || !IsHandshakeOn(around.Body, handle, wait.TargetMethod.Name)
                || LockGates.AllLocksOn(lockedObject) is not { Count: > 0 } locks)
            {
                return false;
            }

            foreach (var gateLock in locks)
            {
                if (!IsHandshakeOn(gateLock.Body, handle, wait.TargetMethod.Name))
                {
                    return false;
                }
            }

            return true;
        }

        // Reset (not in a lambda), then a wait of the same kind; and a Set somewhere in the body, lambdas included.
        private static bool IsHandshakeOn(IOperation body, IFieldSymbol handle, string waitName)
        {
            int? reset = null;
            bool waited = false, set = false;
            foreach (var operation in body.Descendants())
            {
                if (operation is not IInvocationOperation { Instance: { } instance } call || !VariableReferences.IsReferenceTo(instance, handle))
                {
                    continue;
                }

                switch (call.TargetMethod.Name)
                {
                    case "Reset" when reset is null && !IsInFunction(call, body):
                        reset = call.Syntax.SpanStart;
                        break;
                    case "Set":
                        set = true;
                        break;
                    case var name when name == waitName && !IsInFunction(call, body):
                        waited |= reset is { } position && call.Syntax.SpanStart > position;
                        break;
                }
            }

            return waited && set;
        }

        private static bool IsInFunction(IOperation operation, IOperation stop)
        {
            for (var current = operation.Parent; current != null && current != stop; current = current.Parent)
            {
                if (current.IsFunctionBoundary())
                {
                    return true;
                }
            }

            return false;
        }
    }
}
