namespace Threadwise.Cli.Commands;

/// <summary>Runs <c>report</c>: <c>analyze</c> with the page (or its markdown twin) as the report.</summary>
internal sealed class ReportVerb(TextWriter stdout, TextWriter stderr, bool interactive)
{
    public Task<int> RunAsync(AnalyzeSettings settings, string? usageError, CancellationToken cancellationToken)
    {
        if (usageError is not null)
        {
            stderr.WriteLine($"error: {usageError}");
            return Task.FromResult(ExitCodes.Error);
        }

        return new AnalyzeVerb(stdout, stderr, interactive).RunAsync(settings, cancellationToken);
    }
}
