using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Whether a method declared in this compilation overrides a given virtual method, directly or further down. Found
    /// among the declared members of that name (<c>GetSymbolsWithName</c>, as <see cref="StandardStreams"/> finds a
    /// property's implementations: declarations only, no body bound). Answered once per method and compilation.
    /// </summary>
    internal static class SourceOverrides
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, bool>> s_answers =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, bool>>();

        public static bool Exist(IMethodSymbol method, Compilation compilation)
        {
            method = method.OriginalDefinition;
            var answers = s_answers.GetValue(compilation, _ => new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default));
            if (answers.TryGetValue(method, out var known))
            {
                return known;
            }

            var found = Find(method, compilation);
            answers.TryAdd(method, found);
            return found;
        }

        private static bool Find(IMethodSymbol method, Compilation compilation)
        {
            foreach (var symbol in compilation.GetSymbolsWithName(method.Name, SymbolFilter.Member))
            {
                for (var overridden = (symbol as IMethodSymbol)?.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                {
                    if (KnownTypes.Is(overridden.OriginalDefinition, method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
