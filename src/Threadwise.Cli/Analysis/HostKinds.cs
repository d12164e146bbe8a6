using Microsoft.CodeAnalysis;
using Threadwise.Semantics;

namespace Threadwise.Cli.Analysis;

/// <summary>
/// The kind of application a project is, decided exactly as the rules decide it (<see cref="HostContext.Kind"/>), named
/// for the reports' "by host kind" counts.
/// </summary>
internal static class HostKinds
{
    public const string UserInterface = "UI app";
    public const string Server = "ASP.NET Core";
    public const string Browser = "Blazor WebAssembly";
    public const string Plain = "Other (console, library, service)";
    public const string Unknown = "Unknown";

    public static string Of(Compilation compilation) => HostContext.Kind(compilation) switch
    {
        HostKind.UserInterface => UserInterface,
        HostKind.Server => Server,
        HostKind.Browser => Browser,
        _ => Plain,
    };
}
