using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A completion signal queued to the thread pool: <c>Task.Run(() => tcs.TrySetResult(true))</c> or
    /// <c>Task.Factory.StartNew(s => ((TaskCompletionSource&lt;bool&gt;)s).TrySetResult(true), tcs, .., TaskScheduler.Default)</c>
    /// — the async-primitive idiom that completes a source off the caller's thread so that its continuations do not run
    /// inline. The delegate only calls <c>TrySetResult</c>/<c>TrySetCanceled</c>/<c>TrySetException</c> (which report a
    /// second completion by returning false, not by throwing) with plain arguments, so its task cannot fault; and a wait
    /// on the source's task in the very next statement waits only for a pool thread to run that one call.
    /// </summary>
    internal static class CompletionSignals
    {
        /// <summary>The source that the started delegate completes, or null when the start is anything else.</summary>
        public static IOperation? SignalledSource(IInvocationOperation start, KnownTypes types)
        {
            if (!Offloading.IsPoolStart(start.TargetMethod, types))
            {
                return null;
            }

            IAnonymousFunctionOperation? lambda = null;
            IOperation? state = null;
            foreach (var argument in start.Arguments)
            {
                var value = argument.Value.WalkDownConversions();
                if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation target })
                {
                    lambda = target;
                }
                else if (argument.Parameter?.Name == "state")
                {
                    state = value;
                }
            }

            if (lambda is null || OnlyCall(lambda) is not { } call || !IsTrySet(call, types) || !PlainArguments(call))
            {
                return null;
            }

            switch (call.Instance?.WalkDownConversions())
            {
                // s => ((TaskCompletionSource<bool>)s).TrySetResult(true), with the source passed as the state.
                case IParameterReferenceOperation parameter when KnownTypes.Is(parameter.Parameter.ContainingSymbol, lambda.Symbol):
                    return state != null && types.IsTaskCompletionSource(state.Type) ? state : null;
                case ILocalReferenceOperation local:
                    return local;
                case IParameterReferenceOperation outer:
                    return outer;
                case IFieldReferenceOperation field when field.Field.IsStatic || field.Instance is IInstanceReferenceOperation:
                    return field;
                default:
                    return null;
            }
        }

        /// <summary>
        /// <c>tcs.Task.Wait()</c> (or <c>.Result</c>, <c>.GetAwaiter().GetResult()</c>) in the statement right after a
        /// start that signals <c>tcs</c> on the thread pool (<c>Task.Run</c>, or <c>StartNew</c> with
        /// <c>TaskScheduler.Default</c>: the current scheduler could be the very thread that waits).
        /// </summary>
        public static bool IsWaitForSignalJustQueued(IOperation waitedTask, KnownTypes types)
        {
            if (BlockingWaits.StripConfigureAwait(waitedTask, types).WalkDownConversions() is not IPropertyReferenceOperation { Property.Name: "Task", Instance: { } source }
                || !types.IsTaskCompletionSource(source.Type))
            {
                return false;
            }

            IOperation child = waitedTask;
            var parent = waitedTask.Parent;
            while (parent != null && parent is not IBlockOperation && !parent.IsFunctionBoundary())
            {
                child = parent;
                parent = parent.Parent;
            }

            if (parent is not IBlockOperation block)
            {
                return false;
            }

            var index = block.Operations.IndexOf(child);
            if (index < 1 || StartIn(block.Operations[index - 1]) is not { } start)
            {
                return false;
            }

            return RunsOnThreadPool(start, types)
                && SignalledSource(start, types) is { } signalled
                && StoragePaths.SameStorage(signalled, source);
        }

        // Task.Run(..); or _ = Task.Run(..);
        private static IInvocationOperation? StartIn(IOperation statement) =>
            statement is IExpressionStatementOperation { Operation: var operation }
                ? operation.WalkDownConversions() switch
                {
                    IInvocationOperation invocation => invocation,
                    ISimpleAssignmentOperation { Target: IDiscardOperation, Value: var value } => value.WalkDownConversions() as IInvocationOperation,
                    _ => null,
                }
                : null;

        private static bool RunsOnThreadPool(IInvocationOperation start, KnownTypes types) =>
            start.TargetMethod.Name == "Run" || Offloading.PassesDefaultScheduler(start, types) == true;

        private static IInvocationOperation? OnlyCall(IAnonymousFunctionOperation lambda)
        {
            var statements = lambda.Body.Operations;
            if (statements.Length == 0 || statements.Length > 2
                || statements.Length == 2 && statements[1] is not IReturnOperation { ReturnedValue: null })
            {
                return null;
            }

            return statements[0] switch
            {
                IExpressionStatementOperation expression => expression.Operation.WalkDownConversions() as IInvocationOperation,
                IReturnOperation { ReturnedValue: { } value } => value.WalkDownConversions() as IInvocationOperation,
                _ => null,
            };
        }

        private static bool IsTrySet(IInvocationOperation call, KnownTypes types) =>
            call.TargetMethod.Name is "TrySetResult" or "TrySetCanceled" or "TrySetException"
            && types.IsTaskCompletionSource(call.TargetMethod.ContainingType);

        // TrySetException(null) throws; so would an argument that computes something.
        private static bool PlainArguments(IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                switch (argument.Value.WalkDownConversions())
                {
                    case ILiteralOperation literal when literal.ConstantValue is not { HasValue: true, Value: null }:
                    case ILocalReferenceOperation:
                    case IParameterReferenceOperation:
                    case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }:
                    case IDefaultValueOperation { Type.IsValueType: true }:
                        continue;
                    default:
                        if (argument.IsImplicit || argument.ArgumentKind == ArgumentKind.DefaultValue)
                        {
                            continue;
                        }

                        return false;
                }
            }

            return true;
        }
    }
}
