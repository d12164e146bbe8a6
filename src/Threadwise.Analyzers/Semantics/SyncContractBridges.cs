using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Synchronous members whose contract no caller can make async, or that a library offers on purpose beside an async
    /// twin, where the wait is the implementation: disposal members over async work (<see cref="DisposalBridges"/>), and
    /// outside UI apps a <c>Stop</c> or <c>Shutdown</c> that joins the type's own loop after cancelling it;
    /// overrides or implementations of members declared outside the source whose type also has <c>&lt;Name&gt;Async</c>
    /// (<c>Stream.Read =&gt; ReadAsync(..).GetAwaiter().GetResult()</c>, <c>Flush</c>, <c>TextReader.ReadLine</c>); the
    /// sync half of a library's sync/async pair (<see cref="SyncTwins"/>); APM <c>End</c> methods (<see cref="ApmPairs"/>);
    /// framework members whose contract is to wait, <c>SynchronizationContext.Send</c> and <c>ISynchronizeInvoke.Invoke</c>
    /// (<see cref="WaitingContracts"/>);
    /// public members whose wait is bounded by their caller's timeout (<see cref="CallerBoundedWaits"/>); accessors that
    /// wait on work they start (<see cref="AccessorBridges"/>); public wait helpers that block on the task they are
    /// given, and a library's <c>Task.Run</c> adapters over a delegate parameter (<see cref="WaitHelpers"/>); and
    /// constructors of a library's types, which cannot await; and, outside UI apps and servers, task-returning methods
    /// that complete their own task (<see cref="SelfCompletedTasks"/>); and a library's implementations of public
    /// synchronous contracts, interfaces and abstract classes (<see cref="SyncOnlyContracts"/>); and, outside UI apps and
    /// servers, members whose name says they block (<see cref="BlockingNames"/>); and members the library
    /// marked <c>[Obsolete]</c> (or whose type it did), kept only for old callers; and iterators that expose an
    /// <c>IAsyncEnumerable&lt;T&gt;</c> as an <c>IEnumerable&lt;T&gt;</c>, with their private wait helpers (<see cref="AsyncSequenceAdapters"/>). Callers that can be async already call the async sibling.
    /// Event handlers and controller actions are never bridges: the host calls them, and there blocking is the bug.
    /// </summary>
    internal static class SyncContractBridges
    {
        /// <summary>Is <paramref name="wait"/> in the own body (not a lambda or local function) of such a member?</summary>
        /// <param name="host">The compilation's host: in a UI app or a WebAssembly client, accessors are not bridges (views read them on the UI thread).</param>
        public static bool IsBridge(BlockingWait wait, ISymbol containingSymbol, KnownTypes types, HostKind host)
        {
            if (containingSymbol is not IMethodSymbol { ContainingType: { } type } method
                || AsyncPath.EnclosingFunction(wait.Operation) != null)
            {
                return false;
            }

            // [Obsolete("Use GetPermittedTriggersAsync instead")]: the library has already moved its callers to the async
            // API and keeps this member, wait and all, only so that old callers still compile (Stateless).
            if (IsObsolete(method, types))
            {
                return true;
            }

            // A constructor cannot await, and constructing an object has no async form to forward to. Only in a library:
            // a UI app's or a server's constructors run on the host's thread (a window's, a controller's, a service the
            // container builds for a request), and so do a bindable view model's (INotifyPropertyChanged) wherever it is.
            if (method.MethodKind == MethodKind.Constructor)
            {
                return host == HostKind.Plain && !KnownTypes.Implements(type, types.INotifyPropertyChanged);
            }

            // The same for a private helper that only the type's constructors call (amqpnetlite's Connection.Connect).
            if (host == HostKind.Plain && !KnownTypes.Implements(type, types.INotifyPropertyChanged)
                && wait.Operation.SemanticModel is { } constructed && ConstructorHelpers.IsCalledOnlyByConstructors(method, constructed.Compilation))
            {
                return true;
            }

            var name = SyncName(method);
            if (DisposalBridges.IsDisposalMember(method))
            {
                // A Close() that is not one still gets the checks below (a DbConnection.Close override over CloseAsync).
                var disposalBridge = DisposalBridges.IsBridge(wait, method, type, types, host);
                if (disposalBridge || name.EndsWith("Dispose", System.StringComparison.Ordinal))
                {
                    return disposalBridge;
                }
            }

            // Stop() and Shutdown(timeout) that cancel the type's own loop and join it, as a Dispose does (OpenTelemetry's
            // export workers). Not in UI apps, where the loop may need the UI thread the join holds.
            if (name is "Stop" or "Shutdown" && host != HostKind.UserInterface && host != HostKind.Browser
                && DisposalBridges.JoinsOwnLoop(wait, type, types))
            {
                return true;
            }

            // ToString(), Equals(object) and GetHashCode() overrides: string formatting, collections and debuggers call them
            // synchronously, and there is no async form to forward to (Stateless's ToString lists the permitted triggers
            // through Task.Run). Not in UI apps, where the wait may need the UI thread it holds; the tests below still apply there.
            if (OverridesObjectMember(method) && host != HostKind.UserInterface && host != HostKind.Browser)
            {
                return true;
            }

            if (AccessorBridges.IsAccessor(method))
            {
                return host != HostKind.UserInterface && host != HostKind.Browser && AccessorBridges.WaitsOnWorkItStarts(wait, types);
            }

            if (ImplementsExternalMember(method) && HasAsyncSibling(type, name) || WaitingContracts.IsWaitingContract(method, types))
            {
                return true;
            }

            if (HostContext.IsKnownHostThread(HostKind.UserInterface, method, types) || HostContext.IsKnownHostThread(HostKind.Server, method, types))
            {
                return false;
            }

            // Only where no UI thread awaits it: there the caller's await on the UI thread is what the wait deadlocks. The
            // same for a member whose name says it blocks (BlockingUnaryCall, WithSyncCircuitBreaker): no UI thread or request calls it unawares.
            return host == HostKind.Plain && (SelfCompletedTasks.CompletesItsOwnTask(method, wait.Operation.Root(), types) || BlockingNames.SaysItBlocks(method))
                || wait.Operation.SemanticModel is { } model && SyncOnlyContracts.ImplementsPublicSyncContract(method, host, model.Compilation, types)
                || SyncTwins.IsSyncTwin(wait, method, name, types, host)
                || ApmPairs.IsEndMethod(method)
                || CallerBoundedWaits.IsBoundedByCaller(wait, method, types)
                || WaitHelpers.IsWaitHelperOn(wait, method, types)
                || WaitHelpers.IsAdapterOverParameters(wait, method, types)
                || wait.Operation.SemanticModel is { } adapted && AsyncSequenceAdapters.IsBridge(method, adapted.Compilation, types);
        }

        // The member, the property or event whose accessor it is, or a type around it, is marked [Obsolete].
        private static bool IsObsolete(IMethodSymbol method, KnownTypes types)
        {
            if (types.IsObsolete(method) || method.AssociatedSymbol is { } associated && types.IsObsolete(associated))
            {
                return true;
            }

            for (var type = method.ContainingType; type != null; type = type.ContainingType)
            {
                if (types.IsObsolete(type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool OverridesObjectMember(IMethodSymbol method)
        {
            if (!method.IsOverride || method.Name is not ("ToString" or "Equals" or "GetHashCode"))
            {
                return false;
            }

            var root = method;
            while (root.OverriddenMethod is { } overridden)
            {
                root = overridden;
            }

            return root.ContainingType.SpecialType == SpecialType.System_Object;
        }

        /// <summary>The member's own name, or the name of the interface member it implements explicitly.</summary>
        internal static string SyncName(IMethodSymbol method) =>
            method.ExplicitInterfaceImplementations.IsEmpty ? method.Name : method.ExplicitInterfaceImplementations[0].Name;

        // An override of a framework virtual (Stream.Read) or an implementation of a framework interface member.
        private static bool ImplementsExternalMember(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.ExplicitInterfaceImplementation)
            {
                return false;
            }

            for (var overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                if (overridden.DeclaringSyntaxReferences.IsEmpty)
                {
                    return true;
                }
            }

            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                if (implemented.DeclaringSyntaxReferences.IsEmpty)
                {
                    return true;
                }
            }

            foreach (var @interface in method.ContainingType.AllInterfaces)
            {
                if (!@interface.DeclaringSyntaxReferences.IsEmpty)
                {
                    continue;
                }

                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (method.ContainingType.FindImplementationForInterfaceMember(member) is { } implementation
                        && SymbolEqualityComparer.Default.Equals(implementation, method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasAsyncSibling(INamedTypeSymbol type, string name)
        {
            var asyncName = name + "Async";
            for (var current = type; current != null; current = current.BaseType)
            {
                if (!current.GetMembers(asyncName).IsEmpty)
                {
                    return true;
                }
            }

            foreach (var @interface in type.AllInterfaces)
            {
                if (!@interface.GetMembers(asyncName).IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
