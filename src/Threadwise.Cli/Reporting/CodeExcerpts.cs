using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>A few source lines around a diagnostic (their common indentation removed), numbered, with the flagged lines marked.</summary>
internal sealed record CodeExcerpt(int FirstLine, IReadOnlyList<string> Lines, int FlaggedFrom, int FlaggedTo)
{
    public bool IsFlagged(int line) => line >= FlaggedFrom && line <= FlaggedTo;
}

/// <summary>Reads excerpts from the analyzed files on disk, each file once per report.</summary>
internal sealed class CodeExcerpts
{
    /// <summary>Lines shown before and after the flagged lines.</summary>
    public const int Context = 2;

    /// <summary>A span longer than this (a whole loop, say) shows its first lines only.</summary>
    public const int MaxFlaggedLines = 6;

    private readonly Dictionary<string, string[]?> _files = new(StringComparer.Ordinal);

    /// <summary>The excerpt, or null for a diagnostic without a source location or a file that can no longer be read.</summary>
    public CodeExcerpt? For(Finding finding)
    {
        if (finding.FilePath is null || finding.Line < 1 || Lines(finding.FilePath) is not { } lines || finding.Line > lines.Length)
        {
            return null;
        }

        int flaggedTo = Math.Min(Math.Max(finding.EndLine, finding.Line), Math.Min(lines.Length, finding.Line + MaxFlaggedLines - 1));
        int first = Math.Max(1, finding.Line - Context);
        int last = Math.Min(lines.Length, flaggedTo + Context);
        return new CodeExcerpt(first, Dedent(lines[(first - 1)..last]), finding.Line, flaggedTo);
    }

    /// <summary>Tabs as four spaces, and the indentation all the lines share removed (deeply nested code stays readable).</summary>
    private static string[] Dedent(string[] lines)
    {
        string[] expanded = lines.Select(l => l.Replace("\t", "    ", StringComparison.Ordinal)).ToArray();
        int common = expanded.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
        return expanded.Select(l => l.Length >= common ? l[common..] : l.TrimStart(' ')).ToArray();
    }

    private string[]? Lines(string path)
    {
        if (!_files.TryGetValue(path, out string[]? lines))
        {
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lines = null; // deleted or locked since the analysis: the report still lists the diagnostic
            }

            _files[path] = lines;
        }

        return lines;
    }
}
