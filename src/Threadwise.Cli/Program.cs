using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;

namespace Threadwise.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // MSBuild must be located before any type from Microsoft.Build loads; the rest of the tool runs in another method
        // so the JIT does not load workspace types while compiling this one.
        MSBuildRegistration.EnsureRegistered();
        return await RunAsync(args).ConfigureAwait(false);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> RunAsync(string[] args) =>
        CliApp.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);
}
