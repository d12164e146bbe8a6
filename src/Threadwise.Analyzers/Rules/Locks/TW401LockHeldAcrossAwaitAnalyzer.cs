using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Locks
{
    /// <summary>
    /// TW401: a thread-affine lock (<c>Monitor.Enter</c>, <c>Mutex.WaitOne</c>, <c>ReaderWriterLockSlim.Enter*Lock</c>,
    /// <c>SpinLock.Enter</c>…) taken on an async path, then an <c>await</c>, then its release: after the await the method
    /// may run on another thread, which does not own the lock.
    /// The walk is in source order within the function: the first await after the acquiring call must come before the
    /// first release of the same lock, and a release must follow it. A lock released before the await is not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW401LockHeldAcrossAwaitAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.LockHeldAcrossAwait,
            title: "Do not hold a thread-affine lock across an await",
            messageFormat: "'{0}' takes a lock that is still held at an await: the code after it may run on another thread, which cannot release the lock; use SemaphoreSlim.WaitAsync",
            category: RuleCategories.Locks,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Monitor, Mutex, ReaderWriterLock(Slim), SpinLock and Lock belong to the thread that took them. An async method usually resumes after an await on another thread: releasing the lock there throws SynchronizationLockException, or the lock is never released and every later caller hangs. Use SemaphoreSlim with WaitAsync and release it in a finally.",
            helpLinkUri: HelpLinks.For(RuleIds.LockHeldAcrossAwait));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                if (types.Monitor is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types)
        {
            var acquire = (IInvocationOperation)context.Operation;
            var family = ThreadAffineLocks.Acquires(acquire, types);
            if (family == LockFamily.None || !AsyncPath.IsOnAsyncPath(acquire, context.ContainingSymbol))
            {
                return;
            }

            var function = AsyncPath.EnclosingFunction(acquire) ?? acquire.Root();
            var lockSymbol = ThreadAffineLocks.LockSymbol(acquire, family);
            var heldFrom = HeldFrom(acquire);

            // Source order within this function (not nested lambdas or local functions): the first await after the
            // lock is taken, and the first release of the same lock after it.
            var firstAwait = int.MaxValue;
            Location? awaitLocation = null;
            var firstRelease = int.MaxValue;
            var lastRelease = -1;
            var stack = new Stack<IOperation>();
            stack.Push(function);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                var start = operation.Syntax.SpanStart;
                if (start >= heldFrom)
                {
                    if (IsAwait(operation) && start < firstAwait)
                    {
                        firstAwait = start;
                        awaitLocation = operation.Syntax.GetLocation();
                    }
                    else if (operation is IInvocationOperation call && ThreadAffineLocks.Releases(call, types) == family
                        && SameLock(lockSymbol, ThreadAffineLocks.LockSymbol(call, family)))
                    {
                        firstRelease = start < firstRelease ? start : firstRelease;
                        lastRelease = start > lastRelease ? start : lastRelease;
                    }
                }

                foreach (var child in operation.ChildOperations)
                {
                    if (!child.IsFunctionBoundary())
                    {
                        stack.Push(child);
                    }
                }
            }

            if (awaitLocation is null || firstAwait > firstRelease || lastRelease < firstAwait)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, acquire.Syntax.GetLocation(), new[] { awaitLocation }, DisplayText.Of(acquire.Syntax)));
        }

        /// <summary>
        /// Where the lock is held from: after the acquiring call; after the <c>if</c>'s then-branch where the call is a
        /// negated condition (<c>if (!Monitor.TryEnter(o)) { await Task.Delay(10); return; }</c> — not taken there).
        /// </summary>
        private static int HeldFrom(IInvocationOperation acquire)
        {
            IOperation current = acquire;
            while (current.Parent is IConversionOperation || current.Parent is IParenthesizedOperation)
            {
                current = current.Parent;
            }

            if (current.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not
                && not.Parent is IConditionalOperation { WhenTrue: { } whenTrue } conditional
                && conditional.Condition == not)
            {
                return whenTrue.Syntax.Span.End;
            }

            return acquire.Syntax.Span.End;
        }

        private static bool IsAwait(IOperation operation) =>
            operation is IAwaitOperation
            || operation is IForEachLoopOperation { IsAsynchronous: true }
            || operation is IUsingOperation { IsAsynchronous: true }
            || operation is IUsingDeclarationOperation { IsAsynchronous: true };

        /// <summary>Unknown on either side: assume the same lock (a release of that family ends the held region).</summary>
        private static bool SameLock(ISymbol? acquired, ISymbol? released) =>
            acquired is null || released is null || KnownTypes.Is(acquired, released);
    }
}
