using System.Text;

namespace Threadwise.Benchmarks;

/// <summary>The Markdown report (README's Performance section quotes it) and the scaling verdict.</summary>
public static class Report
{
    /// <summary>The largest allowed difference between the time per line of the largest and the smallest corpus.</summary>
    public const double ScalingTolerance = 0.15;

    /// <summary>The issue-12 budgets: Threadwise at most as costly as this peer's async rules, and this share of the floor.</summary>
    public const string BudgetPeer = "Sonar";

    public const double FloorBudget = 0.10;

    public static (string Text, bool? ScalingPassed) Markdown(
        IReadOnlyList<CorpusResult> corpora, SizeResult? samples, IReadOnlyList<AnalyzerSet> sets, BenchmarkOptions options, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        var threadwise = sets[0].Name;
        var peers = sets.Skip(1).Where(s => s.Beside is null).Select(s => s.Name).ToList();
        text.AppendLine($"Threadwise benchmark: {Environment.ProcessorCount} cores, Roslyn {AnalyzerSets.HostRoslynVersion()}, median of {options.Repeat} run(s) at the largest size " +
            $"({string.Join(", ", options.Sizes.Select(size => $"×{size}: {options.RunsAt(size)}"))}), " +
            $"seed {options.Seed}, {Measurement.Format(elapsed)} in total.");
        text.AppendLine();
        text.AppendLine("Analyzer times are the analyzers' own execution time (`GetAnalyzerTelemetryInfoAsync`, sequential analysis, scaled by the " +
            "run's CPU-to-wall ratio so that other load on the machine does not count); the floor is the CPU time of `GetDiagnostics()` of the " +
            "same compilation without analyzers. A ratio `Threadwise ÷ peer` below 1.0× means Threadwise is the cheaper of the two.");
        text.AppendLine();

        bool? passed = null;
        foreach (var corpus in corpora)
        {
            var verdict = Corpus(text, corpus, sets, threadwise, peers);
            passed = verdict is null ? passed : (passed ?? true) && verdict.Value;
        }

        var allResults = corpora.SelectMany(c => c.Sizes.Select(r => (Corpus: c.Corpus.Key, Result: r))).ToList();
        var failures = allResults.SelectMany(r => r.Result.AnalyzerExceptions.Where(e => e.Value > 0).Select(e => $"{e.Key} on {r.Corpus} {r.Result.Name}: {e.Value}")).ToList();
        var broken = allResults.Where(r => r.Result.FloorErrors > 0).Select(r => $"{r.Corpus} {r.Result.Name}: {r.Result.FloorErrors}").ToList();
        if (broken.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("**Compile errors in the corpus** (the numbers measure error recovery, not real code): " + string.Join("; ", broken));
        }
        text.AppendLine();
        text.AppendLine(failures.Count == 0 ? "Analyzer exceptions: none." : "Analyzer exceptions: " + string.Join("; ", failures));
        text.AppendLine();
        text.AppendLine("Peer rules run: " + string.Join("; ", sets.Skip(1).Where(s => s.Beside is null).Select(s =>
            $"{s.Name}: {string.Join(", ", s.Severities.Where(p => p.Value != Microsoft.CodeAnalysis.ReportDiagnostic.Suppress).Select(p => p.Key).Order(StringComparer.Ordinal))}")));

        if (samples is not null)
        {
            text.AppendLine();
            text.AppendLine($"Samples (one compilation per project under samples/, {samples.Lines:N0} lines with the course's shared code counted once per lesson program; floor {Measurement.Format(samples.Floor)}, " +
                $"Threadwise {Measurement.Format(samples.SetTimes[threadwise])}):");
            text.AppendLine();
            text.AppendLine("| Rule | Time | Diagnostics |");
            text.AppendLine("|---|---:|---:|");
            var sampleCounts = samples.DiagnosticCounts[threadwise];
            foreach (var (rules, time) in samples.PerAnalyzer[threadwise])
            {
                var count = rules.Split(", ").Sum(id => sampleCounts.TryGetValue(id, out var n) ? n : 0);
                text.AppendLine($"| {rules} | {time.TotalMilliseconds:F1} ms | {count} |");
            }
        }

        return (text.ToString(), passed);
    }

