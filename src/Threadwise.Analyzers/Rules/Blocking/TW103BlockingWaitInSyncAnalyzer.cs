using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Options;
using Threadwise.Rules.Correctness;
using Threadwise.Semantics;

namespace Threadwise.Rules.Blocking
{
    /// <summary>
    /// TW103: a blocking wait (<c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>, <c>WaitAll/WaitAny</c>) in
    /// synchronous code, on a task not known to be completed. Silent in the entry point (async Main is offered as a
    /// refactoring there), on threads the program owns (<see cref="OwnThreads"/>), which exist to be blocked, in a UI app's
    /// thread-pool delegates (no SynchronizationContext to deadlock on, no window to freeze), and in
    /// sync-contract bridges (<see cref="SyncContractBridges"/>, a library's handlers that answer a framework event
    /// after the wait, <see cref="HandlerResults"/>, and the host's shutdown callbacks, <see cref="ShutdownHooks"/>, and DI factories and own-token callbacks,
    /// <see cref="SynchronousCallbacks"/>) unless
    /// an option asks for them.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW103BlockingWaitInSyncAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The await rewrite of the wait (an <see cref="AwaitRewrite"/>); absent when none is safe.</summary>
        public const string FixProperty = AwaitRewrites.Property;

        /// <summary>What the fix makes async: <see cref="TargetMethod"/> or <see cref="TargetLambda"/>; absent when neither can become async.</summary>
        public const string TargetProperty = "Target";
        public const string TargetMethod = "Method";
        public const string TargetLambda = "Lambda";

