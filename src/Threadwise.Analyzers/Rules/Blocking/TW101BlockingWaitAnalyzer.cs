using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Threadwise.Semantics;

namespace Threadwise.Rules.Blocking
{
    /// <summary>TW101: a blocking wait (<c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>, <c>WaitAll/WaitAny</c>) on an async path.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW101BlockingWaitAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.BlockingWaitInAsync,
            title: "Do not block on a task on an async path",
            messageFormat: "'{0}' blocks {1} until {2}; await {3} instead",
            category: RuleCategories.Blocking,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An async method that blocks on a task holds its thread while the I/O it waits for is in flight, and can deadlock under a SynchronizationContext. Await the task instead.",
            helpLinkUri: HelpLinks.For(RuleIds.BlockingWaitInAsync));

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
                start.RegisterOperationAction(
                    operationContext => Analyze(operationContext, types, host),
                    OperationKind.PropertyReference,
                    OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, HostKind host)
        {
            var operation = context.Operation;
            if (!BlockingCalls.IsBlockingWaitOnPendingTask(operation, types, out var wait)
                || !AsyncPath.IsOnAsyncPath(operation, context.ContainingSymbol)
                || !AsyncPath.CanAwaitAt(operation))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (AwaitRewrites.For(wait, types) is { } fix)
            {
                properties = AwaitRewrites.AddTo(properties, fix);
            }

            context.ReportUnlessPeerSuppressed(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), properties, DisplayText.Of(operation.Syntax), HostContext.AsyncPathThread(host, operation, context.ContainingSymbol, types),
                WaitWording.Until(wait.Kind), WaitWording.Awaited(wait.Kind)));
        }
    }
}
