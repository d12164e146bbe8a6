using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Calls of a library's sync-over-async adapter (<see cref="WaitHelpers.IsAdapterOverParameters"/>) that hand it async
    /// work: <c>SafeAwaiter.Run(() =&gt; ExecuteAsync(ct))</c> is the <c>Task.Run(() =&gt; ExecuteAsync(ct)).Result</c>
    /// workaround written through a helper, so the call is the blocking wait, reported where the async work is chosen
    /// rather than inside the adapter. One instance per compilation: what each source method is, is cached.
    /// </summary>
    internal sealed class SyncAdapterCalls
    {
        private readonly KnownTypes _types;
        private readonly ConcurrentDictionary<IMethodSymbol, Adapter?> _adapters = new ConcurrentDictionary<IMethodSymbol, Adapter?>(SymbolEqualityComparer.Default);

        public SyncAdapterCalls(KnownTypes types) => _types = types;

        /// <summary>
        /// <paramref name="operation"/> calls a source adapter and passes a lambda or method group for the delegate the
        /// adapter runs; <paramref name="wait"/> is then the call, waiting (as the adapter does) on that work.
        /// </summary>
        public bool IsAdapterCall(IOperation operation, out BlockingWait wait)
        {
            wait = default;
            if (operation is not IInvocationOperation { TargetMethod: var target } call
                || target.MethodKind != MethodKind.Ordinary
                || !HasAsyncWorkArgument(call)
                || target.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty
                || call.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            var method = target.OriginalDefinition;
            if (_adapters.GetOrAdd(method, m => Read(m, compilation)) is not { } adapter)
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.OriginalDefinition is { } parameter
                    && SymbolEqualityComparer.Default.Equals(parameter, adapter.Work)
                    && argument.Value.WalkDownConversions() is IDelegateCreationOperation work)
                {
                    wait = new BlockingWait(adapter.Kind, call, ImmutableArray.Create(TaskOf(work)));
                    return true;
                }
            }

            return false;
        }

        // () => DisposeAsync().AsTask(): the task the lambda returns, so that the checks of the wait see what is waited on.
        private static IOperation TaskOf(IDelegateCreationOperation work) =>
            work.Target is IAnonymousFunctionOperation { Symbol.IsAsync: false } lambda && lambda.OnlyExpression() is { } returned
                ? returned
                : work;

        // Cheap first: a lambda or method group of a delegate type that returns a task.
        private bool HasAsyncWorkArgument(IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Value.WalkDownConversions() is IDelegateCreationOperation { Type: { } type } && WaitHelpers.ReturnsAwaitable(type, _types))
                {
                    return true;
                }
            }

            return false;
        }

        private Adapter? Read(IMethodSymbol method, Compilation compilation)
        {
            if (SourceBodies.OfMethod(method, compilation) is not { } body)
            {
                return null;
            }

            foreach (var operation in body.Descendants())
            {
                if (BlockingWaits.TryGetBlockingWait(operation, _types, out var wait)
                    && WaitHelpers.AdapterWork(wait, method, _types) is { } work)
                {
                    return new Adapter(wait.Kind, work);
                }
            }

            return null;
        }

        private sealed class Adapter
        {
            public Adapter(BlockingWaitKind kind, IParameterSymbol work)
            {
                Kind = kind;
                Work = work;
            }

            public BlockingWaitKind Kind { get; }

            /// <summary>The delegate parameter whose task the adapter waits on.</summary>
            public IParameterSymbol Work { get; }
        }
    }
}
