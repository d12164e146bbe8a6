using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A scope declared in source whose disposal only puts back values that flow with the execution context
    /// (<c>AsyncLocal&lt;T&gt;.Value</c>), directly or through a property whose setter does: MongoDB's
    /// <c>using (EventContext.BeginOperation("drop")) { return ExecuteAsync(..); }</c>. A task keeps the values it started
    /// with, so ending such a scope while the task runs changes nothing the task sees, as with
    /// <c>ExecutionContext.SuppressFlow()</c>. Only structs and sealed classes (a subclass could release more), and only
    /// plain writes: a <c>Dispose</c> that calls anything else, or writes an ordinary field, releases something (an empty one
    /// releases nothing, and passes too).
    /// </summary>
    internal static class AmbientScopes
    {
        public static bool IsAmbientScope(IOperation resource, Compilation compilation, KnownTypes types) =>
            types.AsyncLocalOfT != null
            && ScopeType(resource, compilation) is { } type
            && (type.IsValueType || type.IsSealed)
            && DisposeOf(type, compilation) is { } dispose
            && SourceBodies.OfMethod(dispose, compilation) is { } body
            && OnlyRestores(body, compilation, types, followSetters: true);

        // The resource's own type; for a call of a source helper typed IDisposable (IDisposable Begin() => Context.Begin("x")),
        // the type its single return hands out.
        private static INamedTypeSymbol? ScopeType(IOperation resource, Compilation compilation)
        {
            var value = resource.WalkDownConversions();
            if (value.Type is INamedTypeSymbol { TypeKind: not TypeKind.Interface } type)
            {
                return type;
            }

            return value is IInvocationOperation call
                && SourceBodies.OfMethod(call.TargetMethod.OriginalDefinition, compilation) is IMethodBodyOperation body
                && (body.BlockBody ?? body.ExpressionBody) is { Operations: { Length: 1 } operations }
                && operations[0] is IReturnOperation { ReturnedValue: { } returned }
                && returned.WalkDownConversions().Type is INamedTypeSymbol { TypeKind: not TypeKind.Interface } handedOut
                ? handedOut
                : null;
        }

        private static IMethodSymbol? DisposeOf(ITypeSymbol type, Compilation compilation)
        {
            foreach (var member in compilation.GetSpecialType(SpecialType.System_IDisposable).GetMembers("Dispose"))
            {
                return type.FindImplementationForInterfaceMember(member) as IMethodSymbol;
            }

            return null;
        }

        private static bool OnlyRestores(IOperation operation, Compilation compilation, KnownTypes types, bool followSetters)
        {
            switch (operation)
            {
                case IMethodBodyOperation body:
                    return (body.BlockBody ?? body.ExpressionBody) is { } bodyBlock && OnlyRestores(bodyBlock, compilation, types, followSetters);
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (!OnlyRestores(statement, compilation, types, followSetters))
                        {
                            return false;
                        }
                    }

                    return true;
                case IConditionalOperation conditional:
                    return IsPlainRead(conditional.Condition)
                        && OnlyRestores(conditional.WhenTrue, compilation, types, followSetters)
                        && (conditional.WhenFalse is null || OnlyRestores(conditional.WhenFalse, compilation, types, followSetters));
                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment }:
                    return IsPlainRead(assignment.Value) && WritesAsyncLocal(assignment.Target, compilation, types, followSetters);
                case IReturnOperation { ReturnedValue: null }:
                case IEmptyOperation:
                    return true;
                default:
                    return false;
            }
        }

        // local.Value = x, or Context.Name = x where Name's setter does only that (one level: setters are not followed further).
        private static bool WritesAsyncLocal(IOperation target, Compilation compilation, KnownTypes types, bool followSetters)
        {
            if (target is not IPropertyReferenceOperation { Property: var property })
            {
                return false;
            }

            if (property.Name == "Value" && KnownTypes.Is(property.ContainingType.OriginalDefinition, types.AsyncLocalOfT))
            {
                return true;
            }

            return followSetters
                && property.SetMethod is { } setter
                && SourceBodies.OfAccessor(setter.OriginalDefinition, compilation) is { } body
                && OnlyRestores(body, compilation, types, followSetters: false);
        }

        // A value read without running anything: literals, locals, parameters, fields, properties, operators over them.
        private static bool IsPlainRead(IOperation value)
        {
            foreach (var part in value.DescendantsAndSelf())
            {
                switch (part)
                {
                    case IInvocationOperation:
                    case IObjectCreationOperation:
                    case IAssignmentOperation:
                    case IIncrementOrDecrementOperation:
                    case IAnonymousFunctionOperation:
                        return false;
                }
            }

            return true;
        }
    }
}
