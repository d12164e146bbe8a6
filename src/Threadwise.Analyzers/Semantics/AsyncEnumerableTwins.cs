using System;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// An <c>…Async</c> extension method on <c>IAsyncEnumerable&lt;T&gt;</c>: .NET 10's <c>System.Linq.AsyncEnumerable</c>
    /// (<c>CountAsync</c>, <c>FirstAsync</c>, <c>ToListAsync</c>, <c>MaxAsync</c>, …), in every net10.0 project. By name it
    /// makes every LINQ call look as if it had an asynchronous twin, so <see cref="LeafFreeBodies"/> could prove no body
    /// that uses LINQ free of blocking calls and bound it instead. Such a twin binds only where the receiver is itself an
    /// <c>IAsyncEnumerable&lt;T&gt;</c>, and a type that is both enumerable and async-enumerable is rare (EF Core's sets, which
    /// have EF's own <c>CountAsync</c> on <c>IQueryable&lt;T&gt;</c>, counted as usual), so its name is not counted there.
    /// The counterpart lookup itself (<see cref="AsyncCounterpart"/>) still binds it where it applies.
    /// </summary>
    internal static class AsyncEnumerableTwins
    {
        private const string AsyncSuffix = "Async";
        private const string AsyncEnumerableName = "System.Collections.Generic.IAsyncEnumerable`1";

        /// <summary>From metadata: a static <c>…Async</c> method marked as an extension whose first parameter is an <c>IAsyncEnumerable&lt;T&gt;</c>.</summary>
        public static bool IsAsyncEnumerableOnly(MetadataReader reader, MethodDefinition method, string name)
        {
            if (!name.EndsWith(AsyncSuffix, StringComparison.Ordinal)
                || (method.Attributes & MethodAttributes.Static) == 0
                || !ReferencedNames.HasExtensionAttribute(reader, method.GetCustomAttributes()))
            {
                return false;
            }

            var signature = method.DecodeSignature(TypeNames.Instance, genericContext: null);
            return signature.ParameterTypes.Length > 0 && signature.ParameterTypes[0] == AsyncEnumerableName;
        }

        /// <summary>From symbols (a project reference in the IDE), the same test.</summary>
        public static bool IsAsyncEnumerableOnly(ISymbol member) =>
            member is IMethodSymbol { IsExtensionMethod: true, Parameters.Length: > 0 } method
            && method.Name.EndsWith(AsyncSuffix, StringComparison.Ordinal)
            && method.Parameters[0].Type.OriginalDefinition is INamedTypeSymbol { Name: "IAsyncEnumerable", Arity: 1 } type
            && type.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic";

        /// <summary>A parameter type's namespace-qualified metadata name (<c>System.Collections.Generic.IAsyncEnumerable`1</c> for any instance of it), else null.</summary>
        private sealed class TypeNames : ISignatureTypeProvider<string?, object?>
        {
            public static readonly TypeNames Instance = new TypeNames();

            public string? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
            {
                var type = reader.GetTypeDefinition(handle);
                return type.GetDeclaringType().IsNil ? reader.GetString(type.Namespace) + "." + reader.GetString(type.Name) : null;
            }

            public string? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
            {
                var type = reader.GetTypeReference(handle);
                return type.ResolutionScope.Kind == HandleKind.TypeReference ? null : reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
            }

            public string? GetGenericInstantiation(string? genericType, ImmutableArray<string?> typeArguments) => genericType;

            public string? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

            public string? GetModifiedType(string? modifier, string? unmodifiedType, bool isRequired) => unmodifiedType;

            public string? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;

            public string? GetSZArrayType(string? elementType) => null;

            public string? GetArrayType(string? elementType, ArrayShape shape) => null;

            public string? GetByReferenceType(string? elementType) => null;

            public string? GetPointerType(string? elementType) => null;

            public string? GetPinnedType(string? elementType) => null;

            public string? GetFunctionPointerType(MethodSignature<string?> signature) => null;

            public string? GetGenericMethodParameter(object? genericContext, int index) => null;

            public string? GetGenericTypeParameter(object? genericContext, int index) => null;
        }
    }
}
