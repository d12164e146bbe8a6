using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The miss path of a process-wide cache keyed by type: <c>if (cache.TryGetValue(type, out var info)) return info;</c>
    /// followed by code that builds the entry and stores it under the same key (<c>cache.TryAdd(type, info)</c>,
    /// <c>AddOrUpdate</c>, <c>GetOrAdd</c>, <c>cache[type] = info</c>), or <c>if (!cache.TryGetValue(type, out info)) { ..;
    /// cache[type] = info; }</c>. The cache is reached through a static member (directly, or through a local taken from one:
    /// FreeSql's <c>var tbc = _cacheGetTableByEntity.GetOrAdd(dataType, ..)</c>), and the key is a <c>Type</c> or a
    /// reflection member, so the code runs once per type per process, the metadata an ORM or a serializer reads the first
    /// time it meets an entity (FreeSql reads the entity's XML documentation there). TW104 follows no such code, as it
    /// follows no one-time initialisation of a static field (<see cref="LazyInitialization"/>). A cache keyed by anything
    /// else (a URL, a name a request chooses) can miss on every request, and an instance cache may be made per request:
    /// both are still followed.
    /// </summary>
    internal static class TypeCaches
    {
        private static readonly ImmutableHashSet<string> StoreNames =
            ImmutableHashSet.Create("TryAdd", "Add", "AddOrUpdate", "GetOrAdd", "TryUpdate");

        /// <summary>The code that runs only on a miss of such a cache, when <paramref name="operation"/> holds the test; else empty.</summary>
        public static ImmutableArray<IOperation> MissRegions(IOperation operation, KnownTypes types)
        {
            switch (operation)
            {
                // if (!cache.TryGetValue(type, out info)) { ..; cache[type] = info; }
                case IConditionalOperation { WhenTrue: { } whenTrue } conditional
                    when conditional.Condition.WalkDownConversions() is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: var negated }
                        && Lookup(negated, types) is { } missed && Stores(whenTrue, missed):
                    return ImmutableArray.Create(whenTrue);

                // if (cache.TryGetValue(type, out var info)) return info; ..; cache.TryAdd(type, info);
                case IBlockOperation block:
                    for (var i = 0; i < block.Operations.Length - 1; i++)
                    {
                        if (block.Operations[i] is IConditionalOperation { WhenFalse: null, WhenTrue: var exit } hit
                            && Returns(exit) && Lookup(hit.Condition, types) is { } found)
                        {
                            var rest = block.Operations.RemoveRange(0, i + 1);
                            foreach (var statement in rest)
                            {
                                if (Stores(statement, found))
                                {
                                    return rest;
                                }
                            }
                        }
                    }

                    return ImmutableArray<IOperation>.Empty;

                default:
                    return ImmutableArray<IOperation>.Empty;
            }
        }

        // cache.TryGetValue(type, out ..) on a cache reached through a static member, with a type or member key: the cache.
        private static ISymbol? Lookup(IOperation condition, KnownTypes types) =>
            condition.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "TryGetValue", Arguments.Length: 2, Instance: { } instance } call
            && KnownTypes.InheritsFrom(call.Arguments[0].Value.WalkDownConversions().Type, types.MemberInfo)
                ? CacheSymbol(instance)
                : null;

        /// <summary>A static field or property, or a local initialised from a chain that starts at one; null otherwise.</summary>
        private static ISymbol? CacheSymbol(IOperation instance)
        {
            var value = instance.WalkDownConversions();
            switch (value)
            {
                case IFieldReferenceOperation { Field.IsStatic: true } field:
                    return field.Field;
                case IPropertyReferenceOperation { Property.IsStatic: true } property:
                    return property.Property;
                case ILocalReferenceOperation local when LocalInitializers.Of(local) is { } initializer && StartsAtStatic(initializer):
                    return local.Local;
                default:
                    return null;
            }
        }

        private static bool StartsAtStatic(IOperation value)
        {
            for (var current = value.WalkDownConversions(); current != null;)
            {
                switch (current)
                {
                    case IFieldReferenceOperation field:
                        if (field.Field.IsStatic)
                        {
                            return true;
                        }

                        current = field.Instance?.WalkDownConversions();
                        break;
                    case IPropertyReferenceOperation property:
                        if (property.Property.IsStatic)
                        {
                            return true;
                        }

                        current = property.Instance?.WalkDownConversions();
                        break;
                    case IInvocationOperation { Instance: { } receiver }:
                        current = receiver.WalkDownConversions();
                        break;
                    default:
                        return false;
                }
            }

            return false;
        }

        // A store into the cache: one of the dictionary's adding methods, or an indexer assignment.
        private static bool Stores(IOperation region, ISymbol cache)
        {
            foreach (var operation in region.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IInvocationOperation { Instance: { } instance } call when StoreNames.Contains(call.TargetMethod.Name) && Is(instance, cache):
                        return true;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed } } when Is(indexed, cache):
                        return true;
                }
            }

            return false;
        }

        private static bool Is(IOperation instance, ISymbol cache) => instance.WalkDownConversions() switch
        {
            IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field, cache),
            IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property, cache),
            ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, cache),
            _ => false,
        };

        private static bool Returns(IOperation exit)
        {
            var last = exit is IBlockOperation { Operations.Length: > 0 } block ? block.Operations[block.Operations.Length - 1] : exit;
            return last is IReturnOperation { Kind: OperationKind.Return };
        }
    }
}
