using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>The program's entry point: what TW103 leaves alone, TW304 still watches, and the async-Main refactoring rewrites.</summary>
    internal static class EntryPoints
    {
        /// <summary>
        /// <c>Main</c> in any legal signature (static; void, int, Task or Task&lt;int&gt;; no parameters or a string[]),
        /// and the synthesized entry point of top-level statements. A wait there holds no thread anyone else needs, and the
        /// process ends when it returns.
        /// </summary>
        public static bool Is(ISymbol? symbol, KnownTypes types)
        {
            if (symbol is not IMethodSymbol { IsStatic: true, MethodKind: MethodKind.Ordinary } method)
            {
                return false;
            }

            if (method.Name == "<Main>$")
            {
                return true;
            }

            if (method.Name != "Main" || method.Parameters.Length > 1 || method.IsGenericMethod)
            {
                return false;
            }

            if (method.Parameters.Length == 1
                && !(method.Parameters[0].Type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_String }))
            {
                return false;
            }

            var returnType = method.ReturnType;
            return returnType.SpecialType == SpecialType.System_Void
                || returnType.SpecialType == SpecialType.System_Int32
                || KnownTypes.Is(returnType, types.Task)
                || returnType is INamedTypeSymbol { IsGenericType: true } generic
                    && KnownTypes.Is(generic.OriginalDefinition, types.TaskOfT)
                    && generic.TypeArguments[0].SpecialType == SpecialType.System_Int32;
        }
    }
}
