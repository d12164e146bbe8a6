using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Cpu
{
    /// <summary>TW205: a CPU-heavy loop whose iterations are provably independent (or one integer reduction), in any method.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW205ParallelizableLoopAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.ParallelizableLoop,
            title: "A CPU-heavy loop with independent iterations can run in parallel",
            messageFormat: "'{0}' is CPU-heavy ({1}) and {2}: Parallel.For can spread it over every core",
            category: RuleCategories.Cpu,
            defaultSeverity: DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "The iterations of this loop write only their own locals and the elements indexed by the loop variable (or add to one integer total), so Parallel.For gives the same result using every core. Worth it for a desktop app or a batch job; on a busy server, or in library code, let the caller decide.",
            helpLinkUri: HelpLinks.For(RuleIds.ParallelizableLoop));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.For(start.Compilation);
                var types = shared.Types;
                if (types.Task is null || types.Parallel is null)
                {
                    return;
                }

                var model = shared.LoopCosts;
                start.RegisterOperationAction(operationContext => Analyze(operationContext, model), OperationKind.Loop);
            });
        }

        private static void Analyze(OperationAnalysisContext context, LoopCostModel model)
        {
            var loop = (ILoopOperation)context.Operation;
            if (CpuLoops.HasEnclosingLoop(loop))
            {
                return;
            }

            var (threshold, unknownCount) = CpuLoops.Options(context.Options, loop.Syntax.SyntaxTree);
            Visit(context, model, loop, threshold, unknownCount);
        }

        private static void Visit(OperationAnalysisContext context, LoopCostModel model, ILoopOperation loop, double threshold, double unknownCount)
        {
            // Cheapest first: only a counted 'for' can be parallelised (LoopIndependence), so a loop with none in it needs
            // no cost estimate. Most loops (foreach, while) leave here: an Info rule costs nothing where nothing qualifies.
            var nestedFor = ContainsNestedForStatement(loop.Syntax);
            if (loop.Syntax is not ForStatementSyntax && !nestedFor)
            {
                return;
            }

            // Independence next: it reads only the loop's own operations, while the estimate may bind the bodies of the
            // methods the loop calls. A dependent loop with no 'for' nested in it cannot lead to a report either way.
            var parallelism = LoopIndependence.Analyze(loop);
            var parallel = parallelism.Shape != ParallelShape.None && LoopOffload.CanMoveIntoLambda(loop);
            if (!parallel && !nestedFor)
            {
                return;
            }

            var estimate = model.Estimate(loop, unknownCount, context.CancellationToken);
            if (estimate.IsHeavy(threshold))
            {
                if (parallel)
                {
                    Report(context, loop, estimate, parallelism);
                    return;
                }
            }
            else if (estimate.IsCpuBound)
            {
                return;
            }

            // Not independent (or not CPU-bound as a whole): a heavy loop inside may still be.
            foreach (var nested in CpuLoops.NestedLoops(loop))
            {
                Visit(context, model, nested, threshold, unknownCount);
            }
        }

        // A 'for' nested in the loop's statements, which the visit can reach. Expressions are not entered: a statement
        // inside one sits in a lambda, whose loops are visited on their own (CpuLoops.NestedLoops skips them).
        private static bool ContainsNestedForStatement(SyntaxNode loop)
        {
            foreach (var node in loop.DescendantNodes(node => node is not ExpressionSyntax && node is not LocalFunctionStatementSyntax))
            {
                if (node is ForStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static void Report(OperationAnalysisContext context, ILoopOperation loop, LoopEstimate estimate, LoopParallelism parallelism)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(CpuLoops.ParallelProperty, parallelism.Shape.ToString());
            if (parallelism.Reduction is { } reduction)
            {
                properties = properties.Add(CpuLoops.ReductionProperty, reduction.Name)
                    .Add(CpuLoops.ReductionTypeProperty, reduction.Type.SpecialType == SpecialType.System_Int64 ? "long" : "int");
            }

            if (!AsyncPath.IsOnAsyncPath(loop, context.ContainingSymbol))
            {
                properties = properties.Add(CpuLoops.WrapProperty, CpuLoops.WrapNone);
            }
            else if (AsyncPath.CanAwaitAt(loop))
            {
                properties = properties.Add(CpuLoops.WrapProperty, CpuLoops.WrapTaskRun);
            }

            var what = parallelism.Reduction is { } sum
                ? "its iterations are independent except for adding to '" + sum.Name + "'"
                : "its iterations are independent";
            var location = Location.Create(loop.Syntax.SyntaxTree, CpuLoops.HeaderSpan(loop.Syntax));
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, CpuLoops.HeaderText(loop.Syntax), estimate.Reason, what));
        }
    }
}
