using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>What a synchronous call should become: <c>await Counterpart(args[, token])</c>.</summary>
    internal sealed class Counterpart
    {
        public Counterpart(IMethodSymbol method, string? qualifyingType, string? cancellationToken, string? frameworkCondition = null)
        {
            Method = method;
            QualifyingType = qualifyingType;
            CancellationToken = cancellationToken;
            FrameworkCondition = frameworkCondition;
        }

        public IMethodSymbol Method { get; }

        /// <summary>The type to call the counterpart on when it is not the original receiver (Thread.Sleep → Task.Delay), else null.</summary>
        public string? QualifyingType { get; }

        /// <summary>The in-scope token expression appended as the last argument, or null.</summary>
        public string? CancellationToken { get; }

        /// <summary>
        /// Where another of the project's target frameworks lacks the counterpart, the preprocessor condition of the frameworks
        /// that have it (<c>NET5_0_OR_GREATER</c>): the fix awaits it under that <c>#if</c> and keeps the call in <c>#else</c>.
        /// </summary>
        public string? FrameworkCondition { get; }
    }

    /// <summary>
    /// Answers "does this synchronous call have an awaitable counterpart?". A candidate is <c>MAsync</c> on the same
    /// receiver (a member or an extension in scope) — <c>Thread.Sleep</c> maps to <c>Task.Delay</c> — that returns an
    /// awaitable, is not <c>[Obsolete]</c>, is not the method we are in (nor is the method we are in <c>MAsync</c>
    /// itself: that is the sync/async overload chain), takes the same parameters optionally plus a trailing
    /// <c>CancellationToken</c>, and is not a mere <c>Task.FromResult(M(...))</c> or <c>Task.Run(() => M(...))</c> wrapper. The rewritten call must bind:
    /// it is bound speculatively at the call site, with an in-scope token first.
    /// One instance per compilation: it caches, per syntax tree and method, whether any member named MAsync is in reach.
    /// </summary>
    internal sealed class AsyncCounterpart
    {
        private const string AsyncSuffix = "Async";
        private const string DelayType = "System.Threading.Tasks.Task";
        private readonly KnownTypes _types;
        // Keyed by receiver type too: Base.M called on a Derived that declares MAsync has a candidate; on Base it may not.
        // And by the calling type: a private MAsync is a candidate inside its type and none outside it.
        private readonly ConcurrentDictionary<(SyntaxTree Tree, IMethodSymbol Method, ITypeSymbol? Receiver, INamedTypeSymbol? Caller), bool> _hasNamedCandidate =
            new ConcurrentDictionary<(SyntaxTree, IMethodSymbol, ITypeSymbol?, INamedTypeSymbol?), bool>();

        private readonly ConcurrentDictionary<IMethodSymbol, bool> _overloadsDisagree =
            new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        // Per interface MAsync declared in source and the name of the M it would replace: is every implementation a wrapper
        // of M? The answer searches the compilation's declarations, so it is found once, not at every call.
        private readonly ConcurrentDictionary<(IMethodSymbol Candidate, string Original), bool> _wrappedInterfaceTwins =
            new ConcurrentDictionary<(IMethodSymbol, string), bool>();

        // Per source MAsync and the M it would replace: the calls of M it makes itself (TwinsBuiltOnOriginal).
        private readonly ConcurrentDictionary<(IMethodSymbol Candidate, IMethodSymbol Original), System.Collections.Immutable.ImmutableArray<System.Collections.Immutable.ImmutableArray<object?>>> _innerCalls =
            new ConcurrentDictionary<(IMethodSymbol, IMethodSymbol), System.Collections.Immutable.ImmutableArray<System.Collections.Immutable.ImmutableArray<object?>>>();

        private readonly ExcludedCounterparts _excluded;
        private readonly TargetFrameworkGaps _gaps;
        private readonly CounterpartBindings _bindings = new CounterpartBindings();
        private readonly AsyncSiblingNames? _names;

        /// <param name="options">The analyzer options, for the user's <c>threadwise.excluded_async_counterparts</c>; without them only the built-in exclusions apply.</param>
        /// <param name="names">The compilation's name sets; without them, those of the compilation's <see cref="CompilationContext"/>.</param>
        public AsyncCounterpart(KnownTypes types, Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions? options = null, AsyncSiblingNames? names = null)
        {
            _types = types;
            _excluded = new ExcludedCounterparts(options);
            _gaps = new TargetFrameworkGaps(options);
            _names = names;
        }

        public Counterpart? Find(IInvocationOperation invocation, ISymbol containingSymbol) =>
            MightFind(invocation, containingSymbol) ? FindWhereMight(invocation, containingSymbol) : null;

        /// <summary>
        /// <see cref="Find"/> for a call <see cref="MightFind"/> has already let through (<see cref="BlockingCalls.IsBlockingCall"/>
        /// asks it before its own exemptions): its hash lookups are not made a second time.
        /// </summary>
        public Counterpart? FindWhereMight(IInvocationOperation invocation, ISymbol containingSymbol)
        {
            var method = invocation.TargetMethod;
            var model = invocation.SemanticModel!;
            var syntax = (InvocationExpressionSyntax)invocation.Syntax;
            var isSleep = IsSleep(method);
            var counterpartName = isSleep ? "Delay" : method.Name + AsyncSuffix;
            if (!isSleep && (IsOwnOverloadChain(invocation, containingSymbol, counterpartName) || !HasNamedCandidate(invocation, model, counterpartName, containingSymbol)))
            {
                return null;
            }

            // Counterparts users are told not to use (EF Core's AddAsync, SQLite's synchronous async methods): none.
            var receiverType = ReceiverType(invocation);
            if (_excluded.IsExcluded(method, receiverType, null, syntax.SyntaxTree))
            {
                return null;
            }

            // The rewritten callee itself is built only where the call is bound speculatively (BindCounterpart).
            var qualifyingType = isSleep ? DelayType : null;
            if (!CanRewriteCallee(syntax.Expression, qualifyingType))
            {
                return null;
            }

            ExpressionSyntax? rewritten = null;

            var token = CancellationTokens.FindInScope(invocation, containingSymbol, _types);
            if (token != null && !HasCancellationTokenParameter(method))
            {
                if (BindCounterpart(invocation, model, syntax, ref rewritten, qualifyingType, counterpartName, token, containingSymbol, isSleep) is { } boundWithToken
                    && IsCounterpart(boundWithToken, method, containingSymbol, expectToken: true, isSleep, model.Compilation)
                    && !IsExcluded(invocation, receiverType, boundWithToken)
                    && !RunsThisCallItself(boundWithToken, invocation)
                    && _gaps.ConditionFor(boundWithToken, syntax) is null)
                {
                    return new Counterpart(boundWithToken, qualifyingType, token);
                }
            }

            var bound = BindCounterpart(invocation, model, syntax, ref rewritten, qualifyingType, counterpartName, null, containingSymbol, isSleep);
            return bound != null && IsCounterpart(bound, method, containingSymbol, expectToken: false, isSleep, model.Compilation)
                && !IsExcluded(invocation, receiverType, bound)
                && !RunsThisCallItself(bound, invocation)
                ? new Counterpart(bound, qualifyingType, null, _gaps.ConditionFor(bound, syntax))
                : null;
        }

        /// <summary>
        /// Whether only some overloads of <paramref name="method"/> have an <c>MAsync</c> with matching parameters on their
        /// type (<c>SHA256.HashData(Stream)</c> has <c>HashDataAsync(Stream, CancellationToken)</c>, <c>HashData(byte[])</c> has
        /// none): then the name alone does not say which call is meant, and a message names the overload's parameters.
        /// Only overloads with as many parameters count: <c>Flush()</c> is not ambiguous because <c>Flush(bool)</c> has no
        /// counterpart. Read from the declared members, no binding; cached per method.
        /// </summary>
        public bool OverloadsDisagree(IMethodSymbol method)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (method.ContainingType is not { } type || KnownTypes.Is(type, _types.Thread))
            {
                return false;
            }

            if (_overloadsDisagree.TryGetValue(method, out var known))
            {
                return known;
            }

            var overloads = 0;
            var withCounterpart = 0;
            foreach (var member in type.GetMembers(method.Name))
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } overload && overload.IsStatic == method.IsStatic
                    && overload.Parameters.Length == method.Parameters.Length)
                {
                    overloads++;
                    if (HasDeclaredCounterpart(overload, type))
                    {
                        withCounterpart++;
                    }
                }
            }

            var disagree = withCounterpart > 0 && withCounterpart < overloads;
            _overloadsDisagree.TryAdd(method, disagree);
            return disagree;
        }

        private bool HasDeclaredCounterpart(IMethodSymbol overload, INamedTypeSymbol type)
        {
            var parameters = ParametersAsCalled(overload);
            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(overload.Name + AsyncSuffix))
                {
                    if (member is IMethodSymbol candidate && candidate.IsStatic == overload.IsStatic && _types.IsAwaitable(candidate.ReturnType)
                        && SameParameters(parameters, ParametersAsCalled(candidate), expectToken: false))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// <c>RunAsync</c> calling its own type's <c>Run()</c> (any overload): the async method is built on its synchronous
        /// overload chain. A call on another object (<c>_inner.Read</c> inside <c>ReadAsync</c>) is no such chain.
        /// </summary>
        private static bool IsOwnOverloadChain(IInvocationOperation invocation, ISymbol containingSymbol, string counterpartName)
        {
            if (containingSymbol is not IMethodSymbol { Name: var name } containingMethod || name != counterpartName)
            {
                return false;
            }

            var onThisObject = invocation.Instance is null || invocation.Instance.WalkDownConversions() is IInstanceReferenceOperation;
            return onThisObject && KnownTypes.InheritsFrom(containingMethod.ContainingType, invocation.TargetMethod.ContainingType);
        }

        /// <summary>
        /// The cheapest part of <see cref="Find"/>, which it asks first: false where no counterpart can exist because the
        /// call returns an awaitable or an <c>IAsyncEnumerable&lt;T&gt;</c> already, or because no <c>…Async</c> member of its
        /// name could bind there (hash lookups in the compilation's name sets, no symbol lookup). Callers with costlier
        /// exemptions of their own ask it before them (<see cref="BlockingCalls.IsBlockingCall"/>).
        /// </summary>
        public bool MightFind(IInvocationOperation invocation, ISymbol containingSymbol)
        {
            var method = invocation.TargetMethod;
            var model = invocation.SemanticModel;

            // A call that returns an awaitable is async already; one that returns an IAsyncEnumerable<T> (pages.Flatten())
            // only composes a stream, read when await foreach enumerates it.
            // A special type (void, string, int, object) implements no IAsyncEnumerable<T>: its interfaces are not read.
            if (model is null || method.ReturnType.TypeKind == TypeKind.Error || _types.IsAwaitable(method.ReturnType)
                || method.ReturnType.SpecialType == SpecialType.None && KnownTypes.Implements(method.ReturnType, _types.IAsyncEnumerableOfT)
                || invocation.Syntax is not InvocationExpressionSyntax syntax)
            {
                return false;
            }

            return IsSleep(method) || MightHaveSibling(invocation, model, syntax, method.Name + AsyncSuffix, containingSymbol);
        }

        private bool IsSleep(IMethodSymbol method) => method.Name == "Sleep" && KnownTypes.Is(method.ContainingType, _types.Thread);

        private bool MightHaveSibling(IInvocationOperation invocation, SemanticModel model, InvocationExpressionSyntax syntax, string name, ISymbol containingSymbol)
        {
            var method = invocation.TargetMethod;
            var receiverType = ReceiverType(invocation);
            ITypeSymbol? qualifier = null;
            if (receiverType is null && syntax.Expression is MemberAccessExpressionSyntax access && method.ContainingType is { } declaring
                && !declaring.IsStatic && !declaring.IsSealed && !declaring.IsValueType)
            {
                // Derived.M() may call Base.M: Derived's own members count. A static or sealed type has no such derived qualifier.
                qualifier = model.GetTypeInfo(access.Expression).Type;
            }

            var names = _names ?? CompilationContext.For(model.Compilation).AsyncNames;
            return names.MightBind(name, receiverType, qualifier, method, syntax.Expression, containingSymbol);
        }

        private bool HasNamedCandidate(IInvocationOperation invocation, SemanticModel model, string name, ISymbol containingSymbol)
        {
            var method = invocation.TargetMethod.OriginalDefinition;
            var receiverType = ReceiverType(invocation);
            var key = (model.SyntaxTree, method, receiverType, containingSymbol as INamedTypeSymbol ?? containingSymbol.ContainingType);
            if (_hasNamedCandidate.TryGetValue(key, out var known))
            {
                return known;
            }

            var container = receiverType ?? method.ContainingType;
            var position = invocation.Syntax.SpanStart;
            var found = HasAccessibleMember(container as INamedTypeSymbol, name, model, position)
                || !_bindings.Lookup(model, invocation.Syntax, containingSymbol, container, name).IsEmpty
                || invocation.Instance is null && !method.IsExtensionMethod && !IsQualifiedWithItsOwnType(invocation.Syntax, method)
                    && !model.LookupSymbols(position, name: name).IsEmpty;
            _hasNamedCandidate.TryAdd(key, found);
            return found;
        }

        /// <summary>
        /// <c>Math.Max(..)</c>: a static call qualified with a class or struct that no other type can stand for (static, sealed
        /// or a value type). <c>Math.MaxAsync</c> binds among that type's members and the extensions on it, which the lookups
        /// on it read; what a simple name finds in scope does not matter. A type that can be derived from may be named through a
        /// derived type that declares the twin (<c>Derived.Get()</c> calling <c>Base.Get</c>), which only the scope lookup sees there.
        /// </summary>
        private static bool IsQualifiedWithItsOwnType(SyntaxNode call, IMethodSymbol method) =>
            call is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax }
            && method.ContainingType is { TypeKind: TypeKind.Class or TypeKind.Struct } type
            && (type.IsStatic || type.IsSealed || type.IsValueType);

        /// <summary>
        /// Whether <paramref name="type"/>, a base type or (for an interface) a base interface declares an accessible member
        /// named <paramref name="name"/>: what the lookup would find first, read without collecting the extension methods in scope.
        /// </summary>
        private static bool HasAccessibleMember(INamedTypeSymbol? type, string name, SemanticModel model, int position)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (HasAccessible(current.GetMembers(name), model, position))
                {
                    return true;
                }
            }

            if (type is { TypeKind: TypeKind.Interface })
            {
                foreach (var baseInterface in type.AllInterfaces)
                {
                    if (HasAccessible(baseInterface.GetMembers(name), model, position))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasAccessible(System.Collections.Immutable.ImmutableArray<ISymbol> members, SemanticModel model, int position)
        {
            foreach (var member in members)
            {
                // Protected access also depends on the receiver's type, which IsAccessible does not see: left to the lookup.
                if (member.DeclaredAccessibility is not (Accessibility.Protected or Accessibility.ProtectedAndInternal) && model.IsAccessible(position, member))
                {
                    return true;
                }
            }

            return false;
        }

        // Listed (built in or by the user), or ADO.NET's base implementation, which runs the synchronous form anyway.
        private bool IsExcluded(IInvocationOperation invocation, ITypeSymbol? receiverType, IMethodSymbol counterpart) =>
            _excluded.IsExcluded(invocation.TargetMethod, receiverType, counterpart, invocation.Syntax.SyntaxTree)
            || ProviderBaseAsync.RunsSynchronously(counterpart, invocation.Instance, _types);

        /// <summary>The project's other target frameworks, for checks outside the lookup (TW102's <c>await using</c>).</summary>
        public TargetFrameworkGaps TargetGaps => _gaps;

        /// <summary>The type the call is made on: the instance, or the first argument of an extension method called as one.</summary>
        public static ITypeSymbol? ReceiverType(IInvocationOperation invocation) =>
            invocation.Instance?.Type
            ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value.Type : null);

        // The method `rewritten(args[, token])` binds to: read from the lookup where that is certain, else bound speculatively
        // (rewritten is built then, once per call).
        private IMethodSymbol? BindCounterpart(
            IInvocationOperation invocation,
            SemanticModel model,
            InvocationExpressionSyntax syntax,
            ref ExpressionSyntax? rewritten,
            string? qualifyingType,
            string counterpartName,
            string? token,
            ISymbol containingSymbol,
            bool isSleep)
        {
            if (!isSleep && _bindings.TryPredict(invocation, syntax, counterpartName, withToken: token != null, containingSymbol, _types, out var predicted))
            {
                return predicted;
            }

            if (!isSleep && _bindings.CannotBind(invocation, syntax, counterpartName, withToken: token != null, containingSymbol, _names ?? CompilationContext.For(model.Compilation).AsyncNames, _types))
            {
                return null;
            }

            rewritten ??= RewriteCallee(syntax.Expression, counterpartName, qualifyingType)!;
            var call = syntax.WithExpression(rewritten);
            return Bind(model, syntax, token is null ? call : call.AddArgumentListArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token))));
        }

        private static IMethodSymbol? Bind(SemanticModel model, InvocationExpressionSyntax original, InvocationExpressionSyntax rewritten) =>
            model.GetSpeculativeSymbolInfo(original.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;

        private bool IsCounterpart(IMethodSymbol candidate, IMethodSymbol original, ISymbol containingSymbol, bool expectToken, bool isSleep, Compilation compilation)
        {
            if (!_types.IsAwaitable(candidate.ReturnType) || _types.IsObsolete(candidate)
                || KnownTypes.Is(candidate.OriginalDefinition, containingSymbol.OriginalDefinition)
                || KnownTypes.Is(candidate.ReducedFrom?.OriginalDefinition, containingSymbol.OriginalDefinition))
            {
                return false;
            }

            if (isSleep)
            {
                return KnownTypes.Is(candidate.ContainingType, _types.Task);
            }

            return SameParameters(ParametersAsCalled(original), ParametersAsCalled(candidate), expectToken)
                && SameResult(original, candidate, compilation)
                && !IsSyncWrapper(candidate, original.Name)
                && !OnlyImplementedAsSyncWrappers(candidate, original, compilation);
        }

        /// <summary>
        /// <c>MAsync</c> hands back what <c>M</c> returns, or a type that converts one way or the other
        /// (<c>SqlDataReader ExecuteReader()</c> beside <c>Task&lt;DbDataReader&gt; ExecuteReaderAsync()</c>). CAP's
        /// <c>string Serialize(Message)</c> (the stored JSON) beside <c>ValueTask&lt;TransportMessage&gt; SerializeAsync(Message)</c>
        /// (the broker's envelope) is another operation. A void <c>M</c>, and an <c>MAsync</c> whose task has no value, agree.
        /// </summary>
        private bool SameResult(IMethodSymbol original, IMethodSymbol candidate, Compilation compilation)
        {
            if (original.ReturnsVoid
                || candidate.ReturnType is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } task
                || !_types.IsTaskLike(task))
            {
                return true;
            }

            var result = task.TypeArguments[0];
            var returned = original.ReturnType;
            return returned.TypeKind == TypeKind.Error || result.TypeKind == TypeKind.Error
                || compilation.HasImplicitConversion(returned, result) || compilation.HasImplicitConversion(result, returned);
        }

        private static System.Collections.Immutable.ImmutableArray<IParameterSymbol> ParametersAsCalled(IMethodSymbol method) =>
            method.IsExtensionMethod && method.MethodKind != MethodKind.ReducedExtension
                ? method.Parameters.RemoveAt(0)
                : method.Parameters;

        private bool SameParameters(
            System.Collections.Immutable.ImmutableArray<IParameterSymbol> original,
            System.Collections.Immutable.ImmutableArray<IParameterSymbol> candidate,
            bool expectToken)
        {
            var extra = candidate.Length - original.Length;
            if (extra != 0 && extra != 1)
            {
                return false;
            }

            if (extra == 1 && !KnownTypes.Is(candidate[candidate.Length - 1].Type, _types.CancellationToken))
            {
                return false;
            }

            if (expectToken && extra != 1)
            {
                return false;
            }

            for (var i = 0; i < original.Length; i++)
            {
                if (original[i].RefKind != candidate[i].RefKind || !SameParameterType(original[i].Type, candidate[i].Type))
                {
                    return false;
                }
            }

            return true;
        }

        // Span<T> and ReadOnlySpan<T> cannot cross an await, so the async twin takes Memory<T> / ReadOnlyMemory<T>; an
        // array may be taken as the sequence it is (File.WriteAllLines(path, string[]) beside
        // File.WriteAllLinesAsync(path, IEnumerable<string>, ct)).
        private static bool SameParameterType(ITypeSymbol original, ITypeSymbol candidate)
        {
            if (KnownTypes.Is(original, candidate))
            {
                return true;
            }

            if (original is IArrayTypeSymbol { Rank: 1 } array)
            {
                return candidate is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } sequence
                    && KnownTypes.Is(array.ElementType, sequence.TypeArguments[0]);
            }

            return original is INamedTypeSymbol { IsGenericType: true } span && candidate is INamedTypeSymbol { IsGenericType: true } memory
                && IsSystemType(span, span.Name == "Span" ? "Span" : "ReadOnlySpan")
                && IsSystemType(memory, span.Name == "Span" ? "Memory" : "ReadOnlyMemory")
                && KnownTypes.Is(span.TypeArguments[0], memory.TypeArguments[0]);
        }

        private static bool IsSystemType(INamedTypeSymbol type, string name) =>
            type.Name == name && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };

        private bool HasCancellationTokenParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (KnownTypes.Is(parameter.Type, _types.CancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An <c>MAsync</c> that only runs M synchronously is no counterpart: <c>Task.FromResult(M(..))</c> runs it on the
        /// caller's thread anyway, and <c>Task.Run(() => M(..))</c> or <c>Task.Factory.StartNew(() => M(..))</c> moves the same
        /// blocking call to a pool thread (async over sync: awaiting it frees this thread by holding another).
        /// Read from syntax, since the candidate may live in another tree.
        /// </summary>
        private static bool IsSyncWrapper(IMethodSymbol candidate, string originalName)
        {
            foreach (var reference in candidate.OriginalDefinition.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is MethodDeclarationSyntax declaration && WrapsSyncCall(declaration, originalName))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An <c>MAsync</c> in source that makes this very call of M itself (<see cref="TwinsBuiltOnOriginal"/>).</summary>
        private bool RunsThisCallItself(IMethodSymbol candidate, IInvocationOperation invocation)
        {
            var original = invocation.TargetMethod.OriginalDefinition;
            var definition = candidate.OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.IsEmpty || original.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            if (invocation.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            var inner = _innerCalls.GetOrAdd((definition, original), key => TwinsBuiltOnOriginal.InnerCalls(key.Candidate, key.Original, compilation));
            return !inner.IsEmpty && TwinsBuiltOnOriginal.Matches(invocation, inner);
        }

        /// <summary>
        /// An <c>MAsync</c> declared on an interface in source whose every implementation in the compilation is such a sync
        /// wrapper (couchbase's <c>IBucket.ScopeAsync</c>, implemented as <c>new(Scope(scopeName))</c>): awaiting it runs M on
        /// this thread all the same. The implementations are found by name among the compilation's declarations.
        /// </summary>
        private bool OnlyImplementedAsSyncWrappers(IMethodSymbol candidate, IMethodSymbol original, Compilation compilation)
        {
            var definition = candidate.OriginalDefinition;
            return definition.ContainingType is { TypeKind: TypeKind.Interface } @interface && !definition.DeclaringSyntaxReferences.IsEmpty
                && _wrappedInterfaceTwins.GetOrAdd((definition, original.Name), key => AllImplementationsWrap(key.Candidate, @interface, key.Original, compilation));
        }

        private static bool AllImplementationsWrap(IMethodSymbol definition, INamedTypeSymbol @interface, string originalName, Compilation compilation)
        {
            var implementations = 0;
            foreach (var symbol in compilation.GetSymbolsWithName(definition.Name, SymbolFilter.Member))
            {
                if (symbol is not IMethodSymbol { IsAbstract: false } method || method.ContainingType is not { } type
                    || !KnownTypes.Implements(type, @interface)
                    || !SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(definition)?.OriginalDefinition, method.OriginalDefinition))
                {
                    continue;
                }

                if (!IsSyncWrapper(method, originalName))
                {
                    return false;
                }

                implementations++;
            }

            return implementations > 0;
        }

        // => Wrap(M(..)); or { ..; return Wrap(M(..)); } in a method that is not async, whose other statements are plain
        // expression statements (a log line): Task.FromResult, Task.Run, StartNew, or a ValueTask made from M's result.
        private static bool WrapsSyncCall(MethodDeclarationSyntax declaration, string originalName)
        {
            ExpressionSyntax? returned = declaration.ExpressionBody?.Expression;
            if (returned is null && declaration.Body is { Statements: { Count: > 0 } statements }
                && statements[statements.Count - 1] is ReturnStatementSyntax ret
                && !declaration.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AsyncKeyword))
            {
                returned = ret.Expression;
                for (var i = 0; i < statements.Count - 1; i++)
                {
                    if (statements[i] is not ExpressionStatementSyntax)
                    {
                        return false;
                    }
                }
            }

            var inner = returned switch
            {
                InvocationExpressionSyntax { ArgumentList.Arguments.Count: >= 1 } wrapper =>
                    WrappedCall(CalleeNames.Of(wrapper.Expression), wrapper.ArgumentList.Arguments[0].Expression),
                BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation when IsValueTaskCreation(creation) =>
                    creation.ArgumentList.Arguments[0].Expression as InvocationExpressionSyntax,
                _ => null,
            };
            return inner != null && CalleeNames.Of(inner.Expression) == originalName;
        }

        // new ValueTask<T>(..), or new(..) where the method returns a ValueTask: a ValueTask made from a result in hand.
        private static bool IsValueTaskCreation(BaseObjectCreationExpressionSyntax creation) => creation switch
        {
            ObjectCreationExpressionSyntax { Type: var type } => CalleeNames.Of(type) is "ValueTask",
            ImplicitObjectCreationExpressionSyntax => creation.FirstAncestorOrSelf<MethodDeclarationSyntax>()?.ReturnType is { } returnType
                && CalleeNames.Of(returnType) is "ValueTask",
            _ => false,
        };

        // FromResult(M(..)) → M(..); Run(() => M(..)), StartNew(() => { M(..); }), Run(() => { return M(..); }) → M(..).
        private static InvocationExpressionSyntax? WrappedCall(string? wrapperName, ExpressionSyntax argument)
        {
            switch (wrapperName)
            {
                case "FromResult":
                    return argument as InvocationExpressionSyntax;
                case "Run":
                case "StartNew":
                    var body = argument is ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 0 } lambda && lambda.AsyncKeyword == default
                        ? lambda.Body
                        : null;
                    if (body is BlockSyntax { Statements.Count: 1 } block)
                    {
                        body = block.Statements[0] switch
                        {
                            ExpressionStatementSyntax statement => statement.Expression,
                            ReturnStatementSyntax ret => ret.Expression,
                            _ => null,
                        };
                    }

                    return body as InvocationExpressionSyntax;
                default:
                    return null;
            }
        }

        /// <summary>
        /// <c>x.M</c> → <c>x.MAsync</c>, or <c>QualifyingType.Name</c> when the counterpart lives on another type
        /// (<c>Thread.Sleep</c> → <c>System.Threading.Tasks.Task.Delay</c>). Null when the call form is not supported.
        /// </summary>
        internal static ExpressionSyntax? RewriteCallee(ExpressionSyntax callee, string counterpartName, string? qualifyingType)
        {
            if (!CanRewriteCallee(callee, qualifyingType))
            {
                return null;
            }

            if (qualifyingType != null)
            {
                return SyntaxFactory.ParseExpression(qualifyingType + "." + counterpartName).WithTriviaFrom(callee);
            }

            return callee is MemberAccessExpressionSyntax access
                ? access.WithName(Rename(access.Name, counterpartName))
                : Rename((SimpleNameSyntax)callee, counterpartName);
        }

        /// <summary>Whether <see cref="RewriteCallee"/> supports the call form (without building the rewrite).</summary>
        private static bool CanRewriteCallee(ExpressionSyntax callee, string? qualifyingType) =>
            qualifyingType != null
            || callee switch
            {
                // a?.Log.Commit(): '.Log.Commit' only binds inside its conditional access (bound alone, the compiler throws).
                MemberAccessExpressionSyntax access => !InsideConditionalAccess(access.Expression),
                SimpleNameSyntax => true,
                // x?.M() and other forms: the rewrite would not be a plain awaitable call.
                _ => false,
            };

        private static bool InsideConditionalAccess(ExpressionSyntax expression)
        {
            while (true)
            {
                switch (expression)
                {
                    case MemberBindingExpressionSyntax:
                    case ElementBindingExpressionSyntax:
                        return true;
                    case MemberAccessExpressionSyntax access:
                        expression = access.Expression;
                        break;
                    case InvocationExpressionSyntax invocation:
                        expression = invocation.Expression;
                        break;
                    case ElementAccessExpressionSyntax element:
                        expression = element.Expression;
                        break;
                    case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang:
                        expression = bang.Operand;
                        break;
                    default:
                        return false;
                }
            }
        }

        private static SimpleNameSyntax Rename(SimpleNameSyntax name, string newName)
        {
            var identifier = SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, newName, name.Identifier.TrailingTrivia);
            return name is GenericNameSyntax generic ? generic.WithIdentifier(identifier) : SyntaxFactory.IdentifierName(identifier);
        }
    }
}