        /// <summary>Option: report waits in sync-contract bridges (<see cref="SyncContractBridges"/>) too; never with a fix.</summary>
        public const string ReportSyncContractBridgesOption = ThreadwiseOptions.Tw103ReportSyncContractBridges;

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.BlockingWaitInSync,
            title: "Do not block on a task in synchronous code",
            messageFormat: "'{0}' blocks {1} until {2}: {3}; make the caller async and await {4}",
            category: RuleCategories.Blocking,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Synchronous code that blocks on a task (sync-over-async) deadlocks when the task needs a SynchronizationContext (UI apps, classic ASP.NET) held by the blocked thread, and elsewhere holds a thread hostage for as long as the I/O takes, which starves the thread pool under load. Wrapping the call in Task.Run does not help. Make the method async and await the task.",
            helpLinkUri: HelpLinks.For(RuleIds.BlockingWaitInSync));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.For(start.Compilation);
                var types = shared.Types;
                if (types.Task is null)
                {
                    return;
                }

                var host = shared.Host;
                var ownThreads = new OwnThreads(types);
                var adapterCalls = new SyncAdapterCalls(types);
                var reportBridges = new ConcurrentDictionary<SyntaxTree, bool>();
                start.RegisterOperationAction(
                    operationContext => Analyze(operationContext, types, host, ownThreads, adapterCalls, reportBridges),
                    OperationKind.PropertyReference,
                    OperationKind.Invocation);
            });
        }

        private static void Analyze(
            OperationAnalysisContext context,
            KnownTypes types,
            HostKind host,
            OwnThreads ownThreads,
            SyncAdapterCalls adapterCalls,
            ConcurrentDictionary<SyntaxTree, bool> reportBridges)
        {
            var operation = context.Operation;
            // AsyncHelper.RunSync(() => LoadAsync()): the adapter's wait, reported where the async work is handed in.
            var throughAdapter = false;
            if (!BlockingCalls.IsBlockingWaitOnPendingTask(operation, types, out var wait))
            {
                if (!adapterCalls.IsAdapterCall(operation, out wait))
                {
                    return;
                }

                throughAdapter = true;
            }

            if (AsyncPath.IsOnAsyncPath(operation, context.ContainingSymbol)
                || EntryPoints.Is(context.ContainingSymbol, types)
                || HostContext.BlocksOnlyAUiAppsPool(host, operation, types)
                || RetryBackoff.IsRetryBackoff(operation, types)
                || wait.Tasks.Length == 1 && CompletionSignals.IsWaitForSignalJustQueued(wait.Tasks[0], types)
                || SchedulerHops.IsWaitForHop(wait, types)
                || IsLeftToValueTaskRule(context, types))
            {
                return;
            }

            // Dispose() over DisposeAsync(), Stream.Read over ReadAsync: no caller can make the contract async. Nor can a
            // library's handler that answers a framework event after the wait (e.ErrorContext.Handled = true), nor a callback
            // the host waits for before it shuts down (ApplicationStopping.Register(..)), nor a DI factory or a callback on the
            // type's own cancellation token (SynchronousCallbacks). A library
            // that writes a context-free adapter for its sync API has designed that surface; an app's call blocks a host thread.
            // So has a library that gives its wait a timeout (TimedWaits).
            var isBridge = host == HostKind.Plain && (throughAdapter || TimedWaits.HasFiniteTimeout(wait, types))
                || SyncContractBridges.IsBridge(wait, context.ContainingSymbol, types, host)
                || host == HostKind.Plain && HandlerResults.AnswersAfterWait(operation)
                || ShutdownHooks.RunsInShutdownHook(operation, context.ContainingSymbol, types)
                || SynchronousCallbacks.RunsInCallback(operation, types, host)
                || StartupConfiguration.RunsAtStartup(operation, context.ContainingSymbol, types, host);
            if (isBridge && !ReportsBridges(context, reportBridges))
            {
                return;
            }

            // Asked last: it may search the project for the method's callers (OwnThreads), so only for a wait about to be reported.
            if (ownThreads.RunsOnOwnThread(operation, context.ContainingSymbol))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (!isBridge && !throughAdapter && AsyncPath.CanAwaitAt(operation) && AwaitRewrites.For(wait, types) is { } fix
                && MakeAsyncTarget(operation, context.ContainingSymbol, types) is { } target)
            {
                properties = AwaitRewrites.AddTo(properties, fix).Add(TargetProperty, target);
            }

            var known = HostContext.IsKnownHostThread(host, context.ContainingSymbol, types);
            var peers = ValueTaskReads.IsUnsafeDirectRead(operation, types, out _) ? PeerSuppressions.ValueTaskReadPeersOfTW103 : default;
            context.ReportUnlessPeerSuppressed(Diagnostic.Create(
                Rule,
                operation.Syntax.GetLocation(),
                properties,
                DisplayText.Of(operation.Syntax),
                HostContext.BlockedThread(known ? host : HostKind.Plain),
                WaitWording.Until(wait.Kind),
                HostContext.BlockingConsequence(known ? host : HostKind.Plain),
                WaitWording.Awaited(wait.Kind)),
                peers);
        }

        /// <summary>
        /// A blocking read of a ValueTask that may not have completed is TW506's, one warning per site: TW506 names the
        /// ValueTask's own defect (it need not support blocking at all) and its fix, <c>AsTask()</c>; once the code blocks on
        /// <c>AsTask()</c>, this rule reports that wait. Only where TW506 reports it: not turned off for the file, and
        /// suppressed neither at the site nor by a peer's suppression there.
        /// </summary>
        private static bool IsLeftToValueTaskRule(OperationAnalysisContext context, KnownTypes types)
        {
            var operation = context.Operation;
            if (!ValueTaskReads.IsUnsafeDirectRead(operation, types, out _)
                || ConfiguredSeverity.IsOff(operation.Syntax.SyntaxTree, RuleIds.ValueTaskMisuse, context.Compilation.Options, context.Options.AnalyzerConfigOptionsProvider, context.CancellationToken))
            {
                return false;
            }

            var symbol = PeerSuppressions.InnermostSymbol(operation, context.ContainingSymbol);
            var probe = Diagnostic.Create(TW506ValueTaskMisuseAnalyzer.Rule, operation.Syntax.GetLocation(), string.Empty);
            return !LocalSuppressions.IsSuppressed(operation.Syntax.SyntaxTree, operation.Syntax.SpanStart, symbol, context.Compilation, ImmutableArray.Create(RuleIds.ValueTaskMisuse), default)
                && !PeerSuppressions.IsSuppressed(probe, symbol, context.Compilation, context.Options, PeerSuppressions.ValueTaskWaitPeers);
        }

        private static bool ReportsBridges(OperationAnalysisContext context, ConcurrentDictionary<SyntaxTree, bool> cache)
        {
            var tree = context.Operation.Syntax.SyntaxTree;
            if (!cache.TryGetValue(tree, out var report))
            {
                report = ThreadwiseOptions.GetBoolean(context.Options, tree, ReportSyncContractBridgesOption, defaultValue: false);
                cache.TryAdd(tree, report);
            }

            return report;
        }

        /// <summary>
        /// Whether the code fix may try to make the enclosing method or lambda async. Cheap symbol checks only; the fix
        /// checks the body and the references.
        /// </summary>
        private static string? MakeAsyncTarget(IOperation operation, ISymbol containingSymbol, KnownTypes types)
        {
            var function = AsyncPath.EnclosingFunction(operation);
            if (function is IAnonymousFunctionOperation lambda)
            {
                foreach (var parameter in lambda.Symbol.Parameters)
                {
                    if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType)
                    {
                        return null;
                    }
                }

                return lambda.Syntax is LambdaExpressionSyntax ? TargetLambda : null;
            }

            if (function != null)
            {
                return null;
            }

            return containingSymbol is IMethodSymbol method && SignatureCanBecomeAsync(method, types) ? TargetMethod : null;
        }

        /// <summary>
        /// The checks of "Make method async" for a method that changes alone: an ordinary, non-virtual method that
        /// implements nothing and passes <see cref="SignatureCanBecomeAsync"/>.
        /// </summary>
        internal static bool CanBecomeAsync(IMethodSymbol method, KnownTypes types) =>
            SignatureCanBecomeAsync(method, types)
            && method.MethodKind == MethodKind.Ordinary
            && !method.IsAbstract && !method.IsVirtual && !method.IsOverride
            && method.ExplicitInterfaceImplementations.IsEmpty
            && method.ContainingType.TypeKind != TypeKind.Interface
            && !Signatures.ImplementsInterfaceMember(method);

        /// <summary>
        /// The signature checks every method that becomes async must pass, also as a member of a group that changes
        /// together (an interface member and its implementations, a virtual method and its overrides): not async yet,
        /// returns void or a non-awaitable value, no by-reference or ref struct parameters, not extern, partial,
        /// unsafe, <c>Dispose</c>, the entry point, or an instance method of a struct.
        /// </summary>
        internal static bool SignatureCanBecomeAsync(IMethodSymbol method, KnownTypes types)
        {
            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.ExplicitInterfaceImplementation
                || method.IsAsync || method.IsExtern || method.ReturnsByRef || method.ReturnsByRefReadonly
                || method.PartialDefinitionPart != null || method.PartialImplementationPart != null
                || method.Name == "Dispose" || method.Name.EndsWith(".Dispose", System.StringComparison.Ordinal) || EntryPoints.Is(method, types)
                || method.ContainingType is not { } type
                || !method.IsStatic && type.IsValueType)
            {
                return false;
            }

            var returnType = method.ReturnType;
            if (returnType.SpecialType != SpecialType.System_Void
                && (returnType.IsRefLikeType || returnType.TypeKind == TypeKind.Pointer || types.IsAwaitable(returnType) || types.IsTaskLike(returnType)))
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type.TypeKind == TypeKind.Pointer)
                {
                    return false;
                }
            }

            foreach (var syntaxReference in method.DeclaringSyntaxReferences)
            {
                if (syntaxReference.GetSyntax() is MethodDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.UnsafeKeyword))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
