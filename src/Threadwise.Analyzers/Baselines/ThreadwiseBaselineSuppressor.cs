using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Baselines
{
    /// <summary>
    /// Suppresses each Threadwise diagnostic whose fingerprint is in the baseline given as an AdditionalFiles item
    /// (<c>threadwise.baseline.json</c>), so the IDE, <c>dotnet build</c> and <c>threadwise analyze</c> agree on what has been
    /// accepted. One suppression ID per rule: TWS101 suppresses TW101, and so on.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ThreadwiseBaselineSuppressor : DiagnosticSuppressor
    {
        private const string Justification =
            "The diagnostic is in the Threadwise baseline (threadwise.baseline.json): it was accepted when the baseline was taken.";

        private static readonly ImmutableDictionary<string, SuppressionDescriptor> s_descriptors = Descriptors();

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } =
            s_descriptors.Values.OrderBy(d => d.Id, System.StringComparer.Ordinal).ToImmutableArray();

        /// <summary>The suppression ID for a rule: TW101 → TWS101.</summary>
        public static string SuppressionIdFor(string ruleId) => "TWS" + ruleId.Substring(2);

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            var baseline = BaselineFiles.Load(context.Options, context.Compilation, context.CancellationToken);
            if (baseline.IsEmpty || context.ReportedDiagnostics.IsDefaultOrEmpty)
            {
                return;
            }

            var diagnostics = context.ReportedDiagnostics;
            var fingerprints = BaselineFingerprints.Compute(diagnostics, context.GetSemanticModel, context.CancellationToken);
            for (var i = 0; i < diagnostics.Length; i++)
            {
                if (baseline.Contains(fingerprints[i]) && s_descriptors.TryGetValue(diagnostics[i].Id, out var descriptor))
                {
                    context.ReportSuppression(Suppression.Create(descriptor, diagnostics[i]));
                }
            }
        }

        private static ImmutableDictionary<string, SuppressionDescriptor> Descriptors()
        {
            var ruleIds = new[]
            {
                RuleIds.InvalidOption,
                RuleIds.BlockingWaitInAsync, RuleIds.SyncApiInAsync, RuleIds.BlockingWaitInSync, RuleIds.BlockingHelperInAsync,
                RuleIds.CpuHeavyLoopInAsync, RuleIds.ParallelOnAsyncPath, RuleIds.AsyncLambdaToParallel, RuleIds.NeedlessTaskRun,
                RuleIds.ParallelizableLoop, RuleIds.CpuBoundCallOnAsyncPath,
                RuleIds.AsyncVoidMethod, RuleIds.AsyncVoidDelegate, RuleIds.StartNewWithAsyncDelegate, RuleIds.DroppedTask,
                RuleIds.LockHeldAcrossAwait, RuleIds.BlockingInLock,
                RuleIds.ConfigureAwaitInLibrary, RuleIds.TaskEscapesScope, RuleIds.NullTaskReturn, RuleIds.TokenNotForwarded, RuleIds.TaskInUsing,
                RuleIds.ValueTaskMisuse, RuleIds.SynchronousCompletionSource,
            };
            var builder = ImmutableDictionary.CreateBuilder<string, SuppressionDescriptor>();
            foreach (var id in ruleIds)
            {
                builder[id] = new SuppressionDescriptor(SuppressionIdFor(id), id, Justification);
            }

            return builder.ToImmutable();
        }
    }
}
