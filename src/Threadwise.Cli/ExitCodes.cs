namespace Threadwise.Cli;

/// <summary>The process exit codes, documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>Nothing at or above the <c>--fail-on</c> level was found.</summary>
    public const int Clean = 0;

    /// <summary>At least one diagnostic at or above the <c>--fail-on</c> level.</summary>
    public const int Findings = 1;

    /// <summary>A usage error, a target that does not exist, or no project could be loaded and analyzed.</summary>
    public const int Error = 2;
}
