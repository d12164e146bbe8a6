using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Blocking
{
    /// <summary>
    /// TW102: a synchronous call with an awaitable counterpart on an async path (<c>File.ReadAllText</c>,
    /// <c>Thread.Sleep</c>, <c>stream.Read</c>, any <c>M</c> with a matching <c>MAsync</c>), and a synchronous
    /// <c>using</c> of a resource whose disposal does I/O. Not on error paths (<see cref="ErrorPaths"/>): cleanup in a catch
    /// that rethrows runs only once the operation has failed.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW102SyncApiInAsyncAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic properties the code fix reads.</summary>
        public const string KindProperty = "Kind";
        public const string KindCall = "Call";
        public const string KindAwaitUsing = "AwaitUsing";
        public const string KindSyncMode = "SyncMode";

        /// <summary>For <see cref="KindSyncMode"/>: the argument that selects synchronous mode, as written.</summary>
        public const string ModeArgumentProperty = "ModeArgument";
        public const string CounterpartProperty = "Counterpart";
        public const string TokenProperty = "Token";
        public const string QualifyingTypeProperty = "QualifyingType";

        /// <summary>Where another target framework of the project lacks the counterpart: the <c>#if</c> condition the fix writes.</summary>
        public const string FrameworkConditionProperty = "FrameworkCondition";

        // One rule, two messages: a call names its counterpart, a using names its resource. The descriptors are built
        // inline because release tracking (RS2002) only recognises descriptors created in field initializers.
        private const string Title = "Call the asynchronous counterpart on an async path";
        private const string Description = "A synchronous I/O or waiting call inside async code holds a thread for the whole wait. Await its asynchronous counterpart so the thread is free while the I/O is in flight.";

        internal static readonly DiagnosticDescriptor CallRule = new DiagnosticDescriptor(
            RuleIds.SyncApiInAsync,
            Title,
            "'{0}' blocks {1} while it waits; await '{2}' instead",
            RuleCategories.Blocking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            Description,
            HelpLinks.For(RuleIds.SyncApiInAsync));

        internal static readonly DiagnosticDescriptor UsingRule = new DiagnosticDescriptor(
            RuleIds.SyncApiInAsync,
            Title,
            "'{0}' is disposed synchronously, which blocks {1} while it flushes or closes; use 'await using'",
            RuleCategories.Blocking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            Description,
            HelpLinks.For(RuleIds.SyncApiInAsync));

        internal static readonly DiagnosticDescriptor SyncModeRule = new DiagnosticDescriptor(
            RuleIds.SyncApiInAsync,
            Title,
            "'{0}' is called in synchronous mode ('{1}'), which blocks {2} while it does its I/O; pass the asynchronous mode and await it",
            RuleCategories.Blocking,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            Description,
            HelpLinks.For(RuleIds.SyncApiInAsync));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(CallRule, UsingRule, SyncModeRule);

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

                var counterparts = shared.Counterparts(start.Options);
                var host = shared.Host;
                start.RegisterOperationAction(c => AnalyzeInvocation(c, types, counterparts, host), OperationKind.Invocation);
                start.RegisterOperationAction(c => AnalyzeUsing(c, types, host, counterparts.TargetGaps), OperationKind.Using, OperationKind.UsingDeclaration);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types, AsyncCounterpart counterparts, HostKind host)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!AsyncPath.IsOnAsyncPath(invocation, context.ContainingSymbol)
                || !AsyncPath.CanAwaitAt(invocation)
                || HostContext.BlocksOnlyAUiAppsPool(host, invocation, types)
                || Offloading.IsInAwaitlessPoolWorkItem(invocation, types))
            {
                return;
            }

            // SendAsync(p, IOBehavior.Synchronous): the returned task is complete, the I/O was done synchronously.
            if (BlockingCalls.IsSyncModeCall(invocation, types, counterparts, out var modeArgument))
            {
                if (ErrorPaths.IsOnErrorPath(invocation))
                {
                    return;
                }

                context.ReportUnlessPeerSuppressed(Diagnostic.Create(
                    SyncModeRule,
                    invocation.Syntax.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindSyncMode).Add(ModeArgumentProperty, modeArgument!.Syntax.ToString()),
                    DisplayText.Member(AsyncCounterpart.ReceiverType(invocation), invocation.TargetMethod),
                    DisplayText.Of(modeArgument.Syntax),
                    HostContext.AsyncPathThread(host, context.Operation, context.ContainingSymbol, types)));
                return;
            }

            // Cleanup before a rethrow, throw operands, filters: they run only once the async operation has failed.
            // A primitive wait after a failed resource attempt (while (!TryAcquireSlot()) gate.Wait();) waits only under
            // contention, like a lock: TW104 does not take it as a leaf either.
            // Local file I/O in a console, worker or server app frees no thread worth having when awaited (LocalFiles),
            // nor does a console program's wait for its child process (ConsoleChildProcesses).
            if (!BlockingCalls.IsBlockingCall(invocation, context.ContainingSymbol, types, counterparts, out var counterpart)
                || ErrorPaths.IsOnErrorPath(invocation)
                || ContentionFallbacks.IsContentionWait(invocation, types) && ContentionFallbacks.RunsAfterFailedAttempt(invocation, types)
                || LocalFiles.IsUnreportedLocalFileCall(invocation, types, context.Options)
                || ConsoleChildProcesses.IsUnreportedWait(invocation, types, context.Options))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(KindProperty, KindCall)
                .Add(CounterpartProperty, counterpart!.Method.Name)
                .Add(TokenProperty, counterpart.CancellationToken)
                .Add(QualifyingTypeProperty, counterpart.QualifyingType)
                .Add(FrameworkConditionProperty, counterpart.FrameworkCondition);
            var receiverType = AsyncCounterpart.ReceiverType(invocation);
            context.ReportUnlessPeerSuppressed(Diagnostic.Create(
                CallRule,
                invocation.Syntax.GetLocation(),
                properties,
                DisplayText.Member(receiverType, invocation.TargetMethod),
                HostContext.AsyncPathThread(host, context.Operation, context.ContainingSymbol, types),
                DisplayText.Member(counterpart.Method.IsStatic ? null : receiverType, counterpart.Method)));
        }

        private static void AnalyzeUsing(OperationAnalysisContext context, KnownTypes types, HostKind host, TargetFrameworkGaps gaps)
        {
            var operation = context.Operation;
            var (isAsynchronous, resources) = operation switch
            {
                IUsingOperation @using => (@using.IsAsynchronous, @using.Resources),
                IUsingDeclarationOperation declaration => (declaration.IsAsynchronous, (IOperation)declaration.DeclarationGroup),
                _ => (true, null!),
            };

            if (isAsynchronous || types.IAsyncDisposable is null
                || !AsyncPath.IsOnAsyncPath(operation, context.ContainingSymbol) || !AsyncPath.CanAwaitAt(operation)
                || HostContext.BlocksOnlyAUiAppsPool(host, operation, types) || Offloading.IsInAwaitlessPoolWorkItem(operation, types))
            {
                return;
            }

            // A method that serves both modes (bool async, IOBehavior) disposes the same way in both: 'await using' would
            // turn its synchronous mode asynchronous, and no single statement can be both.
            if ((context.ContainingSymbol is IMethodSymbol method && DualPath.ModeParameter(method, out _) != null)
                || DualPath.IsInSyncArm(operation)
                || ErrorPaths.IsOnErrorPath(operation))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindAwaitUsing);
            if (resources is IVariableDeclarationGroupOperation group)
            {
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                        if (initializer != null && AsyncDisposal.DisposalDoesIO(initializer, types)
                            && !FlushedBeforeDispose.NothingToFlush(operation, declarator.Symbol, initializer, types)
                            && !FlushedBeforeDispose.ClosedByWrapper(operation, declarator.Symbol)
                            && !FlushedBeforeDispose.ClosedAtEnd(operation, declarator.Symbol)
                            && !FlushedBeforeDispose.NoAsyncDisposal(operation, declarator.Symbol, initializer, types, host == HostKind.Server)
                            && !LocalFiles.IsUnreportedLocalFileResource(initializer, types, context.Options))
                        {
                            context.ReportUnlessPeerSuppressed(Diagnostic.Create(UsingRule, declarator.Syntax.GetLocation(), WithCondition(properties, gaps.AsyncDisposalCondition(declarator.Symbol.Type, types, declarator.Syntax)), declarator.Symbol.Name, HostContext.AsyncPathThread(host, context.Operation, context.ContainingSymbol, types)));
                            return;
                        }
                    }
                }
            }
            else if (resources != null && AsyncDisposal.DisposalDoesIO(resources, types)
                && !FlushedBeforeDispose.NothingToFlush(operation, null, resources, types)
                && !FlushedBeforeDispose.NoAsyncDisposal(operation, null, resources, types, host == HostKind.Server)
                && !LocalFiles.IsUnreportedLocalFileResource(resources, types, context.Options))
            {
                context.ReportUnlessPeerSuppressed(Diagnostic.Create(UsingRule, resources.Syntax.GetLocation(), WithCondition(properties, gaps.AsyncDisposalCondition(resources.WalkDownConversions().Type, types, resources.Syntax)), DisplayText.Of(resources.Syntax), HostContext.AsyncPathThread(host, context.Operation, context.ContainingSymbol, types)));
            }
        }

        private static ImmutableDictionary<string, string?> WithCondition(ImmutableDictionary<string, string?> properties, string? condition) =>
            condition is null ? properties : properties.Add(FrameworkConditionProperty, condition);
    }
}
