using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A call of a source helper whose task is its callback's: every value the helper returns is a completed task, a call
    /// of its one task-returning delegate parameter, or <c>Task.WhenAll</c> over a local array that only such calls fill
    /// (MassTransit's <c>Connectable&lt;T&gt;.ForEachAsync(callback)</c> over its connected observers). Handed a lambda
    /// that is not async and returns only completed tasks (<c>x =&gt; { x.OnNext(value); return Task.CompletedTask; }</c>),
    /// the call's task is complete when the call returns: a callback that throws throws out of the call itself. An async
    /// lambda's failure would fault the task instead, so it does not count.
    /// </summary>
    internal static class CallbackCompletion
    {
        // Per helper: the delegate parameter whose calls make up every returned task, or null.
        private static readonly ConditionalWeakTable<IMethodSymbol, StrongBox<IParameterSymbol?>> Helpers =
            new ConditionalWeakTable<IMethodSymbol, StrongBox<IParameterSymbol?>>();

        public static bool CompletesWithCompletedCallback(IInvocationOperation invocation, KnownTypes types)
        {
            var method = invocation.TargetMethod.OriginalDefinition;
            if (method.IsAsync || !types.IsTaskLike(method.ReturnType) || !SourceBodies.RunsAsDeclared(method)
                || CallbackArgument(invocation, types) is not { } lambda
                || !lambda.Body.EveryReturnedValue(returned => TaskFacts.IsKnownCompleted(returned, types))
                || invocation.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            var callback = Helpers.GetValue(method, m => new StrongBox<IParameterSymbol?>(ReturnsOnlyCallbackTasks(m, compilation, types))).Value;
            return callback != null && IsArgumentFor(lambda, callback);
        }

        // The call's only argument that is a lambda given for a task-returning delegate parameter, if it is not async.
        private static IAnonymousFunctionOperation? CallbackArgument(IInvocationOperation invocation, KnownTypes types)
        {
            IAnonymousFunctionOperation? found = null;
            foreach (var argument in invocation.Arguments)
            {
                if (!ReturnsTask(argument.Parameter?.Type, types))
                {
                    continue;
                }

                if (found != null || argument.Value.WalkDownConversions() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.IsAsync: false } lambda })
                {
                    return null;
                }

                found = lambda;
            }

            return found;
        }

        private static bool IsArgumentFor(IAnonymousFunctionOperation lambda, IParameterSymbol callback) =>
            lambda.PassedAsArgument() is { Parameter: { } parameter } && SymbolEqualityComparer.Default.Equals(parameter.OriginalDefinition, callback);

        private static bool ReturnsTask(ITypeSymbol? type, KnownTypes types) =>
            type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke } && types.IsTaskLike(invoke.ReturnType);

        private static IParameterSymbol? ReturnsOnlyCallbackTasks(IMethodSymbol method, Compilation compilation, KnownTypes types)
        {
            IParameterSymbol? callback = null;
            foreach (var parameter in method.Parameters)
            {
                if (ReturnsTask(parameter.Type, types))
                {
                    if (callback != null)
                    {
                        return null;
                    }

                    callback = parameter;
                }
            }

            if (callback is null || SourceBodies.OfMethod(method, compilation) is not { } body)
            {
                return null;
            }

            return body.EveryReturnedValue(returned => IsCallbackTask(returned, callback, body, types)) ? callback : null;
        }

        private static bool IsCallbackTask(IOperation returned, IParameterSymbol callback, IOperation body, KnownTypes types)
        {
            var value = returned.WalkDownConversions();
            if (value.Syntax is ExpressionSyntax expression && TaskFacts.IsCompletedTaskExpression(expression) || IsCallbackCall(value, callback))
            {
                return true;
            }

            // Task.WhenAll(tasks) where every element written into the local array 'tasks' is a callback call.
            return value is IInvocationOperation { TargetMethod: { Name: "WhenAll", IsStatic: true } whenAll, Arguments.Length: 1 } call
                && KnownTypes.Is(whenAll.ContainingType, types.Task)
                && call.Arguments[0].Value.WalkDownConversions() is ILocalReferenceOperation { Local: var array }
                && array.Type is IArrayTypeSymbol
                && OnlyCallbackElements(array, callback, body);
        }

        // callback(x) or callback.Invoke(x)
        private static bool IsCallbackCall(IOperation value, IParameterSymbol callback) =>
            value is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: { } target }
            && target.WalkDownConversions() is IParameterReferenceOperation { Parameter: var parameter }
            && SymbolEqualityComparer.Default.Equals(parameter, callback);

        private static bool IsElementLengthOrWhenAll(ILocalReferenceOperation reference) =>
            reference.ParentPastConversions() switch
            {
                IArrayElementReferenceOperation => true,
                IPropertyReferenceOperation { Property.Name: "Length" } => true,
                IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "WhenAll" } } => true,
                _ => false,
            };

        // The array is created empty (new Task[n]), and used only to assign its elements, each a callback call, to read
        // them and its Length, and to pass it to WhenAll.
        private static bool OnlyCallbackElements(ILocalSymbol array, IParameterSymbol callback, IOperation body)
        {
            var created = false;
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, array):
                        if (declarator.Initializer?.Value.WalkDownConversions() is not IArrayCreationOperation { Initializer: null })
                        {
                            return false;
                        }

                        created = true;
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } when SymbolEqualityComparer.Default.Equals(local.Local, array):
                        return false;
                    case ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation element } } assignment
                        when SymbolEqualityComparer.Default.Equals(element.Local, array):
                        if (!IsCallbackCall(assignment.Value.WalkDownConversions(), callback))
                        {
                            return false;
                        }

                        break;
                    // Any other use than an element, its Length or the WhenAll argument could fill it (Fill(tasks)).
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, array)
                        && !IsElementLengthOrWhenAll(reference):
                        return false;
                }
            }

            return created;
        }
    }
}