    /// <summary>
    /// What each set adds to a build: the whole analysis's CPU less the floor. The analyzers' own times leave out the driver's
    /// work for them (binding bodies into semantic models, building operation trees), and charge binding to whichever
    /// analyzer asks first: a rule that reads other methods' bodies pays for binding the driver would do anyway.
    /// </summary>
    private static void AddedCost(StringBuilder text, IReadOnlyList<SizeResult> results, string threadwise, List<string> peers)
    {
        text.AppendLine("Added to the build (whole analysis CPU less the floor: the driver's binding and operation trees included):");
        text.AppendLine();
        text.AppendLine("| Size | Threadwise | vs floor |" + string.Concat(peers.Select(p => $" {p} | Threadwise ÷ {p} |")));
        text.AppendLine("|---|---:|---:|" + string.Concat(peers.Select(_ => "---:|---:|")));
        foreach (var result in results)
        {
            var tw = result.AddedCpu[threadwise];
            text.AppendLine($"| {result.Name} | {Measurement.Format(tw)} | {Percent(tw, result.Floor)} |" +
                string.Concat(peers.Select(p => $" {Measurement.Format(result.AddedCpu[p])} | {Ratio(tw, result.AddedCpu[p])} |")));
        }

        text.AppendLine();
    }

    /// <summary>
    /// What Threadwise and the budget peer add where the operation trees are built anyway (every SDK build runs the CA
    /// analyzers): each run beside the empty IOperation analyzer, less that analyzer alone, paired per run.
    /// </summary>
    private static void AddedBesideOperationTrees(StringBuilder text, IReadOnlyList<SizeResult> results, string threadwise)
    {
        if (!results[0].AddedBesideOperationTrees.ContainsKey(threadwise))
        {
            return;
        }

        var peer = results[0].AddedBesideOperationTrees.ContainsKey(BudgetPeer) ? BudgetPeer : null;
        text.AppendLine($"Added beside an IOperation analyzer (the set run with `{AnalyzerSets.OperationTreesName}`, less `{AnalyzerSets.OperationTreesName}` " +
            "alone in the same run: a build whose operation trees are built anyway, as the .NET SDK's CA analyzers do in every build):");
        text.AppendLine();
        text.AppendLine("| Size | Threadwise | vs floor |" + (peer is null ? "" : $" {peer} | Threadwise ÷ {peer} |"));
        text.AppendLine("|---|---:|---:|" + (peer is null ? "" : "---:|---:|"));
        foreach (var result in results)
        {
            var tw = result.AddedBesideOperationTrees[threadwise];
            text.AppendLine($"| {result.Name} | {Measurement.Format(tw)} | {Percent(tw, result.Floor)} |" +
                (peer is null ? "" : $" {Measurement.Format(result.AddedBesideOperationTrees[peer])} | {Ratio(tw, result.AddedBesideOperationTrees[peer])} |"));
        }

        text.AppendLine();
    }

