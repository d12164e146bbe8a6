using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Every <c>lock</c> taken on one gate, when all of them can be seen in one file: the gate is a private field mentioned
    /// nowhere but in <c>lock (..)</c> and its own initialisation (<c>_gate = new object()</c>), or <c>this</c> (its
    /// <c>lock (this)</c> statements in the type); other partial declarations of the type must not mention it. Callers
    /// decide from these bodies what the gate is for.
    /// </summary>
    internal static class LockGates
    {
        /// <summary>The locks on <paramref name="lockedObject"/> in its type, or null when the gate is used another way or the type cannot be seen whole.</summary>
        public static List<ILockOperation>? AllLocksOn(IOperation lockedObject)
        {
            var model = lockedObject.SemanticModel;
            var value = lockedObject.WalkDownConversions();
            IFieldSymbol? gate = null;
            INamedTypeSymbol? type;
            if (value is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } self)
            {
                type = self.Type as INamedTypeSymbol;
            }
            else if (value.ReferencedVariable() is IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field)
            {
                gate = field;
                type = field.ContainingType;
            }
            else
            {
                return null;
            }

            if (model is null || type is null)
            {
                return null;
            }

            var locks = new List<ILockOperation>();
            foreach (var node in TypeNodes(type, model, mention => gate is null ? mention is LockStatementSyntax { Expression: ThisExpressionSyntax } : IsNamed(mention, gate.Name)))
            {
                if (node is null)
                {
                    return null;
                }

                if (gate is null)
                {
                    if (node is LockStatementSyntax { Expression: ThisExpressionSyntax } statement && model.GetOperation(statement) is ILockOperation selfLock)
                    {
                        locks.Add(selfLock);
                    }
                }
                else if (node is IdentifierNameSyntax name && name.Identifier.ValueText == gate.Name)
                {
                    var expression = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name ? (ExpressionSyntax)access : name;
                    if (expression.Parent is AssignmentExpressionSyntax { Right: ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax } assignment && assignment.Left == expression)
                    {
                        continue;
                    }

                    if (expression.Parent is not LockStatementSyntax lockStatement || lockStatement.Expression != expression
                        || model.GetOperation(lockStatement) is not ILockOperation gateLock
                        || !VariableReferences.IsReferenceTo(gateLock.LockedValue, gate))
                    {
                        return null;
                    }

                    locks.Add(gateLock);
                }
            }

            return locks;
        }

        /// <summary>Whether <paramref name="node"/> runs inside the body of one of <paramref name="locks"/> (not in a lambda or local function there).</summary>
        public static bool IsInsideOneOf(SyntaxNode node, List<ILockOperation> locks)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
                {
                    return false;
                }

                if (current is LockStatementSyntax statement)
                {
                    foreach (var gateLock in locks)
                    {
                        if (gateLock.Syntax == statement && node.SpanStart >= statement.Statement.SpanStart)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The syntax nodes of <paramref name="type"/> in the model's file. A partial declaration in another file cannot be
        /// bound here, so it is read as text: a null element when <paramref name="isMention"/> matches a node there (the
        /// name of a private member can only be mentioned inside its type, so a declaration without it needs no binding).
        /// </summary>
        public static IEnumerable<SyntaxNode?> TypeNodes(INamedTypeSymbol type, SemanticModel model, System.Func<SyntaxNode, bool> isMention)
        {
            foreach (var declaration in type.DeclaringSyntaxReferences)
            {
                var inThisFile = declaration.SyntaxTree == model.SyntaxTree;
                foreach (var node in declaration.GetSyntax().DescendantNodes())
                {
                    if (inThisFile)
                    {
                        yield return node;
                    }
                    else if (isMention(node))
                    {
                        yield return null;
                        yield break;
                    }
                }
            }
        }

        /// <summary>An identifier spelled <paramref name="name"/>: a possible mention of the member of that name.</summary>
        public static bool IsNamed(SyntaxNode node, string name) => node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;

        /// <summary>
        /// Whether <paramref name="body"/> changes no state of <paramref name="type"/> other than <paramref name="except"/>: no
        /// assignment to its fields or properties and no call to its methods (which could change them). A lock whose bodies do
        /// is a state lock, and a thread that wants the state waits for whatever else the body does.
        /// </summary>
        public static bool ChangesNoOwnState(IOperation body, INamedTypeSymbol type, ISymbol? except)
        {
            foreach (var operation in body.Descendants())
            {
                var target = operation switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IIncrementOrDecrementOperation increment => increment.Target,
                    IInvocationOperation invocation when IsOwn(invocation.TargetMethod, invocation.Instance, type) => invocation,
                    _ => null,
                };

                switch (target?.WalkDownConversions())
                {
                    case IInvocationOperation:
                    case IFieldReferenceOperation field when IsOwn(field.Field, field.Instance, type) && !KnownTypes.Is(field.Field, except):
                    case IPropertyReferenceOperation property when IsOwn(property.Property, property.Instance, type):
                        return false;
                }
            }

            return true;
        }

        private static bool IsOwn(ISymbol member, IOperation? instance, INamedTypeSymbol type) =>
            KnownTypes.Is(member.ContainingType?.OriginalDefinition, type.OriginalDefinition)
            && (member.IsStatic || instance?.WalkDownConversions() is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance });
    }
}
