using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Whether a method declared in this compilation overrides a given virtual method, directly or further down. Found
    /// through the member names each syntax tree declares (<see cref="DeclaredMembers"/>), so only the declarations named
    /// like the method are bound, and no body. A tree whose members are not all known counts as an override. Answered
    /// once per method and compilation.
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
            foreach (var tree in compilation.SyntaxTrees)
            {
                var declared = DeclaredMembers.Of(tree);
                if (declared.Unknown)
                {
                    return true;
                }

                if (!declared.ByName.TryGetValue(method.Name, out var members))
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (var member in members)
                {
                    if (member is not MethodDeclarationSyntax candidate || !candidate.Modifiers.Any(SyntaxKind.OverrideKeyword))
                    {
                        continue;
                    }

#pragma warning disable RS1030 // Declared symbols only: no body is bound.
                    model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                    for (var overridden = (model.GetDeclaredSymbol(candidate) as IMethodSymbol)?.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                    {
                        if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
