namespace Threadwise.Cli.Reporting;

/// <summary>The <c>--format</c> values.</summary>
internal enum ReportFormat
{
    Console,
    Sarif,
    Json,
    Markdown,
}
