using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Wait helpers in source: a call that returns only once a task it was given is complete. A driver's synchronous API
    /// waits through one helper and then reads the result
    /// (<c>TaskHelper.WaitToComplete(t, timeout); return t.Result;</c>, where the helper waits and throws unless the task
    /// ran to completion), and its async code awaits one (<c>await Task.WhenAll(queries).WaitToCompleteAsync(timeout);</c>).
    /// The helper's body is read: the task parameter must be complete at every <c>return</c> and at the end of the body,
    /// by the same facts as in the caller, helpers included (a few levels deep). The <c>bool</c>-returning sibling
    /// (<c>if (!TryWait(t)) throw ..;</c>) is <see cref="WaitHelpers.IsTryWaitOn"/>.
    /// </summary>
    internal static partial class FlowFacts
    {
        private const int MaxHelperDepth = 4;

        /// <summary>
        /// <paramref name="call"/> hands the target (or, for a collection, a <c>WhenAll</c> over it) to a task parameter of a
        /// source method whose body completes that parameter before it returns. A synchronous helper must return no task (it
        /// ran to its end when the call returned); an awaited one must be <c>async</c> (its task ends with its body).
        /// </summary>
        private static bool CompletesArgument(IInvocationOperation call, bool awaited, ISymbol target, bool asCollection, KnownTypes types, int depth)
        {
            var method = call.TargetMethod;
            if (depth >= MaxHelperDepth
                || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.MethodKind != MethodKind.Ordinary
                || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct }
                || (awaited ? !method.IsAsync : types.IsTaskLike(method.ReturnType))
                || call.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is not { } parameter || !types.IsTaskLike(parameter.Type) || !HandsOver(argument.Value, target, asCollection, types))
                {
                    continue;
                }

                var definition = method.OriginalDefinition;
                if (SourceBodies.OfMethod(definition, compilation) is { } body && CompletesBeforeReturning(body, definition.Parameters[parameter.Ordinal], types, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HandsOver(IOperation value, ISymbol target, bool asCollection, KnownTypes types)
        {
            value = BlockingWaits.StripConfigureAwait(value, types).WalkDownConversions();
            return !asCollection && VariableReferences.IsReferenceTo(value, target)
                || value is IInvocationOperation whenAll && BlockingWaits.IsWhenAll(whenAll, types)
                    && ContainsTask(BlockingWaits.TaskArguments(whenAll, types), target, asCollection, types);
        }

        /// <summary>Every <c>return</c> of the body, and its end if reachable, comes after the parameter is complete.</summary>
        private static bool CompletesBeforeReturning(IOperation body, IParameterSymbol parameter, KnownTypes types, int depth)
        {
            if (body is not IMethodBodyOperation { BlockBody: { Operations.Length: > 0 } block })
            {
                return false;
            }

            foreach (var operation in block.Descendants())
            {
                if (operation is IReturnOperation { IsImplicit: false } exit && !exit.IsInNestedFunction(block)
                    && !IsCompletedAt(exit, parameter, false, types, depth))
                {
                    return false;
                }
            }

            var statements = block.Operations;
            if (AlwaysExits(statements[statements.Length - 1]))
            {
                return true;
            }

            foreach (var statement in statements)
            {
                if (Completes(statement, parameter, false, types, depth))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
