using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Property and indexer accessors that start async work and wait for it
    /// (<c>Capabilities { get { if (!connected) Task.Run(() =&gt; ConnectAsync()).Wait(); .. } }</c>,
    /// <c>var pending = store.GetCredentials(); return pending.Result;</c>): an accessor cannot be async, so the wait is the
    /// only way it can honour its contract. An accessor that waits on a task someone else started and stored
    /// (<c>Count =&gt; _pending.Result</c>) could expose that task instead, and is still reported. So is any accessor in a
    /// UI app: data binding reads getters on the UI thread, where the wait is the classic deadlock.
    /// </summary>
    internal static class AccessorBridges
    {
        public static bool IsAccessor(IMethodSymbol method) =>
            method.MethodKind == MethodKind.PropertyGet || method.MethodKind == MethodKind.PropertySet;

        /// <summary>Is the task waited on made by a call in the accessor (directly, through a local, or inside <c>Task.Run</c>)?</summary>
        public static bool WaitsOnWorkItStarts(BlockingWait wait, KnownTypes types)
        {
            foreach (var task in wait.Tasks)
            {
                if (AsyncCalls.WaitsOnCall(task, types, AnyCall))
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly System.Func<string, bool> AnyCall = _ => true;
    }
}
