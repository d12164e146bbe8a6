using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    internal enum BlockingWaitKind
    {
        /// <summary><c>task.Result</c> (Task&lt;T&gt; or ValueTask&lt;T&gt;).</summary>
        Result,

        /// <summary><c>task.Wait(...)</c>.</summary>
        Wait,

        /// <summary><c>task.GetAwaiter().GetResult()</c>, also through <c>ConfigureAwait</c>.</summary>
        GetResult,

        /// <summary><c>Task.WaitAll(...)</c>.</summary>
        WaitAll,

        /// <summary><c>Task.WaitAny(...)</c>.</summary>
        WaitAny,
    }

    /// <summary>A blocking wait found by <see cref="BlockingWaits.TryGetBlockingWait"/>.</summary>
    internal readonly struct BlockingWait
    {
        public BlockingWait(BlockingWaitKind kind, IOperation operation, ImmutableArray<IOperation> tasks)
        {
            Kind = kind;
            Operation = operation;
            Tasks = tasks;
        }

        public BlockingWaitKind Kind { get; }

        /// <summary>The whole wait: the property reference or the invocation. Diagnostics go on its syntax.</summary>
        public IOperation Operation { get; }

        /// <summary>
        /// The tasks waited on: one for Result/Wait/GetResult (the task itself, under any ConfigureAwait);
        /// the elements for WaitAll/WaitAny when they are written out, or the single collection argument otherwise.
        /// </summary>
        public ImmutableArray<IOperation> Tasks { get; }
    }
}
