using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Layer 1 of the task semantics (the bottom; depends on nothing above it): recognising waits on tasks — a blocking
    /// wait and the tasks it waits on, <c>ConfigureAwait</c>, <c>WhenAll</c>/<c>WhenAny</c>, timeouts. Layers above:
    /// <see cref="VariableReferences"/>, <see cref="Guards"/>, <see cref="FlowFacts"/>, <see cref="TaskFacts"/>, <see cref="BlockingCalls"/>.
    /// </summary>
    internal static class BlockingWaits
    {
        /// <summary>
        /// Recognises <c>t.Result</c>, <c>t.Wait(..)</c>, <c>t.GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c> and
        /// <c>Task.WaitAny</c> on Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt;. A wait with a zero timeout
        /// only polls, so it is not blocking.
        /// </summary>
        public static bool TryGetBlockingWait(IOperation operation, KnownTypes types, out BlockingWait wait)
        {
            return TryGetBlockingWaitOperation(operation, types, out wait) && !IsNeverExecuted(operation);
        }

        /// <summary>
        /// Code that is never run: the argument of <c>nameof</c>, and the body of a lambda converted to an expression tree
        /// (<c>Expression&lt;Func&lt;int&gt;&gt; e = () =&gt; t.Result</c>: a query provider or a mocking library reads it).
        /// </summary>
        private static bool IsNeverExecuted(IOperation operation)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is INameOfOperation)
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation { Parent: { } parent } && IsExpressionTree(parent.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsExpressionTree(ITypeSymbol? type)
        {
            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                if (current.Name == "LambdaExpression" && current.ContainingNamespace?.Name == "Expressions")
                {
                    return true;
                }
            }

            return false;
        }

        private static bool TryGetBlockingWaitOperation(IOperation operation, KnownTypes types, out BlockingWait wait)
        {
            wait = default;
            switch (operation)
            {
                case IPropertyReferenceOperation { Instance: { } instance } property
                    when property.Property.Name == "Result" && types.IsTaskLike(property.Property.ContainingType):
                    wait = new BlockingWait(BlockingWaitKind.Result, operation, ImmutableArray.Create(instance));
                    return true;

                case IInvocationOperation invocation:
                    return TryGetBlockingWaitInvocation(invocation, types, out wait);

                default:
                    return false;
            }
        }

        private static bool TryGetBlockingWaitInvocation(IInvocationOperation invocation, KnownTypes types, out BlockingWait wait)
        {
            wait = default;
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Wait" when invocation.Instance is { } instance && types.IsTaskLike(method.ContainingType):
                    if (HasZeroTimeout(invocation, types))
                    {
                        return false;
                    }

                    wait = new BlockingWait(BlockingWaitKind.Wait, invocation, ImmutableArray.Create(instance));
                    return true;

                case "GetResult" when invocation.Instance?.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter
                    && getAwaiter.Instance is { } awaited
                    && (types.IsTaskLike(getAwaiter.TargetMethod.ContainingType) || types.IsConfiguredAwaitable(getAwaiter.TargetMethod.ContainingType)):
                    wait = new BlockingWait(BlockingWaitKind.GetResult, invocation, ImmutableArray.Create(StripConfigureAwait(awaited, types)));
                    return true;

                case "WaitAll" when method.IsStatic && KnownTypes.Is(method.ContainingType, types.Task):
                case "WaitAny" when method.IsStatic && KnownTypes.Is(method.ContainingType, types.Task):
                    if (HasZeroTimeout(invocation, types))
                    {
                        return false;
                    }

                    var kind = method.Name == "WaitAll" ? BlockingWaitKind.WaitAll : BlockingWaitKind.WaitAny;
                    wait = new BlockingWait(kind, invocation, TaskArguments(invocation, types));
                    return true;

                default:
                    return false;
            }
        }

        /// <summary>
        /// <c>t.ConfigureAwait(x)</c> → <c>t</c>: the task whose completion is being waited for. Also through a library's
        /// own spelling of it, an extension method on a task that returns a configured awaitable (Foundatio's
        /// <c>t.AnyContext()</c>, StackExchange.Redis's <c>t.ForAwait()</c>).
        /// </summary>
        public static IOperation StripConfigureAwait(IOperation operation, KnownTypes types)
        {
            var unwrapped = operation.WalkDownConversions();
            if (unwrapped is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } task } configure
                && types.IsTaskLike(configure.TargetMethod.ContainingType))
            {
                return task;
            }

            if (unwrapped is IInvocationOperation { TargetMethod: { IsExtensionMethod: true } wrapper, Arguments: { Length: 1 } arguments }
                && types.IsConfiguredAwaitable(wrapper.ReturnType)
                && types.IsTaskLike(arguments[0].Value.WalkDownConversions().Type))
            {
                return arguments[0].Value.WalkDownConversions();
            }

            return operation;
        }

        /// <summary>
        /// The task operands of WaitAll/WaitAny/WhenAll/WhenAny: each element of a <c>params</c> array, array creation
        /// or collection expression; otherwise the collection argument itself.
        /// </summary>
        public static ImmutableArray<IOperation> TaskArguments(IInvocationOperation invocation, KnownTypes types)
        {
            var builder = ImmutableArray.CreateBuilder<IOperation>();
            foreach (var argument in invocation.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (KnownTypes.Is(type, types.CancellationToken) || type?.SpecialType == SpecialType.System_Int32 || KnownTypes.Is(type, types.TimeSpan))
                {
                    continue;
                }

                var value = argument.Value.WalkDownConversions();
                var elements = CollectionElements(value);
                if (elements.IsDefault)
                {
                    builder.Add(value);
                }
                else
                {
                    foreach (var element in elements)
                    {
                        builder.Add(element.WalkDownConversions());
                    }
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>The elements of an array creation, collection expression or collection initializer; default otherwise.</summary>
        public static ImmutableArray<IOperation> CollectionElements(IOperation collection)
        {
            switch (collection.WalkDownConversions())
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    return initializer.ElementValues;
                case ICollectionExpressionOperation expression:
                    return expression.Elements;
                case IObjectCreationOperation { Initializer: { } initializer }:
                    var builder = ImmutableArray.CreateBuilder<IOperation>();
                    foreach (var add in initializer.Initializers)
                    {
                        if (add is IInvocationOperation { Arguments.Length: 1 } addCall)
                        {
                            builder.Add(addCall.Arguments[0].Value);
                        }
                    }

                    return builder.ToImmutable();
                default:
                    return default;
            }
        }

        /// <summary>A timeout argument (an <c>int</c> of milliseconds or a <c>TimeSpan</c>): the wait may end before the task does.</summary>
        public static bool HasTimeout(IInvocationOperation invocation, KnownTypes types)
        {
            foreach (var argument in invocation.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (argument.ArgumentKind != ArgumentKind.DefaultValue
                    && (type?.SpecialType == SpecialType.System_Int32 || KnownTypes.Is(type, types.TimeSpan)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The argument a task's <c>Wait</c>, or <c>Task.WaitAll</c>/<c>Task.WaitAny</c>, takes as its timeout (its one
        /// <c>int</c> or <c>TimeSpan</c> parameter), or null: for another kind of wait, or an overload without one.
        /// </summary>
        public static IArgumentOperation? TimeoutArgument(BlockingWait wait, KnownTypes types)
        {
            if (wait.Kind is not (BlockingWaitKind.Wait or BlockingWaitKind.WaitAll or BlockingWaitKind.WaitAny)
                || wait.Operation is not IInvocationOperation invocation)
            {
                return null;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter
                    && (parameter.Type.SpecialType == SpecialType.System_Int32 || KnownTypes.Is(parameter.Type, types.TimeSpan)))
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>A timeout argument of constant 0 or <c>TimeSpan.Zero</c>: the call polls and returns at once.</summary>
        public static bool HasZeroTimeout(IInvocationOperation invocation, KnownTypes types)
        {
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value.WalkDownConversions();
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_Int32
                    && value.ConstantValue is { HasValue: true, Value: 0 })
                {
                    return true;
                }

                if (KnownTypes.Is(argument.Parameter?.Type, types.TimeSpan)
                    && value is IFieldReferenceOperation { Field.Name: "Zero" } field
                    && KnownTypes.Is(field.Field.ContainingType, types.TimeSpan))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsWhenAny(IOperation operation, KnownTypes types) =>
            StripConfigureAwait(operation, types).WalkDownConversions() is IInvocationOperation { TargetMethod: { Name: "WhenAny", IsStatic: true } method }
            && KnownTypes.Is(method.ContainingType, types.Task);

        internal static bool IsWhenAll(IInvocationOperation invocation, KnownTypes types) =>
            invocation.TargetMethod is { Name: "WhenAll", IsStatic: true } method && KnownTypes.Is(method.ContainingType, types.Task);
    }
}
