using System.CommandLine;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Commands;

/// <summary>The options several verbs share, defined once so their names, values and help read the same everywhere.</summary>
internal static class CommonOptions
{
    public const string RulesDescription = "Only these rules: IDs or globs, comma-separated (TW101,TW2*). Default: all.";

    /// <summary>The target argument of every verb but analyze (whose help says how a folder is read).</summary>
    public static Argument<string> Target() => new("target")
    {
        Description = "A solution (.sln, .slnx), a C# project (.csproj), or a folder, as for analyze.",
    };

    /// <summary><c>--property</c>/<c>-p Name=Value</c>: an MSBuild global property for loading the projects.</summary>
    public static Option<string[]> Property() => new("--property", "-p")
    {
        Description = "An MSBuild global property for loading the projects, Name=Value (repeatable), e.g. -p Configuration=Release.",
        HelpName = "name=value",
    };

    /// <summary><c>--rules TW101,TW2*</c>.</summary>
    public static Option<string[]> Rules(string description = RulesDescription) => new("--rules")
    {
        Description = description,
        AllowMultipleArgumentsPerToken = true,
        HelpName = "ids",
    };

    /// <summary><c>--severity info|warning|error</c>, the lowest severity the verb takes.</summary>
    public static Option<string> Severity(string description, string defaultValue)
    {
        var severity = new Option<string>("--severity")
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
        };
        severity.AcceptOnlyFromAmong("info", "warning", "error");
        return severity;
    }

    /// <summary><c>--baseline file</c>: report only diagnostics the baseline does not hold.</summary>
    public static Option<string?> Baseline(string description) => new("--baseline")
    {
        Description = description,
        HelpName = "file",
    };

    /// <summary><c>--since git-ref</c>: only files changed since that ref.</summary>
    public static Option<string?> Since(string description) => new("--since")
    {
        Description = description,
        HelpName = "git-ref",
    };

    /// <summary>The severity a <c>--fail-on</c> value names; null for <c>none</c> and <c>new</c> (new is a baseline question).</summary>
    public static Microsoft.CodeAnalysis.DiagnosticSeverity? FailOnSeverity(string value) =>
        value is "none" or "new" ? null : SeverityNames.Parse(value);
}
