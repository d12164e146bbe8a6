using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>Where a call could take a token it is not given: its own optional parameter, or an overload's.</summary>
    internal sealed class TokenSlot
    {
        public TokenSlot(IParameterSymbol parameter, IMethodSymbol? overload, bool named)
        {
            Parameter = parameter;
            Overload = overload;
            Named = named;
        }

        /// <summary>The <c>CancellationToken</c> (or <c>CancellationToken?</c>) parameter the token would go to.</summary>
        public IParameterSymbol Parameter { get; }

        /// <summary>The overload that takes the token, or null when the called method's own optional parameter does.</summary>
        public IMethodSymbol? Overload { get; }

        /// <summary>Whether the token must be passed by name: arguments before it were left to their defaults or named.</summary>
        public bool Named { get; }

        public bool IsNullable => Parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
    }

    /// <summary>
    /// Answers "could this call be given a cancellation token it is not given?": a <c>CancellationToken</c> or
    /// <c>CancellationToken?</c> parameter left to its default, or an accessible overload (declared on the method's type or
    /// a base type, or in the same static class for extension methods) whose parameters are the called method's plus one
    /// token at the end and whose result is the same. Null when any argument already is a token: passed on, or
    /// <c>CancellationToken.None</c> / <c>default</c> written on purpose; and for <c>params</c> calls, where a token
    /// cannot simply be appended.
    /// </summary>
    internal static class TokenSlots
    {
        public static TokenSlot? Find(IInvocationOperation invocation, KnownTypes types, Compilation compilation, ISymbol within)
        {
            var method = invocation.TargetMethod;
            if (GuardsNoWait(method, types))
            {
                return null;
            }

            TokenSlot? defaulted = null;
            var named = false;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    return null;
                }

                var isToken = IsToken(parameter.Type, types) || IsToken(argument.Value.WalkDownConversions().Type, types);
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    if (isToken && defaulted is null)
                    {
                        defaulted = new TokenSlot(parameter, null, named);
                    }

                    named = true;
                }
                else if (isToken)
                {
                    return null;
                }
                else if (argument.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax { NameColon: not null })
                {
                    named = true;
                }
            }

            if (defaulted != null)
            {
                return defaulted;
            }

            return Overload(method, types, compilation, within) is { } overload
                ? new TokenSlot(overload.Parameters[overload.Parameters.Length - 1], overload, named)
                : null;
        }

        /// <summary>
        /// Calls whose token cancels nothing the caller waits for: <c>HttpContent.ReadAsStreamAsync</c> hands out the
        /// content stream without reading it (the reads that follow are the stream's own), and
        /// <c>ConnectionInfo.GetClientCertificateAsync</c> returns the certificate the TLS handshake already received
        /// (it waits only where the server renegotiates for a delayed client certificate).
        /// </summary>
        private static bool GuardsNoWait(IMethodSymbol method, KnownTypes types)
        {
            var type = method.ContainingType?.OriginalDefinition;
            return method.Name == "ReadAsStreamAsync" && KnownTypes.InheritsFrom(type, types.HttpContent)
                || method.Name == "GetClientCertificateAsync" && KnownTypes.InheritsFrom(type, types.ConnectionInfo);
        }

        /// <summary><c>CancellationToken</c> or <c>CancellationToken?</c>.</summary>
        public static bool IsToken(ITypeSymbol? type, KnownTypes types)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            return KnownTypes.Is(type, types.CancellationToken);
        }

        private static IMethodSymbol? Overload(IMethodSymbol method, KnownTypes types, Compilation compilation, ISymbol within)
        {
            var original = (method.ReducedFrom ?? method).OriginalDefinition;
            for (var type = original.ContainingType; type != null; type = original.IsExtensionMethod ? null : type.BaseType)
            {
                foreach (var member in type.GetMembers(original.Name))
                {
                    if (member is IMethodSymbol candidate
                        && !KnownTypes.Is(candidate, original)
                        && candidate.IsStatic == original.IsStatic
                        && candidate.Arity == original.Arity
                        && TakesOneMoreToken(original, candidate, types)
                        && SameResult(original.ReturnType, candidate.ReturnType, types)
                        && !types.IsObsolete(candidate)
                        && compilation.IsSymbolAccessibleWithin(candidate, within.ContainingType ?? (ISymbol)within.ContainingAssembly))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        private static bool TakesOneMoreToken(IMethodSymbol original, IMethodSymbol candidate, KnownTypes types)
        {
            var parameters = original.Parameters;
            var more = candidate.Parameters;
            if (more.Length != parameters.Length + 1 || !KnownTypes.Is(more[more.Length - 1].Type, types.CancellationToken))
            {
                return false;
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                if (!SameType(parameters[i].Type, more[i].Type) || parameters[i].RefKind != more[i].RefKind || IsToken(parameters[i].Type, types))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool SameResult(ITypeSymbol original, ITypeSymbol candidate, KnownTypes types)
        {
            if (SameType(original, candidate))
            {
                return true;
            }

            // Task<T> and ValueTask<T> of the same T: awaiting either gives the same value.
            return types.IsTaskLike(original) && types.IsTaskLike(candidate)
                && original is INamedTypeSymbol { TypeArguments.Length: 1 } left && candidate is INamedTypeSymbol { TypeArguments.Length: 1 } right
                && SameType(left.TypeArguments[0], right.TypeArguments[0]);
        }

        /// <summary>Equal types, a method's type parameters matched by position (each overload declares its own).</summary>
        private static bool SameType(ITypeSymbol left, ITypeSymbol right) =>
            SymbolEqualityComparer.Default.Equals(left, right)
            || left is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } l
                && right is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } r
                && l.Ordinal == r.Ordinal;
    }
}
