using System.CommandLine;

namespace Threadwise.Cli.Commands;

/// <summary>The parsed options of <c>threadwise baseline</c>.</summary>
/// <param name="OutputPath">The baseline file; null for threadwise.baseline.json in the target's folder.</param>
internal sealed record BaselineSettings(string Target, string? OutputPath, IReadOnlyList<string>? Properties);

/// <summary>The <c>baseline</c> verb's command-line surface; the work is in <see cref="BaselineVerb"/>.</summary>
internal static class BaselineCommand
{
    public static Command Create(Func<BaselineSettings, CancellationToken, Task<int>> run)
    {
        var target = CommonOptions.Target();
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The baseline file to write. Default: threadwise.baseline.json in the target's folder.",
            HelpName = "file",
        };
        var property = CommonOptions.Property();
        var command = new Command("baseline", "Write a baseline of today's Threadwise diagnostics; analyze --baseline then reports only new ones.")
        {
            target, output, property,
        };
        command.SetAction((parse, cancellationToken) =>
            run(new BaselineSettings(parse.GetValue(target)!, parse.GetValue(output), parse.GetValue(property)), cancellationToken));
        return command;
    }
}
