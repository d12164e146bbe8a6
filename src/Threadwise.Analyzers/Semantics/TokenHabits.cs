using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A type whose code never passes a cancellation token to one API: at least <see cref="MinOtherCalls"/> other calls in
    /// the type (all its parts) of methods declared by the same type as the callee (EF Core's
    /// <c>EntityFrameworkQueryableExtensions</c>, <c>DbContext</c>), and not one of them with a token argument. Its authors
    /// leave that API's token off by choice (a job that must finish its database writes once it has started them), as a
    /// controller that never reads <c>RequestAborted</c> has not opted into it; one call that forgets the token where the
    /// type passes it elsewhere is an oversight (FluentFTP's <c>WaitAsync()</c> beside three <c>WaitAsync(token)</c>).
    /// Asked only for a call about to be reported.
    /// </summary>
    internal static class TokenHabits
    {
        /// <summary>How many other tokenless calls of the API make a habit.</summary>
        public const int MinOtherCalls = 3;

        public static bool TypeLeavesTokensOff(IInvocationOperation invocation, ISymbol containingSymbol, Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
        {
            var api = invocation.TargetMethod.OriginalDefinition.ContainingType;
            var type = containingSymbol.ContainingType;
            if (api is null || type is null || types.CancellationToken is null)
            {
                return false;
            }

            var names = new HashSet<string>(api.MemberNames);
            var others = 0;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (var node in declaration.DescendantNodes())
                {
                    if (node is not InvocationExpressionSyntax call || node == invocation.Syntax || !names.Contains(InvokedName(call)))
                    {
                        continue;
                    }

                    model ??= DriverModels.Of(compilation, declaration.SyntaxTree);
                    if (model.GetOperation(call, cancellationToken) is not IInvocationOperation other
                        || !KnownTypes.Is(other.TargetMethod.OriginalDefinition.ContainingType, api))
                    {
                        continue;
                    }

                    if (PassesToken(other, types))
                    {
                        return false;
                    }

                    others++;
                }
            }

            return others >= MinOtherCalls;
        }

        private static bool PassesToken(IInvocationOperation call, KnownTypes types)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter is { } parameter
                    && TokenSlots.IsToken(parameter.Type, types))
                {
                    return true;
                }
            }

            return false;
        }

        // x?.M(..) as well as M(..) and x.M(..).
        private static string InvokedName(InvocationExpressionSyntax call) =>
            call.Expression is MemberBindingExpressionSyntax binding
                ? binding.Name.Identifier.ValueText
                : CalleeNames.Of(call.Expression) ?? string.Empty;
    }
}
