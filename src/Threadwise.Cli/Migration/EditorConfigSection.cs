using System.Text;

namespace Threadwise.Cli.Migration;

/// <summary>
/// The <c>.editorconfig</c> section that switches off the peer rules Threadwise covers, between two marker comments so
/// a later <c>migrate --write</c> replaces it instead of adding a second one.
/// </summary>
internal static class EditorConfigSection
{
    public const string Begin = "# threadwise migrate: begin";
    public const string End = "# threadwise migrate: end";

    /// <summary>The section, with <c>\n</c> line ends; null when no peer rule is switched off.</summary>
    public static string? Render(MigrationPlan plan)
    {
        var rows = plan.SwitchedOff.ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder()
            .Append(Begin).Append('\n')
            .Append("# Peer analyzer rules that Threadwise covers, switched off so each problem is reported once.\n")
            .Append("# Written by `threadwise migrate`; the mapping and what Threadwise does differently: docs/migrating.md\n")
            .Append("# Delete a line to keep that peer rule on.\n")
            .Append("[*.cs]\n");
        foreach (var group in rows.GroupBy(r => r.Rule.Package))
        {
            text.Append('\n').Append("# ").Append(group.Key.DisplayName).Append('\n');
            foreach (var row in group)
            {
                // .editorconfig has no end-of-line comments: the covering rules go on the line above.
                text.Append("# ").Append(row.Rule.Id).Append(": ").Append(row.Rule.Title).Append(" -> ")
                    .Append(string.Join(", ", row.Rule.Threadwise)).Append('\n');
                text.Append("dotnet_diagnostic.").Append(row.Rule.Id).Append(".severity = none\n");
            }
        }

        return text.Append(End).Append('\n').ToString();
    }

    /// <summary>
    /// The file's new text: <paramref name="existing"/> with its marked section replaced by <paramref name="section"/>, or
    /// with the section appended (after a blank line) when it has none. Appended last, its severities win over earlier
    /// sections for the same files. Keeps the file's line ends.
    /// </summary>
    public static string Merge(string? existing, string section)
    {
        if (string.IsNullOrEmpty(existing))
        {
            return section;
        }

        string newline = existing.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        string normalized = existing.Replace("\r\n", "\n", StringComparison.Ordinal);
        int begin = normalized.IndexOf(Begin, StringComparison.Ordinal);
        int end = begin < 0 ? -1 : normalized.IndexOf(End, begin, StringComparison.Ordinal);
        string merged;
        if (begin >= 0 && end > begin)
        {
            int after = end + End.Length;
            if (after < normalized.Length && normalized[after] == '\n')
            {
                after++;
            }

            merged = normalized[..begin] + section + normalized[after..];
        }
        else
        {
            merged = normalized.TrimEnd('\n') + "\n\n" + section;
        }

        return merged.Replace("\n", newline, StringComparison.Ordinal);
    }
}
