using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Answers "does CA2016 report this call?", following the conditions of its analyzer (dotnet/roslyn-analyzers,
    /// ForwardCancellationTokenToInvocationsAnalyzer), so that TW504 reports only what it does not:
    /// <list type="bullet">
    /// <item>the token comes from the closest enclosing lambda or local function, else the member, whose parameters hold
    /// exactly one <c>CancellationToken</c> and as the last parameter; a lambda without one ends the search, a local
    /// function without one does not;</item>
    /// <item>the call leaves a last optional <c>CancellationToken</c> parameter (not <c>CancellationToken?</c>) to its
    /// default or an empty <c>params CancellationToken[]</c>, or the method's own type (not a base type) declares an
    /// overload with the same parameters plus one last <c>CancellationToken</c> and a convertible result;</item>
    /// <item>the call passes no <c>CancellationToken</c> argument and the overload is not the member itself.</item>
    /// </list>
    /// </summary>
    internal static class Ca2016Reach
    {
        public static bool Reports(IInvocationOperation invocation, ISymbol containingSymbol, KnownTypes types, Compilation compilation)
        {
            var token = types.CancellationToken;
            if (token is null || containingSymbol is not IMethodSymbol member)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (KnownTypes.Is(argument.Parameter?.Type, token) && !argument.IsImplicit)
                {
                    return false;
                }
            }

            var method = invocation.TargetMethod;
            IMethodSymbol? overload = null;
            if (!LeavesLastTokenOut(method, invocation, token) && (overload = Overload(method, token, types, compilation)) is null)
            {
                return false;
            }

            return ClosestTokenOwner(invocation, member, token) is { } owner && !KnownTypes.Is(overload, owner);
        }

        private static bool LeavesLastTokenOut(IMethodSymbol method, IInvocationOperation invocation, INamedTypeSymbol token)
        {
            if (method.Parameters.IsEmpty)
            {
                return false;
            }

            var last = method.Parameters[method.Parameters.Length - 1];
            if (KnownTypes.Is(last.Type, token) && last.IsOptional)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (KnownTypes.Is(argument.Parameter?.Type, token) && argument.ArgumentKind == ArgumentKind.DefaultValue)
                    {
                        return true;
                    }
                }
            }

            if (last.IsParams && last.Type is IArrayTypeSymbol array && KnownTypes.Is(array.ElementType, token))
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.ParamArray)
                    {
                        return argument.Value is IArrayCreationOperation { Initializer.ElementValues.IsEmpty: true };
                    }
                }
            }

            return false;
        }

        private static IMethodSymbol? Overload(IMethodSymbol method, INamedTypeSymbol token, KnownTypes types, Compilation compilation)
        {
            var original = (method.ReducedFrom ?? method).OriginalDefinition;
            foreach (var member in method.ContainingType.GetMembers(method.Name))
            {
                if (member is not IMethodSymbol candidate || KnownTypes.Is(candidate, method) || !HasOneTokenLast(candidate, token))
                {
                    continue;
                }

                var compared = (candidate.ReducedFrom ?? candidate).OriginalDefinition;
                if (compared.Parameters.Length != original.Parameters.Length + 1)
                {
                    continue;
                }

                var same = true;
                for (var i = 0; i < original.Parameters.Length && same; i++)
                {
                    same = SymbolEqualityComparer.Default.Equals(original.Parameters[i].Type, compared.Parameters[i].Type);
                }

                if (same && Convertible(compared.ReturnType, original.ReturnType, types, compilation))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static bool Convertible(ITypeSymbol from, ITypeSymbol to, KnownTypes types, Compilation compilation)
        {
            if (compilation.ClassifyCommonConversion(from, to).IsImplicit)
            {
                return true;
            }

            return types.IsTaskLike(from) && types.IsTaskLike(to)
                && from is INamedTypeSymbol { TypeArguments.Length: 1 } left && to is INamedTypeSymbol { TypeArguments.Length: 1 } right
                && compilation.ClassifyCommonConversion(right.TypeArguments[0], left.TypeArguments[0]).IsImplicit;
        }

        private static IMethodSymbol? ClosestTokenOwner(IOperation invocation, IMethodSymbol member, INamedTypeSymbol token)
        {
            for (var current = invocation.Parent; current != null; current = current.Parent)
            {
                var ancestor = current switch
                {
                    IAnonymousFunctionOperation lambda => lambda.Symbol,
                    ILocalFunctionOperation localFunction => localFunction.Symbol,
                    _ => null,
                };

                if (ancestor is null)
                {
                    continue;
                }

                if (HasOneTokenLast(ancestor, token))
                {
                    return ancestor;
                }

                if (current is IAnonymousFunctionOperation)
                {
                    return null;
                }
            }

            return HasOneTokenLast(member, token) ? member : null;
        }

        private static bool HasOneTokenLast(IMethodSymbol method, INamedTypeSymbol token)
        {
            var count = 0;
            foreach (var parameter in method.Parameters)
            {
                if (KnownTypes.Is(parameter.Type, token))
                {
                    count++;
                }
            }

            return count == 1 && KnownTypes.Is(method.Parameters[method.Parameters.Length - 1].Type, token);
        }
    }
}
