using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Does disposing this resource do I/O that <c>await using</c> would make asynchronous? Yes for writers that flush
    /// (<c>StreamWriter</c> and other non-string <c>TextWriter</c>s), file streams opened for writing,
    /// <c>DbTransaction</c> (unless the provider keeps the base <c>DisposeAsync</c>: <see cref="ProviderBaseAsync"/>), a
    /// <c>DbDataReader</c> with rows left to read (<see cref="DataReaders.DisposalReadsRows"/>), and
    /// <c>IAsyncDisposable</c> types in source whose <c>DisposeAsync</c> awaits. No for memory
    /// streams, string readers/writers, <c>DbCommand</c>, token registrations, and streams of unknown origin — precision
    /// first: a read-only stream's disposal only releases a handle. No for a provider's <c>DbConnection</c> either (its
    /// <c>Dispose</c> and <c>Close</c>): every ADO.NET provider pools connections by default, and closing a pooled
    /// connection hands it back to the pool without I/O (MySqlConnector's maintainers: synchronous I/O on dispose "only
    /// happens if you've disabled connection pooling"); only a connection type declared in source whose own
    /// <c>DisposeAsync</c> awaits is taken at its word. A transaction's disposal rolls back what is not committed.
    /// </summary>
    internal static class AsyncDisposal
    {
        public static bool DisposalDoesIO(IOperation resource, KnownTypes types)
        {
            var value = resource.WalkDownConversions();
            var type = value.Type;
            if (!KnownTypes.Implements(type, types.IAsyncDisposable) || InMemory.IsInMemory(value, types) || StandardStreams.IsStandardStream(value, types))
            {
                return false;
            }

            if (KnownTypes.InheritsFrom(type, types.DbDataReader))
            {
                // Closing a reader reads its unread rows; a drained reader has none (DataReaders).
                return DataReaders.DisposalReadsRows(resource, types);
            }

            if (KnownTypes.InheritsFrom(type, types.DbTransaction))
            {
                // A provider that keeps the base DisposeAsync closes synchronously under 'await using' too.
                return ProviderBaseAsync.ProviderType(value, types) is not { } provider
                    || !ProviderBaseAsync.KeepsBase(provider, "DisposeAsync", types);
            }

            if (KnownTypes.InheritsFrom(type, types.TextWriter))
            {
                return true;
            }

            if (KnownTypes.InheritsFrom(type, types.Stream))
            {
                var origin = value is ILocalReferenceOperation local ? LocalInitializers.Of(local)?.WalkDownConversions() : value;
                return origin != null && OpensForWriting(origin, types);
            }

            // Here too a DbConnection: pooled, no I/O, unless a driver in this source declares a DisposeAsync that awaits.
            return type is not null && value.SemanticModel is { } model && SourceDisposeAsyncAwaits(type, model.Compilation, types);
        }

        private static bool OpensForWriting(IOperation origin, KnownTypes types)
        {
            switch (origin)
            {
                case IInvocationOperation invocation when KnownTypes.Is(invocation.TargetMethod.ContainingType, types.File)
                    || KnownTypes.Is(invocation.TargetMethod.ContainingType, types.FileInfo):
                    switch (invocation.TargetMethod.Name)
                    {
                        case "Create":
                        case "OpenWrite":
                            return true;
                        case "Open":
                            return ModeOrAccessWrites(invocation.Arguments, types);
                        default:
                            return false;
                    }

                case IObjectCreationOperation creation when KnownTypes.InheritsFrom(creation.Type, types.FileStream):
                    return ModeOrAccessWrites(creation.Arguments, types);

                default:
                    return false;
            }
        }

        // FileMode other than Open, or FileAccess including Write.
        private static bool ModeOrAccessWrites(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, KnownTypes types)
        {
            foreach (var argument in arguments)
            {
                var value = argument.Value.WalkDownConversions();
                if (value is not IFieldReferenceOperation field)
                {
                    continue;
                }

                if (KnownTypes.Is(field.Field.ContainingType, types.FileMode) && field.Field.Name != "Open")
                {
                    return true;
                }

                if (KnownTypes.Is(field.Field.ContainingType, types.FileAccess) && field.Field.Name != "Read")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a source type's <c>DisposeAsync</c> awaits anything that can be asynchronous. An await of a helper that
        /// disposes its argument asynchronously only when it turns out to be <c>IAsyncDisposable</c> (Rider's generated
        /// <c>CastAndDispose(resource)</c>) adds nothing when the argument's type is not: the helper then calls
        /// <c>Dispose()</c>, as the synchronous disposal does (EventStore's subscription results over a token source and a gRPC call).
        /// </summary>
        private static bool SourceDisposeAsyncAwaits(ITypeSymbol type, Compilation compilation, KnownTypes types)
        {
            foreach (var member in type.GetMembers("DisposeAsync"))
            {
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is not MethodDeclarationSyntax declaration || !declaration.DescendantNodes().Any(n => n.IsKind(SyntaxKind.AwaitExpression)))
                    {
                        continue;
                    }

                    if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree)
                        || DriverModels.Of(compilation, declaration.SyntaxTree).GetOperation(declaration) is not { } body)
                    {
                        return true;
                    }

                    foreach (var awaited in body.Descendants().OfType<IAwaitOperation>())
                    {
                        // An await inside a local function counts where the function is called.
                        if (!InLocalFunction(awaited, body) && !DisposesOnlyIfAsyncDisposable(awaited, body, types))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool InLocalFunction(IOperation operation, IOperation root)
        {
            for (var current = operation.Parent; current != null && current != root; current = current.Parent)
            {
                if (current is ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>await CastAndDispose(_field)</c>: a call to a local function of <paramref name="body"/> whose only awaits are
        /// <c>IAsyncDisposable.DisposeAsync()</c>, passed an argument whose class or struct type is not <c>IAsyncDisposable</c>.
        /// </summary>
        private static bool DisposesOnlyIfAsyncDisposable(IAwaitOperation awaited, IOperation body, KnownTypes types)
        {
            if (BlockingWaits.StripConfigureAwait(awaited.Operation, types).WalkDownConversions() is not IInvocationOperation { Arguments.Length: 1 } call
                || call.TargetMethod.MethodKind != MethodKind.LocalFunction
                || call.Arguments[0].Value.WalkDownConversions().Type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } argumentType
                || KnownTypes.Implements(argumentType, types.IAsyncDisposable))
            {
                return false;
            }

            var helper = body.Descendants().OfType<ILocalFunctionOperation>()
                .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, call.TargetMethod.OriginalDefinition));
            if (helper?.Body is null)
            {
                return false;
            }

            foreach (var inner in helper.Body.Descendants().OfType<IAwaitOperation>())
            {
                if (BlockingWaits.StripConfigureAwait(inner.Operation, types).WalkDownConversions() is not IInvocationOperation { TargetMethod.Name: "DisposeAsync", Instance: { } instance }
                    || !KnownTypes.Is(instance.WalkDownConversions().Type, types.IAsyncDisposable))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
