using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// TW104's cheap test before it binds a callee's body (<see cref="MethodFacts.Read"/>, the bulk of its cost): proves from
    /// names (and, for a name with a twin somewhere that the member calls on receivers, from those calls alone, bound where
    /// they stand: <see cref="NoReceiverCallHasTwin"/>) that a source method can reach no blocking leaf, through any depth of calls. A leaf
    /// (<see cref="MethodFacts"/>) is a wait (<c>Wait</c>, <c>Result</c>, <c>GetResult</c>, <c>WaitAll</c>, <c>WaitAny</c>), a call
    /// <c>N(..)</c> whose <c>NAsync</c> binds (<c>Thread.Sleep</c>: <c>Task.Delay</c>), or a call in synchronous mode
    /// (<see cref="SyncMode"/>: an enum member <c>Synchronous</c>/<c>Sync</c>, or a method with a parameter named like
    /// <c>async</c>); a call is followed into a source method, local function, property or indexer. So a member whose code
    /// (<see cref="BodyNames"/>: its local functions and lambdas included) calls no name that has an <c>…Async</c> member or a
    /// mode parameter anywhere (references, source, its own locals), names no wait, and names no source member that might
    /// block, cannot block. A name called only by its simple name (<c>Score(..)</c>, no receiver) has an <c>…Async</c> twin
    /// only where name lookup could find one: in the enclosing types and their bases, or behind a <c>using static</c>; one called
    /// on a predefined type (<c>int.Parse(..)</c>), only among that type's static members and the extension members. The members a name reaches are found by name among the compilation's declarations
    /// (<see cref="DeclaredMembers"/>), and walked depth-first from the member asked about, strongly connected component by
    /// component (recursion), each member once per compilation. "Cannot block" is exact, but for one approximation: a name whose
    /// only <c>…Async</c> twins are extension methods on <c>IAsyncEnumerable&lt;T&gt;</c> (.NET 10's LINQ, see
    /// <see cref="AsyncEnumerableTwins"/>) is not counted; "might" falls back to binding the body. Thread-safe; concurrent walks may read a member twice, and agree.
    /// </summary>
    internal sealed class LeafFreeBodies
    {
        /// <summary>The names a wait or a synchronous-mode argument is written with, and <c>Sleep</c> (its counterpart is <c>Task.Delay</c>).</summary>
        private static readonly HashSet<string> LeafNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "Wait", "WaitAll", "WaitAny", "Result", "GetResult", "Sleep", "Synchronous", "Sync",
        };

        private readonly Compilation _compilation;
        private readonly Lazy<Names> _names;
        private readonly AsyncSiblingNames? _siblingNames;

        // Keyed by member (a MemberDeclarationSyntax) or by name (a string: the members declared with it). true: might block;
        // false: cannot.
        private readonly ConcurrentDictionary<object, bool> _known = new ConcurrentDictionary<object, bool>();

        /// <param name="siblingNames">The compilation's name sets (for its static imports); without them, those of its <see cref="CompilationContext"/>.</param>
        public LeafFreeBodies(Compilation compilation, AsyncSiblingNames? siblingNames = null)
        {
            _compilation = compilation;
            _names = new Lazy<Names>(() => Names.Of(compilation));
            _siblingNames = siblingNames;
        }

        /// <summary>Whether no call to <paramref name="method"/> (a target of <see cref="CallSummaries.FollowedTarget"/>) can reach a blocking leaf.</summary>
        public bool CannotBlock(IMethodSymbol method)
        {
            if (_names.Value.Unread || method.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree)
                    || BodyNames.MemberOf(reference.GetSyntax()) is not { } member
                    || MightBlock(member))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Walks what <paramref name="start"/>'s names reach (<see cref="StrongComponents"/>) over a graph of members and
        /// names: a member leads to the source names it references, a name to the members declared with it. So a member
        /// that many others call is one edge from each caller's name, not one edge per caller and declaration (a common
        /// name declared in many types made the member-to-member graph quadratic). A member that names a leaf might block
        /// (its names are not followed further); a name might block when one of its members does; a strongly connected
        /// component might block when one of its nodes does or reaches a node outside it that does. Every node's answer is
        /// cached once its component is complete, so each member is read and walked once per compilation.
        /// </summary>
        private bool MightBlock(MemberDeclarationSyntax start)
        {
            if (_known.TryGetValue(start, out var known))
            {
                return known;
            }

            // The members this walk read that name a leaf; the others' names are followed.
            var namesLeaf = new HashSet<MemberDeclarationSyntax>();
            var reached = new Dictionary<object, IReadOnlyList<object>>();
            StrongComponents.Walk<object>(
                start,
                node =>
                {
                    var next = Successors(node, namesLeaf);
                    reached[node] = next;
                    return next;
                },
                _known.ContainsKey,
                nodes =>
                {
                    var mightBlock = false;
                    foreach (var node in nodes)
                    {
                        mightBlock |= node is MemberDeclarationSyntax member && namesLeaf.Contains(member);
                        foreach (var next in reached[node])
                        {
                            // A node of this component is not known yet; one outside it is settled.
                            mightBlock |= _known.TryGetValue(next, out var outside) && outside;
                        }
                    }

                    foreach (var node in nodes)
                    {
                        _known.TryAdd(node, mightBlock);
                    }
                },
                EqualityComparer<object>.Default,
                CancellationToken.None);

            return _known[start];
        }

        // A name: the members declared with it. A member: nothing when it names a leaf (noted in namesLeaf), else the
        // names it references that source members are declared with.
        private IReadOnlyList<object> Successors(object node, HashSet<MemberDeclarationSyntax> namesLeaf)
        {
            if (node is string name)
            {
                return _names.Value.ByName[name];
            }

            var member = (MemberDeclarationSyntax)node;
            var names = BodyNames.Of(member);
            var enclosing = new Lazy<List<INamedTypeSymbol>?>(() => EnclosingTypes(member), LazyThreadSafetyMode.None);
            if (NamesLeaf(member, names, enclosing))
            {
                namesLeaf.Add(member);
                return Array.Empty<object>();
            }

            var declared = new List<object>();
            foreach (var referenced in names.Referenced)
            {
                if (!_names.Value.ByName.ContainsKey(referenced))
                {
                    continue;
                }

                if (names.IsCalledByNameOnly(referenced) && enclosing.Value is { } types)
                {
                    // M(..) binds a member of the enclosing types (or a local function of this member, read with it).
                    AddDeclarations(types, referenced, declared);
                }
                else
                {
                    declared.Add(referenced);
                }
            }

            return declared;
        }

        // enclosing: the types a call by simple name in the member can bind into, null where that is not known.
        private bool NamesLeaf(MemberDeclarationSyntax member, BodyNames names, Lazy<List<INamedTypeSymbol>?> enclosing)
        {
            foreach (var name in names.Referenced)
            {
                if (LeafNames.Contains(name))
                {
                    return true;
                }
            }

            foreach (var name in names.Invoked)
            {
                if (names.HasAsyncStem(name) || names.IsLocalModeSelecting(name) || _names.Value.ModeSelecting.Contains(name)
                    || _names.Value.AsyncStems.Contains(name)
                        && (names.IsInvokedOnReceiver(name) && !NoReceiverCallHasTwin(member, name)
                            || names.IsCalledByName(name) && MightBeInScope(enclosing.Value, name + "Async")
                            || QualifiedTwinMightBind(names, name)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Names alone say <c>reader.GetString(1)</c> might block (<c>HttpClient.GetStringAsync</c> exists); the call itself
        /// says it cannot: its receiver's type has no <c>GetStringAsync</c> and no extension of that name could bind there,
        /// which is what <see cref="AsyncCounterpart.Find"/> asks first. So each call of the name on a receiver is bound (the
        /// statement it is in, not the member's whole body, which is what a might-block member costs), and the name is no leaf
        /// when none can have a twin. Not for names that may also be called with no call written, nor for disposal, which
        /// is judged on its own.
        /// </summary>
        private bool NoReceiverCallHasTwin(MemberDeclarationSyntax member, string name)
        {
            if (BodyNames.MayBeCalledImplicitly(name) || name == "Dispose" || name == "Close"
                || !_compilation.ContainsSyntaxTree(member.SyntaxTree))
            {
                return false;
            }

            var model = DriverModels.Of(_compilation, member.SyntaxTree);
            var siblingNames = _siblingNames ?? CompilationContext.For(_compilation).AsyncNames;
            INamedTypeSymbol? enclosingType = null;
            var calls = 0;
            foreach (var node in member.DescendantNodes())
            {
                if (node is not SimpleNameSyntax simple || simple.Identifier.ValueText != name
                    || simple.Parent is not ExpressionSyntax callee
                    || !(callee is MemberAccessExpressionSyntax { Name: var accessed } && accessed == simple || callee is MemberBindingExpressionSyntax)
                    || callee.Parent is not InvocationExpressionSyntax call || call.Expression != callee)
                {
                    continue;
                }

                var receiver = callee is MemberAccessExpressionSyntax access
                    ? access.Expression
                    : callee.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression;
                enclosingType ??= EnclosingType(member, model);
                if (receiver is null || enclosingType is null || model.GetSymbolInfo(call).Symbol is not IMethodSymbol method)
                {
                    return false;
                }

                // As AsyncCounterpart reads the call: the receiver's type for an instance or extension call, else the
                // type a static call is qualified with where a derived type could stand for the declaring one.
                // (An extension call's receiver is its converted 'this' argument, as the operation tree holds it.)
                var isInstanceCall = !method.IsStatic || method.ReducedFrom != null;
                var receiverType = method.ReducedFrom != null ? method.ReceiverType : isInstanceCall ? model.GetTypeInfo(receiver).Type : null;
                var qualifier = !isInstanceCall && method.ContainingType is { IsStatic: false, IsSealed: false, IsValueType: false }
                    ? model.GetTypeInfo(receiver).Type
                    : null;
                if (isInstanceCall && receiverType is null
                    || siblingNames.MightBind(name + "Async", receiverType, qualifier, method, callee, enclosingType))
                {
                    return false;
                }

                calls++;
            }

            return calls > 0;
        }

        private static INamedTypeSymbol? EnclosingType(MemberDeclarationSyntax member, SemanticModel model) =>
            member.Parent is BaseTypeDeclarationSyntax type ? model.GetDeclaredSymbol(type) as INamedTypeSymbol : null;

        /// <summary>
        /// Whether <c>int.Parse(..)</c> could have a twin: <c>int.ParseAsync</c> binds only a static member of that type (or a
        /// base) or an extension member, where <see cref="AsyncCounterpart"/> looks; a receiver of another type is never read here.
        /// </summary>
        private bool QualifiedTwinMightBind(BodyNames names, string name)
        {
            foreach (var special in names.PredefinedQualifiers(name))
            {
                if ((_siblingNames ?? CompilationContext.For(_compilation).AsyncNames).QualifiedCallMightBind(name + "Async", _compilation.GetSpecialType(special)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a call by simple name could bind <paramref name="name"/>: name lookup finds methods only in the enclosing
        /// types and their bases (a local function named so is among the member's own names), or through a <c>using
        /// static</c> (<paramref name="enclosing"/> null). Extension methods need a receiver.
        /// </summary>
        private static bool MightBeInScope(List<INamedTypeSymbol>? enclosing, string name)
        {
            if (enclosing is null)
            {
                return true;
            }

            foreach (var type in enclosing)
            {
                if (!type.GetMembers(name).IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The types whose members a simple name in <paramref name="member"/> can find: its type and the types around it, with
        /// their base types (and base interfaces, for an interface); null where a <c>using static</c> brings in others.
        /// </summary>
        private List<INamedTypeSymbol>? EnclosingTypes(MemberDeclarationSyntax member)
        {
            if ((_siblingNames ?? CompilationContext.For(_compilation).AsyncNames).ImportsStatically(member.SyntaxTree)
                || member.Parent is not TypeDeclarationSyntax declaration
                || DriverModels.Of(_compilation, member.SyntaxTree).GetDeclaredSymbol(declaration) is not INamedTypeSymbol type)
            {
                return null;
            }

            var types = new List<INamedTypeSymbol>();
            for (var enclosing = type; enclosing != null; enclosing = enclosing.ContainingType)
            {
                for (var current = enclosing; current != null; current = current.BaseType)
                {
                    types.Add(current);
                }

                if (enclosing.TypeKind == TypeKind.Interface)
                {
                    types.AddRange(enclosing.AllInterfaces);
                }
            }

            return types;
        }

        // The source declarations of the members named so in those types (metadata members have no body to follow).
        private void AddDeclarations(List<INamedTypeSymbol> types, string name, List<object> declared)
        {
            foreach (var type in types)
            {
                foreach (var symbol in type.GetMembers(name))
                {
                    AddDeclarations(symbol, declared);

                    // A partial member's symbol is its declaration; the part with the body is another symbol.
                    AddDeclarations(symbol switch
                    {
                        IMethodSymbol method => method.PartialImplementationPart,
                        IPropertySymbol property => property.PartialImplementationPart,
                        _ => null,
                    }, declared);
                }
            }
        }

        private void AddDeclarations(ISymbol? symbol, List<object> declared)
        {
            foreach (var reference in symbol?.DeclaringSyntaxReferences ?? ImmutableArray<SyntaxReference>.Empty)
            {
                if (_compilation.ContainsSyntaxTree(reference.SyntaxTree) && BodyNames.MemberOf(reference.GetSyntax()) is { } member)
                {
                    declared.Add(member);
                }
            }
        }

        /// <summary>The names of the referenced assemblies and the source's declarations, merged once per compilation.</summary>
        private sealed class Names
        {
            public HashSet<string> AsyncStems { get; } = new HashSet<string>(StringComparer.Ordinal);

            public HashSet<string> ModeSelecting { get; } = new HashSet<string>(StringComparer.Ordinal);

            public Dictionary<string, List<object>> ByName { get; } = new Dictionary<string, List<object>>(StringComparer.Ordinal);

            /// <summary>
            /// The compilation has modules of its own besides the source, a reference whose metadata could not be read, or
            /// declarations of a kind not read here: nothing is proved.
            /// </summary>
            public bool Unread { get; private set; }

            public static Names Of(Compilation compilation)
            {
                var merged = new Names();
                if (compilation.Assembly.Modules.Skip(1).Any())
                {
                    merged.Unread = true;
                    return merged;
                }

                foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
                {
                    var names = ReferencedNames.Of(assembly);
                    merged.Unread |= names.Unreadable;
                    merged.AsyncStems.UnionWith(names.AsyncStems);
                    merged.ModeSelecting.UnionWith(names.ModeSelecting);
                    if (assembly.GivesAccessTo(compilation.Assembly))
                    {
                        merged.AsyncStems.UnionWith(names.InternalAsyncStems);
                        merged.ModeSelecting.UnionWith(names.InternalModeSelecting);
                    }
                }

                foreach (var tree in compilation.SyntaxTrees)
                {
                    var declared = DeclaredMembers.Of(tree);
                    merged.Unread |= declared.Unknown;
                    merged.AsyncStems.UnionWith(declared.AsyncStems);
                    merged.ModeSelecting.UnionWith(declared.ModeSelecting);
                    foreach (var pair in declared.ByName)
                    {
                        if (!merged.ByName.TryGetValue(pair.Key, out var list))
                        {
                            merged.ByName.Add(pair.Key, list = new List<object>());
                        }

                        list.AddRange(pair.Value);
                    }
                }

                return merged;
            }
        }
    }
}
