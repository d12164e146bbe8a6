using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A local that only ever holds completed tasks (or null): every assignment to it stores a task known to be complete
    /// where it is stored (<c>Task&lt;int&gt;? done = null; if (t.IsCompleted) done = t;</c>). Completion is monotonic, so
    /// wherever the local is read it is complete or null. A local passed by <c>ref</c>/<c>out</c>, assigned by compound or
    /// deconstructing assignment, aliased by a <c>ref</c>, or declared anywhere but a local declaration, is not followed.
    /// </summary>
    internal static class CompletedAssignments
    {
        // Values are checked with TaskFacts, which may come back here for another local (done = other): bound the depth.
        [System.ThreadStatic]
        private static int t_depth;

        public static bool HoldsOnlyCompletedTasks(ILocalReferenceOperation reference, KnownTypes types)
        {
            var local = reference.Local;
            if (t_depth >= 2 || local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax })
            {
                return false;
            }

            var root = reference.Root();

            t_depth++;
            try
            {
                foreach (var operation in root.Descendants())
                {
                    if (!StoresOnlyCompleted(operation, local, types))
                    {
                        return false;
                    }
                }

                return true;
            }
            finally
            {
                t_depth--;
            }
        }

        private static bool StoresOnlyCompleted(IOperation operation, ILocalSymbol local, KnownTypes types)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when KnownTypes.Is(declarator.Symbol, local):
                    return declarator.GetVariableInitializer() is not { } initializer || IsNullOrCompleted(initializer.Value, types);

                case ILocalReferenceOperation read when KnownTypes.Is(read.Local, local):
                    return read.Parent switch
                    {
                        ISimpleAssignmentOperation assignment when assignment.Target == read => IsNullOrCompleted(assignment.Value, types),
                        ICoalesceAssignmentOperation assignment when assignment.Target == read => IsNullOrCompleted(assignment.Value, types),
                        IAssignmentOperation assignment when assignment.Target == read => false,
                        IArgumentOperation argument => argument.Parameter is not { RefKind: not RefKind.None and not RefKind.In },
                        ITupleOperation => false,
                        _ => read.Syntax.Parent is not RefExpressionSyntax,
                    };

                default:
                    return true;
            }
        }

        private static bool IsNullOrCompleted(IOperation value, KnownTypes types)
        {
            var unwrapped = value.WalkDownConversions();
            return unwrapped.ConstantValue is { HasValue: true, Value: null }
                || unwrapped is IDefaultValueOperation { Type.IsValueType: false }
                || TaskFacts.IsKnownCompleted(value, types);
        }
    }
}
