using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// <c>Task.WaitAll</c>/<c>WaitAny</c> joining synchronous work the method itself forked onto the thread pool: every task
    /// the waited locals (tasks, or an array or list of them) ever hold was put there by <c>Task.Run</c>,
    /// <c>Task.Factory.StartNew</c> or a one-line source wrapper over them, of a delegate that is not async and returns no
    /// task. That is <c>Parallel.Invoke</c> written by hand (a pool warm-up that opens connections in groups of ten, a client
    /// fanning a multi-get out over its nodes): nothing asynchronous is waited on, no continuation needs the caller's
    /// context, and there is no async form to await. A local that anything else could fill (passed to a call, assigned a
    /// call's result) is not known, and a single <c>Task.Run(..).Result</c> stays the sync-over-async workaround.
    /// </summary>
    internal static class ForkJoins
    {
        public static bool JoinsForkedWork(BlockingWait wait, KnownTypes types)
        {
            if (wait.Kind != BlockingWaitKind.WaitAll && wait.Kind != BlockingWaitKind.WaitAny || wait.Tasks.IsEmpty
                || wait.Operation.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            var root = wait.Operation.Root();
            foreach (var task in wait.Tasks)
            {
                if (Collection(task) is not ILocalReferenceOperation local || !HoldsOnlyForks(local.Local, root, types, compilation))
                {
                    return false;
                }
            }

            return true;
        }

        // tasks, tasks.ToArray(), tasks.ToList().
        private static IOperation Collection(IOperation task)
        {
            var value = task.WalkDownConversions();
            if (value is IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" } copy)
            {
                var source = copy.Instance ?? (copy.Arguments.Length == 1 ? copy.Arguments[0].Value : null);
                if (source != null)
                {
                    return source.WalkDownConversions();
                }
            }

            return value;
        }

        private static bool HoldsOnlyForks(ILocalSymbol local, IOperation root, KnownTypes types, Compilation compilation)
        {
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.GetVariableInitializer() is { } initializer && !IsForkOrEmpty(initializer.Value, types, compilation)
                            && !ForkedWork.AllForks(initializer.Value, types, compilation))
                        {
                            return false;
                        }

                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                        if (!IsKnownUse(reference, types, compilation))
                        {
                            return false;
                        }

                        break;
                }
            }

            return true;
        }

        // What a reference does with the local: stores a fork, reads, or (anything else) lets unknown tasks in.
        private static bool IsKnownUse(ILocalReferenceOperation reference, KnownTypes types, Compilation compilation)
        {
            // Past conversions, and the params array or span of WaitAll(a, b).
            IOperation use = reference;
            while (use.Parent is IConversionOperation or IArrayInitializerOperation or IArrayCreationOperation { IsImplicit: true } or ICollectionExpressionOperation { IsImplicit: true })
            {
                use = use.Parent;
            }

            switch (use.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    return IsForkOrEmpty(assignment.Value, types, compilation);
                case IArrayElementReferenceOperation element when element.ArrayReference == use:
                    return IsStoredOrRead(element, types, compilation);
                case IPropertyReferenceOperation property when property.Instance == use:
                    return !property.Property.IsIndexer || IsStoredOrRead(property, types, compilation);
                case IInvocationOperation call when call.Instance == use:
                    return call.TargetMethod.Name == "Add" && call.Arguments.Length == 1
                        ? IsFork(call.Arguments[0].Value, types, compilation)
                        : call.TargetMethod.Name is not ("Insert" or "AddRange" or "InsertRange");
                case IArgumentOperation { Parent: IInvocationOperation call }:
                    // LINQ only reads its source (tasks.Where(t => t.Result..) after the join).
                    return call.TargetMethod.IsExtensionMethod && KnownTypes.Is(call.TargetMethod.ContainingType, types.Enumerable)
                        || call.TargetMethod.Name is "WaitAll" or "WaitAny" && KnownTypes.Is(call.TargetMethod.ContainingType, types.Task);
                case IForEachLoopOperation loop:
                    return loop.Collection == use;
                default:
                    return false;
            }
        }

        // tasks[i] = Task.Run(..) stores a fork; any other write is unknown; a read is harmless.
        private static bool IsStoredOrRead(IOperation element, KnownTypes types, Compilation compilation) =>
            element.Parent switch
            {
                ISimpleAssignmentOperation assignment when assignment.Target == element => IsFork(assignment.Value, types, compilation),
                IAssignmentOperation => false,
                _ => true,
            };

        private static bool IsForkOrEmpty(IOperation value, KnownTypes types, Compilation compilation)
        {
            value = value.WalkDownConversions();
            if (value is IArrayCreationOperation or ICollectionExpressionOperation or IObjectCreationOperation { Arguments.Length: <= 1 })
            {
                if (value is IObjectCreationOperation { Arguments.Length: 1 } withArgument && withArgument.Arguments[0].Value.Type?.SpecialType != SpecialType.System_Int32)
                {
                    return false; // new List<Task>(otherTasks) copies tasks from elsewhere
                }

                var elements = BlockingWaits.CollectionElements(value);
                if (elements.IsDefault)
                {
                    return value is not IObjectCreationOperation { Initializer: not null };
                }

                foreach (var element in elements)
                {
                    if (!IsFork(element, types, compilation))
                    {
                        return false;
                    }
                }

                return true;
            }

            return IsFork(value, types, compilation);
        }

        // Task.Run(() => Warm(pool)), Task.Factory.StartNew(Scan), TaskEx.Run(action): synchronous work on the pool.
        internal static bool IsFork(IOperation value, KnownTypes types, Compilation compilation)
        {
            if (value.WalkDownConversions() is not IInvocationOperation start
                || !Offloading.IsPoolStart(start.TargetMethod, types) && !Offloading.IsPoolStartWrapper(start.TargetMethod, types, compilation))
            {
                return false;
            }

            return SchedulerHops.PassesSynchronousWork(start, types);
        }
    }
}
