using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Answers "is this task known to be completed here?". Waiting on a completed task does not block, so the
    /// blocking rules stay silent for: <c>Task.FromResult</c>/<c>CompletedTask</c> and friends; a call whose arguments
    /// select synchronous mode, a cache-only read (<c>CacheMode.CacheOnly</c>) or fire-and-forget mode (<see cref="FireAndForget"/>: a completed placeholder); a task awaited (directly, through ConfigureAwait, or as an argument of an awaited
    /// <c>Task.WhenAll</c>) earlier on every path; the task returned by an awaited <c>Task.WhenAny</c>; a task under an
    /// <c>IsCompleted</c>/<c>IsCompletedSuccessfully</c>/<c>Status == RanToCompletion</c> guard (including early-return
    /// guards and <c>&amp;&amp;</c>); the antecedent of a <c>ContinueWith</c>/<c>ContinueWhenAll</c> continuation; and the
    /// elements (indexer, <c>foreach</c> variable, LINQ lambda parameter) of a collection awaited with <c>WhenAll</c>;
    /// a task read in its own continuation or under a <c>switch</c> on a final <c>Status</c> (see <see cref="FlowFacts"/>).
    /// Completion is monotonic, so facts established before a lambda is created hold inside it.
    /// Layer 5 of the task semantics: depends on <see cref="FlowFacts"/>, <see cref="VariableReferences"/> and
    /// <see cref="BlockingWaits"/> below it, never on <see cref="BlockingCalls"/> above it.
    /// </summary>
    internal static class TaskFacts
    {
        public static bool IsKnownCompleted(IOperation task, KnownTypes types)
        {
            var value = BlockingWaits.StripConfigureAwait(task, types).WalkDownConversions();
            switch (value)
            {
                case IInvocationOperation invocation:
                    return IsCompletedFactory(invocation.TargetMethod, types) || SyncMode.SelectsSynchronousMode(invocation)
                        || SyncMode.ReadsOnlyCache(invocation)
                        || FireAndForget.OnlyEnqueues(invocation)
                        || IsWaitOnWhenAny(invocation, types)
                        || CompletedBySourceMethod(invocation.TargetMethod)
                        || SkippedAwaits.SkipsEveryAwait(invocation)
                        || IsResponseContentStream(invocation, types);

                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } collection }:
                    return IsCompletedCollection(collection, value, types)
                        || value is IPropertyReferenceOperation { Arguments.Length: 1 } indexer && IsWaitAnyIndexOf(indexer.Arguments[0].Value, collection, types);

                // Task.WhenAny(a, b).Result.Result: the winner that a blocking wait returned.
                case IPropertyReferenceOperation property when property.Property.Name == "Result" && property.Instance is { } whenAny:
                    return types.IsTaskLike(property.Property.ContainingType) && IsWaitOnWhenAny(whenAny, types);

                case IPropertyReferenceOperation property:
                    return property.Property.IsStatic && property.Property.Name == "CompletedTask" && types.IsTaskLike(property.Property.ContainingType)
                        || ContinuationAntecedents.IsReadInOwnContinuation(value, types)
                        || IsValueOfCompletedPair(property, types)
                        || GuardedChains.IsGuarded(value, types);

                case IArrayElementReferenceOperation element:
                    return IsCompletedCollection(element.ArrayReference, value, types)
                        || element.Indices.Length == 1 && IsWaitAnyIndexOf(element.Indices[0], element.ArrayReference, types);

                // new ValueTask<T>(result) and new ValueTask() are completed; a ValueTask over a Task or a source is not.
                case IObjectCreationOperation creation when types.IsTaskLike(creation.Type) && !KnownTypes.Is(creation.Type?.OriginalDefinition, types.Task) && !KnownTypes.Is(creation.Type?.OriginalDefinition, types.TaskOfT):
                    return creation.Arguments.Length == 0
                        || creation.Arguments.Length == 1 && !types.IsTaskLike(creation.Arguments[0].Value.Type) && !IsValueTaskSource(creation.Arguments[0].Value.Type)
                        || creation.Arguments.Length == 1 && types.IsTaskLike(creation.Arguments[0].Value.Type) && IsKnownCompleted(creation.Arguments[0].Value, types);

                case IDefaultValueOperation defaultValue:
                    return KnownTypes.Is(defaultValue.Type?.OriginalDefinition, types.ValueTask) || KnownTypes.Is(defaultValue.Type?.OriginalDefinition, types.ValueTaskOfT);

                // (await Task.WhenAny(a, b)).Result
                case IAwaitOperation awaited:
                    return BlockingWaits.IsWhenAny(awaited.Operation, types);

                // (cached ? ReadCachedAsync(async: false) : ReadAsync(async: false)).GetAwaiter().GetResult()
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    return IsKnownCompleted(conditional.WhenTrue, types) && IsKnownCompleted(whenFalse, types);

                case ISwitchExpressionOperation switchExpression:
                    foreach (var arm in switchExpression.Arms)
                    {
                        if (!IsKnownCompleted(arm.Value, types))
                        {
                            return false;
                        }
                    }

                    return !switchExpression.Arms.IsEmpty;

                case ILocalReferenceOperation local:
                    return IsCompletedVariable(local.Local, value, types);

                // finished?.Result: the receiver of the conditional access.
                case IConditionalAccessInstanceOperation:
                    return value.ConditionalAccessTarget() is { } receiver && IsKnownCompleted(receiver, types);

                case IParameterReferenceOperation parameter:
                    return IsCompletedVariable(parameter.Parameter, value, types)
                        || ContinuationAntecedents.IsAntecedentParameter(value, types);

                // if (_initialization.IsCompleted) return _initialization.Result;
                // _releaser.Result where _releaser = Task.FromResult(..) is all the type ever stores there.
                case IFieldReferenceOperation when value.ReferencedVariable() is { } fieldSymbol:
                    return FlowFacts.IsCompletedAt(value, fieldSymbol, asCollection: false, types)
                        || fieldSymbol is IFieldSymbol completedField && CompletedFields.HoldsOnlyCompletedTasks(completedField, value.SemanticModel)
                        || ContinuationAntecedents.IsReadInOwnContinuation(value, types);

                // other._ready.Result inside other._ready.ContinueWith(..): the field of another instance.
                case IFieldReferenceOperation:
                    return ContinuationAntecedents.IsReadInOwnContinuation(value, types) || GuardedChains.IsGuarded(value, types);

                default:
                    return false;
            }
        }

        private static bool IsCompletedVariable(ISymbol variable, IOperation reference, KnownTypes types)
        {
            if (variable is IParameterSymbol parameter && IsContinuationAntecedent(parameter, reference, types))
            {
                return true;
            }

            if (reference is ILocalReferenceOperation local && CompletedInitializer(local, types))
            {
                return true;
            }

            if (FlowFacts.IsCompletedAt(reference, variable, asCollection: false, types))
            {
                return true;
            }

            // An element of a collection: foreach (var t in tasks) ..., tasks.Select(t => t.Result)
            if (ElementOfCollection(variable, reference) is var (collection, at)
                && IsCompletedCollectionSymbol(collection, at, types))
            {
                return true;
            }

            // t.IsCanceled || t.IsFaulted ? Fail(t.Exception) : Succeed(t.Result): the outcome of a finished task, copied.
            if (OutcomeCopies.AsksFaultedAndCanceledBefore(reference, variable))
            {
                return true;
            }

            // private void Forward(Task<T> attempt) => .. attempt.GetAwaiter().GetResult(), called only with completed tasks.
            if (variable is IParameterSymbol callerPassed && CompletedArguments.AllCallersPassCompleted(callerPassed, reference, types, asCollection: false))
            {
                return true;
            }

            // Task<int>? done = null; if (t.IsCompleted) done = t; ... done.Result
            return reference is ILocalReferenceOperation assigned && CompletedAssignments.HoldsOnlyCompletedTasks(assigned, types);
        }

        /// <summary>A local or parameter every task of which is known to be complete at <paramref name="at"/>.</summary>
        internal static bool IsCompletedCollection(IOperation collection, IOperation at, KnownTypes types) =>
            collection.ReferencedVariable() is { } symbol && IsCompletedCollectionSymbol(symbol, at, types);

        // A collection parameter of a private method counts when every caller passes a collection complete there
        // (ReenterAfter(Task.WhenAll(tasks), () => Notify(tasks))).
        private static bool IsCompletedCollectionSymbol(ISymbol collection, IOperation at, KnownTypes types) =>
            collection is IParameterSymbol parameter && IsContinuationAntecedent(parameter, at, types)
            || FlowFacts.IsCompletedAt(at, collection, asCollection: true, types)
            || collection is IParameterSymbol passed && CompletedArguments.AllCallersPassCompleted(passed, at, types, asCollection: true);

        /// <summary><c>var t = Task.FromResult(1);</c> or <c>var winner = await Task.WhenAny(a, b);</c>, never reassigned.</summary>
        private static bool CompletedInitializer(ILocalReferenceOperation reference, KnownTypes types)
        {
            if (LocalInitializers.Of(reference) is not { } initializer)
            {
                return false;
            }

            var completed = initializer.WalkDownConversions() is IAwaitOperation awaited
                ? BlockingWaits.IsWhenAny(awaited.Operation, types)
                : IsKnownCompleted(initializer, types) || IsWaitOnWhenAny(initializer, types);
            return completed && !VariableReferences.IsAssignedBetween(reference, reference.Local, initializer.Syntax.Span.End, reference.Syntax.SpanStart);
        }

        /// <summary>
        /// A non-virtual method in source whose task is complete when it returns: an <c>async</c> method with no await
        /// in its body, or one whose every return is <c>Task.FromResult(..)</c>, <c>Task.CompletedTask</c> and the like
        /// (sync implementations of async signatures, wrapped by sync callers).
        /// </summary>
        private static bool CompletedBySourceMethod(IMethodSymbol method)
        {
            if (!SourceBodies.RunsAsDeclared(method))
            {
                return false;
            }

            SyntaxNode? body;
            switch (method.DeclaringSyntaxReferences[0].GetSyntax())
            {
                case MethodDeclarationSyntax declaration:
                    body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody?.Expression;
                    break;
                case LocalFunctionStatementSyntax localFunction:
                    body = (SyntaxNode?)localFunction.Body ?? localFunction.ExpressionBody?.Expression;
                    break;
                default:
                    return false;
            }

            if (body is null)
            {
                return false;
            }

            if (method.IsAsync)
            {
                return !AsyncPath.Awaits(body);
            }

            if (body is ExpressionSyntax expression)
            {
                return IsCompletedTaskExpression(expression);
            }

            var returns = 0;
            foreach (var node in body.DescendantNodes(IsNotNestedFunction))
            {
                if (node is ReturnStatementSyntax @return)
                {
                    if (@return.Expression is null || !IsCompletedTaskExpression(@return.Expression))
                    {
                        return false;
                    }

                    returns++;
                }
            }

            return returns > 0;
        }

        private static bool IsNotNestedFunction(SyntaxNode node) =>
            node is not AnonymousFunctionExpressionSyntax && node is not LocalFunctionStatementSyntax;

        // Task.FromResult(x), Task.FromResult<T>(x), ValueTask.FromResult(x), Task.CompletedTask, Task.FromException(..), Task.FromCanceled(..),
        // and a ValueTask over one of them: new ValueTask<T>(Task.FromCanceled<T>(token)), new(Task.FromException<T>(e)).
        internal static bool IsCompletedTaskExpression(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            if (expression is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } creation
                && (creation is ImplicitObjectCreationExpressionSyntax || creation is ObjectCreationExpressionSyntax { Type: GenericNameSyntax { Identifier.ValueText: "ValueTask" } or IdentifierNameSyntax { Identifier.ValueText: "ValueTask" } }))
            {
                return IsCompletedTaskExpression(arguments[0].Expression);
            }

            var access = expression is InvocationExpressionSyntax invocation ? invocation.Expression as MemberAccessExpressionSyntax : expression as MemberAccessExpressionSyntax;
            if (access is null)
            {
                return false;
            }

            var typeName = access.Expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax qualified => qualified.Name.Identifier.ValueText,
                _ => null,
            };
            if (typeName != "Task" && typeName != "ValueTask")
            {
                return false;
            }

            var member = access.Name.Identifier.ValueText;
            return expression is InvocationExpressionSyntax
                ? member == "FromResult" || member == "FromException" || member == "FromCanceled"
                : member == "CompletedTask";
        }

        /// <summary><c>var winner = Task.WhenAny(a, b).Result;</c> (or <c>.GetAwaiter().GetResult()</c>): the winner is complete.</summary>
        private static bool IsWaitOnWhenAny(IOperation initializer, KnownTypes types) =>
            BlockingWaits.TryGetBlockingWait(initializer.WalkDownConversions(), types, out var wait)
            && (wait.Kind == BlockingWaitKind.Result || wait.Kind == BlockingWaitKind.GetResult)
            && BlockingWaits.IsWhenAny(wait.Tasks[0], types);

        /// <summary>
        /// <c>tasks[Task.WaitAny(tasks)]</c>, or <c>tasks[i]</c> after <c>var i = Task.WaitAny(tasks);</c> (no timeout,
        /// <c>i</c> not reassigned): the element whose completion the wait reported.
        /// </summary>
        private static bool IsWaitAnyIndexOf(IOperation index, IOperation collection, KnownTypes types)
        {
            var value = LocalInitializers.Unaliased(index);

            if (value is not IInvocationOperation { TargetMethod: { Name: "WaitAny", IsStatic: true } method } waitAny
                || !KnownTypes.Is(method.ContainingType, types.Task)
                || BlockingWaits.HasTimeout(waitAny, types)
                || collection.ReferencedVariable() is not { } collectionSymbol)
            {
                return false;
            }

            foreach (var argument in waitAny.Arguments)
            {
                if (VariableReferences.IsReferenceTo(argument.Value, collectionSymbol))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCompletedFactory(IMethodSymbol method, KnownTypes types) =>
            method.IsStatic
            && (KnownTypes.Is(method.ContainingType, types.Task) || KnownTypes.Is(method.ContainingType, types.ValueTask))
            && (method.Name == "FromResult" || method.Name == "FromException" || method.Name == "FromCanceled");

        /// <summary>
        /// <c>response.Content.ReadAsStreamAsync()</c> on a received <c>HttpResponseMessage</c>: the handler's content
        /// (buffered, a <c>StreamContent</c>, or SocketsHttpHandler's response content) hands out its stream as a completed
        /// task; the reads that follow are the stream's own. Content built by the caller is not covered.
        /// </summary>
        private static bool IsResponseContentStream(IInvocationOperation invocation, KnownTypes types) =>
            invocation.TargetMethod is { Name: "ReadAsStreamAsync" } method
            && KnownTypes.InheritsFrom(method.ContainingType, types.HttpContent)
            && invocation.Instance?.WalkDownConversions() is IPropertyReferenceOperation { Property: { Name: "Content", ContainingType: { Name: "HttpResponseMessage", ContainingNamespace.Name: "Http" } } };

        private static bool IsValueTaskSource(ITypeSymbol? type) =>
            type is not null && type.Name.StartsWith("IValueTaskSource", System.StringComparison.Ordinal);

        /// <summary>The first parameter of a lambda passed to ContinueWith / ContinueWhenAll / ContinueWhenAny / Proto.Actor's ReenterAfter.</summary>
        private static bool IsContinuationAntecedent(IParameterSymbol parameter, IOperation reference, KnownTypes types)
        {
            if (parameter.Ordinal != 0 || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambdaSymbol)
            {
                return false;
            }

            var invocation = InvocationReceivingLambda(reference, lambdaSymbol);
            if (invocation is null)
            {
                return false;
            }

            var method = invocation.TargetMethod;
            var containing = method.ContainingType?.OriginalDefinition;
            return method.Name == "ContinueWith" && types.IsTaskLike(method.ContainingType)
                || types.IsReenterAfter(method)
                || (method.Name == "ContinueWhenAll" || method.Name == "ContinueWhenAny")
                    && (KnownTypes.Is(containing, types.TaskFactory) || KnownTypes.Is(containing, types.TaskFactoryOfT));
        }

        /// <summary>
        /// <c>pair.Value</c> of a <c>KeyValuePair</c> that iterates a dictionary of tasks whose values were all awaited
        /// (<c>await Task.WhenAll(tasks.Values); tasks.ToDictionary(t => t.Key, t => t.Value.Result)</c>).
        /// </summary>
        private static bool IsValueOfCompletedPair(IPropertyReferenceOperation property, KnownTypes types) =>
            property.Property.Name == "Value"
            && property.Property.ContainingType is { Name: "KeyValuePair", ContainingNamespace.Name: "Generic" }
            && property.Instance.ReferencedLocalOrParameter() is { } pair
            && ElementOfCollection(pair, property) is var (collection, at)
            && IsCompletedCollectionSymbol(collection, at, types);

        /// <summary>The foreach loop or LINQ-style call whose collection <paramref name="variable"/> iterates.</summary>
        private static (ISymbol Collection, IOperation At)? ElementOfCollection(ISymbol variable, IOperation reference)
        {
            if (variable is ILocalSymbol)
            {
                for (var current = reference.Parent; current != null; current = current.Parent)
                {
                    if (current is IForEachLoopOperation loop
                        && loop.LoopControlVariable is IVariableDeclaratorOperation declarator
                        && KnownTypes.Is(declarator.Symbol, variable))
                    {
                        return loop.Collection.ReferencedLocalOrParameter() is { } collection ? (collection, loop) : null;
                    }
                }

                return null;
            }

            if (variable is IParameterSymbol { Ordinal: 0, ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambdaSymbol }
                && InvocationReceivingLambda(reference, lambdaSymbol) is { } invocation)
            {
                var receiver = invocation.Instance
                    ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                return ElementSource(receiver).ReferencedLocalOrParameter() is { } collection ? (collection, invocation) : null;
            }

            return null;
        }

        /// <summary>
        /// <c>tasks.Skip(2).Where(..)</c> → <c>tasks</c>: operators whose elements are elements of their source (a
        /// <c>ContinueWhenAll</c> continuation reads <c>all.Skip(2).Select(t => t.Result)</c>).
        /// </summary>
        private static IOperation? ElementSource(IOperation? sequence)
        {
            for (var depth = 0; depth < 4 && sequence?.WalkDownConversions() is IInvocationOperation
                {
                    TargetMethod: { IsExtensionMethod: true, Name: "Skip" or "Take" or "Where" or "SkipWhile" or "TakeWhile" or "OrderBy" or "OrderByDescending" or "Reverse" or "Distinct" or "ToArray" or "ToList" or "AsEnumerable" },
                    Arguments.Length: > 0,
                } call; depth++)
            {
                sequence = call.Arguments[0].Value;
            }

            return sequence;
        }

        private static IInvocationOperation? InvocationReceivingLambda(IOperation reference, IMethodSymbol lambdaSymbol)
        {
            for (var current = reference.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda && KnownTypes.Is(lambda.Symbol, lambdaSymbol))
                {
                    return lambda.PassedAsArgument()?.Parent as IInvocationOperation;
                }
            }

            return null;
        }
    }
}
