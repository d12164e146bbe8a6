using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Blocking
{
    /// <summary>TW101: a blocking wait (<c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>, <c>WaitAll/WaitAny</c>) on an async path.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW101BlockingWaitAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property naming the rewrite the code fix applies; absent when no safe rewrite exists.</summary>
        public const string FixProperty = "Fix";
        public const string FixAwait = "Await";
        public const string FixWaitAsync = "WaitAsync";
        public const string FixWhenAll = "WhenAll";
        public const string FixWhenAny = "WhenAny";

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
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = KnownTypes.Create(start.Compilation);
                if (types.Task is null)
                {
                    return;
                }

                var blockedThread = HostContext.BlockedThread(start.Compilation);
                start.RegisterOperationAction(
                    operationContext => Analyze(operationContext, types, blockedThread),
                    OperationKind.PropertyReference,
                    OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, string blockedThread)
        {
            var operation = context.Operation;
            if (!Semantics.Blocking.IsBlockingWaitOnPendingTask(operation, types, out var wait)
                || !AsyncPath.IsOnAsyncPath(operation, context.ContainingSymbol)
                || !AsyncPath.CanAwaitAt(operation))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (FixFor(wait, types) is { } fix)
            {
                properties = properties.Add(FixProperty, fix);
            }

            context.ReportUnlessPeerSuppressed(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), properties, DisplayText.Of(operation.Syntax), blockedThread,
                WaitWording.Until(wait.Kind), WaitWording.Awaited(wait.Kind)));
        }

        /// <summary>The await rewrite that gives the same result as the wait, or null (shared with TW103).</summary>
        internal static string? FixFor(BlockingWait wait, KnownTypes types)
        {
            var invocation = wait.Operation as IInvocationOperation;
            switch (wait.Kind)
            {
                case BlockingWaitKind.Result:
                case BlockingWaitKind.GetResult:
                    return FixAwait;

                case BlockingWaitKind.Wait when invocation!.Arguments.Length == 0:
                    return FixAwait;

                case BlockingWaitKind.Wait when invocation!.Arguments.Length == 1
                    && KnownTypes.Is(invocation.Arguments[0].Value.Type, types.CancellationToken)
                    && HasWaitAsync(types):
                    return FixWaitAsync;

                // Only the overloads that take nothing but tasks: the timeout forms return a bool that await cannot give.
                case BlockingWaitKind.WaitAll when OnlyTaskArguments(invocation!, types):
                    return FixWhenAll;

                // WhenAny returns the task, not the index: only where the index is unused.
                case BlockingWaitKind.WaitAny when OnlyTaskArguments(invocation!, types) && invocation!.Parent is IExpressionStatementOperation:
                    return FixWhenAny;

                default:
                    return null;
            }
        }

        private static bool OnlyTaskArguments(IInvocationOperation invocation, KnownTypes types)
        {
            foreach (var parameter in invocation.TargetMethod.Parameters)
            {
                var type = parameter.Type is IArrayTypeSymbol array ? array.ElementType : parameter.Type;
                if (type is INamedTypeSymbol { IsGenericType: true } generic && !types.IsTaskLike(generic))
                {
                    type = generic.TypeArguments[0];
                }

                if (!types.IsTaskLike(type))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasWaitAsync(KnownTypes types) => !types.Task!.GetMembers("WaitAsync").IsEmpty;
    }
}
