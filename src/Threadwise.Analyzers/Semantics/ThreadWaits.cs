using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Waits that hold the calling thread until another thread, process or handle signals, with or without a timeout:
    /// <c>WaitHandle.WaitOne/WaitAll/WaitAny/SignalAndWait</c>, <c>Process.WaitForExit</c>, <c>Thread.Join</c>,
    /// <c>ManualResetEventSlim.Wait</c>, <c>CountdownEvent.Wait</c>, <c>Barrier.SignalAndWait</c>, <c>SpinWait.SpinUntil</c>.
    /// Most have no awaitable counterpart with the same arguments, so the counterpart rule does not see them; under a lock
    /// they hold every thread that needs the lock (TW402). Not <c>Monitor.Wait</c>: it releases the lock while it waits.
    /// A zero timeout only polls.
    /// </summary>
    internal static class ThreadWaits
    {
        public static bool IsThreadWait(IInvocationOperation invocation, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            var isWait = method.Name switch
            {
                "WaitOne" or "WaitAll" or "WaitAny" or "SignalAndWait" => KnownTypes.InheritsFrom(type, types.WaitHandle) || KnownTypes.InheritsFrom(type, types.Barrier),
                "WaitForExit" => KnownTypes.InheritsFrom(type, types.Process),
                "Join" => KnownTypes.Is(type, types.Thread),
                "Wait" => KnownTypes.InheritsFrom(type, types.ManualResetEventSlim) || KnownTypes.InheritsFrom(type, types.CountdownEvent),
                "SpinUntil" => KnownTypes.Is(type, types.SpinWait),
                _ => false,
            };

            return isWait && !BlockingWaits.HasZeroTimeout(invocation, types);
        }

        /// <summary>
        /// The timeout argument of a wait: an <c>int</c> or <c>TimeSpan</c> argument of a <see cref="IsThreadWait"/> call,
        /// or one whose parameter is named like a timeout (<c>semaphore.Wait(timeout)</c>, <c>task.Wait(ms)</c>); null when
        /// there is none or it is infinite (<c>-1</c>, <c>Timeout.Infinite</c>, <c>Timeout.InfiniteTimeSpan</c>).
        /// </summary>
        public static IArgumentOperation? Timeout(IInvocationOperation invocation, KnownTypes types)
        {
            if (KnownTypes.Is(invocation.TargetMethod.ContainingType, types.Thread) && invocation.TargetMethod.Name == "Sleep")
            {
                return null; // a sleep is not a wait for someone else
            }

            var knownWait = IsThreadWait(invocation, types);
            foreach (var argument in invocation.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue
                    || parameter.Type.SpecialType != SpecialType.System_Int32 && !KnownTypes.Is(parameter.Type, types.TimeSpan))
                {
                    continue;
                }

                if (!knownWait && parameter.Name.IndexOf("imeout", System.StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                return IsInfinite(argument.Value) ? null : argument;
            }

            return null;
        }

        private static bool IsInfinite(IOperation value)
        {
            value = value.WalkDownConversions();
            return value.ConstantValue is { HasValue: true, Value: -1 }
                || value is IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" or "Infinite" };
        }
    }
}
