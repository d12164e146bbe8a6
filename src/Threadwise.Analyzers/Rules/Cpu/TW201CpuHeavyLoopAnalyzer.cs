using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Cpu
{
    /// <summary>TW201: a CPU-heavy loop on an async path, reported once, on the outermost heavy loop.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW201CpuHeavyLoopAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.CpuHeavyLoopInAsync,
            title: "Do not run a CPU-heavy loop on an async path",
            messageFormat: "'{0}' is CPU-heavy ({1}) on an async path: it {2}",
            category: RuleCategories.Cpu,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An async method runs on its caller's thread until its first incomplete await. A loop that computes for a long time there holds that thread: a UI freezes, a caller waits. Offload the loop with 'await Task.Run(...)', or parallelize it when its iterations are independent.",
            helpLinkUri: HelpLinks.For(RuleIds.CpuHeavyLoopInAsync));

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

                var model = shared.LoopCosts;
                var effect = CpuLoops.ThreadEffect(start.Compilation);
                var pool = shared.PoolOnly;
                start.RegisterOperationAction(operationContext => Analyze(operationContext, model, types, pool, effect), OperationKind.Loop);
            });
        }

        private static void Analyze(OperationAnalysisContext context, LoopCostModel model, KnownTypes types, PoolOnlyCode pool, string effect)
        {
            var loop = (ILoopOperation)context.Operation;
            if (CpuLoops.HasEnclosingLoop(loop) || !AsyncPath.IsOnAsyncPath(loop, context.ContainingSymbol))
            {
                return;
            }

            // After 'await x.ConfigureAwait(false);', or inside a Task.Run/StartNew/Parallel delegate, the loop runs on a pool
            // thread already: Task.Run would add nothing.
            if (ResumedOffContext.Follows(loop, types) || Offloading.IsInsideThreadPoolDelegate(loop, types))
            {
                return;
            }

            var (threshold, unknownCount) = CpuLoops.Options(context.Options, loop.Syntax.SyntaxTree);
            Visit(context, model, pool, loop, threshold, unknownCount, effect);
        }

        private static void Visit(OperationAnalysisContext context, LoopCostModel model, PoolOnlyCode pool, ILoopOperation loop, double threshold, double unknownCount, string effect, ILoopOperation? awaitingOuter = null)
        {
            var estimate = model.Estimate(loop, unknownCount, context.CancellationToken);
            if (estimate.IsCpuBound)
            {
                // Frames taken out of the chunk an awaited read just filled: one pass over that read's bytes, not a product.
                if (awaitingOuter != null && estimate.HeavyCall is null && ReadChunks.TakesFramesOfChunkJustRead(loop, awaitingOuter))
                {
                    foreach (var nested in CpuLoops.NestedLoops(loop))
                    {
                        Visit(context, model, pool, nested, threshold, unknownCount, effect);
                    }

                    return;
                }

                if (estimate.IsHeavy(threshold))
                {
                    Report(context, pool, loop, estimate, effect);
                }

                return;
            }

            // The loop awaits or does I/O somewhere; a loop inside it may still compute for long between awaits.
            foreach (var nested in CpuLoops.NestedLoops(loop))
            {
                Visit(context, model, pool, nested, threshold, unknownCount, effect, loop);
            }
        }

        private static void Report(OperationAnalysisContext context, PoolOnlyCode pool, ILoopOperation loop, LoopEstimate estimate, string effect)
        {
            // A method that only pool code calls (Task.Run(() => FetchScaledImagesAsync(ct)) and the methods it calls) runs
            // on the pool already. Asked last: it searches the assembly for the method's calls.
            if (pool.RunsOnlyOnPool(loop, context.ContainingSymbol))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (AsyncPath.CanAwaitAt(loop) && LoopOffload.CanMoveIntoLambda(loop))
            {
                properties = properties.Add(CpuLoops.OffloadProperty, "true");
                var parallelism = LoopIndependence.Analyze(loop);
                if (parallelism.Shape != ParallelShape.None)
                {
                    properties = properties.Add(CpuLoops.ParallelProperty, parallelism.Shape.ToString());
                    if (parallelism.Reduction is { } reduction)
                    {
                        properties = properties.Add(CpuLoops.ReductionProperty, reduction.Name)
                    .Add(CpuLoops.ReductionTypeProperty, reduction.Type.SpecialType == SpecialType.System_Int64 ? "long" : "int");
                    }
                }
            }

            var location = Location.Create(loop.Syntax.SyntaxTree, CpuLoops.HeaderSpan(loop.Syntax));
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, CpuLoops.HeaderText(loop.Syntax), estimate.Reason, effect));
        }
    }
}
