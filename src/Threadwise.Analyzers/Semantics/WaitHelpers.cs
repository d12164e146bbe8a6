using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Helpers whose job is to wait on the task they are given. A public or protected <c>Wait*</c>/<c>TryWait*</c> method
    /// that takes a task (or tasks) and blocks on that parameter, or an extension method on a task that blocks on its
    /// receiver (<c>public static T SyncResult&lt;T&gt;(this Task&lt;T&gt; task) =&gt; task.GetAwaiter().GetResult()</c>, or on its
    /// <c>WaitAsync(token)</c>), is a
    /// library's documented sync wait (with its timeout and exception unwrapping): the caller chose to block, so the wait
    /// inside is not reported. And a source helper returning
    /// <c>bool</c> that returns a timed wait on its task parameter (<c>bool TryWait(Task t) =&gt; t.Wait(timeout)</c>) proves
    /// the task complete when it returns true, like <c>t.Wait(timeout)</c> itself.
    /// </summary>
    internal static class WaitHelpers
    {
        public static bool IsWaitHelperOn(BlockingWait wait, IMethodSymbol method, KnownTypes types)
        {
            if (method.MethodKind != MethodKind.Ordinary
                || method.DeclaredAccessibility != Accessibility.Public && method.DeclaredAccessibility != Accessibility.Protected
                    && method.DeclaredAccessibility != Accessibility.ProtectedOrInternal
                || !method.IsExtensionMethod
                    && !method.Name.StartsWith("Wait", System.StringComparison.Ordinal) && !method.Name.StartsWith("TryWait", System.StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var task in wait.Tasks)
            {
                var value = BlockingWaits.StripConfigureAwait(task, types).WalkDownConversions();
                if (value is IInvocationOperation { TargetMethod.Name: "AsTask", Instance: { } valueTask })
                {
                    value = valueTask.WalkDownConversions();
                }

                // task.WaitAsync(cancellationToken).GetAwaiter().GetResult(): the same task, its wait bounded by the token or a timeout.
                if (value is IInvocationOperation { TargetMethod: { Name: "WaitAsync" } waitAsync, Instance: { } bounded }
                    && types.IsTaskLike(waitAsync.ContainingType) && types.IsTaskLike(bounded.Type))
                {
                    value = bounded.WalkDownConversions();
                }

                if (value is IParameterReferenceOperation { Parameter: { } parameter }
                    && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method)
                    && (!method.IsExtensionMethod || parameter.Ordinal == 0 || IsWaitName(method.Name))
                    && IsTaskOrTasks(parameter.Type, types))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A library's sync-over-async adapter: a method whose wait is on <c>Task.Run</c> over a delegate parameter, or over a
        /// lambda that only awaits (or returns) that delegate's task
        /// (<c>T Run&lt;T&gt;(Func&lt;Task&lt;T&gt;&gt; work) =&gt; Task.Run(async () =&gt; await work().ConfigureAwait(false)).GetAwaiter().GetResult()</c>),
        /// or on the unwrapped task of <c>StartNew</c> over the same on the thread pool
        /// (<c>_taskFactory.StartNew(task).Unwrap().GetAwaiter().GetResult()</c>, the factory made over
        /// <c>TaskScheduler.Default</c>). The method is that one statement, so its
        /// whole job is to run the caller's async work away from the caller's context and wait for it; whether to block is
        /// decided where the work is handed in. The widely copied AspNet.Identity <c>AsyncHelper.RunSync</c> counts too: it
        /// first reads the caller's cultures into locals and its lambda sets them on the worker thread before it returns the
        /// work's task. A plain wait on a task parameter is still reported (nothing there keeps the caller's context out), and
        /// so is such a wait among other work.
        /// </summary>
        public static bool IsAdapterOverParameters(BlockingWait wait, IMethodSymbol method, KnownTypes types) =>
            AdapterWork(wait, method, types) != null;

        /// <summary>The delegate parameter whose task <paramref name="method"/>'s wait runs and waits on, when it is such an adapter; otherwise null.</summary>
        public static IParameterSymbol? AdapterWork(BlockingWait wait, IMethodSymbol method, KnownTypes types)
        {
            if (method.MethodKind != MethodKind.Ordinary || wait.Tasks.Length != 1 || !IsWholeBody(wait.Operation.Syntax)
                || Started(BlockingWaits.StripConfigureAwait(wait.Tasks[0], types).WalkDownConversions(), types) is not { Arguments: { Length: > 0 } arguments })
            {
                return null;
            }

            return WorkOf(arguments[0].Value.WalkDownConversions(), types) is { } work
                && IsOwn(work, method, arguments[0].Value)
                && ReturnsAwaitable(work.Type, types)
                ? work
                : null;
        }

        // Task.Run(work), or factory.StartNew(work).Unwrap() on the thread pool: a factory whose every store is a new
        // TaskFactory over TaskScheduler.Default, or StartNew passing it. A chosen scheduler (an exclusive one, the
        // current one of Task.Factory) may be the waiting thread's own, so a wait for work started there stays reported.
        private static IInvocationOperation? Started(IOperation task, KnownTypes types)
        {
            if (task is IInvocationOperation { TargetMethod: { Name: "Run", ContainingType: var type } } run && KnownTypes.Is(type, types.Task))
            {
                return run;
            }

            return task is IInvocationOperation { TargetMethod: { Name: "Unwrap", IsExtensionMethod: true }, Arguments: { Length: 1 } unwrapped }
                && unwrapped[0].Value.WalkDownConversions() is IInvocationOperation { TargetMethod: { Name: "StartNew", ContainingType: var factory } } startNew
                && (KnownTypes.Is(factory, types.TaskFactory) || KnownTypes.Is(factory.OriginalDefinition, types.TaskFactoryOfT))
                && (Offloading.PassesDefaultScheduler(startNew, types) ?? IsDefaultSchedulerFactory(startNew.Instance, types))
                ? startNew
                : null;
        }

        // _factory, a private field only ever given new TaskFactory(.., TaskScheduler.Default).
        private static bool IsDefaultSchedulerFactory(IOperation? factory, KnownTypes types) =>
            factory?.WalkDownConversions() is IFieldReferenceOperation { Field: { DeclaredAccessibility: Accessibility.Private } field } reference
            && reference.SemanticModel is { } model
            && FieldStores.HoldsOnly(field, model, lazyStores: false, value =>
                value.WalkDownConversions() is IObjectCreationOperation creation
                && KnownTypes.Is(creation.Type, types.TaskFactory)
                && Offloading.PassesDefaultScheduler(creation.Arguments, types) == true);

        // => wait; or { return wait; } / { wait; }, after locals that only read the caller's state (AsyncHelper's cultures).
        private static bool IsWholeBody(SyntaxNode wait)
        {
            for (var node = wait.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax }:
                        return true;
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case MemberDeclarationSyntax:
                        return false;
                    case StatementSyntax statement:
                        return statement.Parent is BlockSyntax { Parent: MethodDeclarationSyntax } block && OnlyReadsBefore(block, statement);
                }
            }

            return false;
        }

        // Every statement before the last is a local declaration whose initializers only read members (no call, no object made).
        private static bool OnlyReadsBefore(BlockSyntax block, StatementSyntax last)
        {
            var statements = block.Statements;
            if (statements.Count == 0 || statements[statements.Count - 1] != last)
            {
                return false;
            }

            for (var i = 0; i < statements.Count - 1; i++)
            {
                if (statements[i] is not LocalDeclarationStatementSyntax declaration)
                {
                    return false;
                }

                foreach (var declarator in declaration.Declaration.Variables)
                {
                    if (declarator.Initializer?.Value is not { } value
                        || value is not (MemberAccessExpressionSyntax or IdentifierNameSyntax)
                        || value.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        // Task.Run(work), Task.Run(() => work()), Task.Run(async () => await work(default).ConfigureAwait(false)): the parameter.
        private static IParameterSymbol? WorkOf(IOperation work, KnownTypes types)
        {
            if (work is IParameterReferenceOperation { Parameter: var parameter })
            {
                return parameter;
            }

            if (work is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
            {
                return null;
            }

            var only = lambda.OnlyExpression() ?? ReturnedAfterCultures(lambda.Body, types);
            if (only?.WalkDownConversions() is IAwaitOperation { Operation: var awaited })
            {
                only = awaited;
            }

            return only != null
                && BlockingWaits.StripConfigureAwait(only, types).WalkDownConversions() is IInvocationOperation
                {
                    TargetMethod.MethodKind: MethodKind.DelegateInvoke,
                    Instance: { } target,
                }
                && target.WalkDownConversions() is IParameterReferenceOperation { Parameter: var delegateParameter }
                ? delegateParameter
                : null;
        }

        // { Thread.CurrentThread.CurrentCulture = culture; ..; return work(); }: the returned value.
        private static IOperation? ReturnedAfterCultures(IBlockOperation body, KnownTypes types)
        {
            var statements = body.Operations;
            if (statements.Length < 2 || statements[statements.Length - 1] is not IReturnOperation { ReturnedValue: { } returned })
            {
                return null;
            }

            for (var i = 0; i < statements.Length - 1; i++)
            {
                if (statements[i] is not IExpressionStatementOperation
                    {
                        Operation: ISimpleAssignmentOperation
                        {
                            Target: IPropertyReferenceOperation { Property.Name: "CurrentCulture" or "CurrentUICulture", Instance: IPropertyReferenceOperation { Property: { Name: "CurrentThread", IsStatic: true } current } },
                            Value: ILocalReferenceOperation or IParameterReferenceOperation,
                        },
                    }
                    || !KnownTypes.Is(current.ContainingType, types.Thread))
                {
                    return null;
                }
            }

            return returned;
        }

        /// <summary>A delegate type whose invocation returns a task (<c>Func&lt;Task&lt;T&gt;&gt;</c>, <c>Func&lt;CancellationToken, ValueTask&gt;</c>): async work, not <c>Func&lt;int&gt;</c>.</summary>
        public static bool ReturnsAwaitable(ITypeSymbol type, KnownTypes types) =>
            type is INamedTypeSymbol { DelegateInvokeMethod.ReturnType: var returned } && types.IsTaskLike(returned);

        // A parameter of the adapter itself that its body never replaces.
        private static bool IsOwn(IParameterSymbol parameter, IMethodSymbol method, IOperation anywhereInMethod) =>
            SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method)
            && !VariableReferences.IsAssignedBetween(anywhereInMethod, parameter, 0, int.MaxValue);

        private static bool IsWaitName(string name) =>
            name.StartsWith("Wait", System.StringComparison.Ordinal) || name.StartsWith("TryWait", System.StringComparison.Ordinal);

        /// <summary>
        /// <c>if (!TryWait(t)) Throw(); ... t.Result</c>: <paramref name="invocation"/> calls a source method returning bool
        /// whose every return is a timed wait (or a completion check) on the parameter that receives <paramref name="task"/>.
        /// Read from syntax: the helper's own body.
        /// </summary>
        public static bool IsTryWaitOn(IInvocationOperation invocation, ISymbol task, KnownTypes types)
        {
            var method = invocation.TargetMethod.OriginalDefinition;
            if (method.ReturnType.SpecialType != SpecialType.System_Boolean
                || method.IsVirtual || method.IsAbstract
                || method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { RefKind: RefKind.None } parameter
                    && types.IsTaskLike(parameter.Type)
                    && VariableReferences.IsReferenceTo(argument.Value, task)
                    && ReturnsOnlyWaitsOn(declaration, parameter.Name))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ReturnsOnlyWaitsOn(MethodDeclarationSyntax declaration, string parameter)
        {
            if (declaration.ExpressionBody is { } arrow)
            {
                return ImpliesCompletion(arrow.Expression, parameter);
            }

            if (declaration.Body is null)
            {
                return false;
            }

            var returns = 0;
            foreach (var node in declaration.Body.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax && n is not LocalFunctionStatementSyntax))
            {
                if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax assigned } && assigned.Identifier.ValueText == parameter)
                {
                    return false;
                }

                if (node is ReturnStatementSyntax @return)
                {
                    if (@return.Expression is null
                        || !@return.Expression.IsKind(SyntaxKind.FalseLiteralExpression) && !ImpliesCompletion(@return.Expression, parameter)
                            && !(@return.Expression.IsKind(SyntaxKind.TrueLiteralExpression) && UnderCompletionCheck(@return, parameter)))
                    {
                        return false;
                    }

                    returns++;
                }
            }

            return returns > 0;
        }

        // if (t.IsCompleted) return true;
        private static bool UnderCompletionCheck(ReturnStatementSyntax @return, string parameter)
        {
            SyntaxNode node = @return;
            if (node.Parent is BlockSyntax { Statements.Count: 1 } block)
            {
                node = block;
            }

            return node.Parent is IfStatementSyntax @if && @if.Statement == node && ImpliesCompletion(@if.Condition, parameter);
        }

        // t.Wait(timeout), t.IsCompleted, a || b (both), a && b (either), parentheses.
        private static bool ImpliesCompletion(ExpressionSyntax expression, string parameter)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return ImpliesCompletion(parenthesized.Expression, parameter);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalOrExpression):
                    return ImpliesCompletion(binary.Left, parameter) && ImpliesCompletion(binary.Right, parameter);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression):
                    return ImpliesCompletion(binary.Left, parameter) || ImpliesCompletion(binary.Right, parameter);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait", Expression: IdentifierNameSyntax target } } wait:
                    return target.Identifier.ValueText == parameter && wait.ArgumentList.Arguments.Count > 0;
                case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: var property }:
                    return target.Identifier.ValueText == parameter
                        && (property == "IsCompleted" || property == "IsCompletedSuccessfully" || property == "IsFaulted" || property == "IsCanceled");
                default:
                    return false;
            }
        }

        private static bool IsTaskOrTasks(ITypeSymbol type, KnownTypes types) =>
            types.IsTaskLike(type)
            || type is IArrayTypeSymbol { ElementType: { } element } && types.IsTaskLike(element)
            || type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } collection
                && types.IsTaskLike(collection.TypeArguments[0])
                && !types.IsTaskLike(collection);
    }
}
