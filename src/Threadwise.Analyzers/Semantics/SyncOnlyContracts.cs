using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A library's implementations of public synchronous contracts: a public interface, the library's own or a referenced
    /// assembly's, none of whose members (nor its base interfaces') returns an awaitable or an async stream — a
    /// storage-device API (<c>INamedDeviceFactory.Delete</c>), a credential store (<c>ICredentialStore.Get</c>) —
    /// implemented over an async-only SDK; and overrides of the abstract members of such a public abstract class (a plug-in
    /// API: <c>KeyProcessor.Process</c>). The interface is a published contract: making the member async is a breaking
    /// change for every implementer and caller in other assemblies (or, for another assembly's interface, not this
    /// library's to make), so the wait is how the implementation keeps it. Not the framework's interfaces (<c>System.*</c>,
    /// <c>Microsoft.*</c>): the framework calls them back on threads it chooses. Disposal members are judged by
    /// <see cref="DisposalBridges"/> before this. An interface
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
                || HostContext.HostOfCode(host, compilation, method, types) != HostKind.Plain)
            {
                return false;
            }

            var type = method.ContainingType;
            foreach (var @interface in type.AllInterfaces)
            {
                if (!IsPublic(@interface) || IsFrameworkType(@interface) || HasAsyncMember(@interface, types))
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

            // The same contract written as a public abstract class: an override of one of its abstract members (a parser's
            // KeyProcessor.Process plug-in API).
            for (var overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                if (overridden.IsAbstract && overridden.ContainingType is { IsAbstract: true } contract
                    && IsPublic(contract) && !IsFrameworkType(contract) && !HasAsyncMember(contract, types))
                {
                    return true;
                }
            }

            return false;
        }

        // A type of the framework (System.*, Microsoft.*, Windows.*, or one outside any namespace, to be safe): the framework
        // calls its interfaces' and base classes' members back on threads the library does not choose (IProgress<T>.Report
        // on the UI thread, a comparer inside a sort), where blocking is the bug, as in an event handler.
        private static bool IsFrameworkType(INamedTypeSymbol contract)
        {
            if (!contract.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            var root = contract.ContainingNamespace;
            while (root?.ContainingNamespace is { IsGlobalNamespace: false })
            {
                root = root.ContainingNamespace;
            }

            return root is null || root.IsGlobalNamespace || root.Name is "System" or "Microsoft" or "Windows";
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

        // A member of the type, of a base class below object, or of an interface it inherits returns an awaitable.
        private static bool HasAsyncMember(INamedTypeSymbol contract, KnownTypes types)
        {
            for (var current = contract; current != null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                if (IsAsyncSurface(current, types))
                {
                    return true;
                }
            }

            foreach (var inherited in contract.AllInterfaces)
            {
                if (IsAsyncSurface(inherited, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsAsyncSurface(INamedTypeSymbol type, KnownTypes types)
        {
            foreach (var member in type.GetMembers())
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
