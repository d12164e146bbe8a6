using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The one definition of "blocking" that every rule shares: blocking waits on tasks, and the synchronous calls
    /// that are exempt from the async-counterpart rule because they do no real I/O.
    /// </summary>
    internal static class Blocking
    {
        /// <summary>
        /// Recognises <c>t.Result</c>, <c>t.Wait(..)</c>, <c>t.GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c> and
        /// <c>Task.WaitAny</c> on Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt;. A wait with a zero timeout
        /// only polls, so it is not blocking.
        /// </summary>
        public static bool TryGetBlockingWait(IOperation operation, KnownTypes types, out BlockingWait wait)
        {
            return TryGetBlockingWaitOperation(operation, types, out wait) && !IsNeverExecuted(operation);
        }

        /// <summary>
        /// Code that is never run: the argument of <c>nameof</c>, and the body of a lambda converted to an expression tree
        /// (<c>Expression&lt;Func&lt;int&gt;&gt; e = () =&gt; t.Result</c>: a query provider or a mocking library reads it).
        /// </summary>
        private static bool IsNeverExecuted(IOperation operation)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is INameOfOperation)
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation { Parent: { } parent } && IsExpressionTree(parent.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsExpressionTree(ITypeSymbol? type)
        {
            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                if (current.Name == "LambdaExpression" && current.ContainingNamespace?.Name == "Expressions")
                {
                    return true;
                }
            }

            return false;
        }

        private static bool TryGetBlockingWaitOperation(IOperation operation, KnownTypes types, out BlockingWait wait)
        {
            wait = default;
            switch (operation)
            {
                case IPropertyReferenceOperation { Instance: { } instance } property
                    when property.Property.Name == "Result" && types.IsTaskLike(property.Property.ContainingType):
                    wait = new BlockingWait(BlockingWaitKind.Result, operation, ImmutableArray.Create(instance));
                    return true;

                case IInvocationOperation invocation:
                    return TryGetBlockingWaitInvocation(invocation, types, out wait);

                default:
                    return false;
            }
        }

        private static bool TryGetBlockingWaitInvocation(IInvocationOperation invocation, KnownTypes types, out BlockingWait wait)
        {
            wait = default;
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Wait" when invocation.Instance is { } instance && types.IsTaskLike(method.ContainingType):
                    if (HasZeroTimeout(invocation, types))
                    {
                        return false;
                    }

                    wait = new BlockingWait(BlockingWaitKind.Wait, invocation, ImmutableArray.Create(instance));
                    return true;

                case "GetResult" when invocation.Instance?.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter
                    && getAwaiter.Instance is { } awaited
                    && (types.IsTaskLike(getAwaiter.TargetMethod.ContainingType) || types.IsConfiguredAwaitable(getAwaiter.TargetMethod.ContainingType)):
                    wait = new BlockingWait(BlockingWaitKind.GetResult, invocation, ImmutableArray.Create(StripConfigureAwait(awaited, types)));
                    return true;

                case "WaitAll" when method.IsStatic && KnownTypes.Is(method.ContainingType, types.Task):
                case "WaitAny" when method.IsStatic && KnownTypes.Is(method.ContainingType, types.Task):
                    if (HasZeroTimeout(invocation, types))
                    {
                        return false;
                    }

                    var kind = method.Name == "WaitAll" ? BlockingWaitKind.WaitAll : BlockingWaitKind.WaitAny;
                    wait = new BlockingWait(kind, invocation, TaskArguments(invocation, types));
                    return true;

                default:
                    return false;
            }
        }

        /// <summary><c>t.ConfigureAwait(x)</c> → <c>t</c>: the task whose completion is being waited for.</summary>
        public static IOperation StripConfigureAwait(IOperation operation, KnownTypes types)
        {
            var unwrapped = operation.WalkDownConversions();
            if (unwrapped is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } task } configure
                && types.IsTaskLike(configure.TargetMethod.ContainingType))
            {
                return task;
            }

            return operation;
        }

        /// <summary>
        /// The task operands of WaitAll/WaitAny/WhenAll/WhenAny: each element of a <c>params</c> array, array creation
        /// or collection expression; otherwise the collection argument itself.
        /// </summary>
        public static ImmutableArray<IOperation> TaskArguments(IInvocationOperation invocation, KnownTypes types)
        {
            var builder = ImmutableArray.CreateBuilder<IOperation>();
            foreach (var argument in invocation.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (KnownTypes.Is(type, types.CancellationToken) || type?.SpecialType == SpecialType.System_Int32 || KnownTypes.Is(type, types.TimeSpan))
                {
                    continue;
                }

                var value = argument.Value.WalkDownConversions();
                var elements = CollectionElements(value);
                if (elements.IsDefault)
                {
                    builder.Add(value);
                }
                else
                {
                    foreach (var element in elements)
                    {
                        builder.Add(element.WalkDownConversions());
                    }
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>The elements of an array creation, collection expression or collection initializer; default otherwise.</summary>
        public static ImmutableArray<IOperation> CollectionElements(IOperation collection)
        {
            switch (collection.WalkDownConversions())
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    return initializer.ElementValues;
                case ICollectionExpressionOperation expression:
                    return expression.Elements;
                case IObjectCreationOperation { Initializer: { } initializer }:
                    var builder = ImmutableArray.CreateBuilder<IOperation>();
                    foreach (var add in initializer.Initializers)
                    {
                        if (add is IInvocationOperation { Arguments.Length: 1 } addCall)
                        {
                            builder.Add(addCall.Arguments[0].Value);
                        }
                    }

                    return builder.ToImmutable();
                default:
                    return default;
            }
        }

        /// <summary>A timeout argument (an <c>int</c> of milliseconds or a <c>TimeSpan</c>): the wait may end before the task does.</summary>
        public static bool HasTimeout(IInvocationOperation invocation, KnownTypes types)
        {
            foreach (var argument in invocation.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (argument.ArgumentKind != ArgumentKind.DefaultValue
                    && (type?.SpecialType == SpecialType.System_Int32 || KnownTypes.Is(type, types.TimeSpan)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A timeout argument of constant 0 or <c>TimeSpan.Zero</c>: the call polls and returns at once.</summary>
        public static bool HasZeroTimeout(IInvocationOperation invocation, KnownTypes types)
        {
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value.WalkDownConversions();
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_Int32
                    && value.ConstantValue is { HasValue: true, Value: 0 })
                {
                    return true;
                }

                if (KnownTypes.Is(argument.Parameter?.Type, types.TimeSpan)
                    && value is IFieldReferenceOperation { Field.Name: "Zero" } field
                    && KnownTypes.Is(field.Field.ContainingType, types.TimeSpan))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Calls that have an async twin but no real I/O or blocking to avoid: in-memory streams, readers and writers (as
        /// the receiver, or as every stream argument of a static call: <c>SHA256.HashData(memory)</c>),
        /// the console, polling waits, column getters of a buffered <c>DbDataReader</c> row, kernel pseudo-files (<see cref="PseudoFiles"/>),
        /// <c>CancellationTokenSource.Cancel</c>, <c>IServiceProvider.CreateScope</c>.
        /// </summary>
        public static bool IsExemptFromCounterpartRule(IInvocationOperation invocation, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            var containingType = method.ContainingType;
            if (KnownTypes.Is(containingType, types.Console)
                || KnownTypes.Is(containingType, types.CancellationTokenSource)
                || KnownTypes.Is(containingType, types.ServiceProviderServiceExtensions) && method.Name == "CreateScope")
            {
                return true;
            }

            if (KnownTypes.Is(containingType, types.Thread) && method.Name == "Sleep")
            {
                // Thread.Sleep(0) yields the time slice; it does not wait.
                return HasZeroTimeout(invocation, types);
            }

            if (KnownTypes.Is(containingType, types.SemaphoreSlim) && method.Name == "Wait")
            {
                return HasZeroTimeout(invocation, types) || SyncMutexes.IsSyncMutexWait(invocation, types);
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
                return method.DeclaringSyntaxReferences.IsEmpty && OnlyInMemoryStreamArguments(invocation, types);
            }

            if (KnownTypes.InheritsFrom(receiver.Type, types.DbDataReader))
            {
                // Only moving to the next row or result set does I/O; the current row is buffered. Dispose/Close are
                // judged as disposals (IsDisposalWithoutIO): they read the rows left unread.
                return DataReaders.IsBufferedRowMember(method.Name);
            }

            return InMemory.IsInMemory(receiver, types) || IsConsoleStream(receiver, types);
        }

        /// <summary>
        /// A blocking wait (<see cref="TryGetBlockingWait"/>) on at least one task that is not known to be completed
        /// (<see cref="TaskFacts"/>): what TW101 reports on an async path and what TW104 treats as a blocking leaf.
        /// </summary>
        public static bool IsBlockingWaitOnPendingTask(IOperation operation, KnownTypes types, out BlockingWait wait)
        {
            if (!TryGetBlockingWait(operation, types, out wait) || SyncAsyncBranches.IsSyncArmWait(wait, types))
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
        /// dual sync/async branch, and not a call that only enqueues its work (<see cref="FireAndForget"/>). What TW102 reports on an async path and what TW104 treats as a blocking leaf.
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
            if (TryGetBlockingWait(invocation, types, out _)
                || IsExemptFromCounterpartRule(invocation, types)
                || FireAndForget.OnlyEnqueues(invocation)
                || IsDisposalWithoutIO(invocation, containingSymbol, types))
            {
                return false;
            }

            counterpart = counterparts.Find(invocation, containingSymbol);
            if (counterpart is null || SyncAsyncBranches.IsSyncArmOfAsyncBranch(invocation, counterpart.Method.Name))
            {
                counterpart = null;
                return false;
            }

            return true;
        }

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
        private static bool OnlyInMemoryStreamArguments(IInvocationOperation invocation, KnownTypes types)
        {
            var any = false;
            foreach (var argument in invocation.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (KnownTypes.InheritsFrom(type, types.Stream) || KnownTypes.InheritsFrom(type, types.TextReader)
                    || KnownTypes.InheritsFrom(type, types.TextWriter))
                {
                    if (!InMemory.IsInMemory(argument.Value, types))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        // Console.Out.WriteLine(...) and friends.
        private static bool IsConsoleStream(IOperation receiver, KnownTypes types) =>
            receiver.WalkDownConversions() is IPropertyReferenceOperation property
            && KnownTypes.Is(property.Property.ContainingType, types.Console);
    }
}
