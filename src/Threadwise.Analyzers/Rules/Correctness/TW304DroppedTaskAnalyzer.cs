using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW304: a call that returns a task (Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;), written as a statement in
    /// synchronous code, so the task is dropped. In async code the compiler's CS4014 speaks instead, so TW304 stays out
    /// of every async path. Thread-pool work started on purpose (<c>Task.Run</c>, <c>StartNew</c>) outside the entry point,
    /// a task handed to a helper that observes it, a task of an async method that cannot fault (its body lets no
    /// exception out), and a drop inside a wrapper that swallows failures and returns a completed task
    /// (<see cref="CompletedNowWrappers"/>) are not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW304DroppedTaskAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Present when <c>_ = call;</c> is a discard here (no variable named <c>_</c> is in scope).</summary>
        public const string FixProperty = "Fix";
        public const string FixDiscard = "Discard";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.DroppedTask,
            title: "Do not drop a task in synchronous code",
            messageFormat: "The task returned by '{0}' is dropped: nothing waits for it and its exceptions are lost; await it in an async method, or write '_ =' if fire-and-forget is intended",
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A task-returning call written as a statement starts work that nobody waits for: the caller goes on before it ends, and its exceptions go unobserved. The compiler warns about this (CS4014) only inside async methods. Await the task from an async caller, or make fire-and-forget explicit with a discard.",
            helpLinkUri: HelpLinks.For(RuleIds.DroppedTask));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                if (types.Task is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.ExpressionStatement);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types)
        {
            var statement = (IExpressionStatementOperation)context.Operation;
            var invocation = DroppedInvocation(statement.Operation);
            if (invocation is null
                || !ProducesTask(invocation, types)
                || IsExempt(invocation, types)
                || AsyncPath.IsOnAsyncPath(statement, context.ContainingSymbol)
                || IsInLambdaThatDescribesACall(statement)
                || StartsPoolWorkOutsideEntryPoint(invocation, context.ContainingSymbol, types, context.Compilation)
                || TaskFacts.IsKnownCompleted(invocation, types)
                || IsObservedByHelper(invocation, types, context.Compilation, context.CancellationToken)
                || CannotFault(invocation, types, context.Compilation, context.CancellationToken)
                || StartsActorSystemShutdown(invocation.TargetMethod, types)
                || IsChannelOutboundOperation(invocation.TargetMethod, types)
                || ForwardsChannelOutboundOperation(invocation.TargetMethod, types, context.Compilation)
                || CompletedNowWrappers.IsDeliberateDrop(statement, context.ContainingSymbol, types)
                || VoidFacades.IsFacadeDrop(statement, invocation, context.ContainingSymbol))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (invocation.SemanticModel is { } model && model.LookupSymbols(invocation.Syntax.SpanStart, name: "_").IsEmpty)
            {
                properties = properties.Add(FixProperty, FixDiscard);
            }

            var location = statement.Operation.Syntax.GetLocation();
            context.ReportUnlessPeerSuppressed(Diagnostic.Create(Rule, location, properties, DisplayText.Member(invocation.Instance?.Type, invocation.TargetMethod)));
        }

        /// <summary>
        /// <c>Task.Run(work);</c> or <c>Task.Factory.StartNew(work);</c> (also <c>.Unwrap()</c>-ed): starting work on the
        /// thread pool without waiting for it is what these calls are for, and as a statement they are how code says "run
        /// this in the background" (a reader pump, a deferred retry, a kill timer started from an event handler). On the
        /// corpus every such statement was deliberate. The entry point is the exception: there the process ends when it
        /// returns, so the worker may never run to its end. A source method whose whole body is such a start
        /// (<see cref="Offloading.IsPoolStartWrapper"/>) is the same statement written through a name.
        /// </summary>
        private static bool StartsPoolWorkOutsideEntryPoint(IInvocationOperation invocation, ISymbol containingSymbol, KnownTypes types, Compilation compilation)
        {
            // StartNew(async () => ..).Unwrap(): the same start, its task flattened to the inner one.
            if (invocation.TargetMethod is { Name: "Unwrap", IsExtensionMethod: true } && invocation.Arguments.Length == 1
                && invocation.Arguments[0].Value.WalkDownConversions() is IInvocationOperation started)
            {
                invocation = started;
            }

            return (Offloading.IsPoolStart(invocation.TargetMethod, types) || Offloading.IsPoolStartWrapper(invocation.TargetMethod, types, compilation))
                && !EntryPoints.Is(containingSymbol, types);
        }

        /// <summary>
        /// The call hands a task to a helper that takes it as a task parameter (<c>DoAsync().LogExceptions()</c>,
        /// <c>TaskHelper.Observe(t)</c>): that task is observed there. The helper's own returned task is the one dropped
        /// now, so it is exempt only where it cannot fault unobserved either: the helper's name says it observes or forgets
        /// (<see cref="IsObserverName"/>), or it is Akka.NET's <c>task.PipeTo(actor)</c>, which hands a failure to the actor
        /// as <c>Status.Failure</c>, or it is an async source method that lets no exception out, or forwards to one. Helpers that return
        /// no task (<c>.Forget()</c>, <c>.SafeFireAndForget()</c>) drop nothing and are never reported.
        /// </summary>
        private static bool IsObservedByHelper(IInvocationOperation invocation, KnownTypes types, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            var takesTask = false;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && IsTask(parameter.Type, types))
                {
                    takesTask = true;
                    break;
                }
            }

            if (!takesTask)
            {
                return false;
            }

            var helper = invocation.TargetMethod.OriginalDefinition;
            return IsObserverName(helper.Name)
                || KnownTypes.Is(helper.ContainingType, types.AkkaPipeToSupport)
                || ExceptionContainment.TaskCannotFault(helper, compilation, types, cancellationToken);
        }

        /// <summary>Names of helpers that exist to observe a task: Forget, FireAndForget, Observe…, LogExceptions, IgnoreErrors…</summary>
        private static bool IsObserverName(string name) =>
            name.IndexOf("Forget", System.StringComparison.Ordinal) >= 0
            || name.StartsWith("Observe", System.StringComparison.Ordinal)
            || name.StartsWith("Log", System.StringComparison.Ordinal) && (name.EndsWith("Exceptions", System.StringComparison.Ordinal) || name.EndsWith("Exception", System.StringComparison.Ordinal) || name.EndsWith("Errors", System.StringComparison.Ordinal) || name.EndsWith("Faults", System.StringComparison.Ordinal))
            || name.StartsWith("Ignore", System.StringComparison.Ordinal) && (name.EndsWith("Exceptions", System.StringComparison.Ordinal) || name.EndsWith("Errors", System.StringComparison.Ordinal) || name.EndsWith("Faults", System.StringComparison.Ordinal))
            || name == "SwallowExceptions";

        /// <summary>
        /// Deliberate fire-and-forget whose task cannot fault: an async source method whose body lets no exception out
        /// (<see cref="ExceptionContainment"/>), or a method that only forwards to one, called directly (<c>SendHeartbeatAsync();</c>).
        /// </summary>
        private static bool CannotFault(IInvocationOperation invocation, KnownTypes types, Compilation compilation, System.Threading.CancellationToken cancellationToken) =>
            ExceptionContainment.TaskCannotFault(invocation.TargetMethod, compilation, types, cancellationToken);

        /// <summary>
        /// Akka.NET's <c>CoordinatedShutdown.Run(reason)</c> and <c>ActorSystem.Terminate()</c> (or an override): they start the
        /// shutdown of the whole actor system, and the task they return completes when it is over. Actor and transport code,
        /// which cannot await, starts them as a statement (<c>Context.System.Terminate();</c> in a message handler), as Akka's
        /// own cluster daemon does; the shutdown logs the failures of its phases itself.
        /// </summary>
        private static bool StartsActorSystemShutdown(IMethodSymbol method, KnownTypes types) =>
            method.Name switch
            {
                "Run" => types.AkkaCoordinatedShutdown != null && KnownTypes.Is(method.ContainingType, types.AkkaCoordinatedShutdown),
                "Terminate" => types.AkkaActorSystem != null && method.Parameters.IsEmpty && KnownTypes.InheritsFrom(method.ContainingType, types.AkkaActorSystem),
                _ => false,
            };

        /// <summary>
        /// DotNetty's outbound channel operations (<c>CloseAsync</c>, <c>DisconnectAsync</c>, <c>DeregisterAsync</c>,
        /// <c>WriteAsync</c>, <c>WriteAndFlushAsync</c> on a channel, a handler context, a pipeline or a channel's unsafe, or a
        /// class implementing one; and a handler's own outbound operations, <c>CloseAsync(context)</c> of a TLS handler that
        /// closes its channel after a failed handshake): Netty's programming model, where a handler's synchronous callback
        /// (<c>ChannelRead</c>, <c>ExceptionCaught</c>) starts the operation and returns, and the task is for the rare caller
        /// that wants to follow it (DotNetty's own note on <c>WriteAsync</c>: "do not produce task if it isn't needed").
        /// Akka.NET's transport and DotNetty's own codecs drop them as statements throughout. The same for the executor
        /// operations of an event loop or its group (<c>ScheduleAsync</c>, <c>SubmitAsync</c>, <c>ShutdownGracefullyAsync</c>),
        /// Netty's <c>schedule</c>, <c>submit</c> and <c>shutdownGracefully</c>: a handler re-enables reading a second later,
        /// a group starts each loop's shutdown and hands out its own termination task.
        /// </summary>
        private static bool IsChannelOutboundOperation(IMethodSymbol method, KnownTypes types) =>
            method.Name switch
            {
                "CloseAsync" or "DisconnectAsync" or "DeregisterAsync" or "WriteAsync" or "WriteAndFlushAsync" => ImplementsAny(method.ContainingType, types.DotNettyChannelInvokers),
                "ScheduleAsync" or "SubmitAsync" or "ShutdownGracefullyAsync" => ImplementsAny(method.ContainingType, types.DotNettyExecutors),
                _ => false,
            };

        /// <summary>
        /// A source method that only hands back the task of such an operation, or of a continuation on one: the same start,
        /// written through a name. DotNetty's <c>WebSocketServerHandshakerFactory.SendUnsupportedVersionResponse(channel)</c>
        /// builds a response and returns <c>channel.WriteAndFlushAsync(response)</c>; a handshaker's <c>CloseAsync(channel,
        /// frame)</c> writes the close frame and closes the channel in a <c>ContinueWith</c> on the write.
        /// </summary>
        private static bool ForwardsChannelOutboundOperation(IMethodSymbol method, KnownTypes types, Compilation compilation) =>
            !types.DotNettyChannelInvokers.IsEmpty
            && method.MethodKind == MethodKind.Ordinary && !method.IsAsync && !method.DeclaringSyntaxReferences.IsEmpty
            && SourceBodies.OfMethod(method.OriginalDefinition, compilation) is IMethodBodyOperation body
            && body.EveryReturnedValue(returned => IsOutboundStart(returned.WalkDownConversions(), types));

        // channel.WriteAndFlushAsync(frame), or channel.WriteAndFlushAsync(frame).ContinueWith(..).
        private static bool IsOutboundStart(IOperation value, KnownTypes types) =>
            value is IInvocationOperation call
            && (IsChannelOutboundOperation(call.TargetMethod, types)
                || ContinuationAntecedents.ContinueWithAntecedent(call, types)?.WalkDownConversions() is IInvocationOperation antecedent
                    && IsChannelOutboundOperation(antecedent.TargetMethod, types));

        // KnownTypes.Implements also answers true for the interface itself.
        private static bool ImplementsAny(INamedTypeSymbol type, ImmutableArray<INamedTypeSymbol> interfaces)
        {
            foreach (var @interface in interfaces)
            {
                if (KnownTypes.Implements(type, @interface))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A lambda that is never run as such: converted to an expression tree, or handed to a mocking library that only
        /// records the call (NSubstitute's <c>sub.When(x => x.SaveAsync())</c>, <c>Received.InOrder(() => ...)</c>).
        /// </summary>
        private static bool IsInLambdaThatDescribesACall(IOperation statement)
        {
            if (AsyncPath.EnclosingFunction(statement) is not IAnonymousFunctionOperation lambda)
            {
                return false;
            }

            IOperation? current = lambda.Parent;
            if (current is IDelegateCreationOperation creation)
            {
                if (creation.Type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate })
                {
                    return true;
                }

                current = creation.Parent;
            }
            else
            {
                // Not a delegate: an expression tree.
                return true;
            }

            while (current is IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation { Parent: IInvocationOperation call }
                && IsInNamespace(call.TargetMethod.ContainingNamespace, "NSubstitute");
        }

        private static bool IsInNamespace(INamespaceSymbol? ns, string outermost)
        {
            for (var current = ns; current != null && !current.IsGlobalNamespace; current = current.ContainingNamespace)
            {
                if (current.ContainingNamespace is { IsGlobalNamespace: true } && current.Name == outermost)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>F()</c>, <c>a?.F()</c> or <c>F().ConfigureAwait(false)</c> as the whole statement.</summary>
        private static IInvocationOperation? DroppedInvocation(IOperation expression)
        {
            var current = expression;
            while (current is IConditionalAccessOperation conditional)
            {
                current = conditional.WhenNotNull;
            }

            // SaveAsync().ConfigureAwait(false); drops the task all the same.
            if (current is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: IInvocationOperation configured })
            {
                return configured;
            }

            return current as IInvocationOperation;
        }

        /// <summary>
        /// The call makes a task: its declared return type is a task type. A generic method that merely hands back a
        /// value of a type parameter (<c>Interlocked.Exchange(ref _task, next)</c>, <c>cache.GetOrAdd(key, LoadAsync)</c>)
        /// returns a task it did not start, already held elsewhere. A delegate's <c>Invoke</c> (<c>Func&lt;Task&gt;</c>) does start one.
        /// </summary>
        private static bool ProducesTask(IInvocationOperation invocation, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            if (!IsTask(method.ReturnType, types))
            {
                return false;
            }

            return method.MethodKind == MethodKind.DelegateInvoke
                || method.OriginalDefinition.ReturnType is not ITypeParameterSymbol;
        }

        private static bool IsTask(ITypeSymbol? type, KnownTypes types) =>
            type is INamedTypeSymbol named
            && (KnownTypes.InheritsFrom(named, types.Task)
                || KnownTypes.Is(named.OriginalDefinition, types.ValueTask)
                || KnownTypes.Is(named.OriginalDefinition, types.ValueTaskOfT));

        /// <summary>
        /// <c>ContinueWith</c>: the continuation is attached to the antecedent and usually exists to observe it
        /// (<c>t.ContinueWith(Log, OnlyOnFaulted)</c>). NSubstitute's <c>sub.Received().SaveAsync()</c>: an assertion,
        /// not a call that starts work.
        /// </summary>
        private static bool IsExempt(IInvocationOperation invocation, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            if (method.Name == "ContinueWith" && KnownTypes.InheritsFrom(method.ContainingType, types.Task)
                || IsRerenderRequest(invocation, types))
            {
                return true;
            }

            if (invocation.Instance?.WalkDownConversions() is IInvocationOperation receiver)
            {
                switch (receiver.TargetMethod.Name)
                {
                    case "Received":
                    case "ReceivedWithAnyArgs":
                    case "DidNotReceive":
                    case "DidNotReceiveWithAnyArgs":
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>InvokeAsync(StateHasChanged);</c> in a Blazor component: the idiom that asks the renderer to re-render from a
        /// callback on another thread. Its task only says when that render ran; a render that fails is the renderer's to
        /// report (the circuit's error UI), and one lost with a disposed component is what the caller wants.
        /// </summary>
        private static bool IsRerenderRequest(IInvocationOperation invocation, KnownTypes types) =>
            invocation.TargetMethod is { Name: "InvokeAsync", ContainingType: var type } && KnownTypes.Is(type, types.ComponentBase)
            && invocation.Arguments.Length == 1
            && invocation.Arguments[0].Value.WalkDownConversions() switch
            {
                IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => IsStateHasChanged(reference.Method, types),
                IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } =>
                    lambda.OnlyExpression()?.WalkDownConversions() is IInvocationOperation call && IsStateHasChanged(call.TargetMethod, types),
                _ => false,
            };

        private static bool IsStateHasChanged(IMethodSymbol method, KnownTypes types) =>
            method is { Name: "StateHasChanged", Parameters.IsEmpty: true } && KnownTypes.Is(method.ContainingType, types.ComponentBase);
    }
}
