using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The walk down a chain of stream, reader and writer wrappers to what they wrap: <c>new StreamReader(inner, ..)</c>,
    /// <c>new GZipStream(inner, ..)</c>, <c>XmlReader.Create(inner)</c>, <c>provider.CreateDecompressionStream(inner)</c>, <c>TextReader.Synchronized(inner)</c>, and a local
    /// to its initializer. Shared by <see cref="InMemory"/> (is the bottom in memory?) and <see cref="CallSummaries"/> (is it
    /// the caller's stream?), which decide what the bottom of the chain must be.
    /// </summary>
    internal static class StreamWrappers
    {
        /// <summary>How many wrappers a walk goes through before it gives up.</summary>
        public const int MaxDepth = 4;

        /// <summary>What <paramref name="value"/> wraps (its first argument, or a local's initializer), or null.</summary>
        public static IOperation? Inner(IOperation value, KnownTypes types) => value switch
        {
            IObjectCreationOperation { Arguments.Length: > 0 } creation => creation.Arguments[0].Value,
            IInvocationOperation { TargetMethod.IsStatic: true, Arguments.Length: > 0 } factory => factory.Arguments[0].Value,
            IInvocationOperation { Arguments.Length: > 0 } wrap when IsInstanceWrapper(wrap, types) => wrap.Arguments[0].Value,
            ILocalReferenceOperation local => LocalInitializers.Of(local),
            _ => null,
        };

        // provider.CreateDecompressionStream(inner) (grpc-dotnet's ICompressionProvider): an instance method that takes a
        // stream first and returns a stream, reader or writer hands back a wrapper over it, as GZipStream's constructor does.
        private static bool IsInstanceWrapper(IInvocationOperation call, KnownTypes types) =>
            call.TargetMethod is { IsStatic: false, Parameters: { Length: > 0 } parameters, ReturnType: var returned }
            && types.IsStreamReaderOrWriter(parameters[0].Type) && types.IsStreamReaderOrWriter(returned);
    }
}
