using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Implementations of a library's public synchronous interface: a public interface declared in the source none of
    /// whose members (nor its base interfaces') returns an awaitable or an async stream — a storage-device API
    /// (<c>INamedDeviceFactory.Delete</c>), a credential store (<c>ICredentialStore.Get</c>) — implemented over an
    /// async-only SDK. The interface is the library's published contract: making the member async is a breaking change
    /// for every implementer and caller in other assemblies, so the wait is how the implementation keeps it. An interface
    /// that already has async members (a pool with <c>Task&lt;IChannel&gt; Rent()</c> beside a blocking
    /// <c>GetConnection()</c>), an internal one, and the same code in an application, a server library or a UI library's
    /// UI code stay reported.
    /// </summary>
    internal static class SyncOnlyContracts
    {
        public static bool ImplementsPublicSyncContract(IMethodSymbol method, HostKind host, Compilation compilation, KnownTypes types)
        {
            if (method.IsStatic
                || method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.ExplicitInterfaceImplementation
                || !HostContext.IsLibrary(compilation)
                || host != HostKind.Plain && (host != HostKind.UserInterface || HostContext.IsUserInterfaceCode(method, types)))
            {
                return false;
            }

            var type = method.ContainingType;
            foreach (var @interface in type.AllInterfaces)
            {
                if (@interface.DeclaringSyntaxReferences.IsEmpty || !IsPublic(@interface) || HasAsyncMember(@interface, types))
                {
                    continue;
                }

                foreach (var member in @interface.GetMembers())
                {
                    if (member is IMethodSymbol && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // Public, and so is every type it is nested in.
        private static bool IsPublic(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? current = type; current != null; current = current.ContainingType)
            {
                if (current.DeclaredAccessibility != Accessibility.Public)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasAsyncMember(INamedTypeSymbol @interface, KnownTypes types)
        {
            if (IsAsyncSurface(@interface, types))
            {
                return true;
            }

            foreach (var inherited in @interface.AllInterfaces)
            {
                if (IsAsyncSurface(inherited, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsAsyncSurface(INamedTypeSymbol @interface, KnownTypes types)
        {
            foreach (var member in @interface.GetMembers())
            {
                var returned = member switch
                {
                    IMethodSymbol method => method.ReturnType,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
                if (returned != null
                    && (types.IsAwaitable(returned) || KnownTypes.Is(returned.OriginalDefinition, types.IAsyncEnumerableOfT)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
