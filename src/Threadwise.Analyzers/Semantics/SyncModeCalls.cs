using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Does a call made in synchronous mode (<c>SendAsync(p, IOBehavior.Synchronous)</c>) do blocking work in that mode?
    /// A callee without a body in source is trusted to mean what its mode says: it does its I/O synchronously. A callee in
    /// source is read: it does work in synchronous mode when it passes the mode on to another call, or when its
    /// synchronous arm (chosen by that parameter) waits on a pending task or makes a call with an async counterpart. A
    /// callee that only skips work in synchronous mode (<c>if (behavior == IOBehavior.Asynchronous) await Task.Yield();</c>)
    /// does not block.
    /// </summary>
    internal static class SyncModeCalls
    {
        public static bool DoesWorkInSyncMode(IInvocationOperation invocation, IParameterSymbol modeParameter, KnownTypes types, AsyncCounterpart counterparts)
        {
            var callee = invocation.TargetMethod.OriginalDefinition;
            var parameter = modeParameter.OriginalDefinition;
            if (callee.IsAbstract || callee.IsVirtual && !callee.IsSealed || callee.DeclaringSyntaxReferences.IsEmpty
                || invocation.SemanticModel?.Compilation is not { } compilation)
            {
                return true;
            }

            foreach (var reference in callee.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax();
                if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    return true;
                }

                var model = DriverModels.Of(compilation, declaration.SyntaxTree);
                if (model.GetOperation(declaration) is { } body && DoesWork(body, callee, parameter, types, counterparts))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool DoesWork(IOperation body, IMethodSymbol callee, IParameterSymbol parameter, KnownTypes types, AsyncCounterpart counterparts)
        {
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    // ReadPacketAsync(buffer, ioBehavior): the mode goes on to a call that acts on it.
                    case IArgumentOperation argument when VariableReferences.IsReferenceTo(argument.Value, parameter):
                        return true;

                    case IInvocationOperation call when DualPath.IsInSyncArm(call, parameter):
                        if (BlockingWaits.TryGetBlockingWait(call, types, out var wait) && HasPendingTask(wait, types)
                            || !BlockingCalls.IsExemptFromCounterpartRule(call, types) && counterparts.Find(call, callee) != null)
                        {
                            return true;
                        }

                        break;

                    case IPropertyReferenceOperation property when DualPath.IsInSyncArm(property, parameter)
                        && BlockingWaits.TryGetBlockingWait(property, types, out var resultWait) && HasPendingTask(resultWait, types):
                        return true;
                }
            }

            return false;
        }

        private static bool HasPendingTask(BlockingWait wait, KnownTypes types)
        {
            foreach (var task in wait.Tasks)
            {
                if (!TaskFacts.IsKnownCompleted(task, types))
                {
                    return true;
                }
            }

            return wait.Tasks.IsEmpty;
        }
    }
}
