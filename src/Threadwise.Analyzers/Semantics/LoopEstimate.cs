using System;
using System.Globalization;
using System.Text;

namespace Threadwise.Semantics
{
    /// <summary>What the cost model found for one loop.</summary>
    internal readonly struct LoopEstimate
    {
        public LoopEstimate(double cost, double knownIterations, string[] unknownCounts, bool isCpuBound, string? notCpuBoundReason, string? heavyCall, double? evidenceCost = null)
        {
            Cost = cost;
            EvidenceCost = evidenceCost ?? cost;
            KnownIterations = knownIterations;
            UnknownCounts = unknownCounts;
            IsCpuBound = isCpuBound;
            NotCpuBoundReason = notCpuBoundReason;
            HeavyCall = heavyCall;
        }

        /// <summary>Estimated operations for one run of the loop: iterations (nested loops multiplied) × work per iteration.</summary>
        public double Cost { get; }

        /// <summary>The iterations whose count is known (constant bounds), multiplied through the heaviest nesting path.</summary>
        public double KnownIterations { get; }

        /// <summary>
        /// The part of <see cref="Cost"/> backed by positive evidence: all of it when the work is compute-dense
        /// (<see cref="ComputeEvidence"/>), otherwise only what constant bounds give (loops of unknown count counted once).
        /// </summary>
        public double EvidenceCost { get; }

        /// <summary>What the loops of unknown count iterate over, outermost first, along the heaviest nesting path, as <see cref="LoopSubject.Describe"/> words it.</summary>
        public string[] UnknownCounts { get; }

        /// <summary>False when the loop awaits, does I/O, blocks or yields: its time is not spent computing.</summary>
        public bool IsCpuBound { get; }

        public string? NotCpuBoundReason { get; }

        /// <summary>The known CPU-heavy call (hashing, compression, Regex, sorting...) in the loop, if any.</summary>
        public string? HeavyCall { get; }

        /// <summary>CPU-bound, estimated past the threshold, and on positive evidence: a large known count or a compute-dense body.</summary>
        public bool IsHeavy(double threshold) => IsCpuBound && Cost >= threshold && EvidenceCost >= threshold;

        /// <summary>Why the loop counts as heavy, in words a message can show.</summary>
        public string Reason
        {
            get
            {
                if (UnknownCounts.Length >= 2)
                {
                    var builder = new StringBuilder("nested loops over ");
                    for (var i = 0; i < UnknownCounts.Length; i++)
                    {
                        if (i > 0)
                        {
                            builder.Append(i == UnknownCounts.Length - 1 ? " and " : ", ");
                        }

                        builder.Append(UnknownCounts[i]);
                    }

                    return builder.ToString();
                }

                var iterations = "≈ " + Format(KnownIterations) + (KnownIterations == 1 ? " iteration" : " iterations");
                var each = UnknownCounts.Length == 1 ? LoopSubject.Each(UnknownCounts[0]) : null;
                var text = each != null ? iterations + " per " + each : iterations;
                if (HeavyCall != null)
                {
                    text = each != null && KnownIterations == 1
                        ? "'" + HeavyCall + "' for each " + each
                        : "'" + HeavyCall + "' in " + text;
                }

                return text;
            }
        }

        public static string Format(double value) =>
            value >= 1e15 ? "more than 10^15" : Math.Round(value).ToString("N0", CultureInfo.InvariantCulture);
    }
}
