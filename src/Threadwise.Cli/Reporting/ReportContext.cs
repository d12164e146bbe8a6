using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>What a report writer needs: the run, the findings left after filtering, and how paths are shown.</summary>
internal sealed record ReportContext(AnalysisResult Result, IReadOnlyList<Finding> Findings)
{
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
