using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A fire-and-forget facade: a synchronous <c>void</c> method whose whole body is the one dropped call, implementing an
    /// interface member of the code base's own that is itself declared <c>void</c> (Remotely's <c>IJsInterop.AddClassName(..) =&gt;
    /// _jsRuntime.InvokeVoidAsync("addClassName", ..)</c>, beside members of the same interface that return the
    /// <c>ValueTask</c> where a result matters). The contract says the call is not waited for; the drop is its whole
    /// implementation. A method with anything else in its body, one that implements no interface member of the source's
    /// own (<c>IDisposable.Dispose() =&gt; _client.DisposeAsync()</c> loses the disposal), and a drop of an <c>…Async</c>
    /// call whose synchronous form exists (<c>void Write(..) =&gt; WriteOpaqueAsync(..)</c> beside <c>WriteOpaque</c>: a slip)
    /// stay reported (TW304).
    /// </summary>
    internal static class VoidFacades
    {
        public static bool IsFacadeDrop(IExpressionStatementOperation statement, IInvocationOperation dropped, ISymbol containingSymbol)
        {
            if (containingSymbol is not IMethodSymbol { ReturnsVoid: true, IsAsync: false, MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation } method
                || !IsWholeBody(statement)
                || HasSynchronousForm(dropped)
                || method.ContainingType is not { } type)
            {
                return false;
            }

            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                if (implemented.ReturnsVoid && IsOwnContract(implemented))
                {
                    return true;
                }
            }

            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol { ReturnsVoid: true } contract && IsOwnContract(contract)
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // WriteOpaqueAsync(..) where WriteOpaque(..) exists: a synchronous member that calls the async form of a call it
        // could make synchronously is a slip, not a facade (FirebirdClient's Write(BigInteger), a copy-paste bug).
        private static bool HasSynchronousForm(IInvocationOperation dropped)
        {
            var name = dropped.TargetMethod.Name;
            if (!name.EndsWith("Async", System.StringComparison.Ordinal) || name.Length == "Async".Length)
            {
                return false;
            }

            var syncName = name.Substring(0, name.Length - "Async".Length);
            for (var type = (dropped.Instance?.Type ?? dropped.TargetMethod.ContainingType) as INamedTypeSymbol; type != null; type = type.BaseType)
            {
                if (!type.GetMembers(syncName).IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        // An interface of the code base's own: its author chose void. A framework's void member (IDisposable.Dispose over
        // DisposeAsync) imposes it, and a drop there loses the work it stands for.
        private static bool IsOwnContract(IMethodSymbol member) => !member.DeclaringSyntaxReferences.IsEmpty;

        // The statement is the method's only statement: { Call(); } or => Call().
        private static bool IsWholeBody(IExpressionStatementOperation statement)
        {
            var parent = statement.Parent;
            if (parent is IBlockOperation { Operations.Length: var count } block && (count == 1 || count == 2 && block.Operations[1] is IReturnOperation { IsImplicit: true }))
            {
                return block.Parent is IMethodBodyOperation || block.Parent is null;
            }

            return false;
        }
    }
}
