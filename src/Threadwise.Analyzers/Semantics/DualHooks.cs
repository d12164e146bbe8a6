using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Extension hooks offered in both forms and called in pairs: a function that calls an overridable synchronous member
    /// (virtual, abstract, or an interface member: <c>ExecuteJob(provider)</c>) and also awaits its asynchronous counterpart
    /// on the same receiver with the same arguments (<c>await ExecuteJobAsync(provider)</c>, a token may be added). An
    /// implementation overrides whichever of the two it needs and leaves the other a no-op, so calling the synchronous hook
    /// is the design, not a blocking mistake: awaiting the counterpart instead would skip the implementations that chose it.
    /// </summary>
    internal static class DualHooks
    {
        public static bool IsPairedWithAwaitedCounterpart(IInvocationOperation invocation, IMethodSymbol counterpart, KnownTypes types)
        {
            if (!IsOverridable(invocation.TargetMethod) || invocation.Instance is null)
            {
                return false;
            }

            var function = FunctionOf(invocation);
            foreach (var operation in function.Descendants())
            {
                if (operation is IAwaitOperation awaited
                    && BlockingWaits.StripConfigureAwait(awaited.Operation, types).WalkDownConversions() is IInvocationOperation asyncCall
                    && asyncCall.TargetMethod.Name == counterpart.Name
                    && KnownTypes.Is(asyncCall.TargetMethod.ContainingType?.OriginalDefinition, invocation.TargetMethod.ContainingType?.OriginalDefinition)
                    && FunctionOf(awaited) == function
                    && SameValue(invocation.Instance, asyncCall.Instance, invocation, asyncCall)
                    && SameArguments(invocation, asyncCall, types))
                {
                    return true;
                }
            }

            return false;
        }

        // A member an implementation can replace: an interface member, or a virtual/abstract/unsealed override of an unsealed type.
        private static bool IsOverridable(IMethodSymbol method) =>
            !method.IsStatic
            && (method.ContainingType?.TypeKind == TypeKind.Interface
                || (method.IsVirtual || method.IsAbstract || method.IsOverride && !method.IsSealed) && method.ContainingType?.IsSealed == false);

        // The function that holds the operation: the innermost lambda or local function, else the member's root.
        private static IOperation FunctionOf(IOperation operation) => AsyncPath.EnclosingFunction(operation) ?? operation.Root();

        // The async call passes what the sync one passes, in order; beyond that only a token or defaulted optionals.
        private static bool SameArguments(IInvocationOperation sync, IInvocationOperation async, KnownTypes types)
        {
            if (async.Arguments.Length < sync.Arguments.Length)
            {
                return false;
            }

            for (var i = 0; i < async.Arguments.Length; i++)
            {
                var argument = async.Arguments[i];
                if (i < sync.Arguments.Length)
                {
                    if (!SameValue(sync.Arguments[i].Value, argument.Value, sync, async))
                    {
                        return false;
                    }
                }
                else if (argument.ArgumentKind != ArgumentKind.DefaultValue
                    && !KnownTypes.Is(argument.Parameter?.Type, types.CancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Two expressions that read the same value: <c>this</c>, the same local or parameter not assigned between the calls,
        /// the same field or parameterless property of the same instance, or equal constants. Casts are looked through.
        /// </summary>
        private static bool SameValue(IOperation? first, IOperation? second, IOperation firstCall, IOperation secondCall)
        {
            if (first is null || second is null)
            {
                return first is null && second is null;
            }

            first = first.WalkDownConversions();
            second = second.WalkDownConversions();
            if (first.ConstantValue.HasValue || second.ConstantValue.HasValue)
            {
                return first.ConstantValue.HasValue && second.ConstantValue.HasValue && Equals(first.ConstantValue.Value, second.ConstantValue.Value);
            }

            switch (first)
            {
                case IInstanceReferenceOperation:
                    return second is IInstanceReferenceOperation;

                case ILocalReferenceOperation local when second is ILocalReferenceOperation other && KnownTypes.Is(local.Local, other.Local):
                    return !AssignedBetween(firstCall, secondCall, local.Local);

                case IParameterReferenceOperation parameter when second is IParameterReferenceOperation other && KnownTypes.Is(parameter.Parameter, other.Parameter):
                    return !AssignedBetween(firstCall, secondCall, parameter.Parameter);

                case IFieldReferenceOperation field when second is IFieldReferenceOperation other && KnownTypes.Is(field.Field, other.Field):
                    return SameValue(field.Instance, other.Instance, firstCall, secondCall);

                case IPropertyReferenceOperation { Arguments.IsEmpty: true } property
                    when second is IPropertyReferenceOperation other && KnownTypes.Is(property.Property, other.Property):
                    return SameValue(property.Instance, other.Instance, firstCall, secondCall);

                default:
                    return false;
            }
        }

        private static bool AssignedBetween(IOperation firstCall, IOperation secondCall, ISymbol variable)
        {
            var start = System.Math.Min(firstCall.Syntax.SpanStart, secondCall.Syntax.SpanStart);
            var end = System.Math.Max(firstCall.Syntax.Span.End, secondCall.Syntax.Span.End);
            return VariableReferences.IsAssignedBetween(firstCall, variable, start, end);
        }
    }
}
