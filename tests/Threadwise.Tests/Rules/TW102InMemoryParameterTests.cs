using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using VerifyHelper = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A stream parameter is as its arguments when only the assembly can call its method and every call that can run it
/// passes a stream over memory: FirebirdClient's blob segments (an override its internal base class calls with a local
/// MemoryStream), neo4j's chunk reader (an internal interface given a MemoryStream property, then a private helper). A
/// method other assemblies can call, a call passing a file or a parameter of its own, a method used as a delegate and
/// a parameter the method reassigns stay reported. TW104's leaves follow the same rule (couchbase's request body, built
/// in a local MemoryStream through an internal serialization helper).
/// </summary>
public class TW102InMemoryParameterTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_private_helper_every_caller_gives_a_memory_stream() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class MessageReader
        {
            private readonly Func<int, Task<byte[]>> _read;

            public MessageReader(Func<int, Task<byte[]>> read) => _read = read;

            public async Task<byte[]> ReadMessageAsync()
            {
                using var message = new MemoryStream();
                while (await ReadChunkAsync(message))
                {
                }

                return message.ToArray();
            }

            private async Task<bool> ReadChunkAsync(Stream output)
            {
                var chunk = await _read(2);
                if (chunk.Length == 0)
                {
                    return false;
                }

                output.Write(chunk, 0, chunk.Length);
                return true;
            }
        }
        """);

    [Fact]
    public Task Ignores_an_override_its_internal_base_class_calls_with_a_local_memory_stream() => Verify.VerifyAnalyzerAsync(Usings + """
        internal abstract class BlobBase
        {
            public async Task<byte[]> ReadAsync(CancellationToken token)
            {
                using var segments = new MemoryStream();
                await GetSegmentAsync(segments, token);
                return segments.ToArray();
            }

            public abstract ValueTask GetSegmentAsync(Stream stream, CancellationToken token = default);
        }

        internal sealed class WireBlob : BlobBase
        {
            private readonly Func<CancellationToken, Task<byte[]>> _receive;

            public WireBlob(Func<CancellationToken, Task<byte[]>> receive) => _receive = receive;

            public override async ValueTask GetSegmentAsync(Stream stream, CancellationToken token = default)
            {
                var buffer = await _receive(token);
                stream.Write(buffer, 0, buffer.Length);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_helper_reached_through_an_internal_interface_given_a_memory_stream_property() => Verify.VerifyAnalyzerAsync(Usings + """
        internal interface IChunkReader
        {
            Task<int> ReadChunksAsync(Stream buffer);
        }

        internal sealed class ChunkReader : IChunkReader
        {
            private readonly Func<Task<byte[]>> _next;

            public ChunkReader(Func<Task<byte[]>> next) => _next = next;

            public async Task<int> ReadChunksAsync(Stream buffer)
            {
                var count = 0;
                while (await ConstructAsync(buffer))
                {
                    count++;
                }

                return count;
            }

            private async Task<bool> ConstructAsync(Stream output)
            {
                var data = await _next();
                output.Write(data, 0, data.Length);
                return data.Length > 0;
            }
        }

        internal sealed class MessageReader
        {
            private readonly IChunkReader _chunks;

            public MessageReader(IChunkReader chunks) => _chunks = chunks;

            public MemoryStream BufferStream { get; } = new MemoryStream();

            public Task<int> ReadAsync() => _chunks.ReadChunksAsync(BufferStream);
        }
        """);

    [Fact]
    public Task Ignores_a_helper_chain_whose_leaf_writes_a_stream_parameter_its_only_caller_fills_in_memory() => VerifyHelper.VerifyAnalyzerAsync(Usings + """
        public interface ITypeSerializer
        {
            void Serialize(Stream stream, object value);

            Task SerializeAsync(Stream stream, object value);
        }

        internal static class SerializationContext
        {
            internal static void SerializeWithFallback(Stream stream, object value, ITypeSerializer fallback) =>
                fallback.Serialize(stream, value);
        }

        public sealed class QueryClient
        {
            private readonly ITypeSerializer _serializer;
            private readonly Func<byte[], Task<string>> _send;

            public QueryClient(ITypeSerializer serializer, Func<byte[], Task<string>> send) => (_serializer, _send) = (serializer, send);

            public async Task<string> QueryAsync(object statement)
            {
                var body = GetRequestBody(statement);
                return await _send(body);
            }

            private byte[] GetRequestBody(object statement)
            {
                var stream = new MemoryStream(1024);
                SerializationContext.SerializeWithFallback(stream, statement, _serializer);
                return stream.ToArray();
            }
        }
        """);

    // ---- must flag --------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_helper_that_one_caller_gives_a_file() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Exporter
        {
            private readonly Func<Task<byte[]>> _next;

            public Exporter(Func<Task<byte[]>> next) => _next = next;

            public async Task<byte[]> ToBytesAsync()
            {
                using var memory = new MemoryStream();
                await CopyAsync(memory);
                return memory.ToArray();
            }

            public async Task ToFileAsync(string path)
            {
                await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
                await CopyAsync(file);
            }

            private async Task CopyAsync(Stream output)
            {
                var data = await _next();
                [|output.Write(data, 0, data.Length)|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_helper_chain_whose_leaf_writes_a_file_its_caller_opened() => VerifyHelper.VerifyAnalyzerAsync(Usings + """
        public interface ITypeSerializer
        {
            void Serialize(Stream stream, object value);

            Task SerializeAsync(Stream stream, object value);
        }

        internal static class SerializationContext
        {
            internal static void SerializeWithFallback(Stream stream, object value, ITypeSerializer fallback) =>
                fallback.Serialize(stream, value);
        }

        public sealed class Exporter
        {
            private readonly ITypeSerializer _serializer;

            public Exporter(ITypeSerializer serializer) => _serializer = serializer;

            public async Task ExportAsync(object statement, Func<Task> next)
            {
                await next();
                [|Save(statement)|];
            }

            private void Save(object statement)
            {
                using var file = File.Create("export.json");
                SerializationContext.SerializeWithFallback(file, statement, _serializer);
            }
        }
        """);

    [Fact]
    public Task Flags_a_method_other_assemblies_can_call_a_delegate_use_and_a_reassigned_parameter() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Segments
        {
            private readonly Func<Task<byte[]>> _next;

            public Segments(Func<Task<byte[]>> next) => _next = next;

            public async Task<byte[]> ReadAsync()
            {
                using var memory = new MemoryStream();
                await WriteToAsync(memory);
                await AppendAsync(memory);
                await WrapAsync(memory);
                Func<Stream, Task> later = AppendAsync;
                return memory.ToArray();
            }

            public async Task WriteToAsync(Stream output)
            {
                var data = await _next();
                [|output.Write(data, 0, data.Length)|];
            }

            private async Task AppendAsync(Stream output)
            {
                var data = await _next();
                [|output.Write(data, 0, data.Length)|];
            }

            private async Task WrapAsync(Stream output)
            {
                output = new BufferedStream(output);
                var data = await _next();
                [|output.Write(data, 0, data.Length)|];
            }
        }
        """);
}
