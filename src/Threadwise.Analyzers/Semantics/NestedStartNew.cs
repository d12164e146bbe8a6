using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// <c>Task.Factory.StartNew(..)</c> of a delegate that returns a task: a <c>Task&lt;Task&gt;</c> whose outer task
    /// completes as soon as the delegate returns its inner task (an async lambda: at its first await). TW303 reports it.
    /// </summary>
    internal static class NestedStartNew
    {
        public static bool Returns(IInvocationOperation invocation, KnownTypes types, out INamedTypeSymbol returned)
        {
            var method = invocation.TargetMethod;
            if (method.Name == "StartNew"
                && KnownTypes.Is(method.ContainingType?.OriginalDefinition, types.TaskFactory)
                && method.ReturnType is INamedTypeSymbol { IsGenericType: true } type
                && KnownTypes.Is(type.OriginalDefinition, types.TaskOfT)
                && types.IsTaskLike(type.TypeArguments[0]))
            {
                returned = type;
                return true;
            }

            returned = null!;
            return false;
        }
    }
}
