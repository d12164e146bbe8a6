using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Finds a <c>CancellationToken</c> to forward at a call site, innermost scope first: a local declared before the
    /// call or a parameter of an enclosing lambda, local function or the member itself. Failing those, a
    /// <c>CancellationTokenSource</c> local gives <c>cts.Token</c>. Returns the expression text, or null.
    /// </summary>
    internal static class CancellationTokens
    {
        /// <param name="containingSymbol">The member the operation's code belongs to (an analyzer context's <c>ContainingSymbol</c>):
        /// its parameters are the outermost scope. Asked of the caller rather than the semantic model, whose
        /// <c>GetEnclosingSymbol</c> builds the binder chain at the position on every call.</param>
        public static string? FindInScope(IOperation operation, ISymbol containingSymbol, KnownTypes types)
        {
            if (types.CancellationToken is null)
            {
                return null;
            }

            string? sourceToken = null;
            var position = operation.Syntax.SpanStart;
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda when FromParameters(lambda.Symbol, types) is { } fromLambda:
                        return fromLambda;
                    case ILocalFunctionOperation localFunction when FromParameters(localFunction.Symbol, types) is { } fromLocalFunction:
                        return fromLocalFunction;
                    case IBlockOperation block:
                        foreach (var local in block.Locals)
                        {
                            if (!IsDeclaredBefore(local, position))
                            {
                                continue;
                            }

                            if (KnownTypes.Is(local.Type, types.CancellationToken))
                            {
                                return local.Name;
                            }

                            if (sourceToken is null && KnownTypes.Is(local.Type, types.CancellationTokenSource))
                            {
                                sourceToken = local.Name + ".Token";
                            }
                        }

                        break;
                }
            }

            var member = containingSymbol;
            while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                member = member.ContainingSymbol;
            }

            var parameters = member switch
            {
                IMethodSymbol method => method.Parameters,
                IPropertySymbol indexer => indexer.Parameters,
                _ => default,
            };
            return (parameters.IsDefault ? null : FromParameters(parameters, types)) ?? sourceToken;
        }

        private static string? FromParameters(IMethodSymbol method, KnownTypes types) => FromParameters(method.Parameters, types);

        private static string? FromParameters(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, KnownTypes types)
        {
            foreach (var parameter in parameters)
            {
                if (KnownTypes.Is(parameter.Type, types.CancellationToken))
                {
                    return parameter.Name;
                }
            }

            return null;
        }

        private static bool IsDeclaredBefore(ILocalSymbol local, int position)
        {
            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                if (reference.Span.End <= position)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
