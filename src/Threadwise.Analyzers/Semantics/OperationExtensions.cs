using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    internal static class OperationExtensions
    {
        /// <summary>Strips implicit and explicit conversions and parentheses: the value as written.</summary>
        public static IOperation WalkDownConversions(this IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        break;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>
        /// The argument a function (a lambda, a method group) is passed as, past its delegate creation and conversions:
        /// <c>x => ..</c> in <c>token.Register(x => ..)</c>. Null where it is not an argument.
        /// </summary>
        public static IArgumentOperation? PassedAsArgument(this IOperation function)
        {
            var parent = function.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent as IArgumentOperation;
        }

        /// <summary>The local or parameter this operation reads, if it is a plain reference to one.</summary>
        public static ISymbol? ReferencedLocalOrParameter(this IOperation? operation)
        {
            switch (operation?.WalkDownConversions())
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The local, parameter, or field of <c>this</c> or static field this operation reads, if it is a plain reference
        /// to one: the variables whose task completion facts are tracked.
        /// </summary>
        public static ISymbol? ReferencedVariable(this IOperation? operation)
        {
            var value = operation?.WalkDownConversions();
            if (value is IFieldReferenceOperation field
                && (field.Field.IsStatic || field.Instance?.WalkDownConversions() is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }))
            {
                return field.Field;
            }

            return value.ReferencedLocalOrParameter();
        }

        /// <summary>The argument given for the parameter at <paramref name="ordinal"/> (an extension call's receiver is 0), or null.</summary>
        public static IArgumentOperation? ArgumentFor(this IInvocationOperation call, int ordinal)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>
        /// The object a call is made on, conversions walked down, also through a conditional access: <c>x</c> in
        /// <c>x.M()</c> and in <c>x?.M()</c>. Null for a static call.
        /// </summary>
        public static IOperation? Receiver(this IInvocationOperation call)
        {
            var instance = call.Instance?.WalkDownConversions();
            return instance is IConditionalAccessInstanceOperation ? instance.ConditionalAccessTarget()?.WalkDownConversions() : instance;
        }

        /// <summary>What the conditional access around <paramref name="placeholder"/> (the <c>?.</c> receiver) tests: <c>x</c> in <c>x?.M()</c>.</summary>
        public static IOperation? ConditionalAccessTarget(this IOperation placeholder)
        {
            for (var current = placeholder.Parent; current != null; current = current.Parent)
            {
                if (current is IConditionalAccessOperation access && placeholder.IsWithin(access.WhenNotNull))
                {
                    return access.Operation;
                }
            }

            return null;
        }

        /// <summary>True when <paramref name="operation"/> lies inside <paramref name="ancestor"/> (or is it).</summary>
        public static bool IsWithin(this IOperation operation, IOperation? ancestor)
        {
            if (ancestor is null)
            {
                return false;
            }

            for (var current = operation; current != null; current = current.Parent)
            {
                if (current == ancestor)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A lambda or local function: a body that runs whenever its delegate is invoked.</summary>
        public static bool IsFunctionBoundary(this IOperation operation) =>
            operation is IAnonymousFunctionOperation || operation is ILocalFunctionOperation;

        /// <summary>A lambda or local function lies between <paramref name="operation"/> and <paramref name="root"/>: the operation runs when that function is invoked, not where it is written.</summary>
        public static bool IsInNestedFunction(this IOperation operation, IOperation root)
        {
            for (var current = operation.Parent; current != null && current != root; current = current.Parent)
            {
                if (current.IsFunctionBoundary())
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The one expression a lambda's body consists of: its <c>return</c> value or its expression statement, the lambda's
        /// implicit statements (a closing <c>return;</c>) left aside. Null for a body of several statements or of another kind.
        /// </summary>
        public static IOperation? OnlyExpression(this IAnonymousFunctionOperation lambda) => OnlyExpression(lambda.Body);

        /// <summary>The same for a method's body (block or expression body): <c>=&gt; Task.Run(..)</c>, <c>{ return Task.Run(..); }</c>.</summary>
        public static IOperation? OnlyExpression(this IMethodBodyOperation method) =>
            (method.BlockBody ?? method.ExpressionBody) is { } body ? OnlyExpression(body) : null;

        private static IOperation? OnlyExpression(IBlockOperation body)
        {
            IOperation? only = null;
            foreach (var statement in body.Operations)
            {
                if (statement.IsImplicit && statement is IReturnOperation { ReturnedValue: null })
                {
                    continue;
                }

                if (only != null)
                {
                    return null;
                }

                only = statement switch
                {
                    IReturnOperation { ReturnedValue: { } returned } => returned,
                    IExpressionStatementOperation { Operation: var expression } => expression,
                    _ => null,
                };
                if (only is null)
                {
                    return null;
                }
            }

            return only;
        }

        /// <summary>
        /// Whether <paramref name="body"/> returns a value at least once (its nested functions' returns aside) and every value
        /// it returns passes <paramref name="holds"/>.
        /// </summary>
        public static bool EveryReturnedValue(this IOperation body, System.Func<IOperation, bool> holds)
        {
            var returns = 0;
            foreach (var operation in body.Descendants())
            {
                if (operation is IReturnOperation { ReturnedValue: { } returned } && !operation.IsInNestedFunction(body))
                {
                    if (!holds(returned))
                    {
                        return false;
                    }

                    returns++;
                }
            }

            return returns > 0;
        }

        /// <summary>The nearest ancestor of <paramref name="operation"/> that is not a conversion: where its value is used.</summary>
        public static IOperation? ParentPastConversions(this IOperation operation)
        {
            var parent = operation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent;
        }

        /// <summary>The top of the operation tree that holds <paramref name="operation"/>.</summary>
        public static IOperation Root(this IOperation operation)
        {
            while (operation.Parent != null)
            {
                operation = operation.Parent;
            }

            return operation;
        }
    }
}
