using System.Globalization;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Loading;
using Threadwise.Cli.Migration;
using Threadwise.Cli.Reporting;

namespace Threadwise.Cli.Commands;

/// <summary>
/// Runs <c>migrate</c>: loads the target (no analysis), finds the peer analyzer packages its projects reference, prints
/// which of their rules Threadwise covers, and prints or writes the <c>.editorconfig</c> section that switches the
/// covered ones off.
/// </summary>
internal sealed class MigrateVerb(TextWriter stdout, TextWriter stderr, bool interactive)
{
    public async Task<int> RunAsync(MigrateSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Write && settings.OutputPath is not null)
        {
            stderr.WriteLine("error: --write and --output both name where to write; give one.");
            return ExitCodes.Error;
        }

        AnalysisTarget? target = AnalysisTarget.Resolve(settings.Target, out string? error);
        if (target is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        IReadOnlyDictionary<string, string>? properties = new AnalyzeSettings(
            settings.Target, RuleFilter.All, Microsoft.CodeAnalysis.DiagnosticSeverity.Info, ReportFormat.Console, null, null, false, settings.Properties)
            .ParseProperties(out error);
        if (properties is null)
        {
            stderr.WriteLine($"error: {error}");
            return ExitCodes.Error;
        }

        var progress = new ProgressLine(stderr, interactive);
        LoadResult load = await WorkspaceLoader.LoadAsync(target, properties, progress, cancellationToken).ConfigureAwait(false);
        using var workspace = load.Workspace;
        progress.Clear();
        foreach (string problem in load.Problems)
        {
            stderr.WriteLine($"problem: {problem}");
        }

        if (load.Projects.Count == 0)
        {
            stderr.WriteLine($"error: no project of '{settings.Target}' could be loaded.");
            return ExitCodes.Error;
        }

        var shipped = ThreadwiseAnalyzers.Load().Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        MigrationPlan plan = MigrationPlan.Create(PeerDetection.Find(load.Projects), shipped);
        if (plan.Peers.Count == 0)
        {
            stdout.WriteLine("No peer analyzer (Microsoft.VisualStudio.Threading.Analyzers, AsyncFixer, Meziantou.Analyzer, the .NET analyzers, ");
            stdout.WriteLine("SonarAnalyzer.CSharp, Roslynator.Analyzers) is referenced: nothing to switch off.");
            return ExitCodes.Clean;
        }

        WritePlan(plan);
        string? section = EditorConfigSection.Render(plan);
        if (section is null)
        {
            stdout.WriteLine("None of these rules is a duplicate of a Threadwise rule in this version: nothing to switch off.");
            return ExitCodes.Clean;
        }

        string? path = settings.OutputPath is not null ? Path.GetFullPath(settings.OutputPath)
            : settings.Write ? Path.Combine(target.BaseDirectory, ".editorconfig")
            : null;
        if (path is null)
        {
            stdout.WriteLine($"The .editorconfig section (not written; --write adds it to {Path.Combine(target.BaseDirectory, ".editorconfig")}):");
            stdout.WriteLine();
            stdout.Write(section);
            return ExitCodes.Clean;
        }

        bool existed = File.Exists(path);
        try
        {
            string? existing = existed ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
            await File.WriteAllTextAsync(path, EditorConfigSection.Merge(existing, section), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {path} could not be written: {e.Message}");
            return ExitCodes.Error;
        }

        stdout.WriteLine($"{(existed ? "Wrote" : "Created")} the section switching off {Count(plan.SwitchedOff.Count())} peer rule(s) in {path}.");
        return ExitCodes.Clean;
    }

    private void WritePlan(MigrationPlan plan)
    {
        stdout.WriteLine("Peer analyzers referenced:");
        foreach (DetectedPeer peer in plan.Peers)
        {
            string versions = peer.Versions.Count == 0 ? "" : " " + string.Join(", ", peer.Versions);
            stdout.WriteLine($"  {peer.Package.DisplayName}{versions} ({string.Join(", ", peer.Projects)})");
        }

        foreach (var group in plan.Rows.GroupBy(r => r.Rule.Package))
        {
            stdout.WriteLine();
            stdout.WriteLine($"{group.Key.DisplayName}:");
            TextTable.Write(
                stdout,
                ["Rule", "Threadwise", "Action", "What Threadwise does differently, or why it is kept"],
                [false, false, false, false],
                group.Select(r => new[]
                {
                    r.Rule.Id,
                    r.Rule.Threadwise.Count == 0 ? "-" : string.Join(", ", r.Rule.Threadwise),
                    r.Action == MigrationAction.SwitchOff ? "switch off" : "keep: " + r.Reason,
                    r.Rule.Note.Replace("`", "", StringComparison.Ordinal),
                }));
        }

        int off = plan.SwitchedOff.Count();
        stdout.WriteLine();
        stdout.WriteLine($"{Count(off)} peer rule(s) duplicate a Threadwise rule and can be switched off; {Count(plan.Rows.Count - off)} stay on. See docs/migrating.md.");
        stdout.WriteLine();
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
