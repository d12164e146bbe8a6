namespace Threadwise.Cli.Reporting;

/// <summary>A plain-text table with padded columns (no box drawing, no colours: it must read the same in a CI log).</summary>
internal static class TextTable
{
    public static void Write(TextWriter writer, string[] headers, bool[] rightAligned, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { headers };
        all.AddRange(rows);
        int[] widths = Enumerable.Range(0, headers.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        for (int r = 0; r < all.Count; r++)
        {
            writer.WriteLine(Line(all[r], widths, rightAligned));
            if (r == 0)
            {
                writer.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray(), widths, rightAligned));
            }
        }
    }

    private static string Line(string[] cells, int[] widths, bool[] rightAligned) =>
        string.Join("  ", cells.Select((c, i) => rightAligned[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
}
