using System;
using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A method that serves a library's sync and async APIs at once takes the mode as a parameter: a <c>bool</c> named
    /// like async (<c>async</c>, <c>isAsync</c>, <c>useAsync</c>, <c>doAsync</c>, <c>runAsync</c>) or an enum that names
    /// both modes (<c>IOBehavior ioBehavior</c> with <c>Synchronous</c> and <c>Asynchronous</c>). Code in such a method
    /// must keep its synchronous mode synchronous, so fixes write both arms instead of a plain await.
    /// </summary>
    internal static class SyncModeParameter
    {
        /// <summary>
        /// The method's first sync-mode parameter, or null. For an enum, <paramref name="asynchronous"/> is the member that
        /// selects the asynchronous mode; for a <c>bool</c>, it is null (true selects it).
        /// </summary>
        public static IParameterSymbol? Find(IMethodSymbol method, out IFieldSymbol? asynchronous)
        {
            asynchronous = null;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None)
                {
                    continue;
                }

                if (parameter.Type.SpecialType == SpecialType.System_Boolean && IsAsyncFlagName(parameter.Name))
                {
                    return parameter;
                }

                if (parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType
                    && AsynchronousMember(enumType) is { } member)
                {
                    asynchronous = member;
                    return parameter;
                }
            }

            return null;
        }

        // async, isAsync, useAsync, doAsync, runAsync, asynchronous — as SyncMode reads argument names.
        private static bool IsAsyncFlagName(string name) =>
            name.EndsWith("async", StringComparison.OrdinalIgnoreCase) || name.EndsWith("asynchronous", StringComparison.OrdinalIgnoreCase);

        // An enum with both a synchronous and an asynchronous member (IOBehavior.Synchronous / IOBehavior.Asynchronous).
        private static IFieldSymbol? AsynchronousMember(INamedTypeSymbol enumType)
        {
            IFieldSymbol? asynchronous = null;
            var hasSynchronous = false;
            foreach (var member in enumType.GetMembers())
            {
                if (member is not IFieldSymbol { HasConstantValue: true } field)
                {
                    continue;
                }

                if (field.Name is "Asynchronous" or "Async")
                {
                    asynchronous = field;
                }
                else if (field.Name is "Synchronous" or "Sync")
                {
                    hasSynchronous = true;
                }
            }

            return hasSynchronous ? asynchronous : null;
        }
    }
}
