using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>One line per diagnostic in the compiler's own shape, so editors and CI log parsers pick them up.</summary>
internal static class ConsoleReport
{
    public static void Write(ReportContext context, TextWriter writer)
    {
        foreach (Finding f in context.Findings)
        {
            string location = f.FilePath is null ? "" : $"{context.DisplayPath(f)}({f.Line},{f.Column}): ";
            writer.WriteLine($"{location}{SeverityNames.Of(f.Severity)} {f.RuleId}: {f.Message} [{f.Project}]");
        }

        if (context.Findings.Count > 0)
        {
            writer.WriteLine();
        }

        SummaryTable.Write(context, writer);
    }
}
