using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Fixing;
using Threadwise.Cli.Loading;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Commands;

/// <summary>Runs <c>fix</c>: validate, load, apply the fixes rule by rule, then write the files (or print the diff) and the summary.</summary>
internal sealed class FixVerb(TextWriter stdout, TextWriter stderr, bool interactive)
{
    public async Task<int> RunAsync(FixSettings settings, CancellationToken cancellationToken)
    {
        var threadwise = ThreadwiseAnalyzers.Load();
        var fixes = ThreadwiseFixes.Load();
        var ruleIds = threadwise.Rules.Select(r => r.Id).ToList();
        IReadOnlyList<string> unknown = settings.Rules.UnmatchedPatterns(ruleIds);
        if (unknown.Count > 0)
        {
            stderr.WriteLine($"error: --rules {string.Join(", ", unknown)} matches no Threadwise rule (known: {string.Join(", ", ruleIds)}).");
            return ExitCodes.Error;
        }

        IReadOnlyDictionary<string, string>? choices = FixChoices.Parse(settings.Fixes, ruleIds, id => fixes.For(id) is not null, out string? error);
        if (choices is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        AnalysisTarget? target = AnalysisTarget.Resolve(settings.Target, out error);
        if (target is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        IReadOnlyDictionary<string, string>? properties = new AnalyzeSettings(
            settings.Target, settings.Rules, settings.MinimumSeverity, ReportFormat.Console, null, null, false, settings.Properties)
            .ParseProperties(out error);
        if (properties is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        var progress = new ProgressLine(stderr, interactive);
        LoadResult load = await WorkspaceLoader.LoadAsync(target, properties, progress, cancellationToken).ConfigureAwait(false);
        using var workspace = load.Workspace;
        FixRun run = await FixRunner.FixAsync(
                load,
                fixes,
                threadwise.For(settings.Rules),
                d => d.Severity >= settings.MinimumSeverity && settings.Rules.Matches(d.Id),
                choices,
                progress,
                cancellationToken)
            .ConfigureAwait(false);

        foreach (string problem in load.Problems.Concat(run.Problems))
        {
            stderr.WriteLine($"problem: {problem}");
        }

        if (run.ProjectsAnalyzed.Count == 0)
        {
            stderr.WriteLine($"error: no project of '{settings.Target}' could be analyzed; nothing fixed.");
            return ExitCodes.Error;
        }

        if (settings.DryRun)
        {
            foreach (DocumentId id in run.ChangedDocuments)
            {
                Document before = run.Original.GetDocument(id)!;
                Document after = run.Fixed.GetDocument(id)!;
                UnifiedDiff.Write(
                    stdout,
                    FixReport.DisplayPath(target.BaseDirectory, after.FilePath!),
                    (await before.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString(),
                    (await after.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString());
            }

            FixReport.Write(run, target.BaseDirectory, dryRun: true, stderr); // stdout holds the diff only
        }
        else
        {
            if (run.ChangedDocuments.Count > 0 && TryWrite(workspace, run.Fixed) is { } failure)
            {
                stderr.WriteLine($"error: the fixes could not be written: {failure}");
                return ExitCodes.Error;
            }

            FixReport.Write(run, target.BaseDirectory, dryRun: false, stdout);
        }

        return settings.FailOn is { } level && run.Left.Any(f => f.Severity >= level) ? ExitCodes.Findings : ExitCodes.Clean;
    }

    /// <summary>Writes the changed documents through the workspace (their encodings kept); null, or why it failed.</summary>
    private static string? TryWrite(Workspace workspace, Solution solution)
    {
        try
        {
            return workspace.TryApplyChanges(solution) ? null : "the workspace refused them (did the files change while the fixes ran?)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return e.Message;
        }
    }
}
