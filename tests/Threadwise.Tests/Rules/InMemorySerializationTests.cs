using TW102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using TW104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Serializing a value to bytes or a string in memory, and back, is CPU work even where the serializer offers
/// <c>SerializeAsync</c>/<c>DeserializeAsync</c> twins (FusionCache's <c>IFusionCacheSerializer</c>, used by its auto-clone
/// on every async read and write): not a TW102 call, not a TW104 leaf. A serializer that writes to a stream, and any other
/// byte-array call with an async twin (a key vault's <c>Encrypt(byte[])</c>), stay reported.
/// </summary>
public class InMemorySerializationTests
{
    private const string Serializer = """
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public interface ICacheSerializer
        {
            byte[] Serialize<T>(T value);
            T Deserialize<T>(byte[] data);
            string Serialize(object value, CancellationToken token = default);
            ValueTask<byte[]> SerializeAsync<T>(T value, CancellationToken token = default);
            ValueTask<T> DeserializeAsync<T>(byte[] data, CancellationToken token = default);
            ValueTask<string> SerializeAsync(object value, CancellationToken token = default);
        }

        public interface IStreamSerializer
        {
            void Serialize<T>(Stream output, T value);
            Task SerializeAsync<T>(Stream output, T value);
        }

        public interface IKeyVault
        {
            byte[] Encrypt(byte[] plaintext);
            Task<byte[]> EncryptAsync(byte[] plaintext);
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_round_trip_through_bytes_and_a_string_on_an_async_path() => TW102.VerifyAnalyzerAsync(Serializer + """
        sealed class Cache
        {
            private readonly ICacheSerializer _serializer;
            public Cache(ICacheSerializer serializer) => _serializer = serializer;

            public async Task<T> CloneAsync<T>(T value)
            {
                await Task.Yield();
                var bytes = _serializer.Serialize(value);
                var text = _serializer.Serialize((object)value);
                return text.Length > 0 ? _serializer.Deserialize<T>(bytes) : value;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_helper_that_clones_through_the_serializer() => TW104.VerifyAnalyzerAsync(Serializer + """
        sealed class Cache
        {
            private readonly ICacheSerializer _serializer;
            public Cache(ICacheSerializer serializer) => _serializer = serializer;

            public async Task<T> GetAsync<T>(T stored)
            {
                await Task.Yield();
                return Clone(stored);
            }

            private T Clone<T>(T value) => _serializer.Deserialize<T>(_serializer.Serialize(value));

            public async Task AdviseAsync()
            {
                await Task.Delay(1000);
                CheckTuples();
            }

            // A concrete type argument: the serializer's parameter is still its T.
            private void CheckTuples()
            {
                if (_serializer.Deserialize<(int, int)>(_serializer.Serialize((1, 2))) is not (1, 2))
                {
                    System.Console.Error.WriteLine("value tuples are not round-tripped");
                }
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    // couchbase-net-client: 'using var stream = new MemoryStream(); serializer.Serialize(stream, value); return stream.ToArray();'
    // in helpers that async code calls. Every stream the serializer is given is in memory.
    [Fact]
    public Task Ignores_a_serializer_writing_to_a_memory_stream_directly_and_in_a_helper() => TW104.VerifyAnalyzerAsync(Serializer + """
        static class SerializerExtensions
        {
            public static byte[] ToBytes<T>(this IStreamSerializer serializer, T value)
            {
                using (var stream = new MemoryStream())
                {
                    serializer.Serialize(stream, value);
                    return stream.ToArray();
                }
            }
        }

        sealed class Query
        {
            public async Task<byte[]> BodyAsync<T>(IStreamSerializer serializer, T value)
            {
                await Task.Yield();
                var body = serializer.ToBytes(value);
                using var buffer = new MemoryStream(1024);
                serializer.Serialize(buffer, value);
                return body;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_serializer_writing_to_a_memory_stream_on_an_async_path() => TW102.VerifyAnalyzerAsync(Serializer + """
        sealed class Query
        {
            public async Task<byte[]> BodyAsync<T>(IStreamSerializer serializer, T value)
            {
                await Task.Yield();
                using var buffer = new MemoryStream(1024);
                serializer.Serialize(buffer, value);
                return buffer.ToArray();
            }
        }
        """);

    [Fact]
    public Task Flags_a_serializer_writing_to_a_stream_and_an_encryption_call() => TW102.VerifyAnalyzerAsync(Serializer + """
        sealed class Store
        {
            public async Task SaveAsync<T>(IStreamSerializer serializer, IKeyVault vault, Stream output, T value, byte[] secret)
            {
                await Task.Yield();
                [|serializer.Serialize(output, value)|];
                var sealedSecret = [|vault.Encrypt(secret)|];
                await output.WriteAsync(sealedSecret, 0, sealedSecret.Length);
            }
        }
        """);

    [Fact]
    public Task Flags_a_helper_that_serializes_to_a_stream() => TW104.VerifyAnalyzerAsync(Serializer + """
        sealed class Store
        {
            public async Task SaveAsync<T>(IStreamSerializer serializer, Stream output, T value)
            {
                await Task.Yield();
                [|Write(serializer, output, value)|];
            }

            private static void Write<T>(IStreamSerializer serializer, Stream output, T value) => serializer.Serialize(output, value);
        }
        """);
}
