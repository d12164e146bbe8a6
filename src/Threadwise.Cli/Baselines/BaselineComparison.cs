using Threadwise.Baselines;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Baselines;

/// <summary>
/// Today's findings against a baseline: each finding whose fingerprint has an unused baseline entry is accepted (an entry
/// with the same file preferred, so two projects sharing a fingerprint pair up by file); the others are new; the
/// baseline entries of the selected rules that no finding used are fixed.
/// </summary>
/// <param name="BaselinePath">The baseline file's full path.</param>
/// <param name="Accepted">Findings the baseline accepts (not reported).</param>
internal sealed record BaselineComparison(
    string BaselinePath, IReadOnlyList<Finding> New, IReadOnlyList<Finding> Accepted, IReadOnlyList<BaselineEntry> Fixed)
{
    public static BaselineComparison Compare(string baselinePath, BaselineDocument baseline, IReadOnlyList<Finding> findings, RuleFilter rules)
    {
        string folder = Path.GetDirectoryName(baselinePath)!;
        var unused = baseline.Entries
            .Where(e => rules.Matches(e.Fingerprint.RuleId))
            .GroupBy(e => e.Fingerprint)
            .ToDictionary(g => g.Key, g => g.ToList());
        var fresh = new List<Finding>();
        var accepted = new List<Finding>();
        foreach (Finding finding in findings.Where(f => rules.Matches(f.RuleId)))
        {
            if (finding.Fingerprint is { } fingerprint && unused.TryGetValue(fingerprint, out List<BaselineEntry>? entries) && entries.Count > 0)
            {
                int sameFile = entries.FindIndex(e => e.Path is not null && finding.FilePath is not null &&
                                                      string.Equals(FullPath(folder, e.Path), finding.FilePath, StringComparison.Ordinal));
                entries.RemoveAt(sameFile >= 0 ? sameFile : 0);
                accepted.Add(finding);
            }
            else
            {
                fresh.Add(finding);
            }
        }

        var fixedEntries = baseline.Entries.Where(e => unused.TryGetValue(e.Fingerprint, out var left) && left.Remove(e)).ToList();
        return new BaselineComparison(baselinePath, fresh, accepted, fixedEntries);
    }

    /// <summary>An entry's file as a full path (entries are relative to the baseline's folder).</summary>
    public static string FullPath(string baselineFolder, string entryPath) =>
        Path.GetFullPath(Path.Combine(baselineFolder, entryPath.Replace('/', Path.DirectorySeparatorChar)));

    public string? FullPathOf(BaselineEntry entry) =>
        entry.Path is null ? null : FullPath(Path.GetDirectoryName(BaselinePath)!, entry.Path);

    /// <summary>Keeps the fixed entries whose file passes <paramref name="keep"/> (used by --since).</summary>
    public BaselineComparison WithFixedWhere(Func<string?, bool> keep) =>
        this with { Fixed = Fixed.Where(e => keep(FullPathOf(e))).ToList() };
}
