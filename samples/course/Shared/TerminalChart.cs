using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Course;

/// <summary>
/// Draws a <see cref="TimelineChart"/> in the terminal with Spectre.Console: one row per thread (then one per unit of
/// work), time across, a glyph and a colour per activity, a time axis and a legend. Every activity has its own glyph,
/// so the chart reads the same without colour — Spectre.Console drops the colour when the output is redirected to a
/// file or a log, or when NO_COLOR is set — and it fits in 80 columns.
/// </summary>
public static class TerminalChart
{
    private const int LabelWidth = 18;

    /// <summary>The glyph, colour and legend text of each activity (thread rows; items use the same ones).</summary>
    internal static (char Glyph, string Colour, string Legend) Look(Activity activity) => activity switch
    {
        Activity.Running => ('█', "green", "running"),
        Activity.Blocked => ('▒', "red", "blocked in a wait"),
        Activity.InFlight => ('─', "blue", "in flight, no thread"),
        Activity.Queued => ('░', "yellow", "queued for its thread"),
        _ => ('·', "grey", "idle / back in the pool"),
    };

    private const char BriefRun = '▏';

    public static void Print(TimelineChart chart) => Print(chart, AnsiConsole.Console);

    public static void Print(TimelineChart chart, IAnsiConsole console)
    {
        int width = Math.Clamp(console.Profile.Width, 60, 100);
        int columns = width - LabelWidth - 4;
        double perColumn = Math.Max(chart.DurationMs, 1e-3) / columns;

        console.MarkupLine($"[bold]{Markup.Escape(chart.Title)}[/]");
        console.MarkupLine($"[grey]{Markup.Escape(Summary(chart))}[/]");
        bool brief = false;
        var seen = new HashSet<Activity>();
        foreach (TimelineRow row in chart.Rows)
        {
            var line = new StringBuilder();
            line.Append(' ').Append(Markup.Escape(Fit(row.Name))).Append(" │");
            string? colour = null;
            var run = new StringBuilder();
            for (int c = 0; c < columns; c++)
            {
                (char glyph, string cellColour, Activity? activity) = Cell(row, c * perColumn, (c + 1) * perColumn);
                brief |= glyph == BriefRun;
                if (activity is { } a)
                {
                    seen.Add(a);
                }

                if (cellColour != colour)
                {
                    Flush(line, run, colour);
                    colour = cellColour;
                }

                run.Append(glyph);
            }

            Flush(line, run, colour);
            line.Append('│');
            console.MarkupLine(line.ToString());
        }

        console.MarkupLine(Markup.Escape(Axis(chart.DurationMs, columns)));
        foreach (string line in Legend(seen, brief, width))
        {
            console.MarkupLine(line);
        }

        console.WriteLine();
    }

    /// <summary>One line under the title: the counts the lesson's table prints, read off these rows.</summary>
    public static string Summary(TimelineChart chart) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{chart.DurationMs / 1000:0.00} s, {Plural(chart.ThreadsUsed, "thread")}, at most {chart.PeakBusy} busy and {chart.PeakBlocked} blocked at once");

    internal static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";

    /// <summary>What one column shows: the activity that took most of its time, or a thin mark for a short run.</summary>
    private static (char Glyph, string Colour, Activity? Activity) Cell(TimelineRow row, double from, double to)
    {
        Activity? best = null;
        double bestShare = 0;
        foreach (TimelineSpan span in row.Spans)
        {
            double share = Math.Min(span.EndMs, to) - Math.Max(span.StartMs, from);
            if (share > 0 && span.Activity != Activity.Idle && share > bestShare)
            {
                (best, bestShare) = (span.Activity, share);
            }
        }

        if (best is not { } activity)
        {
            return row.IsThread ? (Look(Activity.Idle).Glyph, "grey", Activity.Idle) : (' ', "default", null);
        }

        // A thread that ran for a few microseconds (an await continuation) still gets a visible, thinner mark.
        bool mostly = bestShare >= (to - from) / 2;
        return activity == Activity.Running && row.IsThread && !mostly
            ? (BriefRun, "green", Activity.Running)
            : (Look(activity).Glyph, Look(activity).Colour, activity);
    }

    private static void Flush(StringBuilder line, StringBuilder run, string? colour)
    {
        if (run.Length == 0)
        {
            return;
        }

        line.Append(colour is null or "default" ? run.ToString() : $"[{colour}]{run}[/]");
        run.Clear();
    }

    private static string Fit(string name) =>
        name.Length > LabelWidth ? name[..(LabelWidth - 1)] + "…" : name.PadRight(LabelWidth);

    /// <summary>The time axis: ticks at round times under the chart, their labels under the ticks.</summary>
    internal static string Axis(double durationMs, int columns)
    {
        double step = TickStep(durationMs);
        var ticks = new StringBuilder(new string('─', columns));
        var labels = new StringBuilder(new string(' ', columns + 1)); // up to the closing corner, so a line never wraps
        int free = 0;
        for (double t = 0; t <= durationMs + 1e-9; t += step)
        {
            int column = (int)Math.Min(columns - 1, Math.Round(t / durationMs * columns));
            ticks[column] = '┴';
            string label = TimeLabel(t, step);
            if (column >= free && column + label.Length <= labels.Length)
            {
                labels.Remove(column, label.Length).Insert(column, label);
                free = column + label.Length + 1;
            }
        }

        string pad = new(' ', LabelWidth + 2);
        return $"{pad}└{ticks}┘\n{pad} {labels.ToString().TrimEnd()}";
    }

    /// <summary>A round step (1, 2 or 5 times a power of ten, in ms) that gives four to ten ticks.</summary>
    internal static double TickStep(double durationMs)
    {
        double raw = Math.Max(durationMs, 1e-3) / 5;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * power).First(s => s >= raw * 0.8);
        return step;
    }

    internal static string TimeLabel(double ms, double step) =>
        step >= 100 && ms >= 1000 || step >= 1000
            ? (ms / 1000).ToString(step >= 1000 ? "0" : "0.0", CultureInfo.InvariantCulture) + " s"
            : ms.ToString(step >= 1 ? "0" : "0.0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>The legend for the activities the chart shows, wrapped to the width.</summary>
    private static IEnumerable<string> Legend(HashSet<Activity> seen, bool brief, int width)
    {
        var parts = new List<(string Plain, string Marked)>();
        foreach (Activity activity in new[] { Activity.Running, Activity.Blocked, Activity.Idle, Activity.InFlight, Activity.Queued })
        {
            if (seen.Contains(activity))
            {
                var (glyph, colour, legend) = Look(activity);
                parts.Add(($"{glyph} {legend}", $"[{colour}]{glyph}[/] {legend}"));
                if (activity == Activity.Running && brief)
                {
                    parts.Add(($"{BriefRun} ran briefly", $"[green]{BriefRun}[/] ran briefly"));
                }
            }
        }

        var line = new StringBuilder(" ");
        int length = 1;
        foreach (var (plain, marked) in parts)
        {
            if (length > 1 && length + 2 + plain.Length > width)
            {
                yield return line.ToString();
                line.Clear().Append(' ');
                length = 1;
            }

            line.Append(length > 1 ? "  " : string.Empty).Append(marked);
            length += (length > 1 ? 2 : 0) + plain.Length;
        }

        yield return line.ToString();
    }
}
