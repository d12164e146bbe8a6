using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Questions about moving work to the thread pool (TW102, TW104, TW202, TW204, TW206): is this code already running in a
    /// thread-pool delegate, is this call <c>Task.Run</c>, and can this expression be moved into <c>() => expression</c>
    /// without changing what compiles.
    /// </summary>
    internal static class Offloading
    {
        /// <summary><c>Task.Run</c>, any overload.</summary>
        public static bool IsTaskRun(IMethodSymbol method, KnownTypes types) =>
            method.Name == "Run" && method.IsStatic && KnownTypes.Is(method.ContainingType, types.Task);

        /// <summary><c>Task.Run</c> or <c>Task.Factory.StartNew</c> (also on a <c>TaskFactory&lt;T&gt;</c>): a start of thread-pool work.</summary>
        public static bool IsPoolStart(IMethodSymbol method, KnownTypes types) =>
            IsTaskRun(method, types)
            || method.Name == "StartNew" && (KnownTypes.Is(method.ContainingType, types.TaskFactory) || KnownTypes.Is(method.ContainingType?.OriginalDefinition, types.TaskFactoryOfT));

        /// <summary>
        /// A non-async source method whose body is one pool start (<c>static Task Run(Action action) =&gt; Task.Run(action)</c>,
        /// a library's <c>TaskEx.Run</c> kept for older targets): a start of thread-pool work under another name.
        /// </summary>
        public static bool IsPoolStartWrapper(IMethodSymbol method, KnownTypes types, Compilation compilation) =>
            method.MethodKind == MethodKind.Ordinary && !method.IsAsync && !method.DeclaringSyntaxReferences.IsEmpty
            && SourceBodies.OfMethod(method.OriginalDefinition, compilation) is IMethodBodyOperation body
            && body.OnlyExpression()?.WalkDownConversions() is IInvocationOperation start
            && IsPoolStart(start.TargetMethod, types);

        /// <summary>
        /// The scheduler a start passes explicitly: true for <c>TaskScheduler.Default</c>, false for any other (an exclusive
        /// or UI scheduler), null when it passes none (<c>Task.Run</c>, or <c>StartNew</c> on its factory's scheduler).
        /// </summary>
        public static bool? PassesDefaultScheduler(IInvocationOperation start, KnownTypes types) => PassesDefaultScheduler(start.Arguments, types);

        /// <summary>The same for any arguments: a start's, or a <c>new TaskFactory(..)</c>'s.</summary>
        public static bool? PassesDefaultScheduler(ImmutableArray<IArgumentOperation> arguments, KnownTypes types)
        {
            foreach (var argument in arguments)
            {
                if (KnownTypes.Is(argument.Parameter?.Type, types.TaskScheduler))
                {
                    return argument.Value.WalkDownConversions() is IPropertyReferenceOperation { Property: { Name: "Default", IsStatic: true } property }
                        && KnownTypes.Is(property.ContainingType, types.TaskScheduler);
                }
            }

            return null;
        }

        /// <summary>
        /// True when some lambda or anonymous method around <paramref name="operation"/> is the delegate of
        /// <c>Task.Run</c>, <c>Task.Factory.StartNew</c> or a <c>Parallel</c> method: that code already runs on the
        /// thread pool, whether or not the lambda is async.
        /// </summary>
        public static bool IsInsideThreadPoolDelegate(IOperation operation, KnownTypes types)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is not IAnonymousFunctionOperation lambda)
                {
                    continue;
                }

                var invocation = InvocationTakingDelegate(lambda);
                if (invocation is null)
                {
                    continue;
                }

                var method = invocation.TargetMethod;
                if (IsPoolStart(method, types) || KnownTypes.Is(method.ContainingType?.OriginalDefinition, types.Parallel))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when <paramref name="operation"/> is in an async lambda that never awaits and is the delegate of <c>Task.Run</c>
        /// or <c>Task.Factory.StartNew</c>: <c>Task.Run(async () => { Refresh(); })</c> runs exactly as
        /// <c>Task.Run(() => Refresh())</c>, synchronously, on the pool thread the start took for it (FusionCache's eager refresh
        /// with a caller's synchronous factory). Its <c>async</c> adds a task wrapper, not an async path.
        /// </summary>
        public static bool IsInAwaitlessPoolWorkItem(IOperation operation, KnownTypes types) =>
            AsyncPath.EnclosingFunction(operation) is IAnonymousFunctionOperation { Symbol.IsAsync: true } lambda
            && InvocationTakingDelegate(lambda) is { } start
            && IsPoolStart(start.TargetMethod, types)
            && !AsyncPath.Awaits(lambda.Syntax);

        /// <summary>The invocation that receives this lambda as an argument (through its delegate conversion), or null.</summary>
        public static IInvocationOperation? InvocationTakingDelegate(IAnonymousFunctionOperation lambda) =>
            lambda.PassedAsArgument()?.Parent as IInvocationOperation;

        /// <summary>
        /// Whether <paramref name="expression"/> can become the body of a non-async lambda <c>() => expression</c> at its
        /// place: it contains no <c>await</c> and no <c>out var</c>/pattern declarations outside nested functions, and reads no
        /// <c>ref</c>/<c>out</c>/<c>in</c> parameter, <c>ref</c> local, ref struct (<c>Span&lt;T&gt;</c>) value or <c>this</c> of a
        /// struct, none of which a lambda can capture; and its value is not a ref struct or a by-ref return.
        /// </summary>
        public static bool CanMoveIntoLambda(IOperation expression)
        {
            if (expression.Type is { IsRefLikeType: true }
                || expression is IInvocationOperation { TargetMethod.ReturnsByRef: true }
                || expression is IInvocationOperation { TargetMethod.ReturnsByRefReadonly: true })
            {
                return false;
            }

            return CanMove(expression, insideNestedFunction: false);
        }

        private static bool CanMove(IOperation operation, bool insideNestedFunction)
        {
            switch (operation)
            {
                case IAwaitOperation when !insideNestedFunction:
                case IDeclarationExpressionOperation when !insideNestedFunction:
                case IDeclarationPatternOperation when !insideNestedFunction:
                case IRecursivePatternOperation { DeclaredSymbol: not null } when !insideNestedFunction:
                case IInvalidOperation:
                    return false;
                // A lambda cannot capture these: where the code compiles, any such reference inside a nested function is
                // to that function's own local or parameter.
                case ILocalReferenceOperation local when local.Local.RefKind != RefKind.None || local.Local.Type.IsRefLikeType:
                    return insideNestedFunction;
                case IParameterReferenceOperation parameter when parameter.Parameter.RefKind != RefKind.None || parameter.Parameter.Type.IsRefLikeType:
                    return insideNestedFunction;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance, Type.IsValueType: true }:
                    return false;
            }

            var nested = insideNestedFunction || operation.IsFunctionBoundary();
            foreach (var child in operation.ChildOperations)
            {
                if (!CanMove(child, nested))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
