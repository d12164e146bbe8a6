using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A task expression read inside a continuation of that same task: <c>Source.Task.ContinueWith(_ => Source.Task.Result)</c>,
    /// <c>Task.Factory.ContinueWhenAll(new[] { _pending.Task }, _ => _pending.Task.Result)</c>. The continuation runs once
    /// its antecedents are complete, so the read names a completed task. Expressions are compared by storage path
    /// (<see cref="StoragePaths"/>: the same fields and properties on the same instance), which covers the member chains that
    /// <see cref="FlowFacts"/>' symbol-based check cannot name. Only <c>ContinueWith</c> on a task and
    /// <c>ContinueWhenAll</c> count (<c>ContinueWhenAny</c> completes one of them), and Proto.Actor's
    /// <c>context.ReenterAfter(task, callback)</c>, which runs the callback on the actor once the task is complete. So does the task parameter of a method
    /// or local function only ever handed to <c>ContinueWith</c> as its continuation (a local function also through a local delegate).
    /// </summary>
    internal static class ContinuationAntecedents
    {
        // Per source method: is it only ever handed to ContinueWith as its continuation (its task parameter the antecedent)?
        private static readonly ConditionalWeakTable<IMethodSymbol, StrongBox<bool>> ContinuationMethods = new ConditionalWeakTable<IMethodSymbol, StrongBox<bool>>();

        public static bool IsReadInOwnContinuation(IOperation task, KnownTypes types)
        {
            for (var current = task.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda && IsContinuationOn(lambda, task, types))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The task parameter of a method that its assembly only ever hands to <c>ContinueWith</c> as the continuation
        /// (<c>_stream.ReadAsync(..).ContinueWith(OnReceiveStreamCallback)</c>, where <c>void OnReceiveStreamCallback(Task&lt;int&gt;
        /// readTask)</c> reads <c>readTask.Result</c>): ContinueWith passes the antecedent, complete, and nothing else calls
        /// the method (<see cref="CallSites.OnlyPassedAsMethodGroup"/>).
        /// </summary>
        public static bool IsAntecedentParameter(IOperation task, KnownTypes types)
        {
            if (task.WalkDownConversions() is not IParameterReferenceOperation { Parameter: { Ordinal: 0, ContainingSymbol: IMethodSymbol { Parameters.Length: 1 } method } })
            {
                return false;
            }

            if (method.MethodKind == MethodKind.LocalFunction)
            {
                return IsOnlyContinuation(method, task.Root(), types);
            }

            if (method.MethodKind != MethodKind.Ordinary || task.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            return ContinuationMethods.GetValue(
                method.OriginalDefinition,
                m => new StrongBox<bool>(CallSites.OnlyPassedAsMethodGroup(m, compilation, group => IsContinuationOfTask(group, types)))).Value;
        }

        // task.ContinueWith(Method, ..): the method group is the continuation of ContinueWith called on a task.
        private static bool IsContinuationOfTask(IOperation group, KnownTypes types) =>
            group.PassedAsArgument() is { Parameter.Ordinal: 0, Parent: IInvocationOperation invocation }
            && ContinueWithAntecedent(invocation, types) != null;

        /// <summary>
        /// A local function referenced in <paramref name="body"/> (the member it is declared in) only as a method group
        /// handed to <c>ContinueWith</c> as the continuation, directly or through a local delegate used for nothing else
        /// (couchbase's <c>Action&lt;Task&lt;T&gt;&gt; handle = HandleCompletion; .. task.ContinueWith(handle, ..)</c>),
        /// and never called.
        /// </summary>
        private static bool IsOnlyContinuation(IMethodSymbol local, IOperation body, KnownTypes types)
        {
            var groups = 0;
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IInvocationOperation call when SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, local.OriginalDefinition):
                        return false;
                    case IMethodReferenceOperation group when SymbolEqualityComparer.Default.Equals(group.Method.OriginalDefinition, local.OriginalDefinition):
                        if (!IsContinuationOfTask(group, types) && !(DelegateLocal(group) is { } handle && OnlyContinuation(handle, body, types)))
                        {
                            return false;
                        }

                        groups++;
                        break;
                }
            }

            return groups > 0;
        }

        // Action<Task<T>> handle = HandleCompletion;
        private static ILocalSymbol? DelegateLocal(IMethodReferenceOperation group) =>
            group.ParentPastConversions() is IDelegateCreationOperation creation
            && creation.ParentPastConversions() is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                ? declarator.Symbol
                : null;

        // Every use of the local is as the continuation argument of a task's ContinueWith (so it is not assigned again either).
        private static bool OnlyContinuation(ILocalSymbol handle, IOperation body, KnownTypes types)
        {
            var uses = 0;
            foreach (var operation in body.Descendants())
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, handle))
                {
                    if (!IsContinuationOfTask(reference, types))
                    {
                        return false;
                    }

                    uses++;
                }
            }

            return uses > 0;
        }

        /// <summary><c>task.ContinueWith(..)</c>: the task it is called on; null for any other call.</summary>
        internal static IOperation? ContinueWithAntecedent(IInvocationOperation invocation, KnownTypes types) =>
            invocation.TargetMethod.Name == "ContinueWith" && types.IsTaskLike(invocation.TargetMethod.ContainingType) ? invocation.Instance : null;

        private static bool IsContinuationOn(IAnonymousFunctionOperation lambda, IOperation task, KnownTypes types)
        {
            if (lambda.PassedAsArgument() is not { Parent: IInvocationOperation invocation } argument)
            {
                return false;
            }

            var method = invocation.TargetMethod;
            if (ContinueWithAntecedent(invocation, types) is { } antecedent)
            {
                return StoragePaths.SameStorage(BlockingWaits.StripConfigureAwait(antecedent, types), task);
            }

            // context.ReenterAfter(_completion.Task, () => Send(_completion.Task.Result)) (Proto.Actor).
            if (types.IsReenterAfter(method))
            {
                return argument.Parameter?.Ordinal == 1 && FlowFacts.ReenteredTask(invocation) is { } reentered
                    && StoragePaths.SameStorage(reentered, task);
            }

            if (method.Name == "ContinueWhenAll" && argument.Parameter?.Ordinal != 0 && invocation.Arguments.Length > 0
                && (KnownTypes.Is(method.ContainingType?.OriginalDefinition, types.TaskFactory)
                    || KnownTypes.Is(method.ContainingType?.OriginalDefinition, types.TaskFactoryOfT)))
            {
                var tasks = invocation.Arguments[0].Value.WalkDownConversions();
                var elements = BlockingWaits.CollectionElements(tasks);
                if (elements.IsDefault)
                {
                    return false;
                }

                foreach (var element in elements)
                {
                    if (StoragePaths.SameStorage(element, task))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
