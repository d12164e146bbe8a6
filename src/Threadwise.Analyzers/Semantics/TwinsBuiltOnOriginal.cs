using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// An <c>MAsync</c> in source that itself runs <c>M</c> on its own object on every path: grpc's
    /// <c>ProcessHandlerErrorAsync</c> ends in <c>ProcessHandlerError(ex, method)</c> (directly, or in the
    /// <c>…AsyncCore</c> it hands off to), amqpnetlite's <c>CloseInternalAsync</c> calls <c>CloseInternal(0, error)</c> and
    /// then awaits the close. Awaiting such a twin runs the very same synchronous call, so for a call of <c>M</c> with the
    /// arguments the twin passes it is no counterpart. Where the twin passes a constant (<c>0</c>), only calls passing the
    /// same constant match: <c>CloseInternal(60000)</c>, which waits, keeps its counterpart.
    /// Read from the twin's syntax, each candidate call bound to check it is <c>M</c> itself; one answer per (twin, M),
    /// cached by the caller.
    /// </summary>
    internal static class TwinsBuiltOnOriginal
    {
        /// <summary>
        /// The calls of <paramref name="original"/> that <paramref name="twin"/> (or a method of its type named
        /// <c>{twin}…</c> that it calls) makes unconditionally on its own object: per call, the literal at each argument
        /// position, or <see cref="NotConstant"/> where the argument is anything else. Empty when there is none.
        /// </summary>
        public static ImmutableArray<ImmutableArray<object?>> InnerCalls(IMethodSymbol twin, IMethodSymbol original, Compilation compilation)
        {
            var definition = twin.OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.IsEmpty
                || !KnownTypes.InheritsFrom(definition.ContainingType, original.ContainingType))
            {
                return ImmutableArray<ImmutableArray<object?>>.Empty;
            }

            var calls = ImmutableArray.CreateBuilder<ImmutableArray<object?>>();
            foreach (var body in Bodies(definition))
            {
                AddUnconditionalCalls(body, original, compilation, calls);

                // ProcessHandlerErrorAsync → ProcessHandlerErrorAsyncCore(..): the helper's unconditional calls count too.
                var helpers = HelperNames(definition, body);
                foreach (var helper in definition.ContainingType.GetMembers().OfType<IMethodSymbol>())
                {
                    if (helpers.Contains(helper.Name))
                    {
                        foreach (var helperBody in Bodies(helper))
                        {
                            AddUnconditionalCalls(helperBody, original, compilation, calls);
                        }
                    }
                }
            }

            return calls.ToImmutable();
        }

        // The calls that bind to M itself: ParseNumberNegativeInfinity(readType, matched), another overload of the same
        // name, is not the call ParseNumberNegativeInfinity(readType) makes.
        private static void AddUnconditionalCalls(SyntaxNode body, IMethodSymbol original, Compilation compilation, ImmutableArray<ImmutableArray<object?>>.Builder calls)
        {
            if (!compilation.ContainsSyntaxTree(body.SyntaxTree))
            {
                return;
            }

            SemanticModel? model = null;
            foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (CalleeNames.Of(invocation.Expression) == original.Name && OnOwnObject(invocation.Expression)
                    && Unconditional(invocation, body) && Positional(invocation) is { } arguments
                    && SymbolEqualityComparer.Default.Equals(
                        (model ??= DriverModels.Of(compilation, body.SyntaxTree)).GetSymbolInfo(invocation).Symbol?.OriginalDefinition, original.OriginalDefinition))
                {
                    calls.Add(arguments);
                }
            }
        }

        /// <summary>Whether the call site passes what one of the twin's own calls passes (see <see cref="InnerCalls"/>).</summary>
        public static bool Matches(IInvocationOperation call, ImmutableArray<ImmutableArray<object?>> innerCalls)
        {
            foreach (var inner in innerCalls)
            {
                if (SameConstants(call, inner))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Stands for an argument that is not a literal: it matches anything the call site passes.</summary>
        internal static readonly object NotConstant = new object();

        private static bool SameConstants(IInvocationOperation call, ImmutableArray<object?> inner)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is not { } parameter || parameter.IsParams)
                {
                    continue;
                }

                // The twin leaves this optional parameter out: the call site must leave it at its default too.
                if (parameter.Ordinal >= inner.Length)
                {
                    if (argument.ArgumentKind != ArgumentKind.DefaultValue
                        && !(parameter.HasExplicitDefaultValue && argument.Value.ConstantValue is { HasValue: true } given
                            && Equals(Normalized(given.Value), Normalized(parameter.ExplicitDefaultValue))))
                    {
                        return false;
                    }

                    continue;
                }

                var expected = inner[parameter.Ordinal];
                if (ReferenceEquals(expected, NotConstant))
                {
                    continue;
                }

                var constant = argument.Value.ConstantValue;
                if (!constant.HasValue || !Equals(Normalized(constant.Value), Normalized(expected)))
                {
                    return false;
                }
            }

            return true;
        }

        // 0 and 0L, 0 and (short)0: the literal's CLR type need not be the parameter's.
        private static object? Normalized(object? value) => value switch
        {
            sbyte or byte or short or ushort or int or uint or long => System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };

        private static IEnumerable<SyntaxNode> Bodies(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is MethodDeclarationSyntax declaration
                    && ((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody) is { } body)
                {
                    yield return body;
                }
            }
        }

        // The methods of the twin's type named {twin}… (…AsyncCore, …AsyncImpl) that its body calls.
        private static HashSet<string> HelperNames(IMethodSymbol twin, SyntaxNode body)
        {
            var names = new HashSet<string>();
            foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (CalleeNames.Of(invocation.Expression) is { } name && name.Length > twin.Name.Length
                    && name.StartsWith(twin.Name, System.StringComparison.Ordinal) && OnOwnObject(invocation.Expression))
                {
                    names.Add(name);
                }
            }

            return names;
        }

        // M(..), this.M(..) or base.M(..).
        private static bool OnOwnObject(ExpressionSyntax callee) => callee switch
        {
            SimpleNameSyntax => true,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } => true,
            _ => false,
        };

        // Runs whenever the body runs: only statements, a try block or finally, using, lock, a declaration, an argument
        // or an await stand between the call and the body; no branch, loop, lambda, catch or short-circuit.
        private static bool Unconditional(SyntaxNode call, SyntaxNode body)
        {
            var child = call;
            for (var parent = call.Parent; parent != null && child != body; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case TryStatementSyntax @try when child == @try.Block:
                    case ExpressionStatementSyntax:
                    case BlockSyntax:
                    case FinallyClauseSyntax:
                    case UsingStatementSyntax:
                    case LockStatementSyntax:
                    case ReturnStatementSyntax:
                    case LocalDeclarationStatementSyntax:
                    case VariableDeclarationSyntax:
                    case VariableDeclaratorSyntax:
                    case EqualsValueClauseSyntax:
                    case ArgumentSyntax:
                    case ArgumentListSyntax:
                    case InvocationExpressionSyntax invocation when child == invocation.ArgumentList:
                    case AwaitExpressionSyntax:
                    case ParenthesizedExpressionSyntax:
                    case CastExpressionSyntax:
                    case ArrowExpressionClauseSyntax:
                        continue;
                    default:
                        return false;
                }
            }

            return child == body;
        }

        // The literal at each position, NotConstant elsewhere; null when an argument is named (its position is not its slot).
        private static ImmutableArray<object?>? Positional(InvocationExpressionSyntax invocation)
        {
            var arguments = invocation.ArgumentList.Arguments;
            var values = ImmutableArray.CreateBuilder<object?>(arguments.Count);
            foreach (var argument in arguments)
            {
                if (argument.NameColon != null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
                {
                    return null;
                }

                values.Add(argument.Expression is LiteralExpressionSyntax literal ? literal.Token.Value : NotConstant);
            }

            return values.MoveToImmutable();
        }
    }
}
