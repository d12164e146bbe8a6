using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A source method that takes a delegate and only ever runs it inline or as a work item of its own
    /// (NetMQ's <c>poller.Run(action)</c>: <c>if (!IsRunning || CanExecuteTaskInline) action(); else new
    /// Task(action).Start(this);</c>). Every use of the delegate parameter in its body is an invocation outside any
    /// <c>lock</c> and nested function, or the work of <c>new Task(..)</c>, <c>new Thread(..)</c>, <c>Task.Run</c> or
    /// <c>StartNew</c>; a delegate stored, handed elsewhere or invoked under a lock is a callback like any other.
    /// </summary>
    internal static class InlineOrWorkItemRunners
    {
        public static bool RunsInlineOrAsWorkItem(IInvocationOperation call, IArgumentOperation argument, KnownTypes types)
        {
            if (argument.Parameter is not { } parameter
                || CallSummaries.FollowedTarget(call, types) is not { } target
                || call.SemanticModel?.Compilation is not { } compilation
                || SourceBodies.OfMethod(target.OriginalDefinition, compilation) is not { } body)
            {
                return false;
            }

            var ordinal = parameter.OriginalDefinition.Ordinal;
            var uses = 0;
            foreach (var operation in body.Descendants())
            {
                if (operation is IParameterReferenceOperation reference
                    && reference.Parameter.Ordinal == ordinal
                    && SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, target.OriginalDefinition))
                {
                    if (!RunsHere(reference, body, types))
                    {
                        return false;
                    }

                    uses++;
                }
            }

            return uses > 0;
        }

        // action(), action?.Invoke(), new Task(action), new Thread(action), Task.Run(action), factory.StartNew(action).
        private static bool RunsHere(IParameterReferenceOperation reference, IOperation body, KnownTypes types)
        {
            var use = reference.ParentPastConversions();
            if (use is IConditionalAccessOperation access && access.Operation.WalkDownConversions() == reference)
            {
                use = access.WhenNotNull.WalkDownConversions();
            }

            switch (use)
            {
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke } invoke:
                    return !invoke.IsInNestedFunction(body) && HeldLocks.LockedObjectAt(invoke, types) == null;
                case IArgumentOperation { Parent: IObjectCreationOperation made }:
                    return KnownTypes.Is(made.Type, types.Thread)
                        || KnownTypes.Is(made.Type?.OriginalDefinition, types.Task)
                        || KnownTypes.Is(made.Type?.OriginalDefinition, types.TaskOfT);
                case IArgumentOperation { Parent: IInvocationOperation start }:
                    return Offloading.IsPoolStart(start.TargetMethod, types);
                default:
                    return false;
            }
        }
    }
}
