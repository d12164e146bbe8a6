using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that runs once per process: the one-time initialisation of a static field (<see cref="LazyInitialization"/>:
    /// <c>s_version ??= ReadVersion()</c>, <c>if (s_info == null) s_info = ..</c>), or the body of a local function every
    /// call of which is such an initialisation (git-credential-manager's <c>_linuxDistroVersion ??= GetLinuxDistroVersion()</c>,
    /// whose local function reads <c>/etc/os-release</c>). A local function also used as a delegate, or an instance field
    /// (once per object, perhaps per request), does not count.
    /// </summary>
    internal static class OncePerProcess
    {
        // A local function that initialises a static field through another local function.
        private const int MaxDepth = 3;

        public static bool Contains(IOperation operation) => Contains(operation, 0);

        private static bool Contains(IOperation operation, int depth)
        {
            if (LazyInitialization.FieldInitialized(operation) is { IsStatic: true })
            {
                return true;
            }

            if (depth >= MaxDepth || NearestFunction(operation) is not ILocalFunctionOperation { Symbol: var function } local)
            {
                return false;
            }

            var calls = 0;
            foreach (var use in local.Root().Descendants())
            {
                switch (use)
                {
                    case IInvocationOperation call when SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, function):
                        if (!Contains(call, depth + 1))
                        {
                            return false;
                        }

                        calls++;
                        break;

                    // Handed out as a delegate: it runs whenever that is invoked.
                    case IMethodReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, function):
                        return false;
                }
            }

            return calls > 0;
        }

        private static IOperation? NearestFunction(IOperation operation)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current.IsFunctionBoundary())
                {
                    return current;
                }
            }

            return null;
        }
    }
}
