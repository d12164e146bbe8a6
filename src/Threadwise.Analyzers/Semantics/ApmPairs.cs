using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The Asynchronous Programming Model: <c>IAsyncResult BeginM(.., AsyncCallback, object)</c> beside <c>EndM(IAsyncResult)</c>.
    /// Its contract makes <c>EndM</c> block until the operation completes, so a wait in an <c>End</c> method is the contract,
    /// and a type that offers one operation as <c>M</c>, <c>BeginM</c>/<c>EndM</c> and <c>MAsync</c> designed its sync
    /// member on purpose (the classic shape of a .NET library's public API).
    /// </summary>
    internal static class ApmPairs
    {
        /// <summary>
        /// <c>EndM(IAsyncResult ..)</c> in a type (or base type) that declares <c>BeginM</c> returning <c>IAsyncResult</c>, or
        /// an explicit implementation of such an interface member (NetMQ's <c>ISynchronizeInvoke.EndInvoke</c>).
        /// </summary>
        public static bool IsEndMethod(IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length == 1)
            {
                method = method.ExplicitInterfaceImplementations[0];
            }

            var name = method.Name;
            if (method.MethodKind != MethodKind.Ordinary
                || name.Length <= 3
                || !name.StartsWith("End", System.StringComparison.Ordinal)
                || !TakesAsyncResult(method))
            {
                return false;
            }

            return DeclaresBegin(method.ContainingType, name.Substring(3));
        }

        /// <summary>Does the type or a base type offer <c>Begin&lt;name&gt;</c>/<c>End&lt;name&gt;</c>?</summary>
        public static bool DeclaresPair(INamedTypeSymbol type, string name)
        {
            if (!DeclaresBegin(type, name))
            {
                return false;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers("End" + name))
                {
                    if (member is IMethodSymbol end && TakesAsyncResult(end))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool DeclaresBegin(INamedTypeSymbol? type, string name)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers("Begin" + name))
                {
                    if (member is IMethodSymbol { ReturnType.SpecialType: SpecialType.System_IAsyncResult })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool TakesAsyncResult(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.SpecialType == SpecialType.System_IAsyncResult)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
