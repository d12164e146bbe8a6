using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// What one source method does by itself, before following its calls: the first blocking leaf in its own body
    /// (a blocking wait on a pending task, or a call TW102 would flag, judged as if it stood on an async path), and
    /// the source methods it calls whose implementation is known. Bodies of lambdas (offloaded or deferred work) and
    /// of local functions (their own nodes, reached through their calls) are not part of a method's own facts, nor are
    /// error paths (<see cref="ErrorPaths"/>: throw operands, exception filters, calls to throw helpers, cleanup in a catch
    /// that rethrows), nor the one-time initialisation of a static field (<see cref="LazyInitialization.StaticOneTimeRegions"/>) or the
    /// miss path of a static cache keyed by type (<see cref="TypeCaches"/>), nor leaves the
    /// maintainer marked deliberate at their own site (<see cref="PeerSuppressions.IsDeliberateLeaf"/>).
    /// A leaf or call that runs only under a condition on a <c>bool</c> parameter, or on a <c>Type</c> parameter's equality to
    /// one <c>typeof</c> (<see cref="ParameterGuards"/>), carries that guard, and each call edge the constant <c>bool</c> and
    /// <c>typeof</c> arguments it passes, so a caller passing another constant is not led through it. A wait on a synchronization primitive that runs only after a failed resource attempt is no leaf
    /// (<see cref="ContentionFallbacks"/>); a leaf that is such a wait elsewhere keeps the rest of the body read, so that a
    /// call reached only after a failed attempt can tell a back-off helper from one that also does I/O.
    /// </summary>
    internal sealed class MethodFacts
    {
        public static readonly MethodFacts Empty = new MethodFacts(null, null, ImmutableArray<IMethodSymbol>.Empty);

        public MethodFacts(string? leaf, string? leafHint, ImmutableArray<IMethodSymbol> callees)
            : this(leaf, leafHint, null, callees, ImmutableArray<CallEdge>.Empty)
        {
        }

        public MethodFacts(string? leaf, string? leafHint, ParameterGuard? leafGuard, ImmutableArray<IMethodSymbol> callees, ImmutableArray<CallEdge> edges, bool leafIsContention = false)
        {
            LeafIsContention = leafIsContention;
            Leaf = leaf;
            LeafHint = leafHint;
            LeafGuard = leafGuard;
            Callees = callees;
            Edges = edges;
        }

        /// <summary>The first blocking leaf in source order as a message shows it (<c>File.ReadAllText</c>, <c>t.Result</c>), or null.</summary>
        public string? Leaf { get; }

        /// <summary>The leaf's awaitable counterpart as a message shows it (<c>File.ReadAllTextAsync</c>), or null for a wait.</summary>
        public string? LeafHint { get; }

        /// <summary>
        /// Set when <see cref="Leaf"/> is a wait on a synchronization primitive (<see cref="ContentionFallbacks.IsContentionWait"/>)
        /// and the body has no other leaf; the body's calls are then still followed.
        /// </summary>
        public bool LeafIsContention { get; }

        /// <summary>Set when <see cref="Leaf"/> runs only under this guard; the body's calls are then still followed.</summary>
        public ParameterGuard? LeafGuard { get; }

        /// <summary>Followed source methods this body calls, in source order, each once (empty when an unguarded <see cref="Leaf"/> is set).</summary>
        public ImmutableArray<IMethodSymbol> Callees { get; }

        /// <summary>What the calls to each of <see cref="Callees"/> pass and where they stand (same order), or empty: nothing known.</summary>
        public ImmutableArray<CallEdge> Edges { get; }

        /// <summary>Whether the calls to <see cref="Callees"/>[<paramref name="index"/>] can reach a leaf guarded by <paramref name="calleeGuard"/>.</summary>
        public bool Reaches(int index, ParameterGuard? calleeGuard) =>
            calleeGuard is not { } guard || Edges.IsDefaultOrEmpty || !Edges[index].Constants.Defeats(guard);

        /// <summary>
        /// Whether the calls to <see cref="Callees"/>[<paramref name="index"/>] can reach what <paramref name="callee"/> blocks on:
        /// not when its guard is defeated, nor when it only waits under contention and every call stands after a failed attempt.
        /// </summary>
        public bool Reaches(int index, CallSummary callee) =>
            Reaches(index, callee.Guard) && !(callee.Contention && !Edges.IsDefaultOrEmpty && Edges[index].AfterFailedAttempt);

        /// <summary>The guard of this body around every call to <see cref="Callees"/>[<paramref name="index"/>], or null.</summary>
        public ParameterGuard? EdgeGuard(int index) => Edges.IsDefaultOrEmpty ? null : Edges[index].Guard;

        /// <summary>
        /// Reads a body: an operation block of a method, accessor or local function. Keeps the first leaf only (a method that
        /// blocks by itself is one step from blocking, whatever else it calls) and drops its callees then; an iterator
        /// (<c>yield</c>) has no facts, since calling it runs none of its body. Linear in the size of the body.
        /// </summary>
        /// <param name="member">The member the body belongs to (for a local function, the member that declares it).</param>
        /// <param name="localFunctions">When not null, receives the local functions declared in the body (nested ones too).</param>
        /// <param name="options">The options that say whether peer rules' suppressions count (null: the default, they count).</param>
        /// <param name="unconditionalOnly">
        /// The body is a property or indexer accessor's: only leaves and calls on its unconditional path count
        /// (<see cref="AccessorPaths.IsUnconditional"/>); a getter that blocks behind a guard is lazy initialisation or a rare state.
        /// </param>
        /// <param name="owner">The method whose body this is, for guards on its <c>bool</c> parameters (null: none are looked for).</param>
        public static MethodFacts Collect(
            IOperation body,
            ISymbol member,
            KnownTypes types,
            AsyncCounterpart counterparts,
            List<ILocalFunctionOperation>? localFunctions,
            CancellationToken cancellationToken,
            AnalyzerOptions? options = null,
            bool unconditionalOnly = false,
            IMethodSymbol? owner = null)
        {
            var compilation = body.SemanticModel?.Compilation;
            List<IMethodSymbol>? callees = null;
            List<CallEdge>? edges = null;
            Dictionary<IMethodSymbol, int>? seen = null;
            string? leaf = null;
            string? leafHint = null;
            string? contentionLeaf = null;
            string? contentionLeafHint = null;
            var sawAttempt = false;

            // Guards are looked for only in methods with a bool or Type parameter: most methods pay nothing.
            var guarded = ParameterGuards.HasGuardableParameter(owner, types) ? owner : null;
            HashSet<IParameterSymbol>? assigned = null;
            string? guardedLeaf = null;
            string? guardedLeafHint = null;
            ParameterGuard? leafGuard = null;
            HashSet<IOperation>? onceOnly = null;
            var pending = new Stack<IOperation>();
            PushChildren(pending, body);
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var operation = pending.Pop();
                switch (operation)
                {
                    case IAnonymousFunctionOperation:
                        // Offloaded or deferred: Task.Run(() => ...) is the right pattern, not this method's own blocking.
                        continue;

                    case ILocalFunctionOperation localFunction:
                        localFunctions?.Add(localFunction);
                        continue;

                    case IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak }:
                        // An iterator: calling it only creates the enumerable; its body runs when it is enumerated.
                        return Empty;
                }

                // Runs only once something has failed (throw operands, filters, throw helpers, cleanup before a rethrow,
                // the handler a catch gives its exception to, the part of a handler that runs once its exception
                // parameter holds one): not this method's blocking.
                // A yield cannot appear there, so skipping the subtree cannot hide an iterator.
                if (ErrorPaths.IsExceptionFilter(operation) || ErrorPaths.StartsErrorPath(operation, compilation)
                    || operation is IBlockOperation block && ErrorPaths.IsFailureBlock(block)
                    || operation is IInvocationOperation call && ErrorPaths.HandsOnCaughtException(call)
                    || ErrorPaths.IsUnderFailedExceptionGuard(operation))
                {
                    continue;
                }

                // Runs once per process (a static field's one-time initialisation): the first caller pays
                // once, whatever it blocks on; a wait there is still TW103's at its own site.
                if (onceOnly != null && onceOnly.Contains(operation))
                {
                    continue;
                }

                foreach (var once in LazyInitialization.StaticOneTimeRegions(operation))
                {
                    (onceOnly ??= new HashSet<IOperation>()).Add(once);
                }

                // Runs once per type per process: the miss path of a static cache keyed by type.
                foreach (var once in TypeCaches.MissRegions(operation, types))
                {
                    (onceOnly ??= new HashSet<IOperation>()).Add(once);
                }

                // Once the first unguarded leaf is found, only a later yield (an iterator) can still change the answer.
                if (leaf is null)
                {
                    var found = LeafAt(operation, member, types, counterparts, options, out var foundHint);
                    var contention = found != null && ContentionFallbacks.IsContentionWait(operation, types);
                    if (found != null
                        && (compilation != null && PeerSuppressions.IsDeliberateLeaf(operation, member, compilation, options)
                            || unconditionalOnly && !AccessorPaths.IsUnconditional(operation, body)
                            || RetryBackoff.IsRetryBackoff(operation, types)
                            || contention && sawAttempt && ContentionFallbacks.RunsAfterFailedAttempt(operation, types)))
                    {
                        // Suppressed at its own site (deliberate, whoever calls the method), behind a guard in an accessor,
                        // the pause of a retry after a failure, or the slow path of a failed resource attempt.
                        found = null;
                    }

                    var guard = found != null && guarded != null ? ParameterGuards.Of(operation, body, guarded, types, ref assigned) : null;
                    if (found != null && guard is { } leafRunsWhen)
                    {
                        if (guardedLeaf is null)
                        {
                            (guardedLeaf, guardedLeafHint, leafGuard) = (found, foundHint, leafRunsWhen);
                        }
                        else if (!leafGuard!.Value.SameAs(leafRunsWhen))
                        {
                            // Leaves under guards on different parameters: one set of constants rarely rules both out; not tracked.
                            (leaf, leafHint) = (guardedLeaf, guardedLeafHint);
                        }
                    }
                    else if (found != null && contention)
                    {
                        // Kept as the leaf shown; the rest of the body is still read (see LeafIsContention).
                        if (contentionLeaf is null)
                        {
                            (contentionLeaf, contentionLeafHint) = (found, foundHint);
                        }
                    }
                    else if (found != null)
                    {
                        // The first leaf in source order is the one shown.
                        (leaf, leafHint) = contentionLeaf is null ? (found, foundHint) : (contentionLeaf, contentionLeafHint);
                    }
                    else if (CallSummaries.FollowedTarget(operation, types) is { } callee
                        && (!unconditionalOnly || AccessorPaths.IsUnconditional(operation, body))
                        && AsyncPath.CanAwaitAt(operation))
                    {
                        // A call where no await can be written (a lock body, unsafe code, a query) is not followed, as TW104
                        // does not report it in an async method: made async, the chain could not await it there.
                        var edge = new CallEdge(
                            ParameterGuards.ConstantsOf(operation, types),
                            guarded != null ? ParameterGuards.Of(operation, body, guarded, types, ref assigned) : null,
                            sawAttempt && ContentionFallbacks.RunsAfterFailedAttempt(operation, types));
                        sawAttempt |= ContentionFallbacks.IsAttemptName(callee.Name);
                        seen ??= new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
                        if (seen.TryGetValue(callee, out var index))
                        {
                            edges![index] = edges[index].Merge(edge);
                        }
                        else
                        {
                            seen.Add(callee, callees?.Count ?? 0);
                            (callees ??= new List<IMethodSymbol>()).Add(callee);
                            (edges ??= new List<CallEdge>()).Add(edge);
                        }
                    }
                }

                PushChildren(pending, operation);
            }

            if (leaf != null)
            {
                return new MethodFacts(leaf, leafHint, ImmutableArray<IMethodSymbol>.Empty);
            }

            if (contentionLeaf != null)
            {
                // Unguarded, so it is the leaf; only a contention wait if no guarded leaf of another kind stands beside it.
                return new MethodFacts(
                    contentionLeaf,
                    contentionLeafHint,
                    null,
                    callees?.ToImmutableArray() ?? ImmutableArray<IMethodSymbol>.Empty,
                    edges?.ToImmutableArray() ?? ImmutableArray<CallEdge>.Empty,
                    leafIsContention: guardedLeaf is null);
            }

            if (callees is null && guardedLeaf is null)
            {
                return Empty;
            }

            return new MethodFacts(
                guardedLeaf,
                guardedLeafHint,
                leafGuard,
                callees?.ToImmutableArray() ?? ImmutableArray<IMethodSymbol>.Empty,
                edges?.ToImmutableArray() ?? ImmutableArray<CallEdge>.Empty);
        }

        /// <summary>The operation as a blocking leaf the way a message shows it (and its counterpart), or null.</summary>
        private static string? LeafAt(IOperation operation, ISymbol member, KnownTypes types, AsyncCounterpart counterparts, AnalyzerOptions? options, out string? hint)
        {
            hint = null;
            if (BlockingCalls.IsBlockingWaitOnPendingTask(operation, types, out var wait))
            {
                // A hop of synchronous work to another thread waits as long as the work would take inline (SchedulerHops).
                return WaitsOnlyOnCallerTasks(wait) || SchedulerHops.IsWaitForHop(wait, types)
                    ? null
                    : DisplayText.Of(operation.Syntax);
            }

            if (operation is IInvocationOperation invocation
                && BlockingCalls.IsBlockingCall(invocation, member, types, counterparts, out var counterpart)
                && !UsesCallerStream(invocation, types))
            {
                // Local file I/O is a leaf in libraries only (LocalFiles): in an app a chain to it is not worth making async;
                // nor is a console program's chain to the child process it waits for (ConsoleChildProcesses).
                if (LocalFiles.IsUnreportedLocalFileLeaf(invocation, types, options)
                    || ConsoleChildProcesses.IsUnreportedWait(invocation, types, options))
                {
                    return null;
                }

                var receiverType = invocation.Instance?.Type;
                hint = DisplayText.Member(counterpart!.Method.IsStatic ? null : receiverType, counterpart.Method);
                // HashData(Stream) next to HashData(byte[]), which has no counterpart: the chain names the overload called.
                return counterparts.OverloadsDisagree(invocation.TargetMethod)
                    ? DisplayText.Overload(receiverType, invocation.TargetMethod)
                    : DisplayText.Member(receiverType, invocation.TargetMethod);
            }

            // SendAsync(p, IOBehavior.Synchronous): blocking I/O behind a completed task; the chain names call and mode.
            if (operation is IInvocationOperation modeCall && BlockingCalls.IsSyncModeCall(modeCall, types, counterparts, out var modeArgument))
            {
                hint = DisplayText.Member(modeCall.Instance?.Type, modeCall.TargetMethod);
                return DisplayText.Member(modeCall.Instance?.Type, modeCall.TargetMethod) + "(" + DisplayText.Of(modeArgument!.Syntax) + ")";
            }

            return null;
        }

        /// <summary>
        /// The facts of a method returned by <see cref="CallSummaries.FollowedTarget"/>, read from its declaration:
        /// <see cref="Empty"/> when it has no body in <paramref name="compilation"/>, and for a method that always throws
        /// (a throw helper runs only once something has failed).
        /// </summary>
        public static MethodFacts Read(
            IMethodSymbol method,
            Compilation compilation,
            KnownTypes types,
            AsyncCounterpart counterparts,
            CancellationToken cancellationToken,
            AnalyzerOptions? options = null)
        {
            if (ErrorPaths.AlwaysThrows(method, compilation))
            {
                return Empty;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    continue;
                }

                var model = DriverModels.Of(compilation, declaration.SyntaxTree);
                if (model.GetOperation(declaration, cancellationToken) is { } body)
                {
                    return Collect(body, MemberOf(method), types, counterparts, null, cancellationToken, options, AccessorPaths.IsAccessor(method), method);
                }
            }

            return Empty;
        }

        /// <summary>The member that declares a local function (the exemptions ask about the member).</summary>
        public static ISymbol MemberOf(IMethodSymbol method)
        {
            ISymbol member = method;
            while (member is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && member.ContainingSymbol is IMethodSymbol outer)
            {
                member = outer;
            }

            return member;
        }

        /// <summary>
        /// A wait on tasks the method received from its caller: a task parameter, an element of a parameter
        /// (<c>tasks[0]</c>) or the variable of a <c>foreach</c> over one. Callers commonly pass tasks they have
        /// already awaited (<c>await Task.WhenAll(tasks); return Combine(tasks);</c>), so such a wait is not counted.
        /// </summary>
        private static bool WaitsOnlyOnCallerTasks(BlockingWait wait)
        {
            foreach (var task in wait.Tasks)
            {
                if (!IsFromParameter(task, 0))
                {
                    return false;
                }
            }

            return !wait.Tasks.IsEmpty;
        }

        private static bool IsFromParameter(IOperation value, int depth)
        {
            value = value.WalkDownConversions();
            switch (value)
            {
                case IParameterReferenceOperation:
                    return true;
                case IArrayElementReferenceOperation element:
                    return depth < 2 && IsFromParameter(element.ArrayReference, depth + 1);
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed }:
                    return depth < 2 && IsFromParameter(indexed, depth + 1);
                case ILocalReferenceOperation local when depth < 2:
                    for (var parent = value.Parent; parent != null && !parent.IsFunctionBoundary(); parent = parent.Parent)
                    {
                        if (parent is IForEachLoopOperation loop && loop.Locals.Contains(local.Local))
                        {
                            return IsFromParameter(loop.Collection, depth + 1);
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>
        /// A call on a stream, reader or writer the method received from its caller, or built over one
        /// (<c>new StreamReader(stream).ReadToEnd()</c>, <c>JsonSerializer.Deserialize&lt;T&gt;(stream)</c>): whether it does
        /// I/O depends on what the caller passes, and callers commonly buffer into a <c>MemoryStream</c> first and then
        /// parse synchronously. Not counted.
        /// </summary>
        private static bool UsesCallerStream(IInvocationOperation invocation, KnownTypes types)
        {
            if (invocation.Instance is { } receiver)
            {
                return IsOverCallerStream(receiver, types, 0);
            }

            foreach (var argument in invocation.Arguments)
            {
                if (IsOverCallerStream(argument.Value, types, 0))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsOverCallerStream(IOperation value, KnownTypes types, int depth)
        {
            if (depth > StreamWrappers.MaxDepth)
            {
                return false;
            }

            value = value.WalkDownConversions();
            if (value is IParameterReferenceOperation parameter)
            {
                return types.IsStreamReaderOrWriter(parameter.Parameter.Type);
            }

            return StreamWrappers.Inner(value, types) is { } inner && IsOverCallerStream(inner, types, depth + 1);
        }

        // Children pushed in reverse so that they pop in source order.
        private static void PushChildren(Stack<IOperation> pending, IOperation operation)
        {
            var start = pending.Count;
            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }

            // Reverse the slice just pushed.
            if (pending.Count - start > 1)
            {
                var slice = new IOperation[pending.Count - start];
                for (var i = 0; i < slice.Length; i++)
                {
                    slice[i] = pending.Pop();
                }

                foreach (var child in slice)
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>
    /// The calls of one body to one followed method: the <c>bool</c> and <c>typeof</c> constants every one of them passes, the guard all of them
    /// stand under, and whether every one of them runs only after a failed resource attempt (<see cref="ContentionFallbacks"/>).
    /// </summary>
    internal readonly struct CallEdge
    {
        public CallEdge(ConstantArguments constants, ParameterGuard? guard, bool afterFailedAttempt = false)
        {
            Constants = constants;
            Guard = guard;
            AfterFailedAttempt = afterFailedAttempt;
        }

        public ConstantArguments Constants { get; }

        public ParameterGuard? Guard { get; }

        public bool AfterFailedAttempt { get; }

        /// <summary>Another call to the same method: only what both pass, a guard only if both stand under it, after a failed attempt only if both do.</summary>
        public CallEdge Merge(CallEdge other) => new CallEdge(
            Constants.Intersect(other.Constants),
            Guard is { } mine && other.Guard is { } theirs && mine.SameAs(theirs) ? Guard : null,
            AfterFailedAttempt && other.AfterFailedAttempt);
    }

    /// <summary>
    /// Whether a source method blocks, transitively: the shortest chain from it to a blocking leaf.
    /// <see cref="Depth"/> counts the source methods in the chain (1: the method blocks by itself); 0 means it does not block.
    /// </summary>
    internal sealed class CallSummary
    {
        public static readonly CallSummary DoesNotBlock = new CallSummary(0, null, null, null);

        public CallSummary(int depth, IMethodSymbol? next, string? leaf, string? leafHint, ParameterGuard? guard = null, bool contention = false)
        {
            Contention = contention;
            Depth = depth;
            Next = next;
            Leaf = leaf;
            LeafHint = leafHint;
            Guard = guard;
        }

        /// <summary>
        /// Set when every chain from the method runs only while its <c>bool</c> parameter at the guard's ordinal has the guard's
        /// value: a call passing the other constant does not block (<c>Commit()</c> with <c>if (!spinWait) return;</c>).
        /// </summary>
        public ParameterGuard? Guard { get; }

        /// <summary>
        /// Set when every leaf the method can reach is a wait on a synchronization primitive (a back-off or a slow-path wait,
        /// <see cref="ContentionFallbacks"/>): a call that runs only after a failed resource attempt does not block through it.
        /// </summary>
        public bool Contention { get; }

        public int Depth { get; }

        /// <summary>The next method of the chain, or null where this method holds the leaf.</summary>
        public IMethodSymbol? Next { get; }

        public string? Leaf { get; }

        public string? LeafHint { get; }

        public bool Blocks => Depth > 0;
    }

    /// <summary>
    /// TW104's question, "does this source method block, through any depth of other source methods?", answered once per
    /// method and compilation. Summaries are computed on demand from <see cref="MethodFacts"/> (supplied by the caller,
    /// so the facts can come from the bodies being analysed or be read on demand) with an iterative Tarjan walk: each
    /// strongly connected component (recursion, mutual recursion) is resolved as a whole once all of it is known, and only
    /// then cached, so a cycle never hides a leaf. Within a component, the shortest chains come from a breadth-first
    /// relaxation seeded by the members that block by themselves or through an already-summarised method. Every method and
    /// call edge is visited once per compilation: linear. Thread-safe without a global lock: each method's facts (reading its
    /// body, the expensive part) are computed once, lazily, whichever walk asks first; concurrent walks may both do the
    /// cheap bookkeeping for a component, and a summary is final once cached, so a walk that meets one another walk cached
    /// treats it as resolved and reaches the same depths and chains.
    /// </summary>
    internal sealed class CallSummaries
    {
        private readonly Func<IMethodSymbol, CancellationToken, MethodFacts> _facts;
        private readonly ConcurrentDictionary<IMethodSymbol, Lazy<MethodFacts>> _factsCache =
            new ConcurrentDictionary<IMethodSymbol, Lazy<MethodFacts>>(SymbolEqualityComparer.Default);

        private readonly ConcurrentDictionary<IMethodSymbol, CallSummary> _summaries =
            new ConcurrentDictionary<IMethodSymbol, CallSummary>(SymbolEqualityComparer.Default);

        /// <param name="facts">The facts of a followed method (<see cref="MethodFacts.Empty"/> when its body is unavailable).</param>
        public CallSummaries(Func<IMethodSymbol, CancellationToken, MethodFacts> facts)
        {
            _facts = facts;
        }

        /// <summary>
        /// The method a call or property read runs whose body is in source and whose implementation is known: an ordinary
        /// method, local function or property getter that is not async, not <c>[Conditional]</c>, returns no awaitable, and is not reached through
        /// virtual dispatch (a non-virtual member, a sealed override, a member of a sealed type, or a <c>base.</c> call), and
        /// not called in fire-and-forget mode (<see cref="FireAndForget"/>).
        /// Normalised to its original definition. Null for anything else.
        /// </summary>
        public static IMethodSymbol? FollowedTarget(IOperation operation, KnownTypes types)
        {
            IMethodSymbol? method;
            bool virtualDispatch;
            switch (operation)
            {
                // Execute(message) with a message built as fire-and-forget only enqueues it: not followed.
                case IInvocationOperation invocation when FireAndForget.OnlyEnqueues(invocation):
                    return null;

                case IInvocationOperation invocation:
                    method = invocation.TargetMethod;
                    virtualDispatch = invocation.IsVirtual;
                    break;

                case IPropertyReferenceOperation property when !IsAssignmentTarget(property):
                    method = property.Property.GetMethod;
                    // base.Property reads the base implementation: no dispatch.
                    virtualDispatch = property.Instance?.Syntax is not BaseExpressionSyntax;
                    break;

                default:
                    return null;
            }

            // A driver's own reader: its row getters read the buffered row, as the framework's do (TW102 exempts them too).
            if (method is null || DataReaders.IsBufferedRowCall(operation, types))
            {
                return null;
            }

            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.LocalFunction && method.MethodKind != MethodKind.PropertyGet)
            {
                return null;
            }

            if (method.IsAsync || method.IsAbstract || method.IsExtern || method.IsConditional || method.ContainingType?.TypeKind == TypeKind.Interface
                || (virtualDispatch && IsOverridable(method))
                || types.IsAwaitable(method.ReturnType) || method.ReturnType.TypeKind == TypeKind.Error)
            {
                return null;
            }

            method = method.PartialImplementationPart ?? method;
            return method.DeclaringSyntaxReferences.IsEmpty ? null : method;
        }

        /// <summary>Virtual, abstract or an unsealed override, in a type that can be derived from.</summary>
        private static bool IsOverridable(ISymbol member) =>
            (member.IsVirtual || member.IsAbstract || member.IsOverride && !member.IsSealed)
            && member.ContainingType is { IsSealed: false };

        private static bool IsAssignmentTarget(IPropertyReferenceOperation property) =>
            property.Parent is ISimpleAssignmentOperation assignment && assignment.Target == property;

        /// <summary>The summary of a method returned by <see cref="FollowedTarget"/>.</summary>
        public CallSummary Get(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (_summaries.TryGetValue(method, out var known))
            {
                return known;
            }

            Compute(method, cancellationToken);
            return _summaries.TryGetValue(method, out known) ? known : CallSummary.DoesNotBlock;
        }

        /// <summary>
        /// A method's facts, read once: two walks that meet the same method share one read (the other waits on that
        /// method's Lazy only). A read cancelled by another walk's token is dropped and done again with ours.
        /// </summary>
        private MethodFacts FactsOf(IMethodSymbol method, CancellationToken cancellationToken)
        {
            while (true)
            {
                var lazy = _factsCache.GetOrAdd(method, m => new Lazy<MethodFacts>(() => _facts(m, cancellationToken)));
                try
                {
                    return lazy.Value;
                }
                catch (OperationCanceledException)
                {
                    ((ICollection<KeyValuePair<IMethodSymbol, Lazy<MethodFacts>>>)_factsCache).Remove(new KeyValuePair<IMethodSymbol, Lazy<MethodFacts>>(method, lazy));
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }

        /// <summary>A summary already computed, or null.</summary>
        public CallSummary? Peek(IMethodSymbol method) => _summaries.TryGetValue(method, out var known) ? known : null;

        /// <summary>One member of a strongly connected component while its summaries are worked out.</summary>
        private sealed class Node
        {
            public Node(IMethodSymbol method, MethodFacts facts)
            {
                Method = method;
                Facts = facts;
            }

            public IMethodSymbol Method { get; }

            public MethodFacts Facts { get; }

            public int Depth { get; set; }

            public bool Done { get; set; }
        }

        private void Compute(IMethodSymbol root, CancellationToken cancellationToken) =>
            StrongComponents.Walk<IMethodSymbol>(
                root,
                method => FactsOf(method, cancellationToken).Callees,
                _summaries.ContainsKey,
                members => Resolve(members, cancellationToken),
                SymbolEqualityComparer.Default,
                cancellationToken);

        /// <summary>
        /// Shortest chains for one strongly connected component whose callees outside it are all summarised.
        /// Seeds: members that block by themselves (depth 1) or through a summarised callee (its depth + 1), in increasing
        /// depth; a breadth-first pass then relaxes the edges inside the component. Each member then picks, in source
        /// order, the first callee that realises its depth, so the chain shown is deterministic.
        /// </summary>
        private void Resolve(List<IMethodSymbol> component, CancellationToken cancellationToken)
        {
            if (component.Count == 1)
            {
                // The common case: no cycle.
                var single = component[0];
                _summaries.TryAdd(single, SummariseAcyclic(FactsOf(single, cancellationToken)));
                return;
            }

            var nodes = new Dictionary<IMethodSymbol, Node>(SymbolEqualityComparer.Default);
            var members = new List<Node>(component.Count);
            foreach (var method in component)
            {
                var node = new Node(method, FactsOf(method, cancellationToken));
                nodes.Add(method, node);
                members.Add(node);
            }

            var seeds = new List<Node>();
            foreach (var member in members)
            {
                member.Depth = member.Facts.Leaf != null ? 1 : DepthThroughCallees(member);
                if (member.Depth > 0)
                {
                    seeds.Add(member);
                }
            }

            // Callers inside the component, for the backward breadth-first pass.
            var callers = new Dictionary<Node, List<Node>>();
            foreach (var member in members)
            {
                foreach (var callee in member.Facts.Callees)
                {
                    if (nodes.TryGetValue(callee, out var calleeNode))
                    {
                        if (!callers.TryGetValue(calleeNode, out var list))
                        {
                            callers.Add(calleeNode, list = new List<Node>());
                        }

                        list.Add(member);
                    }
                }
            }

            seeds.Sort((a, b) => a.Depth.CompareTo(b.Depth));
            var queue = new Queue<Node>();
            var next = 0;
            while (next < seeds.Count || queue.Count > 0)
            {
                Node current;
                if (queue.Count > 0 && (next == seeds.Count || queue.Peek().Depth <= seeds[next].Depth))
                {
                    current = queue.Dequeue();
                }
                else
                {
                    current = seeds[next++];
                }

                if (current.Done)
                {
                    continue;
                }

                current.Done = true;
                if (!callers.TryGetValue(current, out var callersOfCurrent))
                {
                    continue;
                }

                foreach (var caller in callersOfCurrent)
                {
                    if (!caller.Done && (caller.Depth == 0 || current.Depth + 1 < caller.Depth))
                    {
                        caller.Depth = current.Depth + 1;
                        queue.Enqueue(caller);
                    }
                }
            }

            foreach (var member in members)
            {
                _summaries.TryAdd(member.Method, Summarise(member, nodes, member.Depth));
            }
        }

        /// <summary>
        /// A method outside any cycle whose callees are all summarised. The shortest chain that no guard on its own
        /// parameters holds back wins; if every chain stands under a guard (its own leaf's, the guard around the call, never a
        /// callee's guard passed on), the shortest of those, carrying the guard when they all share it. A callee whose guard
        /// the call's constants defeat is not a chain at all.
        /// </summary>
        private CallSummary SummariseAcyclic(MethodFacts facts)
        {
            int open = 0, held = 0;
            IMethodSymbol? openNext = null, heldNext = null;
            ParameterGuard? heldBy = null;
            var mixed = false;
            if (facts.Leaf != null)
            {
                if (facts.LeafGuard is null)
                {
                    return new CallSummary(1, null, facts.Leaf, facts.LeafHint, contention: OnlyContention(facts, null));
                }

                (held, heldBy) = (1, facts.LeafGuard);
            }

            for (var i = 0; i < facts.Callees.Length; i++)
            {
                var callee = facts.Callees[i];
                if (!_summaries.TryGetValue(callee, out var summary) || !summary.Blocks || !facts.Reaches(i, summary))
                {
                    continue;
                }

                var depth = summary.Depth + 1;
                if (facts.EdgeGuard(i) is not { } guard)
                {
                    if (open == 0 || depth < open)
                    {
                        (open, openNext) = (depth, callee);
                    }

                    continue;
                }

                mixed |= heldBy is { } previous && !previous.SameAs(guard);
                heldBy ??= guard;
                if (held == 0 || depth < held)
                {
                    (held, heldNext) = (depth, callee);
                }
            }

            if (open > 0)
            {
                return new CallSummary(open, openNext, null, null, contention: OnlyContention(facts, null));
            }

            if (held == 0)
            {
                return CallSummary.DoesNotBlock;
            }

            var heldGuard = mixed ? null : heldBy;
            return heldNext is null
                ? new CallSummary(1, null, facts.Leaf, facts.LeafHint, heldGuard)
                : new CallSummary(held, heldNext, null, null, heldGuard);
        }

        /// <summary>
        /// Inside a cycle, guards on the members' own parameters are not tracked (a guarded leaf counts as a leaf); calls that
        /// defeat a summarised callee's guard still lead nowhere. 1 for a leaf of its own, else 1 + the smallest depth among
        /// summarised blocking callees, else 0.
        /// </summary>
        private int DepthThroughCallees(Node node)
        {
            if (node.Facts.Leaf != null)
            {
                return 1;
            }

            var best = 0;
            var callees = node.Facts.Callees;
            for (var i = 0; i < callees.Length; i++)
            {
                var depth = _summaries.TryGetValue(callees[i], out var summary) && node.Facts.Reaches(i, summary) ? summary.Depth : 0;
                if (depth > 0 && (best == 0 || depth + 1 < best))
                {
                    best = depth + 1;
                }
            }

            return best;
        }

        /// <summary>
        /// Whether everything a blocking method can reach is a contention wait: its own leaf, if any, is one, and every callee
        /// its calls reach blocks only that way. A callee of the same cycle, not yet summarised, counts as blocking otherwise
        /// when it blocks at all (<paramref name="component"/>): the answer errs towards reporting.
        /// </summary>
        private bool OnlyContention(MethodFacts facts, Dictionary<IMethodSymbol, Node>? component)
        {
            if (facts.Leaf != null && !facts.LeafIsContention)
            {
                return false;
            }

            var any = facts.Leaf != null;
            var callees = facts.Callees;
            for (var i = 0; i < callees.Length; i++)
            {
                if (_summaries.TryGetValue(callees[i], out var summary))
                {
                    if (summary.Blocks && facts.Reaches(i, summary))
                    {
                        if (!summary.Contention)
                        {
                            return false;
                        }

                        any = true;
                    }
                }
                else if (component != null && component.TryGetValue(callees[i], out var member) && member.Depth > 0)
                {
                    return false;
                }
            }

            return any;
        }

        private CallSummary Summarise(Node node, Dictionary<IMethodSymbol, Node> nodes, int depth)
        {
            if (depth == 0)
            {
                return CallSummary.DoesNotBlock;
            }

            if (node.Facts.Leaf != null)
            {
                return new CallSummary(1, null, node.Facts.Leaf, node.Facts.LeafHint, contention: OnlyContention(node.Facts, nodes));
            }

            var callees = node.Facts.Callees;
            for (var i = 0; i < callees.Length; i++)
            {
                var callee = callees[i];
                var calleeDepth = _summaries.TryGetValue(callee, out var summary)
                    ? (node.Facts.Reaches(i, summary) ? summary.Depth : 0)
                    : nodes.TryGetValue(callee, out var calleeNode) ? calleeNode.Depth : 0;
                if (calleeDepth > 0 && calleeDepth + 1 == depth)
                {
                    return new CallSummary(depth, callee, null, null, contention: OnlyContention(node.Facts, nodes));
                }
            }

            return CallSummary.DoesNotBlock;
        }
    }
}
