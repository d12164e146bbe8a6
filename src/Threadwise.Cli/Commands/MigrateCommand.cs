using System.CommandLine;

namespace Threadwise.Cli.Commands;

/// <summary>The parsed options of <c>threadwise migrate</c>.</summary>
/// <param name="Write">Add the section to the .editorconfig in the target's folder.</param>
/// <param name="OutputPath">Add the section to this file instead; null unless <c>--output</c>.</param>
internal sealed record MigrateSettings(string Target, bool Write, string? OutputPath, IReadOnlyList<string>? Properties);

/// <summary>The <c>migrate</c> verb's command-line surface; the work is in <see cref="MigrateVerb"/>.</summary>
internal static class MigrateCommand
{
    public static Command Create(Func<MigrateSettings, CancellationToken, Task<int>> run)
    {
        var target = CommonOptions.Target();
        var write = new Option<bool>("--write")
        {
            Description = "Add the section to the .editorconfig in the target's folder (replacing one written before). Default: print it only.",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Add the section to this file instead (created when missing; a section written before is replaced).",
            HelpName = "file",
        };
        var property = CommonOptions.Property();
        var command = new Command(
            "migrate",
            "List the peer analyzers' async rules that Threadwise covers (VSTHRD, AsyncFixer, MA, CA, S, RCS) and write the .editorconfig section that switches the duplicates off.")
        {
            target, write, output, property,
        };
        command.SetAction((parse, cancellationToken) =>
            run(new MigrateSettings(parse.GetValue(target)!, parse.GetValue(write), parse.GetValue(output), parse.GetValue(property)), cancellationToken));
        return command;
    }
}
