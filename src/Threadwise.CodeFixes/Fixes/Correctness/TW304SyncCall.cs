using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Semantics;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW304's synchronous action: in synchronous code the honest fix for a dropped <c>stream.FlushAsync()</c> or
    /// <c>Task.Delay(50)</c> is often the synchronous call, <c>stream.Flush()</c> or <c>Thread.Sleep(50)</c>. Offered
    /// only for a dropped invocation that is a whole expression statement (not <c>?.</c>, not <c>ConfigureAwait</c>),
    /// for <c>Task.Delay(int)</c> / <c>Task.Delay(TimeSpan)</c> (a token, or a time provider, has no <c>Thread.Sleep</c>
    /// form), or for <c>XAsync(args)</c> whose receiver's type (or a base type, or an interface of an interface receiver)
    /// declares a non-generic, non-obsolete <c>X</c> with the same parameter types minus a trailing
    /// <c>CancellationToken</c>, returning <c>void</c> for <c>Task</c>/<c>ValueTask</c> or <c>T</c> for
    /// <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>. A token passed explicitly is not dropped silently (nothing is
    /// offered), and <c>X</c> is never the method we are in (that would recurse). The rewritten call must bind to that
    /// <c>X</c> at the call site (bound speculatively).
    /// </summary>
    internal static class TW304SyncCall
    {
        public const string SleepTitle = "Wait synchronously with Thread.Sleep";
        private const string AsyncSuffix = "Async";

        /// <summary>The title of the action for the diagnostic, or null when no synchronous call fits.</summary>
        public static string? Title(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (Dropped(root, diagnostic) is not { } invocation || Find(model, invocation, cancellationToken) is not { } name)
            {
                return null;
            }

            return name.Length == 0 ? SleepTitle : "Call the synchronous '" + name + "' instead";
        }

        /// <summary>The dropped invocation and its rewrite, or null; the rewrite is syntactic, for the editor's current node.</summary>
        public static (InvocationExpressionSyntax Node, System.Func<SyntaxNode, SyntaxNode> Rewrite)? Edit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (Dropped(root, diagnostic) is not { } invocation || Find(model, invocation, cancellationToken) is not { } name)
            {
                return null;
            }

            return (invocation, current => current is InvocationExpressionSyntax call && Rewrite(call, name) is { } rewritten ? rewritten : current);
        }

        private static InvocationExpressionSyntax? Dropped(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax invocation
            && invocation.Span.Equals(diagnostic.Location.SourceSpan)
            && invocation.Parent is ExpressionStatementSyntax
                ? invocation
                : null;

        /// <summary>The synchronous method's name, "" for <c>Thread.Sleep</c>, or null.</summary>
        private static string? Find(SemanticModel model, InvocationExpressionSyntax syntax, CancellationToken cancellationToken)
        {
            if (model.GetOperation(syntax, cancellationToken) is not IInvocationOperation invocation
                || invocation.TargetMethod is not { } method)
            {
                return null;
            }

            var types = CompilationContext.For(model.Compilation).Types;
            if (method.Name == "Delay" && KnownTypes.Is(method.ContainingType, types.Task))
            {
                return IsPlainDelay(method, types) && Binds(model, syntax, Rewrite(syntax, string.Empty), IsThreadSleep(types)) ? string.Empty : null;
            }

            if (method.Name.Length <= AsyncSuffix.Length
                || !method.Name.EndsWith(AsyncSuffix, System.StringComparison.Ordinal)
                || method.IsGenericMethod
                || method.IsExtensionMethod
                || method.ReducedFrom != null
                || PassesToken(invocation, types)
                || SyncReturnType(method.ReturnType, types) is not { } returns)
            {
                return null;
            }

            var name = method.Name.Substring(0, method.Name.Length - AsyncSuffix.Length);
            var receiver = method.IsStatic ? method.ContainingType : invocation.Instance?.Type as INamedTypeSymbol;
            var enclosing = model.GetEnclosingSymbol(syntax.SpanStart, cancellationToken);
            if (receiver is null || FindTwin(receiver, method, name, returns, types) is not { } twin
                || SymbolEqualityComparer.Default.Equals(twin.OriginalDefinition, enclosing?.OriginalDefinition))
            {
                return null;
            }

            return Binds(model, syntax, Rewrite(syntax, name), bound => SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, twin.OriginalDefinition)) ? name : null;
        }

        // Task.Delay(int) and Task.Delay(TimeSpan): Thread.Sleep has the same two overloads.
        private static bool IsPlainDelay(IMethodSymbol method, KnownTypes types) =>
            method.Parameters.Length == 1
            && (method.Parameters[0].Type.SpecialType == SpecialType.System_Int32 || KnownTypes.Is(method.Parameters[0].Type, types.TimeSpan));

        private static System.Func<IMethodSymbol, bool> IsThreadSleep(KnownTypes types) =>
            bound => bound.Name == "Sleep" && KnownTypes.Is(bound.ContainingType, types.Thread);

        // WriteAsync(buffer, token): the sync call could not be cancelled, so nothing is offered.
        private static bool PassesToken(IInvocationOperation invocation, KnownTypes types)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && KnownTypes.Is(argument.Parameter?.Type, types.CancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>void (as a null type argument inside) for Task/ValueTask, T for Task&lt;T&gt;/ValueTask&lt;T&gt;, null otherwise.</summary>
        private static (ITypeSymbol? Type, bool Void)? SyncReturnType(ITypeSymbol returnType, KnownTypes types)
        {
            if (KnownTypes.Is(returnType, types.Task) || KnownTypes.Is(returnType, types.ValueTask))
            {
                return (null, true);
            }

            if (returnType is INamedTypeSymbol { TypeArguments.Length: 1 } named
                && (KnownTypes.Is(named.OriginalDefinition, types.TaskOfT) || KnownTypes.Is(named.OriginalDefinition, types.ValueTaskOfT)))
            {
                return (named.TypeArguments[0], false);
            }

            return null;
        }

        private static IMethodSymbol? FindTwin(INamedTypeSymbol receiver, IMethodSymbol method, string name, (ITypeSymbol? Type, bool Void) returns, KnownTypes types)
        {
            for (var current = receiver; current != null; current = current.BaseType)
            {
                if (Declared(current, method, name, returns, types) is { } found)
                {
                    return found;
                }
            }

            if (receiver.TypeKind == TypeKind.Interface)
            {
                foreach (var @interface in receiver.AllInterfaces)
                {
                    if (Declared(@interface, method, name, returns, types) is { } found)
                    {
                        return found;
                    }
                }
            }

            return null;
        }

        private static IMethodSymbol? Declared(INamedTypeSymbol type, IMethodSymbol method, string name, (ITypeSymbol? Type, bool Void) returns, KnownTypes types)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsGenericMethod: false } candidate
                    && candidate.IsStatic == method.IsStatic
                    && (returns.Void ? candidate.ReturnsVoid : SymbolEqualityComparer.Default.Equals(candidate.ReturnType, returns.Type))
                    && !IsObsolete(candidate, types)
                    && SameParametersMinusToken(candidate, method, types))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static bool SameParametersMinusToken(IMethodSymbol sync, IMethodSymbol async, KnownTypes types)
        {
            var count = async.Parameters.Length;
            if (count > 0 && KnownTypes.Is(async.Parameters[count - 1].Type, types.CancellationToken))
            {
                count--;
            }

            return sync.Parameters.Length == count && Signatures.SameLeadingParameters(sync, async, count);
        }

        private static bool IsObsolete(IMethodSymbol method, KnownTypes types)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (KnownTypes.Is(attribute.AttributeClass, types.ObsoleteAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Binds(SemanticModel model, InvocationExpressionSyntax original, InvocationExpressionSyntax? rewritten, System.Func<IMethodSymbol, bool> expected) =>
            rewritten != null
            && model.GetSpeculativeSymbolInfo(original.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol bound
            && expected(bound);

        /// <summary><c>Thread.Sleep(args)</c> for "", else the call renamed to <paramref name="name"/> (same receiver, same arguments).</summary>
        private static InvocationExpressionSyntax? Rewrite(InvocationExpressionSyntax call, string name)
        {
            if (name.Length == 0)
            {
                var sleep = SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseName("System.Threading.Thread").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    SyntaxFactory.IdentifierName("Sleep"));
                return call.WithExpression(sleep.WithTriviaFrom(call.Expression));
            }

            var identifier = SyntaxFactory.Identifier(name);
            return call.Expression switch
            {
                IdentifierNameSyntax simple => call.WithExpression(simple.WithIdentifier(identifier.WithTriviaFrom(simple.Identifier))),
                MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } access =>
                    call.WithExpression(access.WithName(member.WithIdentifier(identifier.WithTriviaFrom(member.Identifier)))),
                _ => null,
            };
        }
    }
}
