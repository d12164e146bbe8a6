using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
        // Asked at every call of the sibling: each twin's body is read once per compilation.
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, bool>> s_byCompilation =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, bool>>();

        public static bool AwaitsOnlyAMutex(IMethodSymbol counterpart, Compilation compilation, KnownTypes types)
        {
            if (!counterpart.IsAsync || counterpart.DeclaringSyntaxReferences.IsEmpty || !SourceBodies.RunsAsDeclared(counterpart))
            {
                return false;
            }

            var byMethod = s_byCompilation.GetValue(compilation, _ => new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default));
            var twin = counterpart.OriginalDefinition;
            if (!byMethod.TryGetValue(twin, out var answer))
            {
                answer = Read(twin, compilation, types);
                byMethod.TryAdd(twin, answer);
            }

            return answer;
        }

        private static bool Read(IMethodSymbol counterpart, Compilation compilation, KnownTypes types)
        {
            if (SourceBodies.OfMethod(counterpart, compilation) is not { } body)
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
