using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;

// How long the IDE waits for Threadwise's light bulb. For every diagnostic of the chosen rules in a real solution, times
// the code-fix provider's RegisterCodeFixesAsync (what runs before the light bulb shows) and, once, the first action's
// GetOperationsAsync (what runs when the user picks it). Medians over --repeat runs after one warm-up run.
//
//   dotnet run -c Release --project tests/Threadwise.FixLatencyBenchmarks -- <solution> [--rules TW103,TW304]
//       [--repeat 5] [-p Name=Value ...]
//
// The solution must restore and build (the numbers mean nothing on a compilation full of errors).
MSBuildLocator.RegisterDefaults();
return await FixLatency.RunAsync(args);

internal static class FixLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? solutionPath = null;
        var rules = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "TW103", "TW304" };
        var repeat = 5;
        var properties = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rules" when i + 1 < args.Length:
                    rules = new HashSet<string>(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
                    break;
                case "--repeat" when i + 1 < args.Length && int.TryParse(args[i + 1], out var count) && count >= 1:
                    repeat = count;
                    i++;
                    break;
                case "-p" when i + 1 < args.Length && args[i + 1].IndexOf('=') > 0:
                    var pair = args[++i];
                    properties[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
                    break;
                default:
                    solutionPath ??= args[i];
                    break;
            }
        }

        if (solutionPath is null)
        {
            Console.Error.WriteLine("usage: <solution> [--rules TW103,TW304] [--repeat 5] [-p Name=Value ...]");
            return 2;
        }

        using var workspace = MSBuildWorkspace.Create(properties);
        var load = Stopwatch.StartNew();
        var solution = await workspace.OpenSolutionAsync(Path.GetFullPath(solutionPath));
        Console.WriteLine($"loaded {solution.Projects.Count()} projects in {load.Elapsed.TotalSeconds:F1} s");

        var analyzers = typeof(Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .Where(a => a.SupportedDiagnostics.Any(d => rules.Contains(d.Id)))
            .ToImmutableArray();
        var providers = typeof(Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), false).Length > 0)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .Where(p => p.FixableDiagnosticIds.Any(rules.Contains))
            .ToList();

        Console.WriteLine($"{"rule",-6} {"site",-60} {"light bulb ms",13} {"actions",7} {"apply ms",9} {"changed files",13}");
        var all = new List<double>();
        foreach (var project in solution.Projects)
        {
            if (await project.GetCompilationAsync() is not { } compilation)
            {
                continue;
            }

            var diagnostics = await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
            foreach (var diagnostic in diagnostics.Where(d => rules.Contains(d.Id) && d.Location.IsInSource).OrderBy(d => d.Location.SourceTree!.FilePath).ThenBy(d => d.Location.SourceSpan.Start))
            {
                if (solution.GetDocument(diagnostic.Location.SourceTree) is not { } document)
                {
                    continue;
                }

                foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var times = new List<double>();
                    var actions = new List<CodeAction>();
                    for (var run = 0; run <= repeat; run++)
                    {
                        actions.Clear();
                        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                        var watch = Stopwatch.StartNew();
                        await provider.RegisterCodeFixesAsync(context);
                        if (run > 0)
                        {
                            times.Add(watch.Elapsed.TotalMilliseconds);
                        }
                    }

                    var apply = "-";
                    var changed = "-";
                    if (actions.Count > 0)
                    {
                        var watch = Stopwatch.StartNew();
                        var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
                        apply = watch.Elapsed.TotalMilliseconds.ToString("F0");

                        // How many documents the chosen action changes (0 would be a light bulb that does nothing).
                        changed = operations.OfType<ApplyChangesOperation>()
                            .Sum(o => o.ChangedSolution.GetChanges(solution).GetProjectChanges().Sum(p => p.GetChangedDocuments().Count()))
                            .ToString();
                    }

                    var median = Median(times);
                    all.Add(median);
                    var span = diagnostic.Location.GetLineSpan();
                    var site = $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
                    Console.WriteLine($"{diagnostic.Id,-6} {site,-60} {median,13:F1} {actions.Count,7} {apply,9} {changed,13}");
                }
            }
        }

        if (all.Count > 0)
        {
            Console.WriteLine($"light bulb over {all.Count} sites: median {Median(all):F1} ms, max {all.Max():F1} ms");
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
