namespace Threadwise.Cli.Fixing;

/// <summary>
/// A unified diff of two texts (the format of <c>diff -u</c> and <c>git diff</c>: <c>---</c>/<c>+++</c> headers, <c>@@</c>
/// hunks with three lines of context), computed with Myers' O(ND) algorithm on lines after stripping the common start
/// and end. Lines are written with "\n" and keep a carriage return they had (as <c>git diff</c> does), so the diff of a
/// CRLF file applies with <c>git apply</c>; a last line without a line break gets "\ No newline at end of file".
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static void Write(TextWriter writer, string path, string oldText, string newText)
    {
        Line[] a = Lines(oldText);
        Line[] b = Lines(newText);
        List<Edit> edits = Diff(a, b);
        if (edits.All(e => e.Kind == ' '))
        {
            return;
        }

        writer.Write($"--- a/{path}\n");
        writer.Write($"+++ b/{path}\n");
        int i = 0;
        while (i < edits.Count)
        {
            int firstChange = edits.FindIndex(i, e => e.Kind != ' ');
            if (firstChange < 0)
            {
                break;
            }

            // A hunk runs from three lines before the first change to three lines after the last change that is at most
            // six unchanged lines away from the next one.
            int start = Math.Max(i, firstChange - Context);
            int end = firstChange;
            for (int j = firstChange; j < edits.Count; j++)
            {
                if (edits[j].Kind != ' ')
                {
                    end = j;
                }
                else if (j - end > 2 * Context)
                {
                    break;
                }
            }

            end = Math.Min(edits.Count - 1, end + Context);
            WriteHunk(writer, edits, start, end);
            i = end + 1;
        }
    }

    private static void WriteHunk(TextWriter writer, List<Edit> edits, int start, int end)
    {
        var hunk = edits.GetRange(start, end - start + 1);
        int oldCount = hunk.Count(e => e.Kind != '+');
        int newCount = hunk.Count(e => e.Kind != '-');
        int oldStart = edits.Take(start).Count(e => e.Kind != '+') + 1;
        int newStart = edits.Take(start).Count(e => e.Kind != '-') + 1;
        writer.Write($"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
        foreach (Edit edit in hunk)
        {
            writer.Write(edit.Kind + edit.Line.Text + "\n");
            if (edit.Line.LastWithoutBreak)
            {
                writer.Write("\\ No newline at end of file\n");
            }
        }
    }

    /// <summary>"start,count", with the line before the hunk as start for an empty range, as diff writes it.</summary>
    private static string Range(int start, int count) => count == 0 ? $"{start - 1},0" : count == 1 ? $"{start}" : $"{start},{count}";

    private static Line[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        string[] parts = text.Split('\n');
        bool endsWithBreak = text.EndsWith('\n');
        int count = endsWithBreak ? parts.Length - 1 : parts.Length;
        var lines = new Line[count];
        for (int i = 0; i < count; i++)
        {
            lines[i] = new Line(parts[i], LastWithoutBreak: i == count - 1 && !endsWithBreak);
        }

        return lines;
    }

    private static List<Edit> Diff(Line[] a, Line[] b)
    {
        int prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        int suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var edits = new List<Edit>(a.Length + b.Length);
        edits.AddRange(a.Take(prefix).Select(l => new Edit(' ', l)));
        edits.AddRange(Myers(a[prefix..(a.Length - suffix)], b[prefix..(b.Length - suffix)]));
        edits.AddRange(a[(a.Length - suffix)..].Select(l => new Edit(' ', l)));
        return edits;
    }

    /// <summary>The shortest edit script (Myers 1986), found forwards and read back through the saved frontiers.</summary>
    private static List<Edit> Myers(Line[] a, Line[] b)
    {
        int n = a.Length, m = b.Length, max = n + m, offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        for (int d = 0; d <= max; d++)
        {
            trace.Add((int[])v.Clone());
            for (int k = -d; k <= d; k += 2)
            {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(a, b, trace, offset);
                }
            }
        }

        throw new InvalidOperationException("unreachable: an edit script of length n + m always exists");
    }

    private static List<Edit> Backtrack(Line[] a, Line[] b, List<int[]> trace, int offset)
    {
        var edits = new List<Edit>();
        int x = a.Length, y = b.Length;
        for (int d = trace.Count - 1; d >= 0; d--)
        {
            int[] v = trace[d];
            int k = x - y;
            int previousK = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
            int previousX = v[offset + previousK];
            int previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                edits.Add(new Edit(' ', a[--x]));
                y--;
            }

            if (d > 0)
            {
                edits.Add(x == previousX ? new Edit('+', b[--y]) : new Edit('-', a[--x]));
            }
        }

        edits.Reverse();
        return edits;
    }

    /// <summary>One line; a last line without a line break differs from the same text with one.</summary>
    private sealed record Line(string Text, bool LastWithoutBreak);

    private sealed record Edit(char Kind, Line Line);
}
