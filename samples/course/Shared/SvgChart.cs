using System.Globalization;
using System.Security;
using System.Text;

namespace Course;

/// <summary>
/// Draws a lesson's charts as one standalone SVG (no scripts, no external fonts or styles), for a slide or a page:
/// the same rows, activities and time axis as <see cref="TerminalChart"/>, one chart per approach, stacked.
/// </summary>
public static class SvgChart
{
    private const double Width = 960;
    private const double Left = 150;   // where the time axis starts; row labels end just before it
    private const double Right = 40;  // room for the last time label
    private const double RowHeight = 20;
    private const double BarHeight = 14;

    private static readonly Activity[] s_legendOrder = [Activity.Running, Activity.Blocked, Activity.Idle, Activity.InFlight, Activity.Queued];

    internal static string Colour(Activity activity) => activity switch
    {
        Activity.Running => "#2e7d32",
        Activity.Blocked => "#c62828",
        Activity.InFlight => "#1e88e5",
        Activity.Queued => "#f9a825",
        _ => "#e4e4e4",
    };

    /// <summary>The charts as an HTML page around the SVG (the same picture, for a browser tab).</summary>
    public static string Html(string caption, IReadOnlyList<TimelineChart> charts) =>
        $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{SecurityElement.Escape(caption)}</title></head>\n<body style=\"margin:0;background:#fff\">\n{Svg(caption, charts)}</body></html>\n";

    public static string Svg(string caption, IReadOnlyList<TimelineChart> charts)
    {
        var body = new StringBuilder();
        double y = 30;
        Text(body, 16, y, caption, "font-size:18px;font-weight:bold");
        y += 22;
        y = Legend(body, y);
        foreach (TimelineChart chart in charts)
        {
            y = Chart(body, chart, y + 18);
        }

        double height = y + 12;
        return string.Create(CultureInfo.InvariantCulture, $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height:0}" viewBox="0 0 {Width} {height:0}" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="#ffffff"/>
            {body}</svg>

            """);
    }

    private static double Legend(StringBuilder svg, double y)
    {
        double x = 16;
        foreach (Activity activity in s_legendOrder)
        {
            string legend = TerminalChart.Look(activity).Legend;
            Bar(svg, activity, x, y - 10, 22, isThread: activity is not (Activity.InFlight or Activity.Queued));
            Text(svg, x + 28, y + 1, legend, null);
            x += 28 + (legend.Length * 7) + 18;
        }

        return y + 8;
    }

    private static double Chart(StringBuilder svg, TimelineChart chart, double y)
    {
        double span = Width - Left - Right;
        double scale = span / Math.Max(chart.DurationMs, 1e-3);
        Text(svg, 16, y, chart.Title, "font-size:15px;font-weight:bold");
        Text(svg, 16 + (chart.Title.Length * 9) + 12, y, TerminalChart.Summary(chart), "fill:#555");
        y += 10;

        bool itemsStarted = false;
        foreach (TimelineRow row in chart.Rows)
        {
            if (!row.IsThread && !itemsStarted)
            {
                itemsStarted = true;
                Line(svg, Left, y + 3, Width - Right, y + 3, "#999", dashed: true);
                y += 6;
            }

            double top = y + ((RowHeight - BarHeight) / 2);
            Text(svg, Left - 8, top + BarHeight - 3, row.Name, "text-anchor:end");
            if (row.IsThread)
            {
                Bar(svg, Activity.Idle, Left, top, span, isThread: true);
            }

            foreach (TimelineSpan s in row.Spans)
            {
                // At least one pixel wide: a continuation that ran for microseconds is still a visible stroke.
                Bar(svg, s.Activity, Left + (s.StartMs * scale), top, Math.Max(1, s.Length * scale), row.IsThread);
            }

            y += RowHeight;
        }

        return Axis(svg, chart.DurationMs, scale, y + 2);
    }

    private static double Axis(StringBuilder svg, double durationMs, double scale, double y)
    {
        Line(svg, Left, y, Width - Right, y, "#333", dashed: false);
        double step = TerminalChart.TickStep(durationMs);
        for (double t = 0; t <= durationMs + 1e-9; t += step)
        {
            double x = Left + (t * scale);
            Line(svg, x, y, x, y + 5, "#333", dashed: false);
            Text(svg, x, y + 17, TerminalChart.TimeLabel(t, step), "text-anchor:middle;fill:#333");
        }

        return y + 22;
    }

    /// <summary>A thread's activity fills the row; a unit of work in flight is a thinner bar, so the two read apart.</summary>
    private static void Bar(StringBuilder svg, Activity activity, double x, double top, double width, bool isThread)
    {
        double height = isThread || activity != Activity.InFlight ? BarHeight : BarHeight / 2;
        double offset = (BarHeight - height) / 2;
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"{top + offset:0.##}\" width=\"{width:0.##}\" height=\"{height:0.##}\" fill=\"{Colour(activity)}\"/>\n");
    }

    private static void Line(StringBuilder svg, double x1, double y1, double x2, double y2, string colour, bool dashed) =>
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1:0.##}\" y1=\"{y1:0.##}\" x2=\"{x2:0.##}\" y2=\"{y2:0.##}\" stroke=\"{colour}\"{(dashed ? " stroke-dasharray=\"4 3\"" : string.Empty)}/>\n");

    private static void Text(StringBuilder svg, double x, double y, string text, string? style) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.##}\" y=\"{y:0.##}\"{(style is null ? string.Empty : $" style=\"{style}\"")}>{SecurityElement.Escape(text)}</text>\n");
}
