using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A writer or stream that a lock exists to serialise, locked through a separate gate: <c>lock (_gate) {
    /// _writer.WriteLine(line); _writer.Flush(); }</c>. A thread that queues on such a gate wants the writer anyway, so
    /// holding the lock over the write is the lock's purpose (as <c>lock (_writer)</c> is). Decided only when every lock on
    /// the gate is visible (<see cref="LockGates"/>), none of them changes other state of the type, and the writer is
    /// either a private field the type creates itself (<c>new StreamWriter(..)</c>, <c>File.Open(..)</c>) and uses nowhere
    /// but inside those locks, its initialisation and its disposal, or a local created inside the lock body
    /// (<c>lock (this) { using var w = new StreamWriter(path); .. }</c>: one file written at a time), or a writer the method
    /// is handed where every lock on the gate does nothing but write to the writers its method is handed (a console
    /// helper that serialises output lines).
    /// </summary>
    internal static class LockedWriters
    {
        public static bool IsWriterTheLockSerializes(IInvocationOperation call, IOperation lockedObject, KnownTypes types)
        {
            var receiver = call.Instance?.WalkDownConversions();
            if (receiver is null
                || !IsWriterType(receiver.Type, types)
                || call.SemanticModel is not { } model
                || LockGates.AllLocksOn(lockedObject) is not { Count: > 0 } locks)
            {
                return false;
            }

            var writer = receiver.ReferencedVariable();
            var owner = model.GetEnclosingSymbol(call.Syntax.SpanStart)?.ContainingType;
            if (owner is null)
            {
                return false;
            }

            foreach (var gateLock in locks)
            {
                if (!LockGates.ChangesNoOwnState(gateLock.Body, owner, writer))
                {
                    return false;
                }
            }

            return writer switch
            {
                ILocalSymbol local => lockedObject.Parent is ILockOperation around && IsCreatedIn(local, around.Body, types),
                IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field => KnownTypes.Is(field.ContainingType, owner) && IsUsedOnlyUnder(field, locks, model, types),
                IParameterSymbol => locks.TrueForAll(gateLock => WritesOnlyToWritersHandedIn(gateLock.Body, types)),
                _ => false,
            };
        }

        // static void WriteLineThreadSafe(TextWriter console, string message) { lock (_gate) { console.WriteLine(message);
        // console.Flush(); } } in every lock on the gate: a gate that serialises whatever writers its callers hand in
        // (NLog's console helper), so a thread that queues on it wants to write too. Any other call under the gate (a
        // formatter, a writer the type keeps, state of its own) and it guards more than the writing.
        private static bool WritesOnlyToWritersHandedIn(IOperation body, KnownTypes types)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is IInvocationOperation invocation
                    && !(invocation.Instance?.WalkDownConversions() is IParameterReferenceOperation { Type: var type } && IsWriterType(type, types)))
                {
                    return false;
                }

                if (operation is IObjectCreationOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return true;
        }

        // Declared in the lock body, and every value it is given there is a new writer (or null).
        private static bool IsCreatedIn(ILocalSymbol local, IOperation body, KnownTypes types)
        {
            if (local.DeclaringSyntaxReferences.Length != 1 || !body.Syntax.Span.Contains(local.DeclaringSyntaxReferences[0].Span))
            {
                return false;
            }

            var created = false;
            foreach (var operation in body.Descendants())
            {
                var value = operation switch
                {
                    IVariableDeclaratorOperation declarator when KnownTypes.Is(declarator.Symbol, local) => declarator.Initializer?.Value,
                    ISimpleAssignmentOperation assignment when VariableReferences.IsReferenceTo(assignment.Target, local) => assignment.Value,
                    IAssignmentOperation assignment when VariableReferences.IsReferenceTo(assignment.Target, local) => assignment,
                    IArgumentOperation { Parameter.RefKind: not RefKind.None } argument when VariableReferences.IsReferenceTo(argument.Value, local) => argument,
                    _ => null,
                };

                if (value is null)
                {
                    continue;
                }

                if (!IsNewWriter(value, types) && value.WalkDownConversions().ConstantValue is not { HasValue: true, Value: null })
                {
                    return false;
                }

                created |= IsNewWriter(value, types);
            }

            return created;
        }

        // Inside a lock on the gate, given a new writer, or disposed: nothing else reaches the field.
        private static bool IsUsedOnlyUnder(IFieldSymbol field, System.Collections.Generic.List<ILockOperation> locks, SemanticModel model, KnownTypes types)
        {
            var created = false;
            foreach (var node in LockGates.TypeNodes(field.ContainingType, model, mention => LockGates.IsNamed(mention, field.Name)))
            {
                if (node is null)
                {
                    return false;
                }

                if (!LockGates.IsNamed(node, field.Name) || !KnownTypes.Is(model.GetSymbolInfo(node).Symbol, field))
                {
                    continue;
                }

                var name = (IdentifierNameSyntax)node;
                var expression = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name ? (ExpressionSyntax)access : name;
                if (expression.Parent is AssignmentExpressionSyntax assignment && assignment.Left == expression)
                {
                    if (model.GetOperation(assignment.Right) is not { } value || !IsNewWriter(value, types))
                    {
                        return false;
                    }

                    created = true;
                }
                else if (!IsDisposal(expression) && !LockGates.IsInsideOneOf(expression, locks))
                {
                    return false;
                }
            }

            return created || IsCreatedByInitializer(field, model, types);
        }

        private static bool IsCreatedByInitializer(IFieldSymbol field, SemanticModel model, KnownTypes types) =>
            field.DeclaringSyntaxReferences.Length == 1
            && field.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
            && model.GetOperation(initializer) is { } value && IsNewWriter(value, types);

        // _writer.Dispose(), _writer?.Close(): the end of the writer's life, not a concurrent use.
        private static bool IsDisposal(ExpressionSyntax expression)
        {
            var member = expression.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Expression == expression => access.Name,
                ConditionalAccessExpressionSyntax conditional when conditional.Expression == expression && conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } => binding.Name,
                _ => null,
            };

            return member?.Identifier.ValueText is "Dispose" or "Close" or "DisposeAsync";
        }

        // new StreamWriter(..), new FileStream(..), File.Open(..)/File.CreateText(..): a writer this code owns alone.
        private static bool IsNewWriter(IOperation value, KnownTypes types) => value.WalkDownConversions() switch
        {
            IObjectCreationOperation creation => IsWriterType(creation.Type, types),
            IInvocationOperation { TargetMethod.IsStatic: true } factory => KnownTypes.Is(factory.TargetMethod.ContainingType, types.File),
            _ => false,
        };

        private static bool IsWriterType(ITypeSymbol? type, KnownTypes types) =>
            KnownTypes.InheritsFrom(type, types.Stream) || KnownTypes.InheritsFrom(type, types.TextWriter);
    }
}
