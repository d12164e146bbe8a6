using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A wait with a finite timeout of its own: <c>t.Wait(5000)</c>, <c>t.Wait(timeout, token)</c>,
    /// <c>Task.WaitAll(tasks, TimeoutMilliseconds)</c>, <c>Task.WaitAny(tasks, timeout)</c>. Whoever wrote the timeout
    /// decided how long the thread may block and what happens when the task is late (the <c>bool</c> the wait returns).
    /// TW103 takes it as deliberate in a library (outside UI apps and servers, which the caller decides); on the corpus
    /// every such wait was (StackExchange.Redis's connect helper, FreeRedis's DNS cap, NLog's write timeout, Akka.NET's
    /// start-up waits, OpenTelemetry's collect). A timeout of <c>-1</c>, <c>Timeout.Infinite</c> or
    /// <c>Timeout.InfiniteTimeSpan</c> bounds nothing, nor does a parameter whose default is one of them.
    /// </summary>
    internal static class TimedWaits
    {
        public static bool HasFiniteTimeout(BlockingWait wait, KnownTypes types) =>
            BlockingWaits.TimeoutArgument(wait, types) is { IsImplicit: false } timeout && IsFinite(timeout.Value.WalkDownConversions(), types);

        private static bool IsFinite(IOperation timeout, KnownTypes types)
        {
            if (timeout.ConstantValue is { HasValue: true, Value: int milliseconds })
            {
                return milliseconds >= 0;
            }

            if (timeout is IFieldReferenceOperation { Field: { Name: "InfiniteTimeSpan" } field } && KnownTypes.Is(field.ContainingType, types.ThreadingTimeout))
            {
                return false;
            }

            // Collect(int timeoutMilliseconds = Timeout.Infinite): unbounded unless every caller says otherwise.
            return timeout is not IParameterReferenceOperation { Parameter: { HasExplicitDefaultValue: true } parameter }
                || parameter.ExplicitDefaultValue is not int @default || @default >= 0;
        }
    }
}
