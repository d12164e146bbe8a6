using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The calls of a method that only its own assembly can call, to ask where it runs: on a thread the program owns
    /// (<see cref="OwnThreads"/>), on the thread pool (<see cref="PoolOnlyCode"/>), in a constructor
    /// (<see cref="ConstructorHelpers"/>); or its method groups, to ask what
    /// it is handed (<see cref="ContinuationAntecedents"/>); or whether a property nothing outside the assembly sees is read at
    /// all (<see cref="SyncOnlyWaiters"/>). Found from the text (the name looked up
    /// as a token, as TW301 finds subscriptions) and bound only where the name occurs: in the declaring type's files for a
    /// private method, in every file otherwise. Callers ask only for a site about to be reported.
    /// </summary>
    internal static class CallSites
    {
        /// <summary>How many calls below the code a test accepts a method may lie and still count as running there.</summary>
        public const int MaxCallDepth = 3;

        /// <summary>
        /// Whether <paramref name="method"/> can only be called directly (<see cref="CanOnlyBeCalledDirectly"/>) and every
        /// call of it passes <paramref name="test"/> (given the call, the member it is in, and the depth to ask at), up to
        /// <see cref="MaxCallDepth"/> calls down. Cached in <paramref name="cache"/> for the method holding the site (depth
        /// 0) only: deeper answers depend on the depth they were asked at.
        /// </summary>
        public static bool OnlyCalledWhere(
            IMethodSymbol method,
            Compilation compilation,
            int depth,
            ConcurrentDictionary<IMethodSymbol, bool> cache,
            Func<IInvocationOperation, ISymbol, int, bool> test)
        {
            if (!CanOnlyBeCalledDirectly(method))
            {
                return false;
            }

            return depth == 0
                ? cache.GetOrAdd(method, m => AllCalls(m, compilation, (call, caller) => test(call, caller, 1)))
                : depth < MaxCallDepth && AllCalls(method, compilation, (call, caller) => test(call, caller, depth + 1));
        }

        /// <summary>
        /// Whether <paramref name="method"/> can only be called directly (<see cref="CanOnlyBeCalledDirectly"/>), is called at
        /// least once, and every call of it (its own recursive calls left out) passes <paramref name="test"/>, given the call
        /// and the member it is made in. Not cached: callers ask only for a site about to be reported.
        /// </summary>
        public static bool OnlyCalledFrom(IMethodSymbol method, Compilation compilation, Func<IInvocationOperation, ISymbol, bool> test) =>
            CanOnlyBeCalledDirectly(method) && AllCalls(method, compilation, test);

        /// <summary>
        /// Whether every call that can run <paramref name="method"/> passes <paramref name="test"/>, and there is at least one:
        /// its own calls and, for an override or an interface implementation, the calls of the members it overrides or
        /// implements (FirebirdClient's <c>GdsBlob.GetSegmentAsync(Stream)</c>, called as the abstract member of its internal
        /// base class; neo4j's <c>ChunkReader</c>, called through an internal interface). Each of those members must be
        /// declared in source and reachable from its own assembly only, as a method <see cref="OnlyCalledFrom"/> asks about is;
        /// a reference that is not a call fails, and the method's own recursive calls are left out. Not cached.
        /// </summary>
        public static bool EveryCallThatMayRunIt(IMethodSymbol method, Compilation compilation, Func<IInvocationOperation, bool> test)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsExtern)
            {
                return false;
            }

            var members = new List<IMethodSymbol> { method };
            for (var overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                members.Add(overridden);
            }

            members.AddRange(method.ExplicitInterfaceImplementations);
            members.AddRange(ImplicitlyImplemented(method).OfType<IMethodSymbol>());

            foreach (var member in members)
            {
                if (member.DeclaringSyntaxReferences.IsEmpty || !IsVisibleOnlyInItsAssembly(member))
                {
                    return false;
                }
            }

            return AllCalls(members, method, compilation, (call, _) => test(call));
        }

        /// <summary>
        /// Whether <paramref name="method"/> can only be reached from its own assembly (<see cref="CanOnlyBeCalledDirectly"/>),
        /// is never called, and every reference to it is a method group that passes <paramref name="test"/> (csharp-driver's
        /// <c>readTask.ContinueWith(OnReceiveStreamCallback)</c>), at least one. Not cached: callers cache their answer.
        /// </summary>
        public static bool OnlyPassedAsMethodGroup(IMethodSymbol method, Compilation compilation, Func<IMethodReferenceOperation, bool> test)
        {
            if (!CanOnlyBeCalledDirectly(method))
            {
                return false;
            }

            var groups = 0;
            foreach (var (reference, model) in References(method, compilation))
            {
                if (model.GetOperation(reference) is not IMethodReferenceOperation group || !test(group))
                {
                    return false;
                }

                groups++;
            }

            return groups > 0;
        }

        /// <summary>
        /// Whether nothing in the compilation reads <paramref name="property"/>, which only its own assembly can reach
        /// (MongoDB's internal <c>HeartbeatDelay.Task</c>, which only the driver's tests read). The name is looked up as a
        /// token and bound where it occurs.
        /// </summary>
        public static bool IsNeverRead(IPropertySymbol property, Compilation compilation)
        {
            if (!CanOnlyBeReachedFromItsAssembly(property))
            {
                return false;
            }

            foreach (var _ in References(property, compilation))
            {
                return false;
            }

            return true;
        }

        /// <summary>
        /// Whether every reference to <paramref name="method"/> is a call that passes <paramref name="test"/> (given the
        /// call and the member it is made in), and there is at least one. A method group, <c>nameof</c> or anything but a
        /// call fails; the method's own recursive calls are left out.
        /// </summary>
        private static bool AllCalls(IMethodSymbol method, Compilation compilation, Func<IInvocationOperation, ISymbol, bool> test) =>
            AllCalls(new[] { method }, method, compilation, test);

        // The same for the references to any of members (method and what it overrides or implements); recursion is method's.
        private static bool AllCalls(IReadOnlyList<IMethodSymbol> members, IMethodSymbol method, Compilation compilation, Func<IInvocationOperation, ISymbol, bool> test)
        {
            var calls = 0;
            foreach (var member in members)
            {
                foreach (var (reference, model) in References(member, compilation))
                {
                    if (CallOf(reference) is not { } invocation || model.GetOperation(invocation) is not IInvocationOperation call)
                    {
                        return false;
                    }

                    // A recursive call runs wherever the method already runs.
                    var caller = EnclosingMember(model, invocation);
                    if (KnownTypes.Is(caller.OriginalDefinition, method.OriginalDefinition))
                    {
                        continue;
                    }

                    if (!test(call, caller))
                    {
                        return false;
                    }

                    calls++;
                }
            }

            return calls > 0;
        }

        // Every name that binds to the member, with its tree's model: found from the text, bound only where the name occurs.
        private static IEnumerable<(SimpleNameSyntax Reference, SemanticModel Model)> References(ISymbol member, Compilation compilation)
        {
            var name = member.Name;
            foreach (var tree in FilesThatMayCall(member, compilation))
            {
                var text = tree.GetText().ToString();
                SyntaxNode? root = null;
                SemanticModel? model = null;
                for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
                {
                    root ??= tree.GetRoot();
                    var token = root.FindToken(at);
                    if (token.SpanStart != at || token.ValueText != name || token.Parent is not SimpleNameSyntax reference)
                    {
                        continue;
                    }

                    model ??= DriverModels.Of(compilation, tree);
                    if (KnownTypes.Is(model.GetSymbolInfo(reference).Symbol?.OriginalDefinition, member.OriginalDefinition))
                    {
                        yield return (reference, model);
                    }
                }
            }
        }

        /// <summary>
        /// Only direct calls from inside the assembly can reach it: not virtual, abstract or an override, no interface member
        /// it implements, and not visible outside the assembly (private, internal, or in a type that is).
        /// </summary>
        private static bool CanOnlyBeCalledDirectly(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Ordinary && CanOnlyBeReachedFromItsAssembly(method);

        // Declared in source, not virtual, abstract, an override or extern, no interface member it implements (explicitly
        // or not), and not visible outside the assembly (private, internal, or in a type that is).
        private static bool CanOnlyBeReachedFromItsAssembly(ISymbol member)
        {
            if (member.IsVirtual || member.IsAbstract || member.IsOverride || member.IsExtern || member.DeclaringSyntaxReferences.IsEmpty
                || member is IMethodSymbol { ExplicitInterfaceImplementations.IsEmpty: false }
                || member is IPropertySymbol { ExplicitInterfaceImplementations.IsEmpty: false })
            {
                return false;
            }

            return !ImplicitlyImplemented(member).Any() && IsVisibleOnlyInItsAssembly(member);
        }

        // The interface members of its type that the member implements by name (explicit implementations are listed on it).
        private static IEnumerable<ISymbol> ImplicitlyImplemented(ISymbol member)
        {
            foreach (var @interface in member.ContainingType.AllInterfaces)
            {
                foreach (var interfaceMember in @interface.GetMembers(member.Name))
                {
                    if (KnownTypes.Is(member.ContainingType.FindImplementationForInterfaceMember(interfaceMember), member))
                    {
                        yield return interfaceMember;
                    }
                }
            }
        }

        // Private, internal, or in a type that is.
        private static bool IsVisibleOnlyInItsAssembly(ISymbol member)
        {
            for (ISymbol? symbol = member; symbol is IMethodSymbol or IPropertySymbol or INamedTypeSymbol; symbol = symbol.ContainingSymbol)
            {
                if (symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal)
                {
                    return true;
                }
            }

            return false;
        }

        private static IEnumerable<SyntaxTree> FilesThatMayCall(ISymbol member, Compilation compilation)
        {
            if (member.DeclaredAccessibility != Accessibility.Private)
            {
                return compilation.SyntaxTrees;
            }

            var trees = new HashSet<SyntaxTree>();
            foreach (var reference in member.ContainingType.DeclaringSyntaxReferences)
            {
                if (compilation.ContainsSyntaxTree(reference.SyntaxTree))
                {
                    trees.Add(reference.SyntaxTree);
                }
            }

            return trees;
        }

        // M(..), x.M(..), x?.M(..): the invocation whose callee is this name.
        private static InvocationExpressionSyntax? CallOf(SimpleNameSyntax name)
        {
            ExpressionSyntax callee = name.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Name == name => access,
                MemberBindingExpressionSyntax binding => binding,
                _ => name,
            };

            return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
        }

        // The member whose body holds the node: lambdas and local functions are the member's (callers' tests walk them).
        private static ISymbol EnclosingMember(SemanticModel model, SyntaxNode node)
        {
            var symbol = model.GetEnclosingSymbol(node.SpanStart);
            while (symbol is IMethodSymbol { MethodKind: MethodKind.LambdaMethod or MethodKind.LocalFunction } function && function.ContainingSymbol != null)
            {
                symbol = function.ContainingSymbol;
            }

            return symbol ?? model.Compilation.Assembly;
        }
    }
}
