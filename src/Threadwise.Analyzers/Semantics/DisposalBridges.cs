using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Disposal members that wait on async work: <c>Dispose()</c>, <c>Dispose(bool)</c>, <c>Close()</c> and disposal
    /// helpers named <c>…Dispose()</c>. <c>Dispose</c> cannot be awaited by a <c>using</c> that is not <c>await using</c>,
    /// so the wait is the only way to honour the contract when: the type is also <c>IAsyncDisposable</c> (async callers
    /// have <c>DisposeAsync</c>), or the compilation has no <c>IAsyncDisposable</c> at all (no type can offer it); the
    /// member is <c>Dispose(bool)</c> or an override (the disposal contract is inherited); or what it waits on is an async disposal itself (<c>DisposeAsync</c>). The wait must be on an <c>…Async</c> call,
    /// directly, through <c>ConfigureAwait</c>/<c>AsTask</c>, a local, or a <c>Task.Run</c> lambda that makes one. A
    /// <c>Dispose()</c> of a plain <c>IDisposable</c> type over <c>CloseAsync</c>, or over a stored task, is still reported.
    /// </summary>
    internal static class DisposalBridges
    {
        public static bool IsDisposalMember(IMethodSymbol method)
        {
            if (!method.ReturnsVoid || method.IsAsync)
            {
                return false;
            }

            var name = SyncContractBridges.SyncName(method);
            if (name == "Dispose" && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean)
            {
                return true;
            }

            return method.Parameters.Length == 0
                && (name == "Close" || name.EndsWith("Dispose", System.StringComparison.Ordinal));
        }

        public static bool IsBridge(BlockingWait wait, IMethodSymbol method, INamedTypeSymbol type, KnownTypes types)
        {
            // Without IAsyncDisposable in the compilation (netstandard2.0, net472 without Microsoft.Bcl.AsyncInterfaces) no
            // type can offer async disposal: Dispose is the only contract a caller has.
            var inheritedContract = method.IsOverride || method.Parameters.Length == 1
                || types.IAsyncDisposable is null || KnownTypes.Implements(type, types.IAsyncDisposable);
            foreach (var task in wait.Tasks)
            {
                if (AsyncCalls.WaitsOnCall(task, types, inheritedContract ? AnyAsyncName : DisposalName))
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly System.Func<string, bool> AnyAsyncName = name => name.EndsWith("Async", System.StringComparison.Ordinal);

        private static readonly System.Func<string, bool> DisposalName = name => name == "DisposeAsync" || name == "DisposeAsyncCore";
    }
}
