using System.Globalization;
using Threadwise.Cli.Analysis;
using Threadwise.Cli.Fixing;

namespace Threadwise.Cli.Reporting;

/// <summary>The summary of <c>threadwise fix</c>: what each rule's fix changed, the files, and what is left.</summary>
internal static class FixReport
{
    public static void Write(FixRun run, string baseDirectory, bool dryRun, TextWriter writer)
    {
        int fixedCount = run.Rules.Sum(r => r.Fixed);
        string files = Plural(run.ChangedDocuments.Count, "file");
        writer.WriteLine(
            (dryRun
                ? $"Threadwise fix (dry run, nothing written): {Plural(fixedCount, "diagnostic")} would be fixed in {files}"
                : $"Threadwise fix: {Plural(fixedCount, "diagnostic")} fixed in {files}") +
            $"; {run.Left.Count} left; {Plural(run.ProjectsAnalyzed.Count, "project")}, {run.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" +
            (run.Problems.Count > 0 ? $"; {Plural(run.Problems.Count, "problem")} (see above)" : ""));
        if (run.Rules.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        TextTable.Write(
            writer,
            ["Rule", "Fix", "Found", "Fixed", "Files", "Left"],
            [false, false, true, true, true, true],
            run.Rules.Select(r => new[]
            {
                r.RuleId,
                r.HasFix ? r.Choice ?? "-" : "no code fix",
                Number(r.Found),
                Number(r.Fixed),
                Number(r.Files.Count),
                Number(r.Left),
            }));

        if (run.ChangedDocuments.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine(dryRun ? "Files that would change:" : "Files changed:");
            foreach (var id in run.ChangedDocuments)
            {
                writer.WriteLine("  " + DisplayPath(baseDirectory, run.Fixed.GetDocument(id)!.FilePath!));
            }
        }

        if (run.Left.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Left (no code fix, or none that is safe at this site; review by hand):");
            foreach (Finding f in run.Left)
            {
                string location = f.FilePath is null ? "" : $"{DisplayPath(baseDirectory, f.FilePath)}({f.Line},{f.Column}): ";
                writer.WriteLine($"  {location}{SeverityNames.Of(f.Severity)} {f.RuleId}: {f.Message} [{f.Project}]");
            }
        }
    }

    /// <summary>The path relative to the target folder with '/' separators; absolute when the file lies outside it.</summary>
    public static string DisplayPath(string baseDirectory, string path)
    {
        string relative = Path.GetRelativePath(baseDirectory, path);
        return ReportContext.IsOutside(relative) ? path : relative.Replace('\\', '/');
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Plural(int count, string noun) => $"{Number(count)} {noun}{(count == 1 ? "" : "s")}";
}
