using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Locks
{
    /// <summary>
    /// TW402: a blocking wait on a task, or a synchronous call that has an asynchronous counterpart (the TW102 kind),
    /// while a <c>lock</c> (or <c>Monitor.Enter</c> … <c>Monitor.Exit</c>) is held — in synchronous and async code alike.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW402BlockingInLockAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.BlockingInLock,
            title: "Do not block while holding a lock",
            messageFormat: "'{0}' blocks while the lock on '{1}' is held: every thread that needs the lock waits for it too",
            category: RuleCategories.Locks,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Waiting on a task or on I/O inside a lock stretches the lock over the whole wait: every other thread that needs the lock blocks too, and a task that needs the lock (or the locking thread's synchronization context) to finish deadlocks. Do the I/O outside the lock, or use SemaphoreSlim.WaitAsync and await the asynchronous counterpart.",
            helpLinkUri: HelpLinks.For(RuleIds.BlockingInLock));

        // The same rule for a wait with a timeout: the message says how long the lock may be held. Inline, like Rule, for
        // release tracking.
        internal static readonly DiagnosticDescriptor TimedRule = new DiagnosticDescriptor(
            RuleIds.BlockingInLock,
            title: "Do not block while holding a lock",
            messageFormat: "'{0}' waits up to {1} while the lock on '{2}' is held: every thread that needs the lock waits as long",
            category: RuleCategories.Locks,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Waiting on a task or on I/O inside a lock stretches the lock over the whole wait: every other thread that needs the lock blocks too, and a task that needs the lock (or the locking thread's synchronization context) to finish deadlocks. Do the I/O outside the lock, or use SemaphoreSlim.WaitAsync and await the asynchronous counterpart.",
            helpLinkUri: HelpLinks.For(RuleIds.BlockingInLock));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, TimedRule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.For(start.Compilation);
                var types = shared.Types;
                if (types.Task is null)
                {
                    return;
                }

                var counterparts = shared.Counterparts(start.Options);
                start.RegisterOperationAction(c => Analyze(c, types, counterparts), OperationKind.Invocation, OperationKind.PropertyReference);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, AsyncCounterpart counterparts)
        {
            var operation = context.Operation;
            if (BlockingCalls.IsBlockingWaitOnPendingTask(operation, types, out _))
            {
                if (HeldLocks.LockedObjectAt(operation, types) is { } lockedObject)
                {
                    Report(context, types, operation, DisplayText.Of(operation.Syntax), lockedObject);
                }

                return;
            }

            // Lock first: the counterpart search binds speculatively and should only run where a lock is held. Thread waits
            // (WaitOne, WaitForExit(ms), Join) mostly have no counterpart with the same arguments, and block all the same.
            // One-time initialisation of a field under the lock is exempt for synchronous calls only: every waiter wants
            // the value being built, so holding them is the point of the lock; a wait on a task or a thread there can still
            // deadlock (the task may need the lock), so those stay reported.
            // A lock that exists for the very thing that blocks (the writer it serialises, the handshake it runs, the
            // owner's threads it stops on teardown) holds only threads that need that thing anyway.
            // The blocking call is TW102's kind, with TW102's judgement of local files: in a console, worker or server
            // application a lock held over a local disk's milliseconds holds pool threads no longer than the file takes
            // (BBDown's archive file, Remotely's connection settings), and TW102 does not report the same call outside it.
            if (operation is IInvocationOperation invocation
                && HeldLocks.LockedObjectAt(operation, types) is { } locked
                && (ThreadWaits.IsThreadWait(invocation, types)
                        ? !LockedHandshakes.IsHandshakeWait(invocation, locked)
                            && !OwnThreadTeardown.IsJoinOfOwnThreads(invocation, context.ContainingSymbol, types)
                        : !IsOnLockedObject(invocation, locked)
                            && !LazyInitialization.IsPartOf(invocation)
                            && !FileGates.IsGateOfWrittenFile(invocation, locked, types)
                            && BlockingCalls.IsBlockingCall(invocation, context.ContainingSymbol, types, counterparts, out _)
                            && !LockedWriters.IsWriterTheLockSerializes(invocation, locked, types)
                            && !LocalFiles.IsUnreportedLocalFileCallInApp(invocation, types, context.Options)))
            {
                Report(context, types, operation, DisplayText.Member(AsyncCounterpart.ReceiverType(invocation), invocation.TargetMethod), locked);
            }
        }

        /// <summary>
        /// <c>lock (writer) { writer.Write(..); writer.Flush(); }</c>: the lock exists to serialize that very object (a
        /// writer or stream that is not thread-safe); its callers would wait for the object anyway. Only the same variable,
        /// field or property (on the same instance) counts, or a local copy of that field (<c>_writer is { } w</c>: the
        /// lock on one copy and the write through another); <c>lock (_gate) stream.Write(..)</c> stays reported.
        /// </summary>
        private static bool IsOnLockedObject(IInvocationOperation invocation, IOperation lockedObject) =>
            invocation.Instance is { } receiver && StoragePaths.SameStorage(receiver, lockedObject);

        private static void Report(OperationAnalysisContext context, KnownTypes types, IOperation operation, string display, IOperation lockedObject)
        {
            // "//Will never block": the maintainer checked that the resource is free (DotPulsar's AsyncLock).
            if (PeerSuppressions.IsMarkedNonBlocking(operation.Syntax, context.Options))
            {
                return;
            }

            var timeout = operation is IInvocationOperation invocation ? ThreadWaits.Timeout(invocation, types) : null;
            context.ReportDiagnostic(timeout is null
                ? Diagnostic.Create(Rule, operation.Syntax.GetLocation(), display, DisplayText.Of(lockedObject.Syntax))
                : Diagnostic.Create(TimedRule, operation.Syntax.GetLocation(), display, TimeoutText(timeout), DisplayText.Of(lockedObject.Syntax)));
        }

        // '5000' ms, 'timeout'
        private static string TimeoutText(IArgumentOperation timeout) =>
            "'" + DisplayText.Of(timeout.Value.Syntax) + "'" + (timeout.Parameter?.Type.SpecialType == SpecialType.System_Int32 ? " ms" : string.Empty);
    }
}
