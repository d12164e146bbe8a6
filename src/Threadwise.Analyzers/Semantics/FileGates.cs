using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A lock object that exists only to serialize whole-file writes to one path: <c>lock (_logGate)
    /// { File.AppendAllText(_logPath, line); }</c>. A path has no object to lock on, so such a gate is the file's own
    /// lock, as <c>lock (_writer)</c> is the writer's: everyone who queues on it is waiting to write that file. Decided
    /// only when the gate is a private field of a type declared in one file, mentioned nowhere but in <c>lock (..)</c>
    /// and its own initialisation, and every such lock body writes the same path field with <c>File.Write*</c>/
    /// <c>File.Append*</c> and reads or writes no other member of the type outside its catch handlers (logging a
    /// failure there is fine). A gate that also guards state (<c>_count++</c>, <c>_pending.Add(..)</c>) is a shared lock
    /// and stays reported.
    /// </summary>
    internal static class FileGates
    {
        public static bool IsGateOfWrittenFile(IInvocationOperation write, IOperation lockedObject, KnownTypes types)
        {
            var model = write.SemanticModel;
            if (model is null || !IsWholeFileWrite(write, types)
                || PathField(write) is not { } path
                || lockedObject.ReferencedVariable() is not IFieldSymbol { DeclaredAccessibility: Accessibility.Private } gate
                || gate.ContainingType is not { } type)
            {
                return false;
            }

            foreach (var declaration in type.DeclaringSyntaxReferences)
            {
                if (declaration.SyntaxTree != model.SyntaxTree)
                {
                    return false;
                }

                foreach (var node in declaration.GetSyntax().DescendantNodes())
                {
                    if (node is IdentifierNameSyntax name && name.Identifier.ValueText == gate.Name && !IsGateUse(name, gate, path, model, types))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        // lock (_gate) { .. } whose body only writes the path, or _gate = new object(); anything else is another use.
        private static bool IsGateUse(IdentifierNameSyntax name, IFieldSymbol gate, IFieldSymbol path, SemanticModel model, KnownTypes types)
        {
            var expression = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name ? (ExpressionSyntax)access : name;
            if (expression.Parent is AssignmentExpressionSyntax { Right: ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax } assignment
                && assignment.Left == expression)
            {
                return true;
            }

            return expression.Parent is LockStatementSyntax statement && statement.Expression == expression
                && model.GetOperation(statement) is ILockOperation @lock
                && VariableReferences.IsReferenceTo(@lock.LockedValue, gate)
                && OnlyWritesThePath(@lock.Body, path, types);
        }

        private static bool OnlyWritesThePath(IOperation body, IFieldSymbol path, KnownTypes types)
        {
            var writes = 0;
            foreach (var operation in body.Descendants())
            {
                if (IsInCatch(operation, body))
                {
                    continue;
                }

                switch (operation)
                {
                    case IInvocationOperation invocation when IsWholeFileWrite(invocation, types):
                        if (!KnownTypes.Is(PathField(invocation), path))
                        {
                            return false;
                        }

                        writes++;
                        break;

                    // Another member of this type: the gate guards it too.
                    case IFieldReferenceOperation field when !KnownTypes.Is(field.Field, path) && IsOwnMember(field.Field, field.Instance, path):
                    case IPropertyReferenceOperation property when IsOwnMember(property.Property, property.Instance, path):
                    case IInvocationOperation call when IsOwnMember(call.TargetMethod, call.Instance, path):
                        return false;
                }
            }

            return writes > 0;
        }

        private static bool IsOwnMember(ISymbol member, IOperation? instance, IFieldSymbol path) =>
            KnownTypes.Is(member.ContainingType, path.ContainingType)
            && (member.IsStatic || instance?.WalkDownConversions() is IInstanceReferenceOperation);

        private static bool IsInCatch(IOperation operation, IOperation stop)
        {
            for (var current = operation.Parent; current != null && current != stop; current = current.Parent)
            {
                if (current is ICatchClauseOperation)
                {
                    return true;
                }
            }

            return false;
        }

        // File.AppendAllText/AppendAllLines/WriteAllText/WriteAllLines/WriteAllBytes: open, write and close by path.
        private static bool IsWholeFileWrite(IInvocationOperation invocation, KnownTypes types) =>
            invocation.TargetMethod is { IsStatic: true } method
            && KnownTypes.Is(method.ContainingType, types.File)
            && (method.Name.StartsWith("AppendAll", System.StringComparison.Ordinal) || method.Name.StartsWith("WriteAll", System.StringComparison.Ordinal))
            && !method.Name.EndsWith("Async", System.StringComparison.Ordinal);

        private static IFieldSymbol? PathField(IInvocationOperation write) =>
            write.ArgumentFor(0)?.Value.ReferencedVariable() as IFieldSymbol;
    }
}
