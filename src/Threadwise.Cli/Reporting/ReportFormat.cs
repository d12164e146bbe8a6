namespace Threadwise.Cli.Reporting;

/// <summary>The <c>--format</c> values.</summary>
internal enum ReportFormat
{
    Console,
    Sarif,
    Json,
    Markdown,

    /// <summary>The self-contained HTML page (<c>analyze --format html</c>, <c>threadwise report</c>).</summary>
    Html,

    /// <summary>The page's data as markdown (<c>threadwise report --markdown</c>); <see cref="Markdown"/> is the shorter list.</summary>
    ReportMarkdown,
}
