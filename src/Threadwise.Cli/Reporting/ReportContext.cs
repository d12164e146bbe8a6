using Threadwise.Cli.Analysis;
using Threadwise.Cli.Baselines;

namespace Threadwise.Cli.Reporting;

/// <summary>What a report writer needs: the run, the findings left after filtering, and how paths are shown.</summary>
internal sealed record ReportContext(AnalysisResult Result, IReadOnlyList<Finding> Findings)
{
    /// <summary>With --baseline: what the baseline accepted and which of its entries are fixed.</summary>
    public BaselineComparison? Baseline { get; init; }

    /// <summary>With --since: the git ref.</summary>
    public string? Since { get; init; }

    /// <summary>A fixed baseline entry's file relative to the target folder (as findings are shown).</summary>
    public string DisplayPath(Threadwise.Baselines.BaselineEntry entry)
    {
        string? full = Baseline?.FullPathOf(entry);
        if (full is null)
        {
            return "";
        }

        string relative = Path.GetRelativePath(Result.BaseDirectory, full);
        return IsOutside(relative) ? full : relative.Replace('\\', '/');
    }

    /// <summary>The path relative to the target folder with '/' separators; absolute when the file lies outside it.</summary>
    public string DisplayPath(Finding finding)
    {
        if (finding.FilePath is null)
        {
            return "";
        }

        string relative = Path.GetRelativePath(Result.BaseDirectory, finding.FilePath);
        return IsOutside(relative) ? finding.FilePath : relative.Replace('\\', '/');
    }

    public static bool IsOutside(string relative) =>
        Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) ||
        relative.StartsWith("..\\", StringComparison.Ordinal);

    public string Title(string ruleId) =>
        Result.Rules.FirstOrDefault(r => r.Id == ruleId)?.Title.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
