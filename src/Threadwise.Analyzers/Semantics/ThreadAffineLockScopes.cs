using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Regions where a thread-affine lock (<see cref="ThreadAffineLocks"/>) is held and the compiler still accepts an
    /// <c>await</c>: only the thread that took such a lock may release it, so no <c>await</c> belongs inside, as in a
    /// <c>lock</c> body (the code after it may resume on another thread: <c>SynchronizationLockException</c>). Two shapes:
    /// the <c>try</c> of a <c>try</c>/<c>finally</c> whose <c>finally</c> releases such a lock (<c>_rwls.EnterWriteLock(); try
    /// { .. } finally { _rwls.ExitWriteLock(); }</c>, <c>Monitor.Enter(gate, ref taken)</c> inside the <c>try</c>: the
    /// <c>lock</c> statement written by hand), after the acquire when that is in the <c>try</c> itself; and the scope of a
    /// <c>using</c> whose resource comes from a source helper that takes a reader/writer lock and hands back its release
    /// (<c>using (_rwls.WriteLock()) { .. }</c>, <c>using var held = _rwls.ReadLock();</c>, where <c>WriteLock()</c> calls
    /// <c>EnterWriteLock()</c>). The helper's body is read for a call that takes such a lock
    /// (<see cref="ThreadAffineLocks.Acquires"/>), itself or in what that body calls or creates (a constructor of the
    /// disposable it returns).
    /// </summary>
    internal static class ThreadAffineLockScopes
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

                    case ITryOperation { Finally: { } @finally } @try when @try.Body == child && ReleasesLock(@finally)
                        && !AcquiredAfter(@try.Body, operation):
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

        // A finally that releases a thread-affine lock (ExitWriteLock, Monitor.Exit, SpinLock.Exit, ReleaseMutex, ...).
        private static bool ReleasesLock(IBlockOperation @finally)
        {
            if (@finally.SemanticModel is not { } model)
            {
                return false;
            }

            var types = CompilationContext.For(model.Compilation).Types;
            foreach (var operation in @finally.Descendants())
            {
                if (operation is IInvocationOperation invocation && ThreadAffineLocks.Releases(invocation, types) != LockFamily.None)
                {
                    return true;
                }
            }

            return false;
        }

        // try { File.ReadAllText(p); _rwls.EnterReadLock(); .. }: what runs before the acquire in the try is not held.
        private static bool AcquiredAfter(IOperation tryBody, IOperation operation)
        {
            var types = CompilationContext.For(tryBody.SemanticModel!.Compilation).Types;
            foreach (var descendant in tryBody.Descendants())
            {
                if (descendant is IInvocationOperation invocation && invocation.Syntax.SpanStart >= operation.Syntax.Span.End
                    && !invocation.IsInNestedFunction(tryBody) && ThreadAffineLocks.Acquires(invocation, types) != LockFamily.None)
                {
                    return true;
                }
            }

            return false;
        }

        // The resource expression or a declaration's initializer: a call of a source method (or a new of a source type)
        // whose body enters a reader/writer lock, itself or in what it calls or creates one step down
        // (ReadLock() => new DisposableReadLock(_rwls), whose constructor calls EnterReadLock()).
        private static bool TakesLock(IOperation resources)
        {
            if (resources.SemanticModel?.Compilation is not { } compilation || !SourceNamesReaderWriterLock(compilation))
            {
                return false;
            }

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

        // The names of the calls that take a reader/writer lock (ThreadAffineLocks; the TryEnter… forms contain them).
        private static readonly string[] ReaderWriterAcquireNames =
        {
            "EnterReadLock", "EnterWriteLock", "EnterUpgradeableReadLock", "AcquireReaderLock", "AcquireWriterLock",
        };

        private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> Compilations = new ConditionalWeakTable<Compilation, StrongBox<bool>>();
        private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> Trees = new ConditionalWeakTable<SyntaxTree, StrongBox<bool>>();

        // Whether any source file names a call that takes a reader/writer lock: without one, no helper can take such a lock,
        // and no helper body is bound to look (most compilations). Per tree, so an IDE's next compilation reads only the
        // files that changed.
        private static bool SourceNamesReaderWriterLock(Compilation compilation) =>
            Compilations.GetValue(compilation, c =>
            {
                foreach (var tree in c.SyntaxTrees)
                {
                    if (Trees.GetValue(tree, t => new StrongBox<bool>(NamesReaderWriterLock(t.GetText().ToString()))).Value)
                    {
                        return new StrongBox<bool>(true);
                    }
                }

                return new StrongBox<bool>(false);
            }).Value;

        private static bool NamesReaderWriterLock(string text)
        {
            foreach (var name in ReaderWriterAcquireNames)
            {
                if (text.IndexOf(name, System.StringComparison.Ordinal) >= 0)
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

        // A call in the helper's body that takes a ReaderWriterLockSlim or ReaderWriterLock (ThreadAffineLocks), or, one
        // step down, in a source method or constructor the body calls or creates.
        private static bool EntersLock(IMethodSymbol callee, Compilation? compilation, int depth)
        {
            if (compilation is null || SourceBodies.OfMethodOrConstructor(callee, compilation) is not { } body)
            {
                return false;
            }

            var types = CompilationContext.For(compilation).Types;
            foreach (var operation in body.Descendants())
            {
                if (operation is IInvocationOperation invocation
                    && ThreadAffineLocks.Acquires(invocation, types) is LockFamily.ReaderWriterLockSlim or LockFamily.ReaderWriterLock)
                {
                    return true;
                }

                if (depth == 0 && SourceCallee(operation) is { } inner && EntersLock(inner, compilation, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
