using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A source method that takes a delegate and only ever runs it inline or as a work item of its own
    /// (NetMQ's <c>poller.Run(action)</c>: <c>if (!IsRunning || CanExecuteTaskInline) action(); else new
    /// Task(action).Start(this);</c>). Every use of the delegate parameter in its body is an invocation outside any
    /// <c>lock</c> and nested function, or the work of <c>new Task(..)</c>, <c>new Thread(..)</c>, <c>Task.Run</c> or
    /// <c>StartNew</c>; a delegate stored, handed elsewhere or invoked under a lock is a callback like any other. Every
    /// delegate handed to a call is asked about (TW507 sorts a type's method groups into callbacks), so the method's
    /// declaration is read as syntax first, and bound only when the syntax allows the answer.
    /// </summary>
    internal static class InlineOrWorkItemRunners
    {
        public static bool RunsInlineOrAsWorkItem(IInvocationOperation call, IArgumentOperation argument, KnownTypes types)
        {
            // Cheap first (every delegate handed to a call gets here): a non-virtual source method whose declaration, read
            // as syntax, uses the parameter only in those shapes. Only then is its body bound.
            var target = call.TargetMethod.OriginalDefinition;
            if (argument.Parameter is not { } parameter
                || target.MethodKind != MethodKind.Ordinary || target.IsAbstract || target.IsVirtual || target.IsOverride
                || target.DeclaringSyntaxReferences.Length != 1
                || target.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration
                || !UsesOnlyAsRunnable(declaration, parameter.OriginalDefinition.Name)
                || call.SemanticModel?.Compilation is not { } compilation
                || SourceBodies.OfMethod(target, compilation) is not { } body)
            {
                return false;
            }

            var ordinal = parameter.OriginalDefinition.Ordinal;
            var uses = 0;
            foreach (var operation in body.Descendants())
            {
                if (operation is IParameterReferenceOperation reference
                    && reference.Parameter.Ordinal == ordinal
                    && SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, target.OriginalDefinition))
                {
                    if (!RunsHere(reference, body, types))
                    {
                        return false;
                    }

                    uses++;
                }
            }

            return uses > 0;
        }

        // The syntax of the shapes RunsHere accepts: name(..), name.Invoke(..), name?.Invoke(..), new Task(name), new
        // Thread(name), Run(name), StartNew(name); at least one of them.
        private static bool UsesOnlyAsRunnable(MethodDeclarationSyntax declaration, string name)
        {
            var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            if (body is null)
            {
                return false;
            }

            var uses = 0;
            foreach (var node in body.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != name)
                {
                    continue;
                }

                var parent = identifier.Parent;
                var runnable = parent switch
                {
                    InvocationExpressionSyntax invocation => invocation.Expression == identifier,
                    MemberAccessExpressionSyntax access => access.Expression == identifier && access.Name.Identifier.ValueText == "Invoke",
                    ConditionalAccessExpressionSyntax access => access.Expression == identifier,
                    ArgumentSyntax { Parent: ArgumentListSyntax { Parent: var owner } } => owner switch
                    {
                        ObjectCreationExpressionSyntax creation => creation.Type.ToString() is "Task" or "Thread" || creation.Type.ToString().StartsWith("Task<", System.StringComparison.Ordinal),
                        InvocationExpressionSyntax started => started.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Run" or "StartNew" },
                        _ => false,
                    },
                    _ => false,
                };
                if (!runnable)
                {
                    return false;
                }

                uses++;
            }

            return uses > 0;
        }

        // action(), action?.Invoke(), new Task(action), new Thread(action), Task.Run(action), factory.StartNew(action).
        private static bool RunsHere(IParameterReferenceOperation reference, IOperation body, KnownTypes types)
        {
            var use = reference.ParentPastConversions();
            if (use is IConditionalAccessOperation access && access.Operation.WalkDownConversions() == reference)
            {
                use = access.WhenNotNull.WalkDownConversions();
            }

            switch (use)
            {
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke } invoke:
                    return !invoke.IsInNestedFunction(body) && HeldLocks.LockedObjectAt(invoke, types) == null;
                case IArgumentOperation argument:
                    return CompletionPlaces.IsWorkItemOrOwnThread(argument, types);
                default:
                    return false;
            }
        }
    }
}
