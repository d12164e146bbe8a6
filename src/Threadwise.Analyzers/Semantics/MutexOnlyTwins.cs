using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// An async twin that is async only for a lock: a source method whose every await is <c>WaitAsync</c> on a semaphore
    /// its type uses only as a mutex around synchronous work (<see cref="SyncMutexes"/>). Its synchronous sibling takes the
    /// same mutex with <c>Wait()</c>, which no rule reports; awaiting the twin would free the thread only for the
    /// microseconds another holder keeps the mutex (Lavalink4NET's <c>GetPlayer</c> beside <c>GetPlayerAsync</c>, both a
    /// map read under the player semaphore). So the sibling is no blocking call for TW102, nor a TW104 leaf.
    /// </summary>
    internal static class MutexOnlyTwins
    {
        public static bool AwaitsOnlyAMutex(IMethodSymbol counterpart, Compilation compilation, KnownTypes types)
        {
            if (!counterpart.IsAsync || counterpart.DeclaringSyntaxReferences.IsEmpty || !SourceBodies.RunsAsDeclared(counterpart)
                || SourceBodies.OfMethod(counterpart.OriginalDefinition, compilation) is not { } body)
            {
                return false;
            }

            var awaits = 0;
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IAwaitOperation awaited when !awaited.IsInNestedFunction(body):
                        if (BlockingWaits.StripConfigureAwait(awaited.Operation, types).WalkDownConversions() is not IInvocationOperation wait
                            || !SyncMutexes.IsSyncMutexWaitAsync(wait, types))
                        {
                            return false;
                        }

                        awaits++;
                        break;
                    case IForEachLoopOperation { IsAsynchronous: true }:
                    case IUsingOperation { IsAsynchronous: true }:
                    case IUsingDeclarationOperation { IsAsynchronous: true }:
                        return false;
                }
            }

            return awaits > 0;
        }
    }
}
