using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Source methods that only read or update the framework's in-memory collections: the body (and the bodies of the
    /// source methods and property getters it reaches, three calls deep) calls nothing but members of
    /// <c>Dictionary</c>, <c>ConcurrentDictionary</c>, <c>List</c>, <c>HashSet</c>, <c>Queue</c>, <c>Stack</c>,
    /// <c>CollectionExtensions</c> and the dictionary, list and collection interfaces, and value methods (string, char, numbers); creates only such collections; reads only
    /// fields, auto-properties and such getters; awaits nothing and invokes no delegate. Such a method cannot block,
    /// whatever its <c>…Async</c> sibling does: puppeteer-sharp's <c>GetFrame(id)</c> is a <c>TryGetValue</c>, its
    /// <c>GetFrameAsync(id)</c> waits for the frame to be attached. Cached per method (a depth-limited "no" is not kept).
    /// </summary>
    internal sealed class InMemoryLookups
    {
        private const int MaxDepth = 3;

        private readonly Compilation _compilation;
        private readonly KnownTypes _types;
        private readonly INamedTypeSymbol?[] _collections;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _known = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public InMemoryLookups(Compilation compilation, KnownTypes types)
        {
            _compilation = compilation;
            _types = types;
            _collections = new[]
            {
                T("System.Collections.Generic.Dictionary`2"), T("System.Collections.Concurrent.ConcurrentDictionary`2"),
                types.ListOfT, T("System.Collections.Generic.HashSet`1"), T("System.Collections.Generic.Queue`1"),
                T("System.Collections.Generic.Stack`1"), T("System.Collections.Generic.CollectionExtensions"),
                T("System.Collections.Generic.KeyValuePair`2"),
                // Their interfaces: a custom implementation that does I/O behind TryGetValue is not worth a warning's doubt.
                T("System.Collections.Generic.IDictionary`2"), T("System.Collections.Generic.IReadOnlyDictionary`2"),
                T("System.Collections.Generic.ICollection`1"), T("System.Collections.Generic.IList`1"),
                T("System.Collections.Generic.IReadOnlyList`1"), T("System.Collections.Generic.IReadOnlyCollection`1"),
            };

            INamedTypeSymbol? T(string name) => compilation.GetBestTypeByMetadataName(name);
        }

        /// <summary>Whether <paramref name="method"/> (a target of <see cref="CallSummaries.FollowedTarget"/>) only touches in-memory collections.</summary>
        public bool IsLookup(IMethodSymbol method) => IsLookup(method, MaxDepth);

        private bool IsLookup(IMethodSymbol method, int depth)
        {
            if (_known.TryGetValue(method, out var known))
            {
                return known;
            }

            if (depth == 0)
            {
                return false;
            }

            var body = method.MethodKind == MethodKind.PropertyGet
                ? SourceBodies.OfAccessor(method, _compilation)
                : SourceBodies.OfMethod(method, _compilation);
            var lookup = body != null && OnlyTouchesMemory(body, depth);
            if (lookup || depth == MaxDepth)
            {
                _known.TryAdd(method, lookup);
            }

            return lookup;
        }

        private bool OnlyTouchesMemory(IOperation body, int depth)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IInvocationOperation invocation when !IsMemoryCall(invocation, depth):
                    case IObjectCreationOperation creation when !IsCollection(creation.Type):
                    case IPropertyReferenceOperation property when !IsMemoryRead(property, depth):
                    case IAwaitOperation:
                    case IDynamicInvocationOperation:
                    case IDynamicMemberReferenceOperation:
                    case IEventAssignmentOperation:
                    case IRaiseEventOperation:
                        return false;
                }
            }

            return true;
        }

        private bool IsMemoryCall(IInvocationOperation invocation, int depth)
        {
            var method = invocation.TargetMethod;
            if (method.MethodKind == MethodKind.DelegateInvoke)
            {
                return false;
            }

            if (ComputeEvidence.IsValueMethod(method) || IsCollection(method.ContainingType))
            {
                return true;
            }

            return CallSummaries.FollowedTarget(invocation, _types) is { } target && IsLookup(target, depth - 1);
        }

        private bool IsMemoryRead(IPropertyReferenceOperation property, int depth)
        {
            var symbol = property.Property;
            if (IsCollection(symbol.ContainingType) || symbol.ContainingType?.SpecialType == SpecialType.System_String)
            {
                return true;
            }

            if (symbol.GetMethod is null || symbol.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            // An auto-property reads its backing field; any other getter is read as a method is.
            if (AutoProperties.Is(symbol))
            {
                return !symbol.IsAbstract && !symbol.IsVirtual && !symbol.IsOverride;
            }

            return CallSummaries.FollowedTarget(property, _types) is { } target && IsLookup(target, depth - 1);
        }

        private bool IsCollection(ITypeSymbol? type)
        {
            var definition = type?.OriginalDefinition;
            if (definition is null)
            {
                return false;
            }

            foreach (var collection in _collections)
            {
                if (collection != null && SymbolEqualityComparer.Default.Equals(definition, collection))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
