using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Whether the work a delegate runs blocks a thread: a blocking wait on a pending task, a blocking call with an
    /// awaitable counterpart (TW102's leaves), or a call to a source method whose summary blocks (TW104's chains), in the
    /// body of the lambda or of the source method the delegate names. What makes <c>TaskCreationOptions.LongRunning</c>
    /// matter: a delegate that only awaits needs no thread of its own.
    /// </summary>
    internal static class BlockingDelegates
    {
        public static bool Blocks(IOperation delegateValue, ISymbol containingSymbol, KnownTypes types, AsyncCounterpart counterparts, CallSummaries summaries, CancellationToken cancellationToken)
        {
            var (body, owner) = delegateValue.WalkDownConversions() switch
            {
                IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => ((IOperation?)lambda.Body, (ISymbol)lambda.Symbol),
                IDelegateCreationOperation { Target: IMethodReferenceOperation reference } when delegateValue.SemanticModel?.Compilation is { } compilation
                    => (SourceBodies.OfMethod(reference.Method.OriginalDefinition, compilation), reference.Method),
                _ => (null, containingSymbol),
            };

            if (body is null)
            {
                return false;
            }

            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation.IsInNestedFunction(body))
                {
                    continue;
                }

                if (BlockingCalls.IsBlockingWaitOnPendingTask(operation, types, out _))
                {
                    return true;
                }

                if (operation is IInvocationOperation invocation
                    && (BlockingCalls.IsBlockingCall(invocation, owner, types, counterparts, out _)
                        || CallSummaries.FollowedTarget(invocation, types) is { } callee && summaries.Get(callee, cancellationToken).Blocks))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
