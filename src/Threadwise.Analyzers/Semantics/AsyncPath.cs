using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Answers "is this code on an async path?": it runs as part of an async method, async lambda, async local function
    /// or top-level statements that await. The body of a non-async lambda or local function nested inside is NOT on the
    /// async path: it runs wherever its delegate is invoked (<c>Task.Run(() => Thread.Sleep(10))</c> is the right pattern).
    /// </summary>
    internal static class AsyncPath
    {
        /// <param name="operation">Any operation inside a member body.</param>
        /// <param name="containingSymbol">The member that owns the operation block (OperationAnalysisContext.ContainingSymbol).</param>
        public static bool IsOnAsyncPath(IOperation operation, ISymbol containingSymbol)
        {
            var function = EnclosingFunction(operation);
            if (function is IAnonymousFunctionOperation lambda)
            {
                return lambda.Symbol.IsAsync;
            }

            if (function is ILocalFunctionOperation localFunction)
            {
                return localFunction.Symbol.IsAsync;
            }

            // The synthesized entry point of top-level statements is async exactly when the statements await.
            return containingSymbol is IMethodSymbol { IsAsync: true };
        }

        /// <summary>
        /// Whether an <c>await</c> may be written at this point of an async path: not inside a <c>lock</c> body, an
        /// <c>unsafe</c> block, a catch filter or a query clause, where the compiler rejects it. Nor where a thread-affine lock
        /// is held by hand (<c>_lock.EnterWriteLock(); try { .. } finally { _lock.ExitWriteLock(); }</c>, or the scope of a
        /// <c>using (_lock.ReadLock())</c> over <c>EnterReadLock</c>, <see cref="ThreadAffineLockScopes"/>): the compiler
        /// accepts an await there, but the code after it may resume on another thread, which cannot release the lock.
        /// </summary>
        public static bool CanAwaitAt(IOperation operation) => CanAwaitAt(operation.Syntax) && !ThreadAffineLockScopes.IsInside(operation);

        /// <summary>The compiler's part of <see cref="CanAwaitAt(IOperation)"/>, from syntax alone.</summary>
        public static bool CanAwaitAt(SyntaxNode node)
        {
            for (var current = node.Parent; current != null && !IsFunction(current); current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax @lock when @lock.Statement.Span.Contains(node.Span):
                    case UnsafeStatementSyntax:
                    case CatchFilterClauseSyntax:
                    case QueryExpressionSyntax:
                        return false;
                }
            }

            return true;
        }

        /// <summary>
        /// An <c>await</c>, <c>await foreach</c> or <c>await using</c> written in <paramref name="body"/> itself, not in a lambda or
        /// local function inside it.
        /// </summary>
        public static bool Awaits(SyntaxNode body)
        {
            foreach (var node in body.DescendantNodesAndSelf(n => n == body || n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
            {
                if (IsAwait(node))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An <c>await</c> expression, an <c>await foreach</c>, or an <c>await using</c> statement or declaration.</summary>
        public static bool IsAwait(SyntaxNode node) =>
            node is AwaitExpressionSyntax
            || node is CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
            || node is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
            || node is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword };

        /// <summary>A body of its own (lambda, local function, member, top-level statements): await rules start afresh there.</summary>
        public static bool IsFunction(SyntaxNode node) =>
            node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax || node is BaseMethodDeclarationSyntax
            || node is AccessorDeclarationSyntax || node is BasePropertyDeclarationSyntax || node is BaseFieldDeclarationSyntax
            || node is CompilationUnitSyntax;

        /// <summary>The innermost lambda or local function containing the operation, or null for the member body itself.</summary>
        public static IOperation? EnclosingFunction(IOperation operation)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current.IsFunctionBoundary())
                {
                    return current;
                }
            }

            return null;
        }
    }
}
