using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A stream with nothing buffered when its <c>using</c> ends: the synchronous <c>Dispose</c> only closes the handle, so
    /// <c>await using</c> would add nothing. Two shapes: the scope awaits <c>stream.FlushAsync(..)</c> and touches the stream
    /// afterwards only to read a property (<c>fs.Length</c>), through statements such as <c>break;</c> and nested
    /// <c>using</c>s of other resources; or a <c>FileStream</c> just constructed (<c>new FileStream(path, FileMode.Create)</c>)
    /// that the scope never touches, which only creates or truncates the file.
    /// A stream handed to a wrapper declared in the scope (<c>new StreamWriter(fs)</c>) may be written when that wrapper is
    /// disposed, so it never counts as flushed. A third shape: a <c>FileStream</c> opened for synchronous I/O, or a writer
    /// over one, whose asynchronous disposal has no asynchronous I/O to do (<see cref="NoAsyncDisposal"/>).
    /// </summary>
    internal static class FlushedBeforeDispose
    {
        /// <summary>
        /// Whether the scope of <paramref name="usingOperation"/> leaves its resource with nothing to flush.
        /// </summary>
        /// <param name="resource">The declared local, or null for a using of an expression.</param>
        /// <param name="value">The resource's initializer or expression.</param>
        public static bool NothingToFlush(IOperation usingOperation, ILocalSymbol? resource, IOperation value, KnownTypes types)
        {
            if (resource is null)
            {
                // using (new FileStream(path, FileMode.Create)) { }: nothing in the body can name the stream.
                return usingOperation is IUsingOperation && IsJustOpenedFile(value, types);
            }

            var scope = Scope(usingOperation, resource);
            if (scope is null || DeclaresWrapperOf(scope, resource))
            {
                return false;
            }

            var lastFlush = -1;
            for (var i = scope.Count - 1; i >= 0; i--)
            {
                if (IsAwaitedFlushOf(scope[i], resource))
                {
                    lastFlush = i;
                    break;
                }
            }

            if (lastFlush < 0 && !IsJustOpenedFile(value, types))
            {
                return false;
            }

            for (var i = lastFlush + 1; i < scope.Count; i++)
            {
                if (TouchesBeyondProperties(scope[i], resource))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A <c>FileStream</c> opened for synchronous I/O (<see cref="SyncFileHandles"/>), or a <c>StreamWriter</c> over one:
        /// its <c>DisposeAsync</c> would write the buffered tail through the same synchronous handle on another pool thread.
        /// With a buffer of at most 80 KB (4 KB by default) that is one small write to a local disk, not worth an
        /// <c>await using</c> anywhere, whatever a wrapper in the scope leaves in the stream (Rebus and BaGetter write their
        /// files this way). On a server, where the caller is a pool thread and <c>await using</c> frees no thread at all, a
        /// larger buffer counts too, where the scope wraps the stream in nothing of its own.
        /// </summary>
        public static bool NoAsyncDisposal(IOperation usingOperation, ILocalSymbol? resource, IOperation value, KnownTypes types, bool server)
        {
            if (SyncFileHandles.WritesToSyncFile(value, types, smallBuffer: true))
            {
                return true;
            }

            if (!server || !SyncFileHandles.WritesToSyncFile(value, types, smallBuffer: false))
            {
                return false;
            }

            if (resource is null)
            {
                return usingOperation is IUsingOperation;
            }

            var scope = Scope(usingOperation, resource);
            return scope != null && !DeclaresWrapperOf(scope, resource);
        }

        /// <summary>
        /// <c>using (var file = File.Create(path)) using (var writer = new StreamWriter(file)) { .. }</c>: a wrapper disposed
        /// in the scope by its own <c>using</c> that owns the stream (its type offers <c>leaveOpen</c> and this construction
        /// does not ask for it) flushes and closes the stream first, so the stream's own disposal finds nothing to do. The
        /// wrapper's disposal is judged on its own.
        /// </summary>
        public static bool ClosedByWrapper(IOperation usingOperation, ILocalSymbol resource)
        {
            var scope = Scope(usingOperation, resource);
            if (scope is null)
            {
                return false;
            }

            foreach (var statement in scope)
            {
                foreach (var operation in statement.DescendantsAndSelf())
                {
                    var group = operation switch
                    {
                        IUsingOperation { Resources: IVariableDeclarationGroupOperation resources } => resources,
                        IUsingDeclarationOperation { DeclarationGroup: var declared } => declared,
                        _ => null,
                    };
                    if (group is null)
                    {
                        continue;
                    }

                    foreach (var declaration in group.Declarations)
                    {
                        foreach (var declarator in declaration.Declarators)
                        {
                            if ((declarator.Initializer?.Value ?? declaration.Initializer?.Value)?.WalkDownConversions() is IObjectCreationOperation creation
                                && OwnsStream(creation, resource))
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        // new StreamWriter(file, encoding): the stream is its first argument, and it is closed with the wrapper unless
        // leaveOpen: true is passed (a type without a leaveOpen constructor says nothing).
        private static bool OwnsStream(IObjectCreationOperation creation, ILocalSymbol resource)
        {
            if (creation.Constructor is not { } constructor || creation.Arguments.IsEmpty
                || creation.Arguments[0].Parameter?.Ordinal != 0
                || creation.Arguments[0].Value.WalkDownConversions() is not ILocalReferenceOperation first
                || !SymbolEqualityComparer.Default.Equals(first.Local, resource))
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "leaveOpen")
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: false };
                }
            }

            foreach (var other in constructor.ContainingType.InstanceConstructors)
            {
                foreach (var parameter in other.Parameters)
                {
                    if (parameter.Name == "leaveOpen")
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// <c>using (var dr = await cmd.ExecuteReaderAsync()) { ..; dr.Close(); }</c> (FreeSql's reader loop): the scope ends by
        /// closing or disposing the resource itself, and no <c>return</c>, <c>goto</c> or <c>break</c>/<c>continue</c> leaves the
        /// scope before that, so on every normal path the <c>using</c>'s own <c>Dispose</c> finds it closed; only an exception
        /// (an error path) skips the explicit close. The explicit call is judged on its own.
        /// </summary>
        public static bool ClosedAtEnd(IOperation usingOperation, ILocalSymbol resource)
        {
            var scope = Scope(usingOperation, resource);
            if (scope is null || scope.Count == 0 || !ClosesResource(scope[scope.Count - 1], resource))
            {
                return false;
            }

            foreach (var statement in scope)
            {
                foreach (var operation in statement.DescendantsAndSelf())
                {
                    if (operation.IsInNestedFunction(statement))
                    {
                        continue;
                    }

                    if (operation is IReturnOperation
                        || operation is IBranchOperation { BranchKind: BranchKind.GoTo }
                        || operation is IBranchOperation branch && !BranchStaysIn(branch, statement))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        // resource.Close(); resource.Dispose(); await resource.CloseAsync(..); await resource.DisposeAsync(), also configured.
        private static bool ClosesResource(IOperation statement, ILocalSymbol resource) =>
            CallOnResource(statement, resource, out var awaited) is { TargetMethod.Name: var name }
            && (awaited ? name is "CloseAsync" or "DisposeAsync" : name is "Close" or "Dispose");

        // A break or continue whose loop (or, for break, switch) lies within the statement.
        private static bool BranchStaysIn(IBranchOperation branch, IOperation statement)
        {
            for (var parent = branch.Parent; parent != null && parent != statement.Parent; parent = parent.Parent)
            {
                if (parent is ILoopOperation || parent is ISwitchOperation && branch.BranchKind == BranchKind.Break)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>new FileStream(path, FileMode.Create).Dispose()</c>: a file stream opened by the receiver expression itself, so nothing was written.
        /// </summary>
        public static bool IsDisposeOfJustOpenedFile(IInvocationOperation dispose, KnownTypes types) =>
            dispose.Instance is { } instance && IsJustOpenedFile(instance, types);

        // new FileStream(..): a FileStream nobody has written to yet. File.Create(..) used the same way is left reported for
        // now (it is the usual example of a stream opened for writing; whether to exempt it too is an open decision).
        private static bool IsJustOpenedFile(IOperation value, KnownTypes types) =>
            value.WalkDownConversions() is IObjectCreationOperation creation && KnownTypes.Is(creation.Type, types.FileStream);

        /// <summary>
        /// The statements the resource lives through, in order: a using statement's body (through nested using statements of
        /// other resources), or the rest of the block after a using declaration. Null when the shape is not one of those.
        /// </summary>
        private static List<IOperation>? Scope(IOperation usingOperation, ILocalSymbol resource)
        {
            var statements = new List<IOperation>();
            switch (usingOperation)
            {
                case IUsingOperation { Body: { } body }:
                    while (body is IUsingOperation { Body: { } inner } nested && !References(nested.Resources, resource))
                    {
                        body = inner;
                    }

                    if (body is IBlockOperation block)
                    {
                        statements.AddRange(block.Operations);
                    }
                    else
                    {
                        statements.Add(body);
                    }

                    return statements;

                case IUsingDeclarationOperation declaration when declaration.Parent is IBlockOperation enclosing:
                    var after = false;
                    foreach (var statement in enclosing.Operations)
                    {
                        if (after)
                        {
                            statements.Add(statement);
                        }

                        after |= statement == declaration;
                    }

                    return statements;

                default:
                    return null;
            }
        }

        // await stream.FlushAsync(..), also through ConfigureAwait(..).
        private static bool IsAwaitedFlushOf(IOperation statement, ILocalSymbol resource) =>
            CallOnResource(statement, resource, out var awaited) is { TargetMethod.Name: "FlushAsync" } && awaited;

        /// <summary>
        /// The call a statement makes on the resource itself, <c>resource.M(..)</c> or <c>await resource.M(..)</c> (through
        /// <c>ConfigureAwait(..)</c> too); <paramref name="awaited"/> says which.
        /// </summary>
        private static IInvocationOperation? CallOnResource(IOperation statement, ILocalSymbol resource, out bool awaited)
        {
            awaited = false;
            if (statement is not IExpressionStatementOperation { Operation: var expression })
            {
                return null;
            }

            awaited = expression is IAwaitOperation;
            var call = expression is IAwaitOperation awaitOperation ? awaitOperation.Operation.WalkDownConversions() : expression;
            if (call is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured)
            {
                call = configured.Instance?.WalkDownConversions();
            }

            return call is IInvocationOperation { Instance: { } instance } invocation
                && instance.WalkDownConversions() is ILocalReferenceOperation local
                && SymbolEqualityComparer.Default.Equals(local.Local, resource)
                ? invocation
                : null;
        }

        // A local declared in the scope from an expression that names the resource: new StreamWriter(fs), new GZipStream(fs, ..).
        private static bool DeclaresWrapperOf(List<IOperation> scope, ILocalSymbol resource)
        {
            foreach (var statement in scope)
            {
                foreach (var operation in statement.DescendantsAndSelf())
                {
                    if (operation is IVariableDeclaratorOperation { Initializer.Value: { } initializer } && References(initializer, resource)
                        || operation is IVariableDeclarationOperation { Initializer.Value: { } shared } && References(shared, resource)
                        || operation is IUsingOperation { Resources: { } resources } && References(resources, resource))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // Any use of the resource other than reading a property (fs.Length, fs.Name).
        private static bool TouchesBeyondProperties(IOperation statement, ILocalSymbol resource)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, resource)
                    && !(local.Parent is IPropertyReferenceOperation property && property.Instance == local
                        && !(property.Parent is IAssignmentOperation assignment && assignment.Target == property)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool References(IOperation operation, ILocalSymbol resource)
        {
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, resource))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