    /// <summary>One corpus: sizes against the floor and the peers, the budgets, scaling, Threadwise per rule, the peers per
    /// analyzer, and the diagnostics found at every size. Returns the scaling verdict (null with a single size).</summary>
    private static bool? Corpus(StringBuilder text, CorpusResult corpus, IReadOnlyList<AnalyzerSet> sets, string threadwise, List<string> peers)
    {
        var results = corpus.Sizes;
        text.AppendLine($"**Corpus `{corpus.Corpus.Key}`** ({corpus.Corpus.Description}):");
        text.AppendLine();
        var header = new StringBuilder("| Size | Lines | Compile (floor) | Threadwise | per 1k lines | vs floor |");
        var rule = new StringBuilder("|---|---:|---:|---:|---:|---:|");
        foreach (var peer in peers)
        {
            header.Append($" {peer} | Threadwise ÷ {peer} |");
            rule.Append("---:|---:|");
        }

        text.AppendLine(header.ToString());
        text.AppendLine(rule.ToString());
        foreach (var result in results)
        {
            var tw = result.SetTimes[threadwise];
            var line = new StringBuilder($"| {result.Name} | {result.Lines:N0} | {Measurement.Format(result.Floor)} | {Measurement.Format(tw)} | " +
                $"{PerThousandLines(tw, result.Lines):F1} ms | {Percent(tw, result.Floor)} |");
            foreach (var peer in peers)
            {
                var time = result.SetTimes[peer];
                line.Append($" {Measurement.Format(time)} | {Ratio(tw, time)} |");
            }

            text.AppendLine(line.ToString());
        }

        text.AppendLine();
        var budgets = results.Select(r =>
        {
            var tw = r.SetTimes[threadwise];
            var floor = r.Floor.Ticks == 0 ? "-" : $"{Percent(tw, r.Floor)} of the floor ({((double)tw.Ticks / r.Floor.Ticks <= FloorBudget ? "within" : "over")} {FloorBudget:0%})";
            var peer = r.SetTimes.TryGetValue(BudgetPeer, out var sonar) && sonar.Ticks > 0
                ? $"{Ratio(tw, sonar)} {BudgetPeer}'s async rules ({(tw <= sonar ? "within" : "over")} 1.0×)"
                : $"no {BudgetPeer} run";
            return $"{r.Name}: {peer}, {floor}";
        });
        text.AppendLine("Budgets (issue 12): Threadwise ≤ 1.0× " + BudgetPeer + "'s async rules and ≤ " + $"{FloorBudget:0%} of the floor — " + string.Join("; ", budgets) + ".");
        text.AppendLine();
        AddedCost(text, results, threadwise, peers);
        AddedBesideOperationTrees(text, results, threadwise);

        bool? passed = null;
        if (results.Count >= 2)
        {
            var small = results.MinBy(r => r.Lines)!;
            var large = results.MaxBy(r => r.Lines)!;
            var smallPerLine = PerThousandLines(small.SetTimes[threadwise], small.Lines);
            var largePerLine = PerThousandLines(large.SetTimes[threadwise], large.Lines);
            var change = largePerLine / smallPerLine - 1;
            passed = Math.Abs(change) <= ScalingTolerance;
            text.AppendLine($"Scaling: Threadwise takes {largePerLine:F1} ms per 1k lines at {large.Name} and {smallPerLine:F1} ms at {small.Name} " +
                $"({change:+0%;-0%}; allowed ±{ScalingTolerance:0%}): **{(passed.Value ? "PASS" : "FAIL")}**");
            text.AppendLine();
        }

        text.AppendLine($"Threadwise per rule on `{corpus.Corpus.Key}` (analyzer execution time):");
        text.AppendLine();
        text.Append("| Rule |");
        foreach (var result in results)
        {
            text.Append($" {result.Name} |");
        }

        text.AppendLine(" per 1k lines (largest) | share (largest) |");
        text.AppendLine("|---|" + string.Concat(results.Select(_ => "---:|")) + "---:|---:|");
        var largest = results.MaxBy(r => r.Lines)!;
        var ruleRows = results[0].PerAnalyzer[threadwise];
        for (var i = 0; i < ruleRows.Count; i++)
        {
            text.Append($"| {ruleRows[i].Rules} |");
            foreach (var result in results)
            {
                text.Append($" {Measurement.Format(result.PerAnalyzer[threadwise][i].Time)} |");
            }

            text.AppendLine($" {PerThousandLines(largest.PerAnalyzer[threadwise][i].Time, largest.Lines):F2} ms | {Percent(largest.PerAnalyzer[threadwise][i].Time, largest.SetTimes[threadwise])} |");
        }

        if (peers.Count > 0)
        {
            text.AppendLine();
            text.AppendLine($"Peers per analyzer on `{corpus.Corpus.Key}` (the analyzer classes that report their async rules):");
            text.AppendLine();
            text.Append("| Peer | Rules |");
            foreach (var result in results)
            {
                text.Append($" {result.Name} |");
            }

            text.AppendLine();
            text.AppendLine("|---|---|" + string.Concat(results.Select(_ => "---:|")));
            foreach (var peer in peers)
            {
                var rows = results[0].PerAnalyzer[peer];
                for (var i = 0; i < rows.Count; i++)
                {
                    text.Append($"| {peer} | {rows[i].Rules} |");
                    foreach (var result in results)
                    {
                        text.Append($" {Measurement.Format(result.PerAnalyzer[peer][i].Time)} |");
                    }

                    text.AppendLine();
                }
            }
        }

        text.AppendLine();
        text.AppendLine($"Diagnostics found on `{corpus.Corpus.Key}`:");
        text.AppendLine();
        foreach (var result in results)
        {
            foreach (var set in sets.Where(s => s.Beside is null))
            {
                var counts = result.DiagnosticCounts.TryGetValue(set.Name, out var found) ? found : new Dictionary<string, int>();
                var listed = counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
                text.AppendLine($"- {result.Name} {set.Name} ({counts.Values.Sum()}): {listed}");
            }
        }

        text.AppendLine();
        return passed;
    }

    private static double PerThousandLines(TimeSpan time, int lines) => time.TotalMilliseconds * 1000 / lines;

    private static string Percent(TimeSpan part, TimeSpan whole) => whole.Ticks == 0 ? "-" : $"{(double)part.Ticks / whole.Ticks:0%}";

    /// <summary>Threadwise's time as a multiple of a peer's (below 1.0× when Threadwise is cheaper).</summary>
    private static string Ratio(TimeSpan threadwise, TimeSpan peer) => peer.Ticks <= 0 ? "-" : $"{(double)threadwise.Ticks / peer.Ticks:F2}×";
}
