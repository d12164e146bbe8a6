using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Disposal members that wait on async work: <c>Dispose()</c>, <c>Dispose(bool)</c>, <c>Close()</c> and disposal
    /// helpers named <c>…Dispose()</c>. <c>Dispose</c> cannot be awaited by a <c>using</c> that is not <c>await using</c>,
    /// so the wait is the only way to honour the contract when: the type is also <c>IAsyncDisposable</c> (async callers
    /// have <c>DisposeAsync</c>), or the compilation has no <c>IAsyncDisposable</c> at all (no type can offer it); the
    /// member is <c>Dispose(bool)</c> or an override (the disposal contract is inherited); or what it waits on is an async disposal itself (<c>DisposeAsync</c>). The wait must be on an <c>…Async</c> call,
    /// or, in an <c>IAsyncDisposable</c> type, on a call its own <c>DisposeAsync</c> awaits (<c>Clear().Wait()</c> beside
    /// <c>await Clear()</c>),
    /// directly, through <c>ConfigureAwait</c>/<c>AsTask</c>, a local, or a <c>Task.Run</c> lambda that makes one. Also a
    /// <c>Dispose</c> that cancels a token source of its own and then waits for a task of its own
    /// (<c>_cts.Cancel(); _cleanupTask.GetAwaiter().GetResult();</c>): the join of the type's background loop, just told to
    /// stop, as <c>Thread.Join</c> of its own threads is (<see cref="OwnThreadTeardown"/>). Its own: fields of this object
    /// (declared in its type or a base type) and the elements of a list field it loops over; the cancel may be made by a
    /// method of this object it calls first (<c>if (!SignalDispose()) return;</c>). Outside UI apps, <c>Dispose()</c> and
    /// <c>Dispose(bool)</c> are bridges whatever they wait on; a <c>Close()</c> or a <c>…Dispose()</c> helper of a plain
    /// <c>IDisposable</c> type over <c>CloseAsync</c>, or over a stored task it did not cancel, is still reported, and so is
    /// any of them in a UI app beyond the shapes above.
    /// </summary>
    internal static class DisposalBridges
    {
        public static bool IsDisposalMember(IMethodSymbol method)
        {
            if (!method.ReturnsVoid || method.IsAsync)
            {
                return false;
            }

            var name = SyncContractBridges.SyncName(method);
            if (name == "Dispose" && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean)
            {
                return true;
            }

            return method.Parameters.Length == 0
                && (name == "Close" || name.EndsWith("Dispose", System.StringComparison.Ordinal));
        }

        public static bool IsBridge(BlockingWait wait, IMethodSymbol method, INamedTypeSymbol type, KnownTypes types, HostKind host)
        {
            // Dispose() and Dispose(bool) themselves, outside UI apps, whatever they wait on: a using or a container calls
            // them and cannot await, so the way out is IAsyncDisposable, a change to the type no fix at the wait can make.
            // On twenty such waits in the corpus (DisconnectAudioAsync, StopAsync, a sign-out request, a cleanup task)
            // not one was worth changing. A UI app's Dispose runs on the UI thread, where the wait can deadlock.
            if (host != HostKind.UserInterface && host != HostKind.Browser && SyncContractBridges.SyncName(method) == "Dispose")
            {
                return true;
            }

            // Without IAsyncDisposable in the compilation (netstandard2.0, net472 without Microsoft.Bcl.AsyncInterfaces) no
            // type can offer async disposal: Dispose is the only contract a caller has.
            var inheritedContract = method.IsOverride || method.Parameters.Length == 1
                || types.IAsyncDisposable is null || KnownTypes.Implements(type, types.IAsyncDisposable);
            var wanted = inheritedContract ? AnyAsyncName : DisposalName;
            if (KnownTypes.Implements(type, types.IAsyncDisposable) && NamesAwaitedByDisposeAsync(type, types) is { Count: > 0 } awaited)
            {
                wanted = name => AnyAsyncName(name) || awaited.Contains(name);
            }

            foreach (var task in wait.Tasks)
            {
                if (AsyncCalls.WaitsOnCall(task, types, wanted))
                {
                    return true;
                }
            }

            return SyncContractBridges.SyncName(method).EndsWith("Dispose", System.StringComparison.Ordinal) && JoinsOwnLoop(wait, type, types);
        }

        /// <summary>
        /// The wait joins a task of this object's after a <c>Cancel()</c> of a token source of its own: the join of the
        /// type's background loop, just told to stop (<c>_cts.Cancel(); _worker.Wait(timeout);</c>).
        /// </summary>
        public static bool JoinsOwnLoop(BlockingWait wait, INamedTypeSymbol type, KnownTypes types)
        {
            foreach (var task in wait.Tasks)
            {
                if (IsOwnTask(BlockingWaits.StripConfigureAwait(task, types), type, types)
                    && CancelsOwnTokenBefore(wait.Operation, type, types, wait.Operation.SemanticModel?.Compilation))
                {
                    return true;
                }
            }

            return false;
        }

        // A task of this object's: an own field (IsOwnField), or worker in foreach (var worker in _workers) over one (or
        // over _workers ?? empty).
        private static bool IsOwnTask(IOperation value, INamedTypeSymbol type, KnownTypes types)
        {
            value = value.WalkDownConversions();
            if (value is IConditionalAccessInstanceOperation placeholder && placeholder.ConditionalAccessTarget() is { } target)
            {
                value = target.WalkDownConversions();
            }

            if (value is ILocalReferenceOperation { Local: var local })
            {
                for (var current = value.Parent; current != null && !current.IsFunctionBoundary(); current = current.Parent)
                {
                    if (current is IForEachLoopOperation loop && loop.Locals.Contains(local))
                    {
                        var collection = loop.Collection.WalkDownConversions();
                        return IsOwnField(collection is ICoalesceOperation coalesce ? coalesce.Value : collection, type, types);
                    }
                }
            }

            return IsOwnField(value, type, types);
        }

        // _task, this._task, _cts?.Cancel(): an instance field of this object, declared in its type or a base type (not
        // another object's, not a static one), also through a local that only copies it (CopiedField).
        private static bool IsOwnField(IOperation value, INamedTypeSymbol type, KnownTypes types)
        {
            value = value.WalkDownConversions();
            if (value is IConditionalAccessInstanceOperation placeholder && placeholder.ConditionalAccessTarget() is { } target)
            {
                value = target.WalkDownConversions();
            }

            return FieldOfThis(value is ILocalReferenceOperation copy ? CopiedField(copy, types) ?? value : value, types) is { IsStatic: false } field
                && IsTypeOrBase(field.ContainingType, type);
        }

        // this._f, or Interlocked.Exchange(ref _f, null): the field's value, taken as it is cleared.
        private static IFieldSymbol? FieldOfThis(IOperation value, KnownTypes types) => value.WalkDownConversions() switch
        {
            IFieldReferenceOperation { Instance: IInstanceReferenceOperation } field => field.Field,
            IInvocationOperation { TargetMethod: { Name: "Exchange" } exchange, Arguments: { Length: 2 } arguments } when KnownTypes.Is(exchange.ContainingType, types.Interlocked)
                => arguments[0].Value.WalkDownConversions() is IFieldReferenceOperation { Instance: IInstanceReferenceOperation } exchanged ? exchanged.Field : null,
            _ => null,
        };

        // tokenSource = this.tokenSource; workerThread = this.workerThread; (under a lock, before clearing the fields), then
        // tokenSource.Cancel(); workerThread.Wait(timeout); (OpenTelemetry's Prometheus listener): a local whose every
        // write, its initializer included, copies one and the same own field stands for that field. A local passed by
        // reference, or written any other way, stands for nothing.
        private static IOperation? CopiedField(ILocalReferenceOperation reference, KnownTypes types)
        {
            IOperation? copied = null;
            ISymbol? field = null;
            if (LocalInitializers.Of(reference) is { } initializer)
            {
                copied = initializer;
                field = FieldOfThis(initializer, types);
                if (field is null)
                {
                    return null;
                }
            }

            foreach (var operation in reference.Root().Descendants())
            {
                if (operation is not ILocalReferenceOperation use || !SymbolEqualityComparer.Default.Equals(use.Local, reference.Local))
                {
                    continue;
                }

                switch (use.Parent)
                {
                    case ISimpleAssignmentOperation assignment when assignment.Target == use:
                        var assigned = FieldOfThis(assignment.Value, types);
                        if (assigned is null || field != null && !SymbolEqualityComparer.Default.Equals(assigned, field))
                        {
                            return null;
                        }

                        field = assigned;
                        copied = assignment.Value;
                        break;

                    case IArgumentOperation { Parameter.RefKind: not RefKind.None }:
                    case ICompoundAssignmentOperation:
                    case IDeconstructionAssignmentOperation:
                    case ICoalesceAssignmentOperation:
                        return null;
                }
            }

            return copied;
        }

        // Declared in this type or one of its bases.
        private static bool IsTypeOrBase(INamedTypeSymbol? declaring, INamedTypeSymbol type) =>
            KnownTypes.InheritsFrom(type, declaring?.OriginalDefinition);

        // _cts.Cancel() or _cts?.Cancel() on a token source field of this object, earlier in the same body, or in the body
        // of a method of this object called there (Foundatio's 'if (!SignalDispose()) return;', whose base class cancels
        // its disposal token): one call deep.
        private static bool CancelsOwnTokenBefore(IOperation wait, INamedTypeSymbol type, KnownTypes types, Compilation? compilation)
        {
            foreach (var operation in wait.Root().Descendants())
            {
                if (operation.Syntax.SpanStart >= wait.Syntax.SpanStart || operation is not IInvocationOperation invocation)
                {
                    continue;
                }

                if (IsCancelOfOwnSource(invocation, type, types)
                    || compilation != null && invocation.Instance is null or IInstanceReferenceOperation
                        && !invocation.TargetMethod.IsStatic && IsTypeOrBase(invocation.TargetMethod.ContainingType, type)
                        && SourceBodies.OfMethod(invocation.TargetMethod, compilation) is { } body
                        && CancelsOwnSource(body, type, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool CancelsOwnSource(IOperation body, INamedTypeSymbol type, KnownTypes types)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is IInvocationOperation invocation && IsCancelOfOwnSource(invocation, type, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCancelOfOwnSource(IInvocationOperation invocation, INamedTypeSymbol type, KnownTypes types) =>
            invocation.TargetMethod.Name == "Cancel"
            && KnownTypes.Is(invocation.TargetMethod.ContainingType, types.CancellationTokenSource)
            && invocation.Receiver() is { } source && IsOwnField(source, type, types);

        /// <summary>
        /// The methods the type's own <c>DisposeAsync</c> awaits (<c>await Clear().ConfigureAwait(false)</c>): a <c>Dispose</c>
        /// that waits on one of them does synchronously what async callers get from <c>DisposeAsync</c> (Downloader's
        /// services, whose <c>Dispose</c> is <c>Clear().Wait()</c>), whatever the method is named. Read from the syntax.
        /// </summary>
        private static HashSet<string>? NamesAwaitedByDisposeAsync(INamedTypeSymbol type, KnownTypes types)
        {
            HashSet<string>? names = null;
            foreach (var member in types.IAsyncDisposable!.GetMembers("DisposeAsync"))
            {
                if (type.FindImplementationForInterfaceMember(member) is not IMethodSymbol disposeAsync)
                {
                    continue;
                }

                foreach (var reference in disposeAsync.DeclaringSyntaxReferences)
                {
                    foreach (var node in reference.GetSyntax().DescendantNodes())
                    {
                        if (node is AwaitExpressionSyntax { Expression: var awaited } && CalledName(awaited) is { } name)
                        {
                            (names ??= new HashSet<string>(System.StringComparer.Ordinal)).Add(name);
                        }
                    }
                }
            }

            return names;
        }

        // Clear(), _service.Clear(), x.Clear().ConfigureAwait(false): the name of the call whose task is awaited.
        private static string? CalledName(ExpressionSyntax awaited)
        {
            if (awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var configured } })
            {
                awaited = configured;
            }

            return awaited is InvocationExpressionSyntax call ? CalleeNames.Of(call.Expression) : null;
        }

        private static readonly System.Func<string, bool> AnyAsyncName = name => name.EndsWith("Async", System.StringComparison.Ordinal);

        private static readonly System.Func<string, bool> DisposalName = name => name == "DisposeAsync" || name == "DisposeAsyncCore";
    }
}
