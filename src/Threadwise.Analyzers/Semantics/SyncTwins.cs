using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The synchronous half of a sync/async pair a library offers on purpose: <c>M(..)</c> beside <c>MAsync(..)</c>
    /// (same parameters, apart from a trailing <c>CancellationToken</c> and optional parameters at the end; in the type, a
    /// base type or an interface; the twin returns an awaitable). The sync member is the library's sync API, and waiting
    /// inside it is how it is implemented. Evidence that the sync surface is deliberate is required: the pair is declared
    /// by an interface the member implements (its contract demands the sync member); or the sync member is written on its
    /// own — it waits on something other than its twin (an internal async core, a socket operation made cancellable) — in a
    /// type that offers at least two such pairs, or the twin hands out the very task the member waits on (a task the type
    /// keeps in a field: the member waits on it, the twin returns or awaits it); or the type offers the operation as an APM pair too (<see cref="ApmPairs"/>);
    /// or the member unwraps its wait's <c>AggregateException</c>; or its documentation comment speaks of it as synchronous
    /// or blocking (<see cref="DeliberateComments.DocumentedAsSynchronous"/>); or, outside UI apps and servers, the member
    /// waits on its own twin in a type with another pair, and the twin configures every await of a library that configures
    /// its awaits (no deadlock is possible). A renamed twin (<c>MakeLeader(m)</c> beside
    /// <c>PromoteToPrimaryAsync(m)</c>) counts when the member waits on that name on another object. A plain wrapper <c>Get(key) =&gt; GetAsync(key).Result</c> is the
    /// sync-over-async wrapper to report, and so is a single <c>Load()</c> beside <c>LoadAsync()</c> in an application.
    /// </summary>
    internal static class SyncTwins
    {
        /// <param name="host">The compilation's host: a wait on a configured core counts only outside UI apps and servers.</param>
        public static bool IsSyncTwin(BlockingWait wait, IMethodSymbol method, string name, KnownTypes types, HostKind host)
        {
            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.ExplicitInterfaceImplementation
                || method.IsAsync
                || name.EndsWith("Async", System.StringComparison.Ordinal)
                || types.IsAwaitable(method.ReturnType)
                || method.ContainingType is not { } type)
            {
                return false;
            }

            if (TwinNamed(method, name + "Async", type, types) is not { } twin)
            {
                return WaitsOnCoreOfRenamedTwin(wait, method, type, types) && HasAnotherPair(method, type, types);
            }

            return TwinDeclaredByImplementedInterface(method, name, type, types)
                || ApmPairs.DeclaresPair(type, name)
                || IsDocumentedAsSynchronous(method)
                || UnwrapsAggregateException(wait, types)
                || (WaitsOnOwnTwin(wait, name, types)
                    ? host == HostKind.Plain && HasAnotherPair(method, type, types) && IsConfiguredCore(twin, wait, types)
                    : HasAnotherPair(method, type, types) || SharesTaskWithTwin(wait, name, type, types));
        }

        // Customer Create(options) => CreateAsync(options).ConfigureAwait(false).GetAwaiter().GetResult() in a library whose
        // awaits are configured by convention (AwaitTally), where the twin, declared in source, configures every await of
        // its own body: nothing on the way back needs the caller's context, so the wait cannot deadlock; it blocks the
        // thread of a caller that chose the synchronous API (Stripe's services offer every call both ways and funnel them
        // into Request<T> and RequestAsync<T>). A twin that resumes on the caller's context stays reported.
        private static bool IsConfiguredCore(IMethodSymbol twin, BlockingWait wait, KnownTypes types)
        {
            if (twin.DeclaringSyntaxReferences.IsEmpty
                || wait.Operation.SemanticModel?.Compilation is not { } compilation
                || !CompilationContext.For(compilation).AwaitTally.ConfiguresByConvention(declared: false))
            {
                return false;
            }

            foreach (var reference in twin.DeclaringSyntaxReferences)
            {
                if (!AwaitConfigurations.ConfiguresEveryAwait(reference.GetSyntax(), compilation, types))
                {
                    return false;
                }
            }

            return true;
        }

        // /// Synchronously flushes the buffered messages. This method blocks until they are enqueued.
        // protected virtual void Flush() => FlushAsync().GetAwaiter().GetResult();
        // The documentation publishes the blocking contract (CAP's transaction base class).
        private static bool IsDocumentedAsSynchronous(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (DeliberateComments.DocumentedAsSynchronous(reference.GetSyntax()))
                {
                    return true;
                }
            }

            return false;
        }

        // void Confirm() { if (fresh) return; _renewal.Wait(); } beside ValueTask ConfirmAsync() { if (fresh) return default;
        // return new ValueTask(_renewal); }: both halves are written out and hand their caller the same task the type keeps
        // in a field, one waiting on it, the other returning or awaiting it. That is a designed sync/async pair, not a
        // wrapper of the twin. Only a task held in a field or property of the type counts, and the twin must be in source
        // in the same file.
        private static bool SharesTaskWithTwin(BlockingWait wait, string name, INamedTypeSymbol type, KnownTypes types)
        {
            var model = wait.Operation.SemanticModel;
            if (model is null)
            {
                return false;
            }

            foreach (var task in wait.Tasks)
            {
                if (StoredTask(task, type, types) is not { } stored)
                {
                    continue;
                }

                foreach (var member in type.GetMembers(name + "Async"))
                {
                    if (member is IMethodSymbol { DeclaringSyntaxReferences.Length: 1 } twin && types.IsAwaitable(twin.ReturnType)
                        && twin.DeclaringSyntaxReferences[0] is var reference
                        && reference.SyntaxTree == model.SyntaxTree
                        && model.GetOperation(reference.GetSyntax()) is { } body
                        && HandsOut(body, stored))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static ISymbol? StoredTask(IOperation task, INamedTypeSymbol type, KnownTypes types)
        {
            var member = task.WalkDownConversions() switch
            {
                IFieldReferenceOperation field when field.Field.IsStatic || field.Instance?.WalkDownConversions() is IInstanceReferenceOperation => (ISymbol)field.Field,
                IPropertyReferenceOperation property when property.Property.IsStatic || property.Instance?.WalkDownConversions() is IInstanceReferenceOperation => property.Property,
                _ => null,
            };

            return member != null && SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, type.OriginalDefinition)
                && types.IsAwaitable(task.WalkDownConversions().Type) ? member : null;
        }

        // return stored; return new ValueTask(stored); => stored; await stored;
        private static bool HandsOut(IOperation body, ISymbol stored)
        {
            foreach (var operation in body.Descendants())
            {
                var handed = operation switch
                {
                    IReturnOperation { ReturnedValue: { } value } => value,
                    IAwaitOperation awaited => awaited.Operation,
                    _ => null,
                };
                if (handed is null)
                {
                    continue;
                }

                foreach (var part in handed.DescendantsAndSelf())
                {
                    if (part is IMemberReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Member, stored))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // MakeLeader(options) beside MakePrimaryAsync(options) (one side renamed, the old name kept for compatibility),
        // waiting on MakePrimaryAsync of another object (the core both delegate to): the twin is named by the call the
        // sync member waits on. A wait on the type's own renamed member is the plain wrapper, and has no twin here.
        private static bool WaitsOnCoreOfRenamedTwin(BlockingWait wait, IMethodSymbol method, INamedTypeSymbol type, KnownTypes types)
        {
            foreach (var task in wait.Tasks)
            {
                if (AsyncCalls.FindCall(task, types, IsAsyncName) is { TargetMethod: { } called }
                    && !IsOwnMember(called, type)
                    && HasTwinNamed(method, called.Name, type, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly System.Func<string, bool> IsAsyncName = name => name.EndsWith("Async", System.StringComparison.Ordinal);

        private static bool IsOwnMember(IMethodSymbol called, INamedTypeSymbol type)
        {
            var owner = called.ContainingType?.OriginalDefinition;
            for (var current = type; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, owner))
                {
                    return true;
                }
            }

            foreach (var @interface in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, owner))
                {
                    return true;
                }
            }

            return false;
        }

        // try { return SendAsync(m).Result; } catch (AggregateException e) { throw e.InnerExceptions[0]; }: the author
        // designed the sync member's exceptions around the wait, so the sync surface is deliberate.
        private static bool UnwrapsAggregateException(BlockingWait wait, KnownTypes types)
        {
            if (types.AggregateException is null)
            {
                return false;
            }

            var child = wait.Operation;
            for (var parent = child.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }

                if (parent is ITryOperation @try && child == @try.Body)
                {
                    foreach (var @catch in @try.Catches)
                    {
                        if (KnownTypes.Is(@catch.ExceptionType, types.AggregateException) && Throws(@catch.Handler))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool Throws(IOperation handler)
        {
            foreach (var operation in handler.Descendants())
            {
                if (operation is IThrowOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool WaitsOnOwnTwin(BlockingWait wait, string name, KnownTypes types)
        {
            var asyncName = name + "Async";
            foreach (var task in wait.Tasks)
            {
                if (AsyncCalls.WaitsOnCall(task, types, called => called == asyncName))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasTwin(IMethodSymbol method, string name, INamedTypeSymbol type, KnownTypes types) =>
            HasTwinNamed(method, name + "Async", type, types);

        private static bool HasTwinNamed(IMethodSymbol method, string asyncName, INamedTypeSymbol type, KnownTypes types) =>
            TwinNamed(method, asyncName, type, types) != null;

        private static IMethodSymbol? TwinNamed(IMethodSymbol method, string asyncName, INamedTypeSymbol type, KnownTypes types)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (DeclaredTwin(current, method, asyncName, types) is { } twin)
                {
                    return twin;
                }
            }

            foreach (var @interface in type.AllInterfaces)
            {
                if (DeclaredTwin(@interface, method, asyncName, types) is { } twin)
                {
                    return twin;
                }
            }

            return null;
        }

        private static IMethodSymbol? DeclaredTwin(INamedTypeSymbol type, IMethodSymbol method, string asyncName, KnownTypes types)
        {
            foreach (var member in type.GetMembers(asyncName))
            {
                if (member is IMethodSymbol candidate && types.IsAwaitable(candidate.ReturnType) && SameParameters(method, candidate, types))
                {
                    return candidate;
                }
            }

            return null;
        }

        // ITransaction.Execute(flags) beside ITransaction.ExecuteAsync(flags): the interface itself offers both.
        private static bool TwinDeclaredByImplementedInterface(IMethodSymbol method, string name, INamedTypeSymbol type, KnownTypes types)
        {
            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(name))
                {
                    var implements = false;
                    foreach (var implemented in method.ExplicitInterfaceImplementations)
                    {
                        implements |= SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, member.OriginalDefinition);
                    }

                    implements |= SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method);
                    if (implements && HasTwin(method, name, @interface, types))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // Another sync member declared in source, in the type or a base type, with its own async twin.
        private static bool HasAnotherPair(IMethodSymbol method, INamedTypeSymbol type, KnownTypes types)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (current.DeclaringSyntaxReferences.IsEmpty)
                {
                    break;
                }

                foreach (var member in current.GetMembers())
                {
                    if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation, IsAsync: false } other
                        && !SymbolEqualityComparer.Default.Equals(other, method)
                        && SyncContractBridges.SyncName(other) is var otherName
                        && !otherName.EndsWith("Async", System.StringComparison.Ordinal)
                        && !types.IsAwaitable(other.ReturnType)
                        && HasTwin(other, otherName, type, types))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool SameParameters(IMethodSymbol sync, IMethodSymbol twin, KnownTypes types)
        {
            var left = sync.Parameters;
            var right = twin.Parameters;
            var leftCount = WithoutTrailingToken(left, types);
            var rightCount = WithoutTrailingToken(right, types);
            // The longest common prefix; whatever differs after it must be optional on both sides.
            var common = 0;
            while (common < leftCount && common < rightCount
                && left[common].RefKind == RefKind.None && right[common].RefKind == RefKind.None
                && SameType(left[common].Type, right[common].Type))
            {
                common++;
            }

            return OnlyOptionalFrom(left, common, leftCount) && OnlyOptionalFrom(right, common, rightCount);
        }

        private static int WithoutTrailingToken(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, KnownTypes types) =>
            parameters.Length > 0 && KnownTypes.Is(parameters[parameters.Length - 1].Type, types.CancellationToken)
                ? parameters.Length - 1
                : parameters.Length;

        private static bool OnlyOptionalFrom(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                if (!parameters[i].IsOptional && !parameters[i].IsParams)
                {
                    return false;
                }
            }

            return true;
        }

        // Method type parameters of the two members are different symbols: M<T>(T) and MAsync<T>(T) still match.
        private static bool SameType(ITypeSymbol left, ITypeSymbol right) =>
            SymbolEqualityComparer.Default.Equals(left, right)
            || left is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } leftParameter
                && right is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } rightParameter
                && leftParameter.Ordinal == rightParameter.Ordinal;
    }
}
