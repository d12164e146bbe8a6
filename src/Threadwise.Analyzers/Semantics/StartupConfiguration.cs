using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that configures a host while it is built: an extension method on what the host is configured through
    /// (<see cref="KnownTypes.StartupBuilders"/>: <c>app.UseEnyimMemcached()</c>, <c>services.AddCache(..)</c>), or a
    /// <c>Configure</c>/<c>ConfigureServices</c> method that takes one first (the <c>Startup</c> class convention). The host
    /// runs it once, on the thread that starts the process, before it serves a request; it has no async form, so a wait
    /// there (EnyimMemcached's warm-up read in <c>UseEnyimMemcached</c>) holds nobody's request. Only the method's own
    /// body: the lambdas it registers (middleware, endpoints, factories) run later, per request or per resolution.
    /// Not in UI apps or WebAssembly clients, whose start-up runs on the UI thread.
    /// </summary>
    internal static class StartupConfiguration
    {
        public static bool RunsAtStartup(IOperation operation, ISymbol containingSymbol, KnownTypes types, HostKind host)
        {
            if (host == HostKind.UserInterface || host == HostKind.Browser || types.StartupBuilders.IsEmpty
                || containingSymbol is not IMethodSymbol { Parameters: { Length: > 0 } parameters } method
                || !(method.IsExtensionMethod || method.Name is "Configure" or "ConfigureServices")
                || AsyncPath.EnclosingFunction(operation) != null)
            {
                return false;
            }

            foreach (var builder in types.StartupBuilders)
            {
                if (KnownTypes.Is(parameters[0].Type, builder))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
