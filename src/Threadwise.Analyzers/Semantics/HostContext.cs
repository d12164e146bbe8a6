using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>The kind of application a compilation belongs to, read from its references.</summary>
    internal enum HostKind
    {
        Plain,
        UserInterface,
        Server,

        /// <summary>A Blazor WebAssembly client: one UI thread in the browser, no server.</summary>
        Browser,
    }

    /// <summary>
    /// What kind of application the compilation belongs to, so that messages speak of the thread that actually suffers
    /// (the UI thread, a request thread, or plainly the calling thread) and of what a fix honestly buys there.
    /// </summary>
    internal static class HostContext
    {
        /// <summary>
        /// A UI app references Windows Forms, WPF or WinUI; a Blazor WebAssembly client references its runtime
        /// (Microsoft.AspNetCore.Components.WebAssembly) and none of ASP.NET Core's request pipeline (a server that hosts
        /// the client references both); a reference to the server side of ASP.NET Core (<see cref="IsServerSide"/>) makes a
        /// server. ASP.NET Core's client and utility assemblies (the SignalR client, Connections.Abstractions, WebUtilities,
        /// Cryptography) make none: Remotely's agent, a worker service that talks to its server over SignalR, is no server.
        /// </summary>
        public static HostKind Kind(Compilation compilation)
        {
            bool serverSide = false, webAssembly = false, requestPipeline = false;
            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                var name = assembly.Name;
                if (IsUserInterfaceFramework(name))
                {
                    return HostKind.UserInterface;
                }

                serverSide |= IsServerSide(name);
                webAssembly |= name == "Microsoft.AspNetCore.Components.WebAssembly";
                requestPipeline |= name == "Microsoft.AspNetCore.Http.Abstractions" || name == "Microsoft.AspNetCore.Hosting.Abstractions";
            }

            return webAssembly && !requestPipeline ? HostKind.Browser : serverSide ? HostKind.Server : HostKind.Plain;
        }

        /// <summary>
        /// The request pipeline, hosting, routing, MVC, SignalR's hubs and Blazor's components: what an ASP.NET Core app or
        /// a library that plugs into one compiles against (the shared framework gives an app all of them).
        /// </summary>
        private static bool IsServerSide(string name) =>
            name is "Microsoft.AspNetCore" or "Microsoft.AspNetCore.Http.Abstractions" or "Microsoft.AspNetCore.Hosting.Abstractions"
                or "Microsoft.AspNetCore.Http" or "Microsoft.AspNetCore.Routing" or "Microsoft.AspNetCore.Mvc.Core"
                or "Microsoft.AspNetCore.SignalR.Core" or "Microsoft.AspNetCore.Components" or "Microsoft.AspNetCore.Components.Server";

        /// <summary>
        /// Windows Forms, WPF, WinUI, and the cross-platform UI frameworks whose code runs on a UI thread with a
        /// SynchronizationContext (Avalonia, .NET MAUI, Xamarin.Forms, Uno), and Visual Studio extensions (the VS SDK's
        /// shell: code there runs on, and switches to, VS's main thread).
        /// </summary>
        private static bool IsUserInterfaceFramework(string name) =>
            name == "System.Windows.Forms" || name == "PresentationFramework" || name == "Microsoft.WinUI"
            || name == "Avalonia.Base" || name == "Microsoft.Maui" || name == "Microsoft.Maui.Controls" || name == "Xamarin.Forms.Core"
            || name == "Uno.UI" || name == "Microsoft.VisualStudio.Shell.15.0" || name == "Microsoft.VisualStudio.Shell.Framework";

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

            // Single-threaded WebAssembly runs everything on the browser's UI thread.
            if (kind == HostKind.Browser)
            {
                return true;
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

        /// <summary>
        /// The thread blocking on an async path holds (TW101, TW102): in a UI app or a WebAssembly client the UI thread,
        /// which continuations come back to; in a server a request thread only where the host calls the code (see
        /// <see cref="IsKnownHostThread"/>): a background job, a hosted service or a helper is not known to run on one.
        /// </summary>
        public static string AsyncPathThread(HostKind kind, ISymbol? containingSymbol, KnownTypes types) =>
            BlockedThread(kind == HostKind.Server && !IsKnownHostThread(kind, containingSymbol, types) ? HostKind.Plain : kind);

        /// <summary>
        /// As <see cref="AsyncPathThread(HostKind, ISymbol?, KnownTypes)"/>, but for code inside a <c>Task.Run</c>,
        /// <c>StartNew</c> or <c>Parallel</c> delegate, which holds a thread-pool thread whatever the app, and for a UI
        /// library's code that is not UI code (<see cref="HostOfCode"/>).
        /// </summary>
        public static string AsyncPathThread(HostKind kind, IOperation operation, ISymbol? containingSymbol, KnownTypes types) =>
            Offloading.IsInsideThreadPoolDelegate(operation, types) ? "a thread-pool thread"
            : AsyncPathThread(operation.SemanticModel is { } model ? HostOfCode(kind, model.Compilation, containingSymbol, types) : kind, containingSymbol, types);

        /// <summary>
        /// The host <paramref name="containingSymbol"/>'s code runs in: the compilation's, except in a library that references
        /// a UI framework, where only UI code (<see cref="IsUserInterfaceCode"/>) runs on the UI thread and the rest is plain.
        /// </summary>
        public static HostKind HostOfCode(HostKind kind, Compilation compilation, ISymbol? containingSymbol, KnownTypes types) =>
            kind == HostKind.UserInterface && IsLibrary(compilation) && !IsUserInterfaceCode(containingSymbol, types) ? HostKind.Plain : kind;

        /// <summary>
        /// In a library that references a UI framework (a control library, or git-credential-manager's core, which holds its
        /// command-line commands beside its Avalonia windows), only UI code is known to run on the UI thread: a method of a
        /// type derived from one of the framework's types, of a view model (<c>INotifyPropertyChanged</c>), or a UI event
        /// handler. An application's async code is started from its UI and resumes there, so there every method counts.
        /// </summary>
        private static bool IsUserInterfaceCode(ISymbol? containingSymbol, KnownTypes types)
        {
            if (containingSymbol is IMethodSymbol method && EventHandlers.HasEventHandlerSignature(method, types))
            {
                return true;
            }

            var type = containingSymbol?.ContainingType;
            if (KnownTypes.Implements(type, types.INotifyPropertyChanged))
            {
                return true;
            }

            for (var current = type?.BaseType; current != null; current = current.BaseType)
            {
                if (current.ContainingAssembly is { } assembly && IsUserInterfaceAssembly(assembly.Name))
                {
                    return true;
                }
            }

            return false;
        }

        // The framework's own assemblies, beyond the one that marks a compilation as a UI app: Avalonia.Controls beside
        // Avalonia.Base, WPF's PresentationCore and WindowsBase beside PresentationFramework.
        private static bool IsUserInterfaceAssembly(string name) =>
            IsUserInterfaceFramework(name) || name.StartsWith("Avalonia.", System.StringComparison.Ordinal)
            || name == "PresentationCore" || name == "WindowsBase" || name.StartsWith("Microsoft.Maui.", System.StringComparison.Ordinal)
            || name.StartsWith("Xamarin.Forms.", System.StringComparison.Ordinal) || name.StartsWith("Uno.", System.StringComparison.Ordinal);

        /// <summary>The compilation builds a library (or a module), not an executable.</summary>
        public static bool IsLibrary(Compilation compilation) =>
            compilation.Options.OutputKind is OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule or OutputKind.WindowsRuntimeMetadata;

        /// <summary>
        /// In a UI app, blocking inside a <c>Task.Run</c>, <c>StartNew</c> or <c>Parallel</c> delegate holds a pool thread and
        /// freezes nothing: the app moved that work off the UI thread on purpose (an avatar downloader's loop, a connection
        /// probe's bounded <c>Wait(3000)</c>), and a wait there has no SynchronizationContext to deadlock on. TW102, TW103
        /// and TW104 do not report it there; a server's pool threads are its request threads, and a library's are its callers'.
        /// </summary>
        public static bool BlocksOnlyAUiAppsPool(HostKind kind, IOperation operation, KnownTypes types) =>
            kind == HostKind.UserInterface && Offloading.IsInsideThreadPoolDelegate(operation, types);

        /// <summary>The thread a blocking wait holds, as a message names it (TW103 where the thread is known).</summary>
        public static string BlockedThread(HostKind kind) => kind switch
        {
            HostKind.UserInterface => "the UI thread",
            HostKind.Server => "a request thread (thread-pool starvation under load)",
            HostKind.Browser => "the UI thread of a Blazor WebAssembly app",
            _ => "the calling thread",
        };

        /// <summary>
        /// What a blocking wait in synchronous code costs in this kind of application (TW103): a deadlock where a
        /// SynchronizationContext needs the blocked thread back, a thread held hostage everywhere else.
        /// </summary>
        public static string BlockingConsequence(HostKind kind) => kind switch
        {
            HostKind.UserInterface => "a deadlock when the task needs the UI thread to finish, and a frozen UI until then",
            HostKind.Server => "a thread held hostage while other requests wait for one",
            HostKind.Browser => "on single-threaded WebAssembly a wait on an unfinished task throws PlatformNotSupportedException (the task needs this very thread), and where threads are enabled the page freezes",
            _ => "a deadlock under a SynchronizationContext (UI apps, classic ASP.NET), a thread held hostage everywhere else",
        };

        /// <summary>The thread that CPU work on an async path occupies, as a message names it (TW2xx).</summary>
        public static string CpuThread(HostKind kind) => kind switch
        {
            HostKind.UserInterface => "the UI thread",
            HostKind.Server => "the request thread",
            HostKind.Browser => "the UI thread of a Blazor WebAssembly app",
            _ => "the calling thread",
        };

        /// <summary>What moving CPU work to the thread pool buys here, honestly: a free UI thread, no server throughput.</summary>
        public static string OffloadAdvice(HostKind kind) => kind switch
        {
            HostKind.UserInterface => "run it with 'await Task.Run' to keep the UI responsive",
            HostKind.Server => "'await Task.Run' frees the request thread but adds no throughput on a server",
            HostKind.Browser => "'await Task.Run' moves it off that thread only where WebAssembly threads are enabled; otherwise do it in smaller steps or on the server",
            _ => "run it with 'await Task.Run' so the caller is not held",
        };
    }
}
