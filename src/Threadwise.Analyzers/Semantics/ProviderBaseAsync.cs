using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// ADO.NET's base classes (<c>DbConnection</c>, <c>DbCommand</c>, <c>DbDataReader</c>, <c>DbTransaction</c>) implement
    /// each async member by calling its synchronous form and returning a completed task. A provider type that does not
    /// override it — a driver's own reader declared in source, typically — gains nothing from the await: the same
    /// synchronous code runs. The provider type is the receiver's static type, or, where that is the abstract base itself,
    /// the one type a source method returns (<c>using var reader = await ExecuteDbDataReaderAsync(..)</c> in a driver whose
    /// override returns its own reader). An abstract static type with no such method stays "provider unknown".
    /// </summary>
    internal static class ProviderBaseAsync
    {
        /// <summary>Awaiting <paramref name="counterpart"/> on <paramref name="receiver"/> runs the base's synchronous implementation.</summary>
        public static bool RunsSynchronously(IMethodSymbol counterpart, IOperation? receiver, KnownTypes types)
        {
            if (receiver is null || counterpart.IsStatic || !IsProviderBase(counterpart.ContainingType, types)
                || ProviderType(receiver, types) is not { } provider)
            {
                return false;
            }

            // The public async members that are not virtual call a protected virtual one.
            var implementation = counterpart.Name switch
            {
                "ExecuteReaderAsync" => "ExecuteDbDataReaderAsync",
                "BeginTransactionAsync" => "BeginDbTransactionAsync",
                _ => counterpart.Name,
            };
            return KeepsBase(provider, implementation, types);
        }

        /// <summary>
        /// No class from <paramref name="provider"/> down to its ADO.NET base overrides <paramref name="asyncMember"/>
        /// (<c>DisposeAsync</c>, <c>ReadAsync</c>, ..): the base's synchronous implementation runs.
        /// </summary>
        public static bool KeepsBase(INamedTypeSymbol provider, string asyncMember, KnownTypes types)
        {
            for (var type = provider; type != null && !IsProviderBase(type, types); type = type.BaseType)
            {
                foreach (var member in type.GetMembers(asyncMember))
                {
                    if (member is IMethodSymbol { IsOverride: true })
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// The concrete provider type of <paramref name="value"/>: the type it is cast to, or its static type, when that derives
        /// from an ADO.NET base, else the one type the source method that made it returns. Null when it stays the abstract base.
        /// </summary>
        public static INamedTypeSymbol? ProviderType(IOperation value, KnownTypes types)
        {
            // ((SqlConnection)Connection).BeginTransaction(): the cast names the provider that the field's base type hides.
            if (value is IConversionOperation { IsImplicit: false, Type: INamedTypeSymbol { TypeKind: TypeKind.Class } cast }
                && !IsProviderBase(cast, types) && InheritsFromProviderBase(cast, types))
            {
                return cast;
            }

            var read = value.WalkDownConversions();
            if (read.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } type && !IsProviderBase(type, types))
            {
                return InheritsFromProviderBase(type, types) ? type : null;
            }

            read = LocalInitializers.Unaliased(read);
            if (read is IAwaitOperation awaited)
            {
                read = BlockingWaits.StripConfigureAwait(awaited.Operation, types).WalkDownConversions();
            }

            if (read is not IInvocationOperation { TargetMethod: { IsAbstract: false } method } call
                || call.SemanticModel?.Compilation is not { } compilation
                || SourceBodies.OfMethod(method, compilation) is not { } body)
            {
                return null;
            }

            INamedTypeSymbol? returned = null;
            foreach (var operation in body.Descendants())
            {
                if (operation is not IReturnOperation { ReturnedValue: { } result } @return || @return.IsInNestedFunction(body))
                {
                    continue;
                }

                if (result.WalkDownConversions().Type is not INamedTypeSymbol resultType
                    || IsProviderBase(resultType, types) || !InheritsFromProviderBase(resultType, types)
                    || returned != null && !KnownTypes.Is(returned, resultType))
                {
                    return null;
                }

                returned = resultType;
            }

            return returned;
        }

        private static bool IsProviderBase(ITypeSymbol? type, KnownTypes types)
        {
            var definition = type?.OriginalDefinition;
            return definition != null
                && (KnownTypes.Is(definition, types.DbDataReader) || KnownTypes.Is(definition, types.DbCommand)
                    || KnownTypes.Is(definition, types.DbConnection) || KnownTypes.Is(definition, types.DbTransaction));
        }

        private static bool InheritsFromProviderBase(ITypeSymbol type, KnownTypes types) =>
            KnownTypes.InheritsFrom(type, types.DbDataReader) || KnownTypes.InheritsFrom(type, types.DbCommand)
            || KnownTypes.InheritsFrom(type, types.DbConnection) || KnownTypes.InheritsFrom(type, types.DbTransaction);
    }
}
