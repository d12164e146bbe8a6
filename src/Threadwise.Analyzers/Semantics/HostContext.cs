using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>The kind of application a compilation belongs to, read from its references.</summary>
    internal enum HostKind
    {
        Plain,
        UserInterface,
        Server,
    }

    /// <summary>
    /// What kind of application the compilation belongs to, so that messages speak of the thread that actually suffers
    /// (the UI thread, a request thread, or plainly the calling thread) and of what a fix honestly buys there.
    /// </summary>
    internal static class HostContext
    {
        public static HostKind Kind(Compilation compilation)
        {
            var server = false;
            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                var name = assembly.Name;
                if (IsUserInterfaceFramework(name))
                {
                    return HostKind.UserInterface;
                }

                server |= name.StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal);
            }

            return server ? HostKind.Server : HostKind.Plain;
        }

        /// <summary>
        /// Windows Forms, WPF, WinUI, and the cross-platform UI frameworks whose code runs on a UI thread with a
        /// SynchronizationContext (Avalonia, .NET MAUI, Xamarin.Forms, Uno), and Visual Studio extensions (the VS SDK's
        /// shell: code there runs on, and switches to, VS's main thread).
        /// </summary>
        private static bool IsUserInterfaceFramework(string name) =>
            name == "System.Windows.Forms" || name == "PresentationFramework" || name == "Microsoft.WinUI"
            || name == "Avalonia.Base" || name == "Microsoft.Maui" || name == "Microsoft.Maui.Controls" || name == "Xamarin.Forms.Core"
            || name == "Uno.UI" || name == "Microsoft.VisualStudio.Shell.15.0" || name == "Microsoft.VisualStudio.Shell.Framework";

        /// <summary>The thread a blocking wait holds, as a message names it (TW101, TW102, TW103).</summary>
        public static string BlockedThread(Compilation compilation) => BlockedThread(CompilationContext.For(compilation).Host);

        /// <summary>
        /// Synchronous code is known to run on the host's thread only where the host calls it: a UI event handler
        /// (<c>(object, EventArgs)</c>) in a UI app; a controller, page model or hub in a server app. Elsewhere (a library
        /// helper, a sync API) messages speak plainly of the calling thread (TW103).
        /// </summary>
        public static bool IsKnownHostThread(HostKind kind, ISymbol? containingSymbol, KnownTypes types)
        {
            if (kind == HostKind.Plain || containingSymbol is not IMethodSymbol method)
            {
                return false;
            }

            if (kind == HostKind.UserInterface)
            {
                return EventHandlers.HasEventHandlerSignature(method, types);
            }

            for (var type = method.ContainingType; type != null; type = type.BaseType)
            {
                var name = type.Name;
                if (name.EndsWith("Controller", System.StringComparison.Ordinal) || name.EndsWith("ControllerBase", System.StringComparison.Ordinal)
                    || name == "PageModel" || name == "Hub" || name.EndsWith("Middleware", System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        public static string BlockedThread(HostKind kind) => kind switch
        {
            HostKind.UserInterface => "the UI thread",
            HostKind.Server => "a request thread (thread-pool starvation under load)",
            _ => "the calling thread",
        };

        /// <summary>
        /// What a blocking wait in synchronous code costs in this kind of application (TW103): a deadlock where a
        /// SynchronizationContext needs the blocked thread back, a thread held hostage everywhere else.
        /// </summary>
        public static string BlockingConsequence(Compilation compilation) => BlockingConsequence(Kind(compilation));

        public static string BlockingConsequence(HostKind kind) => kind switch
        {
            HostKind.UserInterface => "a deadlock when the task needs the UI thread to finish, and a frozen UI until then",
            HostKind.Server => "a thread held hostage while other requests wait for one",
            _ => "a deadlock under a SynchronizationContext (UI apps, classic ASP.NET), a thread held hostage everywhere else",
        };

        /// <summary>The thread that CPU work on an async path occupies, as a message names it (TW2xx).</summary>
        public static string CpuThread(HostKind kind) => kind switch
        {
            HostKind.UserInterface => "the UI thread",
            HostKind.Server => "the request thread",
            _ => "the calling thread",
        };

        /// <summary>What moving CPU work to the thread pool buys here, honestly: a free UI thread, no server throughput.</summary>
        public static string OffloadAdvice(HostKind kind) => kind switch
        {
            HostKind.UserInterface => "run it with 'await Task.Run' to keep the UI responsive",
            HostKind.Server => "'await Task.Run' frees the request thread but adds no throughput on a server",
            _ => "run it with 'await Task.Run' so the caller is not held",
        };
    }
}
