using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The scope of a <c>using</c> whose resource comes from a source helper that takes a thread-affine reader/writer lock
    /// and hands back its release (<c>using (_rwls.WriteLock()) { .. }</c>, <c>using var held = _rwls.ReadLock();</c>,
    /// where <c>WriteLock()</c> calls <c>EnterWriteLock()</c>). Only the thread that entered such a lock may exit it, so
    /// no <c>await</c> belongs inside, as in a <c>lock</c> body. The helper is read from its syntax: a call named
    /// <c>Enter…Lock</c>, <c>TryEnter…Lock</c> or <c>Acquire…Lock</c> in its body, or in what that body calls or creates (a constructor of the
    /// disposable it returns).
    /// </summary>
    internal static class ReaderWriterLockScopes
    {
        public static bool IsInside(IOperation operation)
        {
            var child = operation;
            for (var current = operation.Parent; current != null && !current.IsFunctionBoundary(); child = current, current = current.Parent)
            {
                switch (current)
                {
                    case IUsingOperation { Resources: { } resources } @using when @using.Body == child && TakesLock(resources):
                        return true;

                    case IBlockOperation block:
                        foreach (var statement in block.Operations)
                        {
                            if (statement == child)
                            {
                                break;
                            }

                            if (statement is IUsingDeclarationOperation { DeclarationGroup: var group } && TakesLock(group))
                            {
                                return true;
                            }
                        }

                        break;
                }
            }

            return false;
        }

        // The resource expression or a declaration's initializer: a call of a source method (or a new of a source type)
        // whose body enters a reader/writer lock, itself or in what it calls or creates one step down
        // (ReadLock() => new DisposableReadLock(_rwls), whose constructor calls EnterReadLock()).
        private static bool TakesLock(IOperation resources)
        {
            foreach (var value in resources.DescendantsAndSelf())
            {
                if (SourceCallee(value) is { } callee
                    && Helpers.GetValue(callee, _ => new StrongBox<bool>(EntersLock(callee, value.SemanticModel?.Compilation, depth: 0))).Value)
                {
                    return true;
                }
            }

            return false;
        }

        // The method or constructor a call or a new runs, when it is declared in source.
        private static IMethodSymbol? SourceCallee(IOperation value)
        {
            var callee = value switch
            {
                IInvocationOperation { TargetMethod: var method } => method.OriginalDefinition,
                IObjectCreationOperation { Constructor: { } constructor } => constructor.OriginalDefinition,
                _ => null,
            };
            return callee is { DeclaringSyntaxReferences.IsEmpty: false } ? callee : null;
        }

        // Per helper, once: every scope of the same helper asks again.
        private static readonly ConditionalWeakTable<IMethodSymbol, StrongBox<bool>> Helpers = new ConditionalWeakTable<IMethodSymbol, StrongBox<bool>>();

        private static bool EntersLock(IMethodSymbol callee, Compilation? compilation, int depth)
        {
            foreach (var reference in callee.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax { Expression: var called } && IsLockEntry(NameOf(called)))
                    {
                        return true;
                    }
                }
            }

            if (depth > 0 || compilation is null || SourceBodies.OfMethod(callee, compilation) is not { } body)
            {
                return false;
            }

            foreach (var operation in body.Descendants())
            {
                if (SourceCallee(operation) is { } inner && EntersLock(inner, compilation, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? NameOf(ExpressionSyntax callee) => callee switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax name => name.Identifier.ValueText,
            _ => null,
        };

        private static bool IsLockEntry(string? name) =>
            name is "EnterReadLock" or "EnterWriteLock" or "EnterUpgradeableReadLock"
                or "TryEnterReadLock" or "TryEnterWriteLock" or "TryEnterUpgradeableReadLock"
                or "AcquireReaderLock" or "AcquireWriterLock";
    }
}
