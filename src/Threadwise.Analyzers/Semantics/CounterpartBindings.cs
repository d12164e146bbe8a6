using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// What binding <c>recv.MAsync(args[, token])</c> at a call <c>recv.M(args)</c> would return, read from the members
    /// name lookup finds, where that answer is certain; otherwise <see cref="AsyncCounterpart"/> binds the rewritten call
    /// speculatively, which costs far more. Certain means: among the accessible methods named <c>MAsync</c> on the
    /// receiver (extension methods in scope included), exactly one can take that many arguments, and its parameters up to
    /// the last argument have the very types and ref kinds of <c>M</c>'s (then the arguments, which convert to <c>M</c>'s,
    /// convert to its own), followed by the token's <c>CancellationToken</c> when one is appended; overload resolution then
    /// has that one applicable candidate. Anything the count cannot settle is left to the binder: named arguments, generic or
    /// <c>params</c> methods on either side, a candidate that is not a method (a delegate-typed property), a static/instance
    /// mismatch, an unqualified, <c>base.</c> or conditional call.
    /// </summary>
    internal sealed class CounterpartBindings
    {
        // Name lookup depends on the position only through the enclosing type (accessibility) and the enclosing namespace
        // declaration (its usings bring extension methods into scope).
        private readonly ConcurrentDictionary<(SyntaxNode Scope, ISymbol? Type, ITypeSymbol Container, string Name), ImmutableArray<ISymbol>> _lookups =
            new ConcurrentDictionary<(SyntaxNode, ISymbol?, ITypeSymbol, string), ImmutableArray<ISymbol>>();

        /// <summary>Whether the bind of the rewritten call is certain; then <paramref name="bound"/> is the method it binds.</summary>
        public bool TryPredict(
            IInvocationOperation invocation,
            InvocationExpressionSyntax syntax,
            string counterpartName,
            bool withToken,
            ISymbol containingSymbol,
            KnownTypes types,
            out IMethodSymbol? bound)
        {
            bound = null;
            var method = invocation.TargetMethod;
            var model = invocation.SemanticModel;
            if (model is null || types.CancellationToken is null
                || syntax.Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax, Expression: not BaseExpressionSyntax } access
                || method.MethodKind != MethodKind.Ordinary || method.IsGenericMethod || method.IsVararg || HasParamsOrNamedArguments(method, syntax)
                || (method.IsStatic ? model.GetTypeInfo(access.Expression).Type : invocation.Instance?.Type) is not { } container
                || container.TypeKind is TypeKind.Error or TypeKind.Dynamic or TypeKind.TypeParameter)
            {
                return false;
            }

            var arguments = syntax.ArgumentList.Arguments.Count;
            var passed = withToken ? arguments + 1 : arguments;
            IMethodSymbol? only = null;
            foreach (var candidate in Lookup(model, access, containingSymbol, container, counterpartName))
            {
                // Protected access also depends on the receiver's type, which the lookup does not judge.
                if (candidate is not IMethodSymbol { IsVararg: false } candidateMethod
                    || candidate.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedOrInternal or Accessibility.ProtectedAndInternal
                    || candidateMethod.IsGenericMethod || candidateMethod.ReducedFrom is { IsGenericMethod: true } || HasParams(candidateMethod))
                {
                    return false;
                }

                if (TakesCount(candidateMethod, passed))
                {
                    if (only != null)
                    {
                        return false;
                    }

                    only = candidateMethod;
                }
            }

            if (only is null
                || only.IsStatic != method.IsStatic
                || !Signatures.SameLeadingParameters(method, only, arguments)
                || withToken && !KnownTypes.Is(only.Parameters[arguments].Type, types.CancellationToken))
            {
                return false;
            }

            bound = only;
            return true;
        }

        /// <summary>
        /// The accessible members named <paramref name="name"/> that name lookup finds on <paramref name="container"/> at
        /// <paramref name="at"/>, extension methods in scope included; read once per namespace declaration, calling type,
        /// container and name.
        /// </summary>
        public ImmutableArray<ISymbol> Lookup(SemanticModel model, SyntaxNode at, ISymbol containingSymbol, ITypeSymbol container, string name)
        {
            SyntaxNode scope = at.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>() ?? at.SyntaxTree.GetRoot();
            var type = containingSymbol as INamedTypeSymbol ?? containingSymbol.ContainingType;
            return _lookups.GetOrAdd(
                (scope, type, container, name),
                key => model.LookupSymbols(at.SpanStart, key.Container, key.Name, includeReducedExtensionMethods: true));
        }

        // The arguments given map to the leading parameters, the rest are optional.
        private static bool TakesCount(IMethodSymbol method, int count)
        {
            if (count > method.Parameters.Length)
            {
                return false;
            }

            for (var i = count; i < method.Parameters.Length; i++)
            {
                if (!method.Parameters[i].IsOptional)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasParamsOrNamedArguments(IMethodSymbol method, InvocationExpressionSyntax syntax)
        {
            if (HasParams(method))
            {
                return true;
            }

            foreach (var argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameColon != null)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasParams(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.IsParams)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
