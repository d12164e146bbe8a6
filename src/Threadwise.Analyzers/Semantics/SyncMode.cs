using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Libraries that share one implementation between their sync and async APIs pass a flag that selects the mode:
    /// <c>ReadAsync(IOBehavior.Synchronous)</c>, <c>SendAsync(request, async: false)</c>. A task made that way has
    /// already finished when it is returned, so waiting on it does not block.
    /// </summary>
    internal static class SyncMode
    {
        public static bool SelectsSynchronousMode(IInvocationOperation invocation) => SynchronousModeArgument(invocation) != null;

        /// <summary>
        /// The constant argument that selects synchronous mode (<c>IOBehavior.Synchronous</c>, <c>async: false</c>), or null.
        /// A mode passed through as a variable is not one: the caller's mode decides.
        /// </summary>
        public static IArgumentOperation? SynchronousModeArgument(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is null)
                {
                    continue;
                }

                var value = argument.Value.WalkDownConversions();
                if (value.ConstantValue is { HasValue: true, Value: false } && IsAsyncFlagName(argument.Parameter.Name))
                {
                    return argument;
                }

                if (value is IFieldReferenceOperation { Field: { HasConstantValue: true, ContainingType.TypeKind: TypeKind.Enum } field }
                    && (field.Name == "Synchronous" || field.Name == "Sync"))
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>
        /// A constant enum argument named <c>CacheOnly</c> (Discord.Net's <c>GetUserAsync(id, CacheMode.CacheOnly)</c>): the
        /// caller asks only for what is already cached, so the call makes no request and its task is complete when it is
        /// returned. A mode passed through as a variable is not one.
        /// </summary>
        public static bool ReadsOnlyCache(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue
                    && argument.Value.WalkDownConversions() is IFieldReferenceOperation { Field: { HasConstantValue: true, Name: "CacheOnly", ContainingType.TypeKind: TypeKind.Enum } })
                {
                    return true;
                }
            }

            return false;
        }

        // async, useAsync, isAsync, runAsync, ...
        public static bool IsAsyncFlagName(string name) =>
            name.EndsWith("async", StringComparison.OrdinalIgnoreCase) || name.EndsWith("asynchronous", StringComparison.OrdinalIgnoreCase);
    }
}
