using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A loop that takes the frames out of the chunk an awaited read just filled, for the cost model's users (TW201):
    /// <c>while (true) { var n = await stream.ReadAsync(buffer, ct); .. while (TryParseFrame(out var frame)) count++; }</c>.
    /// Each <c>TryXxx(out ..)</c> call scans the next frame and moves on, so the frames of one chunk together cost one pass
    /// over the bytes that read delivered: the scan inside the call and the loop around it are not a product, and the CPU
    /// work between two awaits is bounded by one read's size. Only this shape: a <c>while</c>/<c>do</c> whose condition is a
    /// bool-returning <c>Try..</c> call with an <c>out</c> argument, directly in the body of a loop that awaits a
    /// <c>Read..Async</c>/<c>Receive..Async</c> before it in each iteration (in its body or its header). The loop's own body is still judged (its nested
    /// loops are visited as any loop is), and a known CPU-heavy call in it (hashing, compression) keeps it heavy.
    /// </summary>
    internal static class ReadChunks
    {
        /// <summary>Whether <paramref name="inner"/>, nested in <paramref name="outer"/>, takes frames out of the chunk just read.</summary>
        public static bool TakesFramesOfChunkJustRead(ILoopOperation inner, ILoopOperation outer)
        {
            if (inner is not IWhileLoopOperation { Condition: { } condition }
                || condition.WalkDownConversions() is not IInvocationOperation take
                || !IsTakeFrameCall(take))
            {
                return false;
            }

            return AwaitsReadBefore(outer, inner.Syntax.SpanStart);
        }

        // TryTakeFrame(out frame), parser.TryRead(ref buffer, out message): bool, named Try.., at least one out argument.
        private static bool IsTakeFrameCall(IInvocationOperation call)
        {
            var method = call.TargetMethod;
            if (method.ReturnType.SpecialType != SpecialType.System_Boolean
                || !method.Name.StartsWith("Try", System.StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind == RefKind.Out)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An <c>await</c> of a read (<c>ReadAsync</c>, <c>ReadAtLeastAsync</c>, <c>ReceiveAsync</c>..) in the loop's header or body
        /// before <paramref name="position"/> (<c>while ((n = await s.ReadAsync(..)) &gt; 0)</c> too), not in a lambda.
        /// </summary>
        private static bool AwaitsReadBefore(IOperation loop, int position)
        {
            foreach (var operation in loop.Descendants())
            {
                if (operation is IAwaitOperation awaited && operation.Syntax.SpanStart < position
                    && !operation.IsInNestedFunction(loop) && AwaitsRead(awaited.Operation))
                {
                    return true;
                }
            }

            return false;
        }

        // stream.ReadAsync(..), .ConfigureAwait(false) on it, or a library's own awaiter wrapper around it.
        private static bool AwaitsRead(IOperation awaited)
        {
            foreach (var operation in awaited.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation { TargetMethod.Name: var name }
                    && name.EndsWith("Async", System.StringComparison.Ordinal)
                    && (name.StartsWith("Read", System.StringComparison.Ordinal) || name.StartsWith("Receive", System.StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
