using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Framework members whose documented contract is to run work elsewhere and block until it has run: an override of
    /// <c>SynchronizationContext.Send</c> ("dispatches a synchronous message") and an implementation of
    /// <c>ISynchronizeInvoke.Invoke</c> (runs the delegate on the object's thread and returns its result). Waiting there is
    /// what the member is for; a caller that must not block calls <c>Post</c> or <c>BeginInvoke</c>. NetMQ's poller
    /// implements both over tasks it starts on its own scheduler.
    /// </summary>
    internal static class WaitingContracts
    {
        public static bool IsWaitingContract(IMethodSymbol method, KnownTypes types)
        {
            if (method.Name == "Send" && types.SynchronizationContext != null)
            {
                for (var overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                {
                    if (KnownTypes.Is(overridden.ContainingType, types.SynchronizationContext))
                    {
                        return true;
                    }
                }
            }

            if (types.ISynchronizeInvoke is { } synchronizeInvoke && KnownTypes.Implements(method.ContainingType, synchronizeInvoke))
            {
                foreach (var member in synchronizeInvoke.GetMembers("Invoke"))
                {
                    if (KnownTypes.Is(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
