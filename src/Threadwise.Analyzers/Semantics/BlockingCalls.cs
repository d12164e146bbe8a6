using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Layer 6 of the task semantics (the top; depends on <see cref="BlockingWaits"/> and <see cref="TaskFacts"/> below it):
    /// the one definition of "blocking" that every rule shares: blocking waits on pending tasks, and the synchronous calls
    /// that are exempt from the async-counterpart rule because they do no real I/O.
    /// </summary>
    internal static class BlockingCalls
    {
        /// <summary>
        /// Calls that have an async twin but no real I/O or blocking to avoid: in-memory streams, readers and writers (as
        /// the receiver, or as every stream argument of a static call, of a hash object or of a serializer's
        /// <c>Serialize</c>/<c>Deserialize</c>: <c>SHA256.HashData(memory)</c>, <c>md5.ComputeHash(memory)</c>,
        /// <c>serializer.Serialize(memory, value)</c>; the console's or an in-memory writer as an extension's receiver: <c>Out.WriteDictionary(..)</c>),
        /// the console, polling waits, column getters of a buffered <c>DbDataReader</c> row, kernel pseudo-files (<see cref="PseudoFiles"/>),
        /// <c>CancellationTokenSource.Cancel</c>, completing a <c>TaskCompletionSource</c>, <c>IServiceProvider.CreateScope</c>,
        /// serializing a value to bytes or a string in memory and back (<see cref="InMemorySerialization"/>).
        /// </summary>
        public static bool IsExemptFromCounterpartRule(IInvocationOperation invocation, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            var containingType = method.ContainingType;
            // Cancelling a token or completing a task source runs callbacks and continuations, but waits for nothing:
            // an "async" twin of either (CancelAsync, a TrySetResultAsync extension) only moves them to another thread.
            if (types.IsConsole(containingType)
                || KnownTypes.Is(containingType, types.CancellationTokenSource)
                || types.IsTaskCompletionSource(containingType)
                || KnownTypes.Is(containingType, types.ServiceProviderServiceExtensions) && method.Name == "CreateScope"
                || InMemorySerialization.IsInMemorySerialization(method, types))
            {
                return true;
            }

            if (KnownTypes.Is(containingType, types.Thread) && method.Name == "Sleep")
            {
                // Thread.Sleep(0) yields the time slice; it does not wait.
                return BlockingWaits.HasZeroTimeout(invocation, types);
            }

            if (KnownTypes.Is(containingType, types.SemaphoreSlim) && method.Name == "Wait")
            {
                return BlockingWaits.HasZeroTimeout(invocation, types) || SyncMutexes.IsSyncMutexWait(invocation, types);
            }

            // using (_lock.Lock()) { .. } of an async lock that no holder keeps across an await: as short as a lock statement.
            if (method.Name == "Lock" && ShortLockHolds.IsShortHoldLock(invocation))
            {
                return true;
            }

            // File.WriteAllText($"/proc/{pid}/oom_score_adj", ..): the kernel answers from memory, no device I/O.
            if (PseudoFiles.IsPseudoFileAccess(invocation, types))
            {
                return true;
            }

            var receiver = invocation.Instance;
            if (receiver is null)
            {
                // SHA256.HashData(memory), JsonSerializer.Deserialize<T>(memory): a library's static call that reads or
                // writes only in-memory streams does no I/O. A source method may do other I/O with its other arguments.
                // Out.WriteDictionary(result): an extension on the console's writer (or an in-memory one) reads or
                // writes only that, even when declared in source (git-credential-manager's helper-protocol output).
                if (method.IsExtensionMethod && method.Parameters.Length > 0 && types.IsStreamReaderOrWriter(method.Parameters[0].Type))
                {
                    return OnlyMemoryOrConsoleStreamArguments(invocation, types);
                }

                return method.DeclaringSyntaxReferences.IsEmpty && OnlyInMemoryStreamArguments(invocation, types);
            }

            // md5.ComputeHash(memory): a hash object does no I/O of its own; it reads only the stream it is given.
            if (KnownTypes.InheritsFrom(receiver.Type, types.HashAlgorithm))
            {
                return method.DeclaringSyntaxReferences.IsEmpty && OnlyInMemoryStreamArguments(invocation, types);
            }

            // serializer.Serialize(memory, value): a serializer turns a value into the stream's bytes and back; with every
            // stream argument in memory there is nothing to wait for (couchbase's ITypeSerializer over a MemoryStream).
            if (method.Name is "Serialize" or "Deserialize" && OnlyInMemoryStreamArguments(invocation, types))
            {
                return true;
            }

            if (KnownTypes.InheritsFrom(receiver.Type, types.DbDataReader))
            {
                // Only moving to the next row or result set does I/O; the current row is buffered. Dispose/Close are
                // judged as disposals (IsDisposalWithoutIO): they read the rows left unread.
                return DataReaders.IsBufferedRowMember(method.Name);
            }

            return InMemory.IsInMemory(receiver, types) || StandardStreams.IsStandardStream(receiver, types);
        }

        /// <summary>
        /// A blocking wait (<see cref="BlockingWaits.TryGetBlockingWait"/>) on at least one task that is not known to be completed
        /// (<see cref="TaskFacts"/>): what TW101 reports on an async path and what TW104 treats as a blocking leaf.
        /// </summary>
        public static bool IsBlockingWaitOnPendingTask(IOperation operation, KnownTypes types, out BlockingWait wait)
        {
            if (!BlockingWaits.TryGetBlockingWait(operation, types, out wait) || SyncAsyncBranches.IsSyncArmWait(wait, types))
            {
                return false;
            }

            foreach (var task in wait.Tasks)
            {
                if (!TaskFacts.IsKnownCompleted(task, types))
                {
                    return true;
                }
            }

            return wait.Tasks.IsEmpty;
        }

        /// <summary>
        /// A synchronous call that blocks where an awaitable counterpart exists, judged as if it stood on an async path:
        /// not a blocking wait (that is <see cref="IsBlockingWaitOnPendingTask"/>), not exempt (<see cref="IsExemptFromCounterpartRule"/>),
        /// not a disposal that does no I/O, an <see cref="AsyncCounterpart"/> that binds, and not the sync arm of a
        /// dual sync/async branch, not a hook whose awaited counterpart the same function also calls (<see cref="DualHooks"/>), and not a call that only enqueues its work (<see cref="FireAndForget"/>). What TW102 reports on an async path and what TW104 treats as a blocking leaf.
        /// Whether the call stands on an async path is the caller's question; ask it first, this one binds speculatively.
        /// </summary>
        /// <param name="containingSymbol">The member whose body holds the call (the overload-chain exemption needs it).</param>
        public static bool IsBlockingCall(
            IInvocationOperation invocation,
            ISymbol containingSymbol,
            KnownTypes types,
            AsyncCounterpart counterparts,
            out Counterpart? counterpart)
        {
            counterpart = null;
            if (!counterparts.MightFind(invocation, containingSymbol)
                || BlockingWaits.TryGetBlockingWait(invocation, types, out _)
                || IsExemptFromCounterpartRule(invocation, types)
                || FireAndForget.OnlyEnqueues(invocation)
                || IsDisposalWithoutIO(invocation, containingSymbol, types))
            {
                return false;
            }

            counterpart = counterparts.FindWhereMight(invocation, containingSymbol);
            if (counterpart is null || SyncAsyncBranches.IsSyncArmOfAsyncBranch(invocation, counterpart.Method.Name)
                || DualHooks.IsPairedWithAwaitedCounterpart(invocation, counterpart.Method, types)
                || IsSourceMethodThatCannotBlock(invocation, types)
                || invocation.SemanticModel?.Compilation is { } compilation && MutexOnlyTwins.AwaitsOnlyAMutex(counterpart.Method, compilation, types))
            {
                counterpart = null;
                return false;
            }

            return true;
        }

        /// <summary>
        /// A method in source that only reads or updates in-memory collections (<see cref="InMemoryLookups"/>) does not
        /// block, whatever its <c>…Async</c> sibling does: puppeteer-sharp's <c>GetFrame(id)</c> is a dictionary lookup, its
        /// <c>GetFrameAsync(id)</c> waits for the frame to appear. Only where the body run is known (not through virtual
        /// dispatch, see <see cref="CallSummaries.FollowedTarget"/>). Asked last: only calls with a counterpart get here.
        /// </summary>
        private static bool IsSourceMethodThatCannotBlock(IInvocationOperation invocation, KnownTypes types) =>
            invocation.SemanticModel?.Compilation is { } compilation
            && CallSummaries.FollowedTarget(invocation, types) is { } target
            && CompilationContext.For(compilation).InMemoryLookups.IsLookup(target);

        /// <summary>
        /// A call that runs in synchronous mode because a constant argument selects it (<c>SendAsync(p, IOBehavior.Synchronous)</c>,
        /// <c>ReadAsync(async: false)</c>) and does work in that mode (<see cref="SyncModeCalls.DoesWorkInSyncMode"/>): the task
        /// it returns is complete, but the call itself did blocking I/O. Not in the synchronous arm of a dual branch.
        /// What TW102 reports on an async path (pass the asynchronous mode) and what TW104 treats as a blocking leaf.
        /// </summary>
        public static bool IsSyncModeCall(IInvocationOperation invocation, KnownTypes types, AsyncCounterpart counterparts, out IArgumentOperation? modeArgument)
        {
            modeArgument = null;
            if (!types.IsAwaitable(invocation.Type) && !types.IsTaskLike(invocation.Type)
                || SyncMode.SynchronousModeArgument(invocation) is not { Parameter: { } parameter } argument
                || DualPath.IsInSyncArm(invocation)
                || !SyncModeCalls.DoesWorkInSyncMode(invocation, parameter, types, counterparts))
            {
                return false;
            }

            modeArgument = argument;
            return true;
        }

        /// <summary>
        /// <c>Dispose()</c>/<c>Close()</c> go through the same judgement as <c>using</c>: blocking only where disposal does I/O;
        /// never inside <c>DisposeAsync</c> itself, nor on a file stream the receiver just constructed (<c>new FileStream(path, FileMode.Create).Dispose()</c>).
        /// </summary>
        public static bool IsDisposalWithoutIO(IInvocationOperation invocation, ISymbol containingSymbol, KnownTypes types)
        {
            var name = invocation.TargetMethod.Name;
            if (name != "Dispose" && name != "Close")
            {
                return false;
            }

            return containingSymbol.Name == "DisposeAsync"
                || invocation.Instance is null
                || !AsyncDisposal.DisposalDoesIO(invocation.Instance, types)
                || FlushedBeforeDispose.IsDisposeOfJustOpenedFile(invocation, types);
        }

        /// <summary>At least one stream, reader or writer argument, and every one of them over memory (<see cref="InMemory"/>).</summary>
        private static bool OnlyInMemoryStreamArguments(IInvocationOperation invocation, KnownTypes types) =>
            OnlyStreamArguments(invocation, types, consoleToo: false);

        private static bool OnlyMemoryOrConsoleStreamArguments(IInvocationOperation invocation, KnownTypes types) =>
            OnlyStreamArguments(invocation, types, consoleToo: true);

        // At least one stream, reader or writer argument, and every one of them in memory (or the console's).
        private static bool OnlyStreamArguments(IInvocationOperation invocation, KnownTypes types, bool consoleToo)
        {
            var any = false;
            foreach (var argument in invocation.Arguments)
            {
                if (types.IsStreamReaderOrWriter(argument.Parameter?.Type))
                {
                    if (!InMemory.IsInMemory(argument.Value, types) && !(consoleToo && StandardStreams.IsStandardStream(argument.Value, types)))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }
    }
}
