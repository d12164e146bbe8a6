using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A stream whose <c>using</c> scope ends with <c>await stream.FlushAsync(..)</c> has nothing buffered when it is
    /// disposed: the synchronous <c>Dispose</c> only closes the handle, so <c>await using</c> would add nothing.
    /// </summary>
    internal static class FlushedBeforeDispose
    {
        /// <summary>Whether the scope of <paramref name="usingOperation"/> leaves <paramref name="resource"/> with nothing to flush.</summary>
        public static bool NothingToFlush(IOperation usingOperation, ILocalSymbol? resource)
        {
            switch (usingOperation)
            {
                case IUsingOperation { Body: IBlockOperation { Operations.Length: > 0 } body }:
                    return resource != null && IsAwaitedFlushOf(body.Operations[body.Operations.Length - 1], resource);
                case IUsingOperation { Body: { } statement } when statement is not IBlockOperation:
                    return resource != null && IsAwaitedFlushOf(statement, resource);
                case IUsingDeclarationOperation declaration when resource != null && declaration.Parent is IBlockOperation block:
                    // The scope of a using declaration is the rest of its block.
                    var last = block.Operations[block.Operations.Length - 1];
                    return last != declaration && IsAwaitedFlushOf(last, resource);
                default:
                    return false;
            }
        }

        // await stream.FlushAsync(..), also through ConfigureAwait(..).
        private static bool IsAwaitedFlushOf(IOperation statement, ILocalSymbol resource)
        {
            if (statement is not IExpressionStatementOperation { Operation: IAwaitOperation awaited })
            {
                return false;
            }

            var call = awaited.Operation.WalkDownConversions();
            if (call is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured)
            {
                call = configured.Instance?.WalkDownConversions();
            }

            return call is IInvocationOperation { TargetMethod.Name: "FlushAsync" } flush
                && flush.Instance?.WalkDownConversions() is ILocalReferenceOperation local
                && SymbolEqualityComparer.Default.Equals(local.Local, resource);
        }
    }
}
