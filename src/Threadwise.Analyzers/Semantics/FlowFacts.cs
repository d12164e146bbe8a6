using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Flow-sensitive completion facts for a task variable at a point, on structured code: guards that enclose the
    /// point, and statements that run before it on every path (earlier statements of enclosing blocks) which await the
    /// task or make an early exit unless it is complete. A later assignment to the variable cancels a fact.
    /// Layer 4 of the task semantics: depends on <see cref="Guards"/>, <see cref="VariableReferences"/> and
    /// <see cref="BlockingWaits"/> below it, never on <see cref="TaskFacts"/> or <see cref="BlockingCalls"/> above it.
    /// </summary>
    internal static partial class FlowFacts
    {
        /// <param name="at">The point of use.</param>
        /// <param name="target">The task variable, or with <paramref name="asCollection"/> the collection of tasks.</param>
        public static bool IsCompletedAt(IOperation at, ISymbol target, bool asCollection, KnownTypes types) =>
            IsCompletedAt(at, target, asCollection, types, 0) || !asCollection && IsCompletedWhenMatched(at, target, types);

        /// <summary>
        /// <c>if (task is Task&lt;string&gt; typed) .. typed.Result</c>: the pattern's variable names the object the tested
        /// variable held when it matched, so it is complete if that variable was complete there (<c>await task;</c> above the
        /// test) and the pattern's variable has not been given another task since. Completion never reverts.
        /// </summary>
        private static bool IsCompletedWhenMatched(IOperation at, ISymbol target, KnownTypes types)
        {
            if (target is not ILocalSymbol { DeclaringSyntaxReferences.Length: 1 } local
                || local.DeclaringSyntaxReferences[0].GetSyntax() is not SingleVariableDesignationSyntax { Parent: DeclarationPatternSyntax { Parent: IsPatternExpressionSyntax test } }
                || at.SemanticModel?.GetOperation(test) is not IIsPatternOperation pattern
                || VariableReferences.IsAssignedBetween(at, local, test.Span.End, at.Syntax.SpanStart))
            {
                return false;
            }

            ISymbol? tested = pattern.Value.WalkDownConversions() switch
            {
                ILocalReferenceOperation reference => reference.Local,
                IParameterReferenceOperation reference => reference.Parameter,
                _ => null,
            };
            return tested != null && IsCompletedAt(pattern, tested, false, types, 0);
        }

        /// <param name="depth">How many wait helpers deep this question is asked (see <see cref="CompletesArgument"/>).</param>
        private static bool IsCompletedAt(IOperation at, ISymbol target, bool asCollection, KnownTypes types, int depth)
        {
            var child = at;
            for (var parent = at.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    // A local function can be called before any earlier statement ran.
                    case ILocalFunctionOperation:
                        return false;

                    case IConditionalOperation conditional when !asCollection:
                        if (child == conditional.WhenTrue && Guards.Implies(conditional.Condition, target, true, types)
                            || child == conditional.WhenFalse && Guards.Implies(conditional.Condition, target, false, types))
                        {
                            return true;
                        }

                        break;

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when !asCollection:
                        if (child == conjunction.RightOperand && Guards.Implies(conjunction.LeftOperand, target, true, types))
                        {
                            return true;
                        }

                        break;

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction when !asCollection:
                        if (child == disjunction.RightOperand && Guards.Implies(disjunction.LeftOperand, target, false, types))
                        {
                            return true;
                        }

                        break;

                    // Continuations of the task itself: t.ContinueWith(_ => t.Result), Task.WhenAll(a, b).ContinueWith(_ => a.Result),
                    // Task.Factory.ContinueWhenAll(tasks, _ => tasks[0].Result), t.GetAwaiter().OnCompleted(() => t.GetAwaiter().GetResult()).
                    case IAnonymousFunctionOperation lambda:
                        if (RunsAfterCompletionOf(lambda, target, asCollection, types))
                        {
                            return true;
                        }

                        break;

                    // switch (t.Status) { case TaskStatus.RanToCompletion: return t.Result; }
                    case ISwitchCaseOperation switchCase when !asCollection && switchCase.Parent is ISwitchOperation statusSwitch:
                        if (IsFinalStatusCase(statusSwitch.Value, switchCase, target, types))
                        {
                            return true;
                        }

                        if (AnyEarlierStatementCompletes(switchCase.Body, child, at, target, asCollection, types, depth))
                        {
                            return true;
                        }

                        break;

                    // t.Status switch { TaskStatus.RanToCompletion => t.Result, _ => 0 }
                    case ISwitchExpressionArmOperation arm when !asCollection && child == arm.Value && arm.Parent is ISwitchExpressionOperation statusSwitchExpression:
                        if (VariableReferences.IsStatusOf(statusSwitchExpression.Value, target, types) && arm.Guard is null
                            && arm.Pattern is IConstantPatternOperation constant && VariableReferences.IsFinalStatus(constant.Value, types))
                        {
                            return true;
                        }

                        break;

                    case IBlockOperation block:
                        if (AnyEarlierStatementCompletes(block.Operations, child, at, target, asCollection, types, depth))
                        {
                            return true;
                        }

                        break;

                    case ISwitchCaseOperation switchCase:
                        if (AnyEarlierStatementCompletes(switchCase.Body, child, at, target, asCollection, types, depth))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        private static bool AnyEarlierStatementCompletes(
            System.Collections.Immutable.ImmutableArray<IOperation> statements, IOperation child, IOperation at, ISymbol target, bool asCollection, KnownTypes types, int depth)
        {
            foreach (var statement in statements)
            {
                if (statement == child)
                {
                    return false;
                }

                if (Completes(statement, target, asCollection, types, depth)
                    && !VariableReferences.IsAssignedBetween(at, target, statement.Syntax.Span.End, at.Syntax.SpanStart))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Does running <paramref name="statement"/> to its end guarantee that the target is complete?</summary>
        private static bool Completes(IOperation statement, ISymbol target, bool asCollection, KnownTypes types, int depth)
        {
            // if (!t.IsCompleted) return SlowAsync(t);
            if (!asCollection && statement is IConditionalOperation { WhenFalse: null } guard
                && AlwaysExits(guard.WhenTrue)
                && Guards.Implies(guard.Condition, target, false, types))
            {
                return true;
            }

            // while (!t.IsCompleted) { Thread.Sleep(10); } — left only once the condition is false (no break inside).
            if (!asCollection && statement is IWhileLoopOperation { Condition: { } loopCondition } loop
                && !loop.ConditionIsUntil
                && !HasBreak(loop.Body)
                && Guards.Implies(loopCondition, target, false, types))
            {
                return true;
            }

            // Debug.Assert(t.IsCompleted): the author states the invariant.
            if (!asCollection && statement is IExpressionStatementOperation { Operation: IInvocationOperation { TargetMethod.Name: "Assert" } assert }
                && assert.Arguments.Length > 0
                && assert.TargetMethod.ContainingType is { Name: "Debug" or "Trace", ContainingNamespace.Name: "Diagnostics" }
                && Guards.Implies(assert.Arguments[0].Value, target, true, types))
            {
                return true;
            }

            // try { if (!t.Wait(timeout)) throw ..; } catch (..) { throw ..; } — the body ran to its end.
            if (statement is ITryOperation { Body: { } tryBody } @try && AllCatchesExit(@try))
            {
                foreach (var inner in tryBody.Operations)
                {
                    if (Completes(inner, target, asCollection, types, depth))
                    {
                        return true;
                    }
                }
            }

            // if (x) { await t; } else { await t; } — or a branch that leaves instead.
            if (statement is IConditionalOperation { WhenFalse: { } whenFalse } branches
                && CompletesOrExits(branches.WhenTrue, target, asCollection, types, depth)
                && CompletesOrExits(whenFalse, target, asCollection, types, depth))
            {
                return true;
            }

            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is IAwaitOperation awaited && AwaitCompletes(awaited.Operation, target, asCollection, types, depth)
                    || IsWaitOn(operation, target, asCollection, types)
                    || IsRunSynchronously(operation, target, asCollection, types)
                    || operation is IInvocationOperation helper && CompletesArgument(helper, awaited: false, target, asCollection, types, depth))
                {
                    if (RunsWhenever(operation, statement))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // valueTask.AsTask().ContinueWith(t => .. valueTask.Result ..): the task AsTask hands out completes with the ValueTask.
        private static bool IsAsTaskOf(IOperation antecedent, ISymbol target, KnownTypes types) =>
            antecedent.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "AsTask", Instance: { } valueTask } asTask
            && asTask.Arguments.IsEmpty && types.IsTaskLike(valueTask.Type) && VariableReferences.IsReferenceTo(valueTask, target);

        private static bool RunsAfterCompletionOf(IAnonymousFunctionOperation lambda, ISymbol target, bool asCollection, KnownTypes types)
        {
            if (lambda.PassedAsArgument() is not { Parent: IInvocationOperation invocation } argument)
            {
                return false;
            }

            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "ContinueWith" when invocation.Instance is { } antecedent && types.IsTaskLike(method.ContainingType):
                    return !asCollection && (VariableReferences.IsReferenceTo(antecedent, target) || IsAsTaskOf(antecedent, target, types))
                        || IsWhenAllOver(antecedent, target, asCollection, types);

                case "ContinueWhenAll" when KnownTypes.Is(method.ContainingType?.OriginalDefinition, types.TaskFactory)
                    || KnownTypes.Is(method.ContainingType?.OriginalDefinition, types.TaskFactoryOfT):
                    return argument.Parameter?.Ordinal != 0 && invocation.Arguments.Length > 0
                        && ContainsTask(BlockingWaits.TaskArguments(invocation, types), target, asCollection, types);

                // context.ReenterAfter(t, () => t.Result): Proto.Actor runs the callback once t is complete; after
                // ReenterAfter(Task.WhenAll(tasks), ..), once every task of the collection is.
                case "ReenterAfter" when types.IsReenterAfter(method):
                    return argument.Parameter?.Ordinal == 1 && ReenteredTask(invocation) is { } reentered
                        && (!asCollection && VariableReferences.IsReferenceTo(reentered, target) || IsWhenAllOver(reentered, target, asCollection, types));

                case "OnCompleted":
                case "UnsafeOnCompleted":
                    return !asCollection
                        && invocation.Instance?.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited }
                        && VariableReferences.IsReferenceTo(BlockingWaits.StripConfigureAwait(awaited, types), target);

                default:
                    return false;
            }
        }

        // Task.WhenAll(.., target, ..) or Task.WhenAll(target): a task that completes once the target (or all its tasks) has.
        private static bool IsWhenAllOver(IOperation task, ISymbol target, bool asCollection, KnownTypes types) =>
            task.WalkDownConversions() is IInvocationOperation whenAll && BlockingWaits.IsWhenAll(whenAll, types)
            && ContainsTask(BlockingWaits.TaskArguments(whenAll, types), target, asCollection, types);

        // The task argument of ReenterAfter(target, callback), whatever order the arguments are written in.
        internal static IOperation? ReenteredTask(IInvocationOperation reenterAfter) => reenterAfter.ArgumentFor(0)?.Value;

        private static bool IsFinalStatusCase(IOperation switchValue, ISwitchCaseOperation switchCase, ISymbol target, KnownTypes types)
        {
            if (!VariableReferences.IsStatusOf(switchValue, target, types) || switchCase.Clauses.IsEmpty)
            {
                return false;
            }

            foreach (var clause in switchCase.Clauses)
            {
                var value = clause switch
                {
                    ISingleValueCaseClauseOperation single => single.Value,
                    IPatternCaseClauseOperation { Guard: null, Pattern: IConstantPatternOperation constant } => constant.Value,
                    _ => null,
                };
                if (value is null || !VariableReferences.IsFinalStatus(value, types))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool CompletesOrExits(IOperation branch, ISymbol target, bool asCollection, KnownTypes types, int depth) =>
            AlwaysExits(branch) || Completes(branch, target, asCollection, types, depth);

        private static bool AwaitCompletes(IOperation awaited, ISymbol target, bool asCollection, KnownTypes types, int depth)
        {
            var operand = BlockingWaits.StripConfigureAwait(awaited, types).WalkDownConversions();
            if (!asCollection && VariableReferences.IsReferenceTo(operand, target))
            {
                return true;
            }

            return operand is IInvocationOperation invocation
                && ((BlockingWaits.IsWhenAll(invocation, types) || IsWhenAllHelper(invocation, types)) && ContainsTask(BlockingWaits.TaskArguments(invocation, types), target, asCollection, types)
                    || CompletesArgument(invocation, awaited: true, target, asCollection, types, depth));
        }

        // await new[] { a, b }.WhenAllFailFast(): a helper of the code base's own (or a library's) named WhenAll…, taking
        // the tasks, whose awaited task ends only once all of them have (or throws): the name is the evidence, as with
        // IsCompletedSuccessfully() (puppeteer-sharp's WhenAllFailFast, which loops over WhenAny and throws on a fault).
        private static bool IsWhenAllHelper(IInvocationOperation invocation, KnownTypes types)
        {
            var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
            if (!method.Name.StartsWith("WhenAll", System.StringComparison.Ordinal) || !types.IsAwaitable(method.ReturnType))
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type is IArrayTypeSymbol { ElementType: var element } && types.IsTaskLike(element)
                    || parameter.Type is INamedTypeSymbol { TypeArguments.Length: 1 } sequence && types.IsTaskLike(sequence.TypeArguments[0]))
                {
                    return true;
                }
            }

            return false;
        }

        // An earlier blocking wait also completes the task (it was reported there, not again here) — unless it had a
        // timeout and may have given up first.
        private static bool IsWaitOn(IOperation operation, ISymbol target, bool asCollection, KnownTypes types)
        {
            if (!BlockingWaits.TryGetBlockingWait(operation, types, out var wait) || wait.Kind == BlockingWaitKind.WaitAny
                || wait.Operation is IInvocationOperation invocation && BlockingWaits.HasTimeout(invocation, types))
            {
                return false;
            }

            if (wait.Kind == BlockingWaitKind.WaitAll)
            {
                return ContainsTask(wait.Tasks, target, asCollection, types);
            }

            if (!asCollection && VariableReferences.IsReferenceTo(wait.Tasks[0], target))
            {
                return true;
            }

            // Task.WhenAll(a, b).Wait() and Task.WhenAll(tasks).GetAwaiter().GetResult() complete their arguments.
            return wait.Tasks[0].WalkDownConversions() is IInvocationOperation whenAll
                && BlockingWaits.IsWhenAll(whenAll, types)
                && ContainsTask(BlockingWaits.TaskArguments(whenAll, types), target, asCollection, types);
        }

        // t.RunSynchronously() returns only once the task has run to its end.
        private static bool IsRunSynchronously(IOperation operation, ISymbol target, bool asCollection, KnownTypes types) =>
            !asCollection
            && operation is IInvocationOperation { TargetMethod.Name: "RunSynchronously", Instance: { } instance } invocation
            && types.IsTaskLike(invocation.TargetMethod.ContainingType)
            && VariableReferences.IsReferenceTo(instance, target);

        private static bool ContainsTask(System.Collections.Immutable.ImmutableArray<IOperation> tasks, ISymbol target, bool asCollection, KnownTypes types)
        {
            foreach (var task in tasks)
            {
                if (VariableReferences.IsReferenceTo(task, target) || VariableReferences.IsReferenceTo(CopiedCollection(task), target))
                {
                    // WhenAll(t) completes t; WhenAll(tasks) completes the collection.
                    return true;
                }

                // var all = new[] { a, b }; await Task.WhenAll(all); → a is complete.
                if (!asCollection && task.WalkDownConversions() is ILocalReferenceOperation collection
                    && InitializerElementsContain(collection, target))
                {
                    return true;
                }

                // Task.WhenAll(new Task[] { a, b }.Concat(more)): the elements of both sequences, read as WhenAll's arguments are.
                if (task.WalkDownConversions() is IInvocationOperation { TargetMethod: { Name: "Concat" } concat } concatenation
                    && KnownTypes.Is((concat.ReducedFrom ?? concat).ContainingType, types.Enumerable)
                    && ContainsTask(BlockingWaits.TaskArguments(concatenation, types), target, asCollection, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool InitializerElementsContain(ILocalReferenceOperation collection, ISymbol target)
        {
            var elements = LocalInitializers.Of(collection) is { } initializer ? BlockingWaits.CollectionElements(initializer) : default;
            if (elements.IsDefault)
            {
                return false;
            }

            foreach (var element in elements)
            {
                if (VariableReferences.IsReferenceTo(element, target))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Is <paramref name="operation"/> evaluated every time <paramref name="statement"/> runs to completion?</summary>
        private static bool RunsWhenever(IOperation operation, IOperation statement)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null && child != statement; child = parent, parent = parent.Parent)
            {
                var unconditional = parent switch
                {
                    IAnonymousFunctionOperation or ILocalFunctionOperation => false,
                    IConditionalOperation conditional => child == conditional.Condition,
                    IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary => child == binary.LeftOperand,
                    ICoalesceOperation coalesce => child == coalesce.Value,
                    IConditionalAccessOperation access => child == access.Operation,
                    IWhileLoopOperation loop => child == loop.Condition && loop.ConditionIsTop,
                    IForLoopOperation loop => child == loop.Condition || loop.Before.Contains(child),
                    IForEachLoopOperation loop => child == loop.Collection,
                    ILoopOperation => false,
                    // A try whose every catch leaves: after the statement, the body ran to its end.
                    ITryOperation @try => child == @try.Body && AllCatchesExit(@try),
                    ISwitchOperation @switch => child == @switch.Value,
                    ISwitchExpressionOperation @switch => child == @switch.Value,
                    _ => true,
                };

                if (!unconditional)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A <c>break</c> or <c>goto</c> that ends the loop other than through its condition (a return leaves the method).</summary>
        private static bool HasBreak(IOperation body)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is IBranchOperation { BranchKind: BranchKind.Break } branch && !IsInNestedBreakable(branch, body)
                    || operation is IBranchOperation { BranchKind: BranchKind.GoTo })
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInNestedBreakable(IOperation branch, IOperation body)
        {
            for (var current = branch.Parent; current != null && current != body; current = current.Parent)
            {
                if (current is ILoopOperation || current is ISwitchOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AllCatchesExit(ITryOperation @try)
        {
            foreach (var @catch in @try.Catches)
            {
                // A filter that rejects the exception lets it propagate: that leaves the statement too.
                if (!AlwaysExits(@catch.Handler))
                {
                    return false;
                }
            }

            return true;
        }

        internal static bool AlwaysExits(IOperation? operation)
        {
            switch (operation)
            {
                case IReturnOperation:
                case IThrowOperation:
                case IExpressionStatementOperation { Operation: IThrowOperation }:
                case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue }:
                    return true;
                case IBlockOperation block:
                    return block.Operations.Length > 0 && AlwaysExits(block.Operations[block.Operations.Length - 1]);
                // ThrowTimeout(message); — a throw helper never returns.
                case IExpressionStatementOperation { Operation: IInvocationOperation helper }:
                    return ErrorPaths.AlwaysThrows(helper.TargetMethod, helper.SemanticModel?.Compilation);
                default:
                    return false;
            }
        }

        /// <summary>
        /// <c>tasks.ToArray()</c>, <c>tasks.ToList()</c>, <c>tasks.AsEnumerable()</c> → <c>tasks</c>: the same tasks; and
        /// <c>byKey.Values</c> → <c>byKey</c>: a dictionary's tasks are its values.
        /// </summary>
        private static IOperation CopiedCollection(IOperation operation)
        {
            if (operation.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Values", Instance: { } dictionary } values
                && values.Property.ContainingType is { Name: "Dictionary" or "ConcurrentDictionary" or "SortedDictionary" or "IDictionary" or "IReadOnlyDictionary" or "ReadOnlyDictionary" })
            {
                return dictionary;
            }

            if (operation.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" or "AsEnumerable" or "ToImmutableArray" } copy)
            {
                if (copy.Instance is { } instance)
                {
                    return instance;
                }

                if (copy.TargetMethod.IsExtensionMethod && copy.Arguments.Length == 1)
                {
                    return copy.Arguments[0].Value;
                }
            }

            return operation;
        }
    }
}
