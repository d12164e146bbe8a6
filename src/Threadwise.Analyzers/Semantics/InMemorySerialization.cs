using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// <c>Serialize</c>/<c>Deserialize</c> between a value and an in-memory form — FusionCache's
    /// <c>byte[] Serialize&lt;T&gt;(T value)</c> and <c>T Deserialize&lt;T&gt;(byte[] data)</c> beside their
    /// <c>SerializeAsync</c>/<c>DeserializeAsync</c> twins: turning a value into bytes or a string in memory, and back, is CPU
    /// work with nothing to wait for; the twins exist for implementations that stream. Strict: the method is named exactly
    /// <c>Serialize</c> or <c>Deserialize</c>, and its every parameter and its result is a byte or char array, a string, a
    /// type parameter, <c>object</c> or a <c>CancellationToken</c>. A stream, reader, writer or any other type among them
    /// (<c>Serialize(Stream, T)</c>, a connection, a domain object) keeps the call a candidate, judged as any other.
    /// </summary>
    internal static class InMemorySerialization
    {
        public static bool IsInMemorySerialization(IMethodSymbol method, KnownTypes types)
        {
            // As declared: Serialize<T>(T) called with a (1, 2) tuple is still Serialize<T>(T).
            method = method.OriginalDefinition;
            if (method.Name is not ("Serialize" or "Deserialize") || method.ReturnsVoid || !IsInMemoryData(method.ReturnType, types))
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (!IsInMemoryData(parameter.Type, types))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsInMemoryData(ITypeSymbol type, KnownTypes types) => type switch
        {
            ITypeParameterSymbol => true,
            IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte or SpecialType.System_Char } => true,
            _ => type.SpecialType is SpecialType.System_String or SpecialType.System_Object || KnownTypes.Is(type, types.CancellationToken),
        };
    }
}
