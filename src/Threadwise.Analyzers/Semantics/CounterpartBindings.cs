using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// What binding <c>recv.MAsync(args[, token])</c> at a call <c>recv.M(args)</c> would return, read from the members
    /// name lookup finds, where that answer is certain; otherwise <see cref="AsyncCounterpart"/> binds the rewritten call
    /// speculatively, which costs far more. Certain means: among the accessible methods named <c>MAsync</c> on the
    /// receiver (extension methods in scope included), leaving out those that surely cannot take the arguments (as
    /// <see cref="CannotBind"/> judges them) and those another one overrides, exactly one can take that many arguments, and its parameters up to
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
            if (types.CancellationToken is null || method.IsGenericMethod || HasParamsOrNamedArguments(method, syntax)
                || !TryGetContainer(invocation, syntax, out var model, out var access, out var container))
            {
                return false;
            }

            var arguments = syntax.ArgumentList.Arguments.Count;
            var passed = withToken ? arguments + 1 : arguments;
            var byConversion = !HasRefKindArguments(syntax.ArgumentList.Arguments);
            var token = withToken ? types.CancellationToken : null;
            var takers = new List<IMethodSymbol>();
            foreach (var candidate in Lookup(model, access, containingSymbol, container, counterpartName))
            {
                // Protected access also depends on the receiver's type, which the lookup does not judge.
                if (candidate is not IMethodSymbol { IsVararg: false } candidateMethod
                    || candidate.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedOrInternal or Accessibility.ProtectedAndInternal
                    || candidateMethod.IsGenericMethod || candidateMethod.ReducedFrom is { IsGenericMethod: true } || HasParams(candidateMethod))
                {
                    return false;
                }

                // Those that surely cannot take the arguments (see CannotBind) are not applicable: the one left is.
                if (TakesCount(candidateMethod, passed)
                    && (!byConversion || MightTake(candidateMethod, invocation, syntax.ArgumentList.Arguments, passed, token, model)))
                {
                    takers.Add(candidateMethod);
                }
            }

            var only = SingleNotOverridden(takers);
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

        // StreamWriter's FlushAsync() is found beside TextWriter's, which it overrides: the binder returns the override.
        private static IMethodSymbol? SingleNotOverridden(List<IMethodSymbol> takers)
        {
            IMethodSymbol? only = null;
            foreach (var taker in takers)
            {
                if (IsOverriddenByAnother(taker, takers))
                {
                    continue;
                }

                if (only != null)
                {
                    return null;
                }

                only = taker;
            }

            return only;
        }

        private static bool IsOverriddenByAnother(IMethodSymbol method, List<IMethodSymbol> takers)
        {
            foreach (var other in takers)
            {
                for (var overridden = other.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                {
                    if (KnownTypes.Is(overridden, method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasRefKindArguments(SeparatedSyntaxList<ArgumentSyntax> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.RefKindKeyword != default)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether binding <c>recv.MAsync(args[, token])</c> must fail, so that binding it is not needed: no member the lookup
        /// finds (as for <see cref="TryPredict"/>) can take that many arguments, with a parameter that each argument given by
        /// position converts to (<c>JsonSerializer.Serialize(items, options)</c> beside <c>SerializeAsync(Stream, ..)</c>). An
        /// argument counts only where its conversions are those of its type: a variable, member, call, object creation
        /// or arithmetic that is not a constant; a parameter only where its type has no type parameter in it, and before a
        /// <c>params</c> one. A lambda needs a delegate with as many parameters, the appended token a parameter it converts to.
        /// A candidate that is not a method or takes <c>__arglist</c>, and a call with named or <c>ref</c>/<c>out</c>/<c>in</c>
        /// arguments, are left to the binder. Where no extension can bear the name, the candidates are read from the declared
        /// members of the container and its bases (inaccessible ones too, which only keeps more), without the lookup. A call by
        /// simple name reads those of the enclosing types (<see cref="SimpleNameCandidates"/>).
        /// </summary>
        public bool CannotBind(
            IInvocationOperation invocation,
            InvocationExpressionSyntax syntax,
            string counterpartName,
            bool withToken,
            ISymbol containingSymbol,
            AsyncSiblingNames names,
            KnownTypes types)
        {
            var qualified = TryGetContainer(invocation, syntax, out var model, out var access, out var container);
            var simpleName = qualified ? null : SimpleNameCandidates.Of(invocation, syntax, counterpartName, containingSymbol, names);
            if (!qualified && (simpleName is null || model is null))
            {
                return false;
            }

            var arguments = syntax.ArgumentList.Arguments;
            foreach (var argument in arguments)
            {
                if (argument.NameColon != null || argument.RefKindKeyword != default)
                {
                    return false;
                }
            }

            var passed = withToken ? arguments.Count + 1 : arguments.Count;
            IEnumerable<ISymbol> candidates = simpleName != null ? simpleName
                : container is INamedTypeSymbol named && !names.ExtensionsMightHave(counterpartName, container)
                    ? DeclaredMembers(named, counterpartName)
                    : Lookup(model, access, containingSymbol, container, counterpartName);
            foreach (var candidate in candidates)
            {
                if (candidate is not IMethodSymbol { IsVararg: false } candidateMethod
                    || MightTake(candidateMethod, invocation, arguments, passed, withToken ? types.CancellationToken : null, model))
                {
                    return false;
                }
            }

            return true;
        }

        // What member lookup on the type can find: its members and its bases' (for an interface, its base interfaces'; object declares no …Async member).
        internal static List<ISymbol> DeclaredMembers(INamedTypeSymbol type, string name)
        {
            var members = new List<ISymbol>();
            for (var current = type; current != null; current = current.BaseType)
            {
                members.AddRange(current.GetMembers(name));
            }

            if (type.TypeKind == TypeKind.Interface)
            {
                foreach (var baseInterface in type.AllInterfaces)
                {
                    members.AddRange(baseInterface.GetMembers(name));
                }
            }

            return members;
        }

        // x.M(..) or Type.M(..), an ordinary method, not through base: the type whose members (and extensions) the rewritten call binds among.
        private static bool TryGetContainer(
            IInvocationOperation invocation,
            InvocationExpressionSyntax syntax,
            out SemanticModel model,
            out MemberAccessExpressionSyntax access,
            out ITypeSymbol container)
        {
            var method = invocation.TargetMethod;
            model = invocation.SemanticModel!;
            access = (syntax.Expression as MemberAccessExpressionSyntax)!;
            container = null!;
            if (model is null || access is not { Name: IdentifierNameSyntax, Expression: not BaseExpressionSyntax }
                || method.MethodKind != MethodKind.Ordinary || method.IsVararg
                || (method.IsStatic ? model.GetTypeInfo(access.Expression).Type : invocation.Instance?.Type) is not { } type
                || type.TypeKind is TypeKind.Error or TypeKind.Dynamic or TypeKind.TypeParameter)
            {
                return false;
            }

            container = type;
            return true;
        }

        // False only where the candidate surely cannot take the arguments: too many or too few of them, one that does not
        // convert, a lambda with another parameter count than the delegate, or the appended token (of type token) that does not convert.
        private static bool MightTake(
            IMethodSymbol candidate,
            IInvocationOperation invocation,
            SeparatedSyntaxList<ArgumentSyntax> arguments,
            int passed,
            ITypeSymbol? token,
            SemanticModel model)
        {
            var parameters = candidate.Parameters;
            var fixedCount = parameters.Length > 0 && parameters[parameters.Length - 1].IsParams ? parameters.Length - 1 : parameters.Length;
            var required = 0;
            for (var i = 0; i < fixedCount; i++)
            {
                required += parameters[i].IsOptional ? 0 : 1;
            }

            if (passed < required || passed > fixedCount && fixedCount == parameters.Length)
            {
                return false;
            }

            for (var i = 0; i < arguments.Count && i < fixedCount; i++)
            {
                if ((!HasTypeParameter(parameters[i].Type) && TypedValue(invocation, arguments[i]) is { } value
                        && !model.ClassifyConversion(value, parameters[i].Type).IsImplicit)
                    || !LambdaMightConvert(arguments[i].Expression, parameters[i].Type))
                {
                    return false;
                }
            }

            // The token is a local or parameter of its type (CancellationTokens.FindInScope).
            var last = arguments.Count;
            return token is null || last >= fixedCount || HasTypeParameter(parameters[last].Type)
                || model.Compilation.ClassifyCommonConversion(token, parameters[last].Type).IsImplicit;
        }

        // A lambda converts only to a delegate with as many parameters (Parallel.For(0, n, i => ..) beside ForAsync's
        // Func<T, CancellationToken, ValueTask>), whatever the delegate's type arguments; other targets are not judged.
        private static bool LambdaMightConvert(ExpressionSyntax argument, ITypeSymbol parameterType)
        {
            var arity = argument switch
            {
                SimpleLambdaExpressionSyntax => 1,
                ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters.Count,
                _ => -1,
            };
            return arity < 0
                || parameterType is not INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke }
                || invoke.Parameters.Length == arity;
        }

        // The argument's expression where its conversions are its type's: a variable, member, call, object creation or
        // arithmetic (not target-typed) with a type, not a constant.
        private static ExpressionSyntax? TypedValue(IInvocationOperation invocation, ArgumentSyntax argument)
        {
            if (argument.Expression.Kind() is not (SyntaxKind.IdentifierName or SyntaxKind.SimpleMemberAccessExpression or SyntaxKind.ThisExpression
                or SyntaxKind.InvocationExpression or SyntaxKind.ElementAccessExpression or SyntaxKind.ObjectCreationExpression
                or SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression
                or SyntaxKind.ModuloExpression))
            {
                return null;
            }

            foreach (var given in invocation.Arguments)
            {
                if (given.Syntax == argument)
                {
                    var value = given.Value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : given.Value;
                    return value.Type is { TypeKind: not (TypeKind.Error or TypeKind.Dynamic) } && !value.ConstantValue.HasValue
                        ? argument.Expression
                        : null;
                }
            }

            return null;
        }

        private static bool HasTypeParameter(ITypeSymbol type)
        {
            switch (type)
            {
                case ITypeParameterSymbol:
                    return true;
                case IArrayTypeSymbol array:
                    return HasTypeParameter(array.ElementType);
                case IPointerTypeSymbol pointer:
                    return HasTypeParameter(pointer.PointedAtType);
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments)
                    {
                        if (HasTypeParameter(argument))
                        {
                            return true;
                        }
                    }

                    return named.ContainingType is { } outer && HasTypeParameter(outer);
                default:
                    // Function pointers and other shapes: not read.
                    return true;
            }
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
