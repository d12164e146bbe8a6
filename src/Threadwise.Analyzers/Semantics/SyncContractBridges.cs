using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Synchronous members whose contract no caller can make async, bridged to their async sibling: <c>Dispose()</c> /
    /// <c>Dispose(bool)</c> waiting on <c>DisposeAsync</c>/<c>CloseAsync</c>/<c>AbortAsync</c> in a type that is also
    /// <c>IAsyncDisposable</c>, and overrides or implementations of members declared outside the source whose type also
    /// has <c>&lt;Name&gt;Async</c> (<c>Stream.Read =&gt; ReadAsync(..).GetAwaiter().GetResult()</c>, <c>Flush</c>,
    /// <c>TextReader.ReadLine</c>). The wait is the only way to honour the synchronous contract; callers that can be
    /// async already call the async sibling.
    /// </summary>
    internal static class SyncContractBridges
    {
        /// <summary>Is <paramref name="wait"/> in the own body (not a lambda or local function) of such a member?</summary>
        public static bool IsBridge(BlockingWait wait, ISymbol containingSymbol, KnownTypes types)
        {
            if (containingSymbol is not IMethodSymbol { ContainingType: { } type } method
                || AsyncPath.EnclosingFunction(wait.Operation) != null)
            {
                return false;
            }

            if (IsDispose(method) && KnownTypes.Implements(type, types.IAsyncDisposable))
            {
                return WaitsOnAsyncDisposal(wait, types);
            }

            var name = method.ExplicitInterfaceImplementations.IsEmpty ? method.Name : method.ExplicitInterfaceImplementations[0].Name;
            return ImplementsExternalMember(method) && HasAsyncSibling(type, name);
        }

        private static bool IsDispose(IMethodSymbol method) =>
            method.Name == "Dispose" && method.ReturnsVoid
            && (method.Parameters.Length == 0 || method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean)
            || method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.Name.EndsWith(".Dispose", System.StringComparison.Ordinal);

        private static bool WaitsOnAsyncDisposal(BlockingWait wait, KnownTypes types)
        {
            foreach (var task in wait.Tasks)
            {
                var value = Blocking.StripConfigureAwait(task, types).WalkDownConversions();
                if (value is IInvocationOperation { TargetMethod.Name: "AsTask" or "Preserve", Instance: { } valueTask })
                {
                    value = Blocking.StripConfigureAwait(valueTask, types).WalkDownConversions();
                }

                if (value is IInvocationOperation { TargetMethod.Name: "DisposeAsync" or "DisposeAsyncCore" or "CloseAsync" or "AbortAsync" })
                {
                    return true;
                }
            }

            return false;
        }

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
