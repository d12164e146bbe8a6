using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Which variable holds a TaskCompletionSource: the local, field or property a creation is stored in, and the one a
    /// completion call is made on, seen through a local copy of a field (<c>var tcs = _tcs;</c>,
    /// <c>var tcs = Interlocked.Exchange(ref _tcs, null);</c>) and <c>?.</c>. Fields and properties are named by their
    /// original definition, so every instance of a generic type shares them.
    /// </summary>
    internal static class CompletionSources
    {
        /// <summary>A call that completes a source: <c>SetResult</c>, <c>TrySetException</c>, <c>TrySetCanceled</c>, ….</summary>
        public static bool IsCompletionCall(IMethodSymbol method) => method.Name switch
        {
            "SetResult" or "TrySetResult" or "SetException" or "TrySetException" or "SetCanceled" or "TrySetCanceled" => true,
            _ => false,
        };

        public static ISymbol? HolderOf(IOperation creation)
        {
            var current = creation;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return declarator.Symbol;
                case IFieldInitializerOperation { InitializedFields.Length: 1 } field:
                    return field.InitializedFields[0].OriginalDefinition;
                case IPropertyInitializerOperation { InitializedProperties.Length: 1 } property:
                    return property.InitializedProperties[0].OriginalDefinition;
                case IAssignmentOperation assignment when assignment.Value == current:
                    return Variable(assignment.Target);
                default:
                    return null;
            }
        }

        public static ISymbol? ReceiverOf(IInvocationOperation call, KnownTypes types)
        {
            var instance = call.Receiver();
            if (instance is ILocalReferenceOperation local && CopiedFrom(local, types) is { } field)
            {
                return field;
            }

            return Variable(instance);
        }

        private static ISymbol? Variable(IOperation? operation) => operation?.WalkDownConversions() switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field.OriginalDefinition,
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property.OriginalDefinition,
            _ => null,
        };

        /// <summary>The field or property a local is a copy of, by its declaration: <c>var tcs = _tcs;</c> or an <c>Interlocked</c> exchange of it.</summary>
        private static ISymbol? CopiedFrom(ILocalReferenceOperation reference, KnownTypes types)
        {
            var root = reference.Root();

            foreach (var descendant in root.Descendants())
            {
                if (descendant is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local))
                {
                    var value = declarator.Initializer?.Value.WalkDownConversions();
                    if (value is IInvocationOperation { TargetMethod.Name: "Exchange" or "CompareExchange", Arguments.Length: > 0 } exchange
                        && KnownTypes.Is(exchange.TargetMethod.ContainingType, types.Interlocked))
                    {
                        value = exchange.Arguments[0].Value;
                    }

                    return value is IFieldReferenceOperation or IPropertyReferenceOperation ? Variable(value) : null;
                }
            }

            return null;
        }
    }
}
