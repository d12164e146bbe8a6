using System.CommandLine;
using Threadwise.Cli.Commands;

namespace Threadwise.Cli;

/// <summary>The command line: parses, reports usage errors with exit code 2, and runs the chosen verb.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken = default)
    {
        var analyze = new AnalyzeVerb(stdout, stderr, interactive);
        var baseline = new BaselineVerb(stdout, stderr, interactive);
        var fix = new FixVerb(stdout, stderr, interactive);
        var root = new RootCommand("threadwise: run the Threadwise analyzers on any C# solution without editing it, and apply their fixes.")
        {
            AnalyzeCommand.Create(analyze.RunAsync),
            BaselineCommand.Create(baseline.RunAsync),
            FixCommand.Create(fix.RunAsync),
            MigrateCommand.Create(new MigrateVerb(stdout, stderr, interactive).RunAsync),
            ReportCommand.Create(new ReportVerb(stdout, stderr, interactive).RunAsync),
        };

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine("Run `threadwise --help` or `threadwise analyze --help` for usage.");
            return ExitCodes.Error;
        }

        if (parse.Action is null)
        {
            stderr.WriteLine("error: no command given. Run `threadwise analyze <sln|csproj|folder>`; `threadwise --help` lists the options.");
            return ExitCodes.Error;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken).ConfigureAwait(false);
    }
}
