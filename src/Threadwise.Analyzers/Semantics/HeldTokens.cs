using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>A cancellation token code holds at a call: the expression that reads it, and whether it is a <c>CancellationToken?</c>.</summary>
    internal sealed class HeldToken
    {
        public HeldToken(string text, bool isNullable, bool isRequestAborted = false)
        {
            Text = text;
            IsNullable = isNullable;
            IsRequestAborted = isRequestAborted;
        }

        public string Text { get; }

        public bool IsNullable { get; }

        /// <summary>The token is an <c>HttpContext</c>'s <c>RequestAborted</c>.</summary>
        public bool IsRequestAborted { get; }
    }

    /// <summary>
    /// Answers "which cancellation token does the code hold here?", innermost first: the token parameter of an enclosing
    /// lambda or local function, else of the member; else <c>RequestAborted</c> of an <c>HttpContext</c> parameter or of
    /// the type's own <c>HttpContext</c> property (controllers, page models) when the type reads <c>RequestAborted</c>
    /// somewhere already; else, in a hosted service, its one token (or
    /// token source) field. Null when the choice is not clear: two tokens at one level, a lambda without a token (it may
    /// run long after the operation that created it, so the outer token may be the wrong one), a static local function.
    /// Locals are not considered: a token made for one call (a timeout) is rarely meant for the next one.
    /// </summary>
    internal static class HeldTokens
    {
        public static HeldToken? At(IOperation call, ISymbol containingSymbol, KnownTypes types)
        {
            for (var current = call.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda:
                        return FromParameters(lambda.Symbol, types, out _);
                    case ILocalFunctionOperation localFunction:
                        if (FromParameters(localFunction.Symbol, types, out var ambiguous) is { } local)
                        {
                            return local;
                        }

                        if (ambiguous || localFunction.Symbol.IsStatic)
                        {
                            return null;
                        }

                        break;
                }
            }

            if (containingSymbol is not IMethodSymbol member)
            {
                return null;
            }

            var fromMember = FromParameters(member, types, out var unclear);
            if (fromMember != null || unclear)
            {
                return fromMember;
            }

            return RequestAborted(member, types) ?? HostedServiceField(member, types);
        }

        private static HeldToken? FromParameters(IMethodSymbol method, KnownTypes types, out bool ambiguous)
        {
            HeldToken? found = null;
            ambiguous = false;
            foreach (var parameter in method.Parameters)
            {
                if (!TokenSlots.IsToken(parameter.Type, types) || parameter.RefKind == RefKind.Out)
                {
                    continue;
                }

                if (found != null)
                {
                    ambiguous = true;
                    return null;
                }

                found = new HeldToken(parameter.Name, !KnownTypes.Is(parameter.Type, types.CancellationToken));
            }

            return found;
        }

        private static HeldToken? RequestAborted(IMethodSymbol member, KnownTypes types)
        {
            if (types.HttpContext is null)
            {
                return null;
            }

            string? text = null;
            foreach (var parameter in member.Parameters)
            {
                if (KnownTypes.InheritsFrom(parameter.Type, types.HttpContext))
                {
                    if (text != null)
                    {
                        return null;
                    }

                    text = parameter.Name + ".RequestAborted";
                }
            }

            if (text is null && !member.IsStatic)
            {
                for (var type = member.ContainingType; type != null && text is null; type = type.BaseType)
                {
                    foreach (var property in type.GetMembers("HttpContext"))
                    {
                        if (property is IPropertySymbol { IsStatic: false, GetMethod: not null } found && KnownTypes.InheritsFrom(found.Type, types.HttpContext))
                        {
                            text = "HttpContext.RequestAborted";
                            break;
                        }
                    }
                }
            }

            return text is null || !PassesRequestAbortedElsewhere(member.ContainingType) ? null : new HeldToken(text, isNullable: false, isRequestAborted: true);
        }

        // RequestAborted is ambient: a controller or middleware that never reads it has not opted into cancelling on a client
        // disconnect (cancelling a file write or a registry call half-way leaves partial state), so it is held only where the
        // type already reads it somewhere (the habit, as TW501 asks of ConfigureAwait). On the real-code corpus every report
        // in types without the habit was judged not worth changing (10 of 10 in one ASP.NET Core application).
        private static bool PassesRequestAbortedElsewhere(INamedTypeSymbol type)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                foreach (var token in reference.GetSyntax().DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == "RequestAborted")
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static HeldToken? HostedServiceField(IMethodSymbol member, KnownTypes types)
        {
            if (member.IsStatic || !KnownTypes.Implements(member.ContainingType, types.HostedService))
            {
                return null;
            }

            HeldToken? found = null;
            foreach (var field in member.ContainingType.GetMembers())
            {
                if (field is not IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } candidate)
                {
                    continue;
                }

                var text = KnownTypes.Is(candidate.Type, types.CancellationToken) ? candidate.Name
                    : KnownTypes.Is(candidate.Type, types.CancellationTokenSource) ? candidate.Name + ".Token"
                    : null;
                if (text is null)
                {
                    continue;
                }

                if (found != null)
                {
                    return null;
                }

                found = new HeldToken(text, isNullable: false);
            }

            return found;
        }
    }
}
