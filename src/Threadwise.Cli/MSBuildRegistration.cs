using Microsoft.Build.Locator;

namespace Threadwise.Cli;

/// <summary>Registers the newest MSBuild of the installed .NET SDKs, once per process.</summary>
internal static class MSBuildRegistration
{
    private static readonly Lock s_gate = new();

    public static void EnsureRegistered()
    {
        lock (s_gate)
        {
            if (!MSBuildLocator.IsRegistered)
            {
                MSBuildLocator.RegisterDefaults();
            }
        }
    }
}
