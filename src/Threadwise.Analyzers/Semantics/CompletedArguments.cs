using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A task parameter of a private method whose every caller passes a task known to be complete there (or a collection
    /// parameter, a collection whose every task is, as in Proto.Actor's <c>ReenterAfter(Task.WhenAll(tasks), () =&gt;
    /// Notify(tasks))</c>):
    /// <c>if (attempt.IsCompleted) Forward(attempt); else attempt.ContinueWith(t => Forward(t));</c> makes
    /// <c>attempt.GetAwaiter().GetResult()</c> inside <c>Forward</c> a read of a completed task. Only ordinary private
    /// methods (no one outside the type can call them), whose parameter is never assigned, in a type declared in one
    /// file; every mention of the method must be a direct call from another member (a method group or delegate could be
    /// called with anything, a recursive call only repeats the first call's argument), and there must be at least one.
    /// </summary>
    internal static class CompletedArguments
    {
        // Callers' arguments are checked with TaskFacts, which may come back here for another private method: bound it.
        [System.ThreadStatic]
        private static int t_depth;

        /// <param name="asCollection">The parameter is a collection of tasks, each of which must be complete.</param>
        public static bool AllCallersPassCompleted(IParameterSymbol parameter, IOperation reference, KnownTypes types, bool asCollection)
        {
            var model = reference.SemanticModel;
            if (t_depth >= 2 || model is null
                || parameter.RefKind != RefKind.None || parameter.IsParams
                || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private } method
                || method.ContainingType is not { } type
                || VariableReferences.IsAssignedBetween(reference, parameter, 0, int.MaxValue))
            {
                return false;
            }

            t_depth++;
            try
            {
                var calls = 0;
                foreach (var declaration in type.DeclaringSyntaxReferences)
                {
                    if (declaration.SyntaxTree != model.SyntaxTree)
                    {
                        return false;
                    }

                    foreach (var node in declaration.GetSyntax().DescendantNodes())
                    {
                        if (node is not SimpleNameSyntax name || name.Identifier.ValueText != method.Name
                            || name.Parent is MethodDeclarationSyntax)
                        {
                            continue;
                        }

                        if (!KnownTypes.Is(model.GetSymbolInfo(name).Symbol?.OriginalDefinition, method.OriginalDefinition))
                        {
                            continue;
                        }

                        // A recursive call proves nothing: its argument is complete only if the first call's was.
                        if (IsWithin(name, method) || !PassesCompleted(name, parameter, model, types, asCollection))
                        {
                            return false;
                        }

                        calls++;
                    }
                }

                return calls > 0;
            }
            finally
            {
                t_depth--;
            }
        }

        private static bool IsWithin(SyntaxNode node, IMethodSymbol method)
        {
            foreach (var declaration in method.DeclaringSyntaxReferences)
            {
                if (declaration.SyntaxTree == node.SyntaxTree && declaration.Span.Contains(node.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool PassesCompleted(SimpleNameSyntax name, IParameterSymbol parameter, SemanticModel model, KnownTypes types, bool asCollection)
        {
            var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? (ExpressionSyntax)access : name;
            if (callee.Parent is not InvocationExpressionSyntax invocationSyntax || invocationSyntax.Expression != callee
                || model.GetOperation(invocationSyntax) is not IInvocationOperation invocation)
            {
                return false;
            }

            return invocation.ArgumentFor(parameter.Ordinal) is { ArgumentKind: ArgumentKind.Explicit } argument
                && (asCollection ? TaskFacts.IsCompletedCollection(argument.Value, argument.Value, types) : TaskFacts.IsKnownCompleted(argument.Value, types));
        }
    }
}
