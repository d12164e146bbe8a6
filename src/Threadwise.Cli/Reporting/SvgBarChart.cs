using System.Globalization;
using System.Net;

namespace Threadwise.Cli.Reporting;

/// <summary>
/// A horizontal bar chart as inline SVG: one <c>g.bar</c> per row (label, bar, count), bars scaled to the largest count.
/// Each bar carries <c>data-label</c> and <c>data-count</c> so tests and scripts can read the chart back.
/// </summary>
internal static class SvgBarChart
{
    private const int Width = 560;
    private const int RowHeight = 26;
    private const int BarHeight = 18;
    private const int CountWidth = 44;
    private const double CharWidth = 7.2; // a 12px monospace glyph, near enough to size the label column
    private const int MaxLabelChars = 40;

    public static void Write(TextWriter writer, string title, IReadOnlyList<CountRow> rows, string cssClass)
    {
        int labelChars = Math.Min(MaxLabelChars, rows.Select(r => r.Label.Length).DefaultIfEmpty(0).Max());
        int labelWidth = Math.Max(60, (int)Math.Ceiling(labelChars * CharWidth) + 12);
        int barSpace = Width - labelWidth - CountWidth;
        int max = Math.Max(1, rows.Select(r => r.Count).DefaultIfEmpty(0).Max());
        int height = Math.Max(1, rows.Count) * RowHeight + 4;
        writer.WriteLine(
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {cssClass}\" role=\"img\" width=\"{Width}\" height=\"{height}\" " +
            $"viewBox=\"0 0 {Width} {height}\" aria-label=\"{Encode(title)}\">");
        writer.WriteLine($"<title>{Encode(title)}</title>");
        for (int i = 0; i < rows.Count; i++)
        {
            CountRow row = rows[i];
            int y = i * RowHeight + 2;
            double barWidth = Math.Max(2, (double)barSpace * row.Count / max);
            string label = Encode(Fit(row.Label));
            writer.WriteLine($"<g class=\"bar\" data-label=\"{Encode(row.Label)}\" data-count=\"{Number(row.Count)}\">");
            writer.WriteLine($"<title>{Encode(row.Label)}: {Number(row.Count)}{(row.Detail.Length > 0 ? " — " + Encode(row.Detail) : "")}</title>");
            writer.WriteLine($"<text class=\"label\" x=\"{Number(labelWidth - 8)}\" y=\"{Number(y + 13)}\" text-anchor=\"end\">{label}</text>");
            writer.WriteLine($"<rect x=\"{Number(labelWidth)}\" y=\"{Number(y)}\" width=\"{Number(barWidth)}\" height=\"{BarHeight}\" rx=\"3\"/>");
            writer.WriteLine($"<text class=\"count\" x=\"{Number(labelWidth + barWidth + 6)}\" y=\"{Number(y + 13)}\">{Number(row.Count)}</text>");
            writer.WriteLine("</g>");
        }

        writer.WriteLine("</svg>");
    }

    /// <summary>A long label keeps its end (the distinctive part of a project name), cut with an ellipsis; the bar's title keeps it whole.</summary>
    private static string Fit(string label) =>
        label.Length <= MaxLabelChars ? label : "…" + label[^(MaxLabelChars - 1)..];

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
