using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// What a <c>DbDataReader</c> (the framework's or a driver's own, recognised by deriving from
    /// <c>System.Data.Common.DbDataReader</c>) does with I/O. Moving to the next row or result set reads from the
    /// connection; the current row is buffered, so its getters do not. Closing or disposing a reader reads and discards the
    /// rows still unread, synchronously — unless the method drained it first
    /// (<c>while (await reader.ReadAsync())</c> to the end, <c>NextResultAsync</c> until false).
    /// </summary>
    internal static class DataReaders
    {
        /// <summary>
        /// A call or indexer read on a <c>DbDataReader</c> that only reads the current, buffered row (<c>GetInt32</c>,
        /// <c>IsDBNull</c>, <c>GetFieldValue&lt;T&gt;</c>, <c>reader[0]</c>): not blocking, and not followed by TW104
        /// into a driver's own reader.
        /// </summary>
        public static bool IsBufferedRowCall(IOperation operation, KnownTypes types)
        {
            switch (operation)
            {
                case IInvocationOperation { Instance: { } instance } invocation:
                    return KnownTypes.InheritsFrom(instance.Type, types.DbDataReader) && IsBufferedRowMember(invocation.TargetMethod.Name);
                case IPropertyReferenceOperation { Instance: { } instance }:
                    return KnownTypes.InheritsFrom(instance.Type, types.DbDataReader);
                default:
                    return false;
            }
        }

        /// <summary>Every member but moving on (<c>Read</c>, <c>NextResult</c>) and closing (<c>Dispose</c>, <c>Close</c>), sync or async.</summary>
        public static bool IsBufferedRowMember(string name)
        {
            switch (name)
            {
                case "Read":
                case "ReadAsync":
                case "NextResult":
                case "NextResultAsync":
                case "Dispose":
                case "DisposeAsync":
                case "Close":
                case "CloseAsync":
                    return false;
                default:
                    return true;
            }
        }

        /// <summary>
        /// Disposing this reader — <paramref name="resource"/> is the instance of a <c>Dispose()</c>/<c>Close()</c> call, or
        /// the resource of a <c>using</c> — may read unread rows, and an asynchronous close would do that read without
        /// blocking: the reader's type can close asynchronously (<see cref="CanCloseAsynchronously"/>) and the method has
        /// not drained it before the disposal.
        /// </summary>
        public static bool DisposalReadsRows(IOperation resource, KnownTypes types)
        {
            // The type as written: `(SqliteDataReader)command.ExecuteReader()` is a SQLite reader, whatever the call returns.
            var value = resource.WalkDownConversions();
            var type = KnownTypes.InheritsFrom(resource.Type, types.DbDataReader) ? resource.Type : value.Type;
            if (KnownTypes.Is(type?.OriginalDefinition, types.DbDataReader) && ProviderBaseAsync.ProviderType(value, types) is { } provider)
            {
                type = provider;
            }

            if (!CanCloseAsynchronously(type, types))
            {
                return false;
            }

            if (resource.Parent is IInvocationOperation call && call.Instance == resource)
            {
                if (ReferencedSymbol(value) is not { } reader)
                {
                    return true;
                }

                // A reader received from a parameter or field that this method does not read: whether rows are left is
                // the caller's business (a helper that closes what its caller drained).
                return (reader is ILocalSymbol || ReadsFrom(reader, call)) && !IsDrainedBeforeCall(reader, call);
            }

            for (var current = resource.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case IUsingOperation @using:
                        return DeclaredOrReferenced(value) is not { } usingReader
                            || !IsDrainedIn(usingReader, @using.Body, @using.Body.Syntax.SpanStart, 0);
                    case IUsingDeclarationOperation declaration when declaration.Parent is { } block:
                        return DeclaredOrReferenced(value) is not { } declared
                            || !IsDrainedIn(declared, block, declaration.Syntax.Span.End, 0);
                }
            }

            return true;
        }

        /// <summary>
        /// The type is <c>DbDataReader</c> itself (the provider is unknown), or a class between it and
        /// <c>DbDataReader</c> overrides <c>DisposeAsync</c> or <c>CloseAsync</c> (in source: with a body that awaits or
        /// returns a task). The base implementations only call <c>Dispose</c>/<c>Close</c>: where no provider overrides
        /// them, <c>await using</c> still closes synchronously and there is nothing to suggest.
        /// </summary>
        public static bool CanCloseAsynchronously(ITypeSymbol? type, KnownTypes types)
        {
            if (types.DbDataReader is null || ExcludedCounterparts.IsBuiltInType(type))
            {
                return false;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                if (KnownTypes.Is(current.OriginalDefinition, types.DbDataReader))
                {
                    return KnownTypes.Is(type?.OriginalDefinition, types.DbDataReader);
                }

                if (DeclaresAsyncClose(current))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool DeclaresAsyncClose(ITypeSymbol type)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is not IMethodSymbol { Parameters.Length: 0, IsOverride: true, Name: "DisposeAsync" or "CloseAsync" } method)
                {
                    continue;
                }

                if (method.DeclaringSyntaxReferences.IsEmpty)
                {
                    return true;
                }

                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is MethodDeclarationSyntax declaration && DoesAsyncWork(declaration))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // An await, or a task returned from another call: not `=> default`, `Task.CompletedTask` or `{ Close(); return default; }`.
        private static bool DoesAsyncWork(MethodDeclarationSyntax declaration)
        {
            if (declaration.ExpressionBody?.Expression is InvocationExpressionSyntax returned)
            {
                return !IsFromResult(returned);
            }

            foreach (var node in declaration.DescendantNodes())
            {
                if (node is AwaitExpressionSyntax)
                {
                    return true;
                }

                if (node is ReturnStatementSyntax { Expression: InvocationExpressionSyntax call } && !IsFromResult(call))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsFromResult(InvocationExpressionSyntax call) =>
            call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult" or "FromException" or "FromCanceled" };

        private static ISymbol? DeclaredOrReferenced(IOperation value)
        {
            if (ReferencedSymbol(value) is { } referenced)
            {
                return referenced;
            }

            return value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
        }

        private static ISymbol? ReferencedSymbol(IOperation? value) =>
            value?.WalkDownConversions() switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
                _ => null,
            };

        /// <summary>A drain loop inside <paramref name="scope"/>, after <paramref name="start"/>, that runs whenever the scope runs to its end.</summary>
        private static bool IsDrainedIn(ISymbol reader, IOperation scope, int start, int depth)
        {
            foreach (var operation in scope.Descendants())
            {
                var drain = operation.Syntax.SpanStart < start ? null
                    : IsDrainLoop(operation, reader) ? operation
                    : depth < MaxHelperDepth ? DrainingStatement(operation, reader, depth) : null;
                if (drain != null && IsUnconditionalUpTo(drain, reader, ancestor => ancestor == scope))
                {
                    return true;
                }
            }

            return false;
        }

        // Helpers that hand the reader on to another helper: followed this far (and no further through recursion).
        private const int MaxHelperDepth = 2;

        /// <summary>
        /// <c>rows = await Rows(reader).ToListAsync(ct);</c> or <c>await ReadAllAsync(reader);</c>: a statement that awaits,
        /// to the end, a source method that drains the reader it is given (its own drain loop on that parameter). The
        /// statement is returned for the caller's "runs unconditionally" check.
        /// </summary>
        private static IOperation? DrainingStatement(IOperation operation, ISymbol reader, int depth)
        {
            if (operation is not IAwaitOperation awaited || awaited.Operation.WalkDownConversions() is not IInvocationOperation call)
            {
                return null;
            }

            call = WithoutConfigureAwait(call) as IInvocationOperation ?? call;

            // An async iterator is drained only when every element is taken: ToListAsync and its siblings take them all.
            if (call.TargetMethod is { IsExtensionMethod: true, Name: "ToListAsync" or "ToArrayAsync" or "ToHashSetAsync" or "ToDictionaryAsync" }
                && call.Arguments.Length > 0 && call.Arguments[0].Value.WalkDownConversions() is IInvocationOperation iterator)
            {
                call = iterator;
            }

            if (!DrainsArgument(call, reader, depth))
            {
                return null;
            }

            // Only the plain shapes: the await is the whole statement, or the value it assigns, declares or returns.
            IOperation statement = awaited;
            while (statement.Parent is IConversionOperation or ISimpleAssignmentOperation or IVariableInitializerOperation
                or IVariableDeclaratorOperation or IVariableDeclarationOperation)
            {
                statement = statement.Parent;
            }

            return statement.Parent is IExpressionStatementOperation or IVariableDeclarationGroupOperation or IReturnOperation ? statement.Parent : null;
        }

        private static bool DrainsArgument(IInvocationOperation call, ISymbol reader, int depth)
        {
            if (call.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter
                    && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(argument.Value), reader)
                    && SourceBodies.OfMethod(call.TargetMethod.OriginalDefinition, compilation) is IMethodBodyOperation method
                    && (method.BlockBody ?? method.ExpressionBody) is { } body)
                {
                    return IsDrainedIn(parameter.OriginalDefinition, body, 0, depth + 1);
                }
            }

            return false;
        }

        private static bool ReadsFrom(ISymbol reader, IOperation call)
        {
            foreach (var operation in FunctionBody(call).Descendants())
            {
                if (operation is IInvocationOperation { TargetMethod.Name: "Read" or "ReadAsync" or "NextResult" or "NextResultAsync" } read
                    && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(read.Instance), reader))
                {
                    return true;
                }
            }

            return false;
        }

        // The body of the method, lambda or local function the operation is in.
        private static IOperation FunctionBody(IOperation operation)
        {
            var top = operation;
            while (top.Parent != null && top.Parent is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                top = top.Parent;
            }

            return top;
        }

        /// <summary>A drain loop that ends before the call and runs whenever the code leading to the call runs.</summary>
        private static bool IsDrainedBeforeCall(ISymbol reader, IInvocationOperation call)
        {
            var callSpan = call.Syntax.Span;
            foreach (var loop in FunctionBody(call).Descendants())
            {
                if (loop.Syntax.Span.End <= callSpan.Start && IsDrainLoop(loop, reader)
                    && IsUnconditionalUpTo(loop, reader, ancestor => ancestor.Syntax.Span.Contains(callSpan)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// From the loop up to the first ancestor <paramref name="isStop"/> accepts, only blocks, try bodies and finallies,
        /// <c>using</c>/<c>lock</c> bodies, <c>NextResult</c> loops on the same reader and <c>if (reader.HasRows)</c>: no
        /// condition under which the drain is skipped. The stop itself is a block, a <c>try</c> or a <c>using</c>.
        /// </summary>
        private static bool IsUnconditionalUpTo(IOperation loop, ISymbol reader, System.Func<IOperation, bool> isStop)
        {
            for (var current = loop.Parent; current != null; current = current.Parent)
            {
                if (isStop(current))
                {
                    return current is IBlockOperation or ITryOperation or IUsingOperation;
                }

                switch (current)
                {
                    case IBlockOperation:
                    case ITryOperation:
                    case IUsingOperation:
                    case IUsingDeclarationOperation:
                    case ILockOperation:
                        continue;
                    case IWhileLoopOperation next when IsReaderCall(next.Condition, reader, "NextResult"):
                        continue;
                    case IConditionalOperation { WhenFalse: null } branch when IsHasRows(branch.Condition, reader):
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary><c>while (await reader.ReadAsync(..))</c> (or <c>Read()</c>) with no <c>break</c>, <c>return</c> or <c>goto</c> that leaves it early.</summary>
        private static bool IsDrainLoop(IOperation operation, ISymbol reader)
        {
            var (condition, body, exit) = operation switch
            {
                IWhileLoopOperation loop => (loop.Condition, loop.Body, loop.ExitLabel),
                IForLoopOperation loop => (loop.Condition, loop.Body, loop.ExitLabel),
                _ => (null, null, null),
            };

            if (body is null || !IsReaderCall(condition, reader, "Read"))
            {
                return false;
            }

            foreach (var inner in body.DescendantsAndSelf())
            {
                switch (inner)
                {
                    case IBranchOperation { BranchKind: BranchKind.Break } branch when SymbolEqualityComparer.Default.Equals(branch.Target, exit):
                    case IBranchOperation { BranchKind: BranchKind.GoTo }:
                    case IReturnOperation { Kind: OperationKind.Return } ret when !ret.IsInNestedFunction(body):
                        return false;
                }
            }

            return true;
        }

        // reader.Read(), await reader.ReadAsync(ct), await reader.ReadAsync().ConfigureAwait(false) (name: Read or NextResult).
        private static bool IsReaderCall(IOperation? condition, ISymbol reader, string name)
        {
            var value = condition?.WalkDownConversions();
            if (value is IAwaitOperation awaited)
            {
                value = WithoutConfigureAwait(awaited.Operation.WalkDownConversions());
                name += "Async";
            }

            return value is IInvocationOperation invocation
                && invocation.TargetMethod.Name == name
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(invocation.Instance), reader);
        }

        // x.ReadAsync(..).ConfigureAwait(false) → x.ReadAsync(..)
        private static IOperation WithoutConfigureAwait(IOperation value) =>
            value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured } ? configured.WalkDownConversions() : value;

        private static bool IsHasRows(IOperation condition, ISymbol reader) =>
            condition.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "HasRows" } property
            && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(property.Instance), reader);
    }
}
