using System.Reflection;

namespace Threadwise.Cli;

/// <summary>The tool's name and version, as reports state them.</summary>
internal static class ToolInfo
{
    public const string RepositoryUrl = "https://github.com/threadwise-analyzers/threadwise";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
