using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A task read through a chain of properties and fields (<c>StartCompletionSource.Task</c>, <c>_value.Task</c>) under
    /// a completion test of the same chain: <c>Source.Task.IsCompleted ? Source.Task.Result : null</c>,
    /// <c>CallTask.IsCompletedSuccessfully() ? CallTask.Result : fallback</c> (an extension of that name),
    /// <c>if (Source.Task.IsCompletedSuccessfully) return Source.Task.Result;</c>, <c>x.Task.IsCompleted &amp;&amp; x.Task.Result</c>
    /// (puppeteer-sharp's launcher end point), after an early exit (<c>if (!ready || !x.Task.IsCompleted) throw ..;</c>). <see cref="Guards"/> reads tests of variables; a chain has no symbol of its
    /// own, so the two chains are compared link by link: the same property or field, no arguments, down to the same variable
    /// or <c>this</c>. A chain with a call in it is never the same twice. The test may compare the chain's <c>Status</c>
    /// with a final status, or be a property of <c>this</c> that only says so (<c>if (HasValue) .. _value.Task.Result</c>
    /// where <c>bool HasValue =&gt; _value.Task.Status == TaskStatus.RanToCompletion</c>, MassTransit's cache value): its
    /// getter, a single expression in source that no derived type can replace, is read in the property's place.
    /// </summary>
    internal static class GuardedChains
    {
        public static bool IsGuarded(IOperation task, KnownTypes types)
        {
            if (!IsChain(task))
            {
                return false;
            }

            var child = task;
            for (var parent = task.Parent; parent != null && !parent.IsFunctionBoundary(); child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when child == conditional.WhenTrue && Tests(conditional.Condition, task, true, types)
                        || child == conditional.WhenFalse && Tests(conditional.Condition, task, false, types):
                        return true;

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction
                        when child == conjunction.RightOperand && Tests(conjunction.LeftOperand, task, true, types):
                        return true;

                    case IBlockOperation block when IsPastEarlyExit(block, child, task, types):
                        return true;
                }
            }

            return false;
        }

        // if (!created || !_lazy.Value.IsCompleted) throw new InvalidOperationException(..); return _lazy.Value.Result;
        // (AsyncEx's AsyncLazy debugger view): an earlier statement of the block leaves unless the chain's task is complete,
        // and nothing assigns a link of the chain between that test and the read.
        private static bool IsPastEarlyExit(IBlockOperation block, IOperation statement, IOperation task, KnownTypes types)
        {
            foreach (var earlier in block.Operations)
            {
                if (earlier == statement)
                {
                    return false;
                }

                if (earlier is IConditionalOperation { WhenFalse: null } exit && FlowFacts.AlwaysExits(exit.WhenTrue)
                    && Tests(exit.Condition, task, false, types)
                    && !IsChainAssignedBetween(task, exit.Syntax.Span.End, task.Syntax.SpanStart))
                {
                    return true;
                }
            }

            return false;
        }

        // Does the condition being whenValue say the chain's task is complete? Depth bounds the properties read in between.
        private static bool Tests(IOperation condition, IOperation task, bool whenValue, KnownTypes types, int depth = 0)
        {
            switch (condition.WalkDownConversions())
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Tests(not.Operand, task, !whenValue, types, depth);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when whenValue:
                    return Tests(conjunction.LeftOperand, task, true, types, depth) || Tests(conjunction.RightOperand, task, true, types, depth);

                // !created || !x.Task.IsCompleted being false: both sides are false.
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction when !whenValue:
                    return Tests(disjunction.LeftOperand, task, false, types, depth) || Tests(disjunction.RightOperand, task, false, types, depth);

                // a?.Task.IsCompleted == true: the test of the bool, or of the bool? that a conditional access gives.
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                    when BoolConstant(comparison.RightOperand) is { } constant:
                    return Tests(comparison.LeftOperand, task, whenValue == (constant == (comparison.OperatorKind == BinaryOperatorKind.Equals)), types, depth);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                    when whenValue == (comparison.OperatorKind == BinaryOperatorKind.Equals):
                    return IsFinalStatusOf(comparison.LeftOperand, comparison.RightOperand, task, types)
                        || IsFinalStatusOf(comparison.RightOperand, comparison.LeftOperand, task, types)
                        || IsWaitAnyIndexOf(comparison.LeftOperand, comparison.RightOperand, task, types)
                        || IsWaitAnyIndexOf(comparison.RightOperand, comparison.LeftOperand, task, types);

                case IConditionalAccessOperation access when whenValue:
                    return Tests(access.WhenNotNull, task, true, types, depth);

                // var tried = request?.Consumption.IsCompleted == true; .. if (tried) .. request!.Consumption.Result (YARP's
                // forwarder): a bool local declared with such a test, neither it nor the chain assigned before the read.
                case ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } copy when depth < 2
                    && LocalInitializers.Unaliased(copy) is { } initializer && initializer != copy.WalkDownConversions():
                    return !IsChainAssignedBetween(task, initializer.Syntax.Span.End, task.Syntax.SpanStart)
                        && Tests(initializer, task, whenValue, types, depth + 1);

                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully", Instance: { } instance } property
                    when whenValue && types.IsTaskLike(property.Property.ContainingType):
                    return SameChain(instance, task);

                // CallTask.IsCompletedSuccessfully(): a library's own extension for targets without the property (grpc-dotnet's
                // compatibility helper), as Guards reads it for variables.
                case IInvocationOperation extension when whenValue && Guards.CompletionExtensionTarget(extension, types) is { } tested:
                    return SameChain(tested, task);

                case IPropertyReferenceOperation { Instance: IInstanceReferenceOperation, Arguments.IsEmpty: true } own when depth < 2:
                    return GetterExpression(own.Property, condition.SemanticModel?.Compilation) is { } getter
                        && Tests(getter, task, whenValue, types, depth + 1);

                default:
                    return false;
            }
        }

        // Task.WaitAny([tcs.Task, _shutdown.Task], timeout) == 0 (OpenTelemetry's MetricReader.Collect).
        private static bool IsWaitAnyIndexOf(IOperation side, IOperation other, IOperation task, KnownTypes types) =>
            other.WalkDownConversions().ConstantValue is { HasValue: true, Value: int index }
            && Guards.TaskAtWaitAnyIndex(side, index, types) is { } finished
            && SameChain(finished, task);

        private static bool? BoolConstant(IOperation operation) =>
            operation.WalkDownConversions().ConstantValue is { HasValue: true, Value: bool value } ? value : null;

        // Is the chain's variable, or a field or property on its way, assigned between the two positions?
        private static bool IsChainAssignedBetween(IOperation chain, int start, int end)
        {
            var links = new System.Collections.Generic.List<ISymbol>();
            var link = chain.WalkDownConversions();
            while (true)
            {
                if (link is IPropertyReferenceOperation { Instance: { } owner } property)
                {
                    links.Add(property.Property);
                    link = owner.WalkDownConversions();
                }
                else if (link is IFieldReferenceOperation { Instance: { } holder } field)
                {
                    links.Add(field.Field);
                    link = holder.WalkDownConversions();
                }
                else
                {
                    if (link.ReferencedVariable() is { } variable)
                    {
                        links.Add(variable);
                    }

                    break;
                }
            }

            foreach (var operation in chain.Root().Descendants())
            {
                if (operation is IAssignmentOperation assignment && assignment.Syntax.SpanStart >= start && assignment.Syntax.SpanStart < end
                    && (assignment.Target.WalkDownConversions() switch
                    {
                        IPropertyReferenceOperation property => property.Property,
                        IFieldReferenceOperation field => field.Field,
                        var other => other.ReferencedVariable(),
                    }) is { } target
                    && links.Exists(link => KnownTypes.Is(link, target)))
                {
                    return true;
                }
            }

            return false;
        }

        // chain.Status == TaskStatus.RanToCompletion (or Faulted, Canceled: Result then throws at once instead of blocking).
        private static bool IsFinalStatusOf(IOperation side, IOperation other, IOperation task, KnownTypes types) =>
            side.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Status", Instance: { } instance } status
            && types.IsTaskLike(status.Property.ContainingType)
            && VariableReferences.IsFinalStatus(other, types)
            && SameChain(instance, task);

        // The getter of a bool property declared once in source as one expression (=> e, get => e, get { return e; }),
        // which no derived type can replace.
        private static IOperation? GetterExpression(IPropertySymbol property, Compilation? compilation)
        {
            if (compilation is null || property.GetMethod is not { } getter || getter.DeclaringSyntaxReferences.Length != 1
                || property.Type.SpecialType != SpecialType.System_Boolean
                || property.IsAbstract || property.IsVirtual || property.IsOverride && !property.IsSealed && !property.ContainingType.IsSealed)
            {
                return null;
            }

            var expression = getter.DeclaringSyntaxReferences[0].GetSyntax() switch
            {
                ArrowExpressionClauseSyntax arrow => arrow.Expression,
                AccessorDeclarationSyntax { ExpressionBody: { } body } => body.Expression,
                AccessorDeclarationSyntax { Body.Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } returned } => returned,
                _ => null,
            };

            return expression != null && compilation.ContainsSyntaxTree(expression.SyntaxTree)
                ? DriverModels.Of(compilation, expression.SyntaxTree).GetOperation(expression)
                : null;
        }

        private static bool IsChain(IOperation operation) => operation.WalkDownConversions() switch
        {
            IPropertyReferenceOperation { Arguments.IsEmpty: true, Instance: { } instance } => IsRoot(instance) || IsChain(instance),
            IFieldReferenceOperation { Instance: { } instance } => IsRoot(instance) || IsChain(instance),
            _ => false,
        };

        private static bool IsRoot(IOperation operation) =>
            operation.WalkDownConversions() is IInstanceReferenceOperation || operation.ReferencedVariable() != null;

        private static bool SameChain(IOperation left, IOperation right)
        {
            left = left.WalkDownConversions();
            right = right.WalkDownConversions();
            switch (left)
            {
                case IInstanceReferenceOperation:
                    return right is IInstanceReferenceOperation;

                // The receiver a?.B stands for inside the access: a.
                case IConditionalAccessInstanceOperation when left.ConditionalAccessTarget() is { } receiver:
                    return SameChain(receiver, right);

                case IPropertyReferenceOperation { Arguments.IsEmpty: true, Instance: { } leftOwner } leftProperty:
                    return right is IPropertyReferenceOperation { Arguments.IsEmpty: true, Instance: { } rightOwner } rightProperty
                        && SymbolEqualityComparer.Default.Equals(leftProperty.Property, rightProperty.Property)
                        && SameChain(leftOwner, rightOwner);

                case IFieldReferenceOperation { Instance: { } leftHolder } leftField
                    when right is IFieldReferenceOperation { Instance: { } rightHolder } rightField
                        && SymbolEqualityComparer.Default.Equals(leftField.Field, rightField.Field):
                    return SameChain(leftHolder, rightHolder);

                default:
                    return left.ReferencedVariable() is { } variable && KnownTypes.Is(right.ReferencedVariable(), variable);
            }
        }
    }
}
