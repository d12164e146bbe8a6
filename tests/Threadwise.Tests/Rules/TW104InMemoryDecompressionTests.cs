using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// grpc-dotnet decompresses a message it has already received: a compression provider's CreateDecompressionStream wraps
/// a MemoryStream, or the library's own ReadOnlySequenceStream (a Stream class whose fields hold only a sequence of bytes
/// and a position), and CopyTo copies it into another MemoryStream. No I/O; a provider over a file, or a stream class
/// that holds another stream, still blocks.
/// </summary>
public class TW104InMemoryDecompressionTests
{
    private const string Code = """
        using System;
        using System.Buffers;
        using System.IO;
        using System.IO.Compression;
        using System.Threading;
        using System.Threading.Tasks;

        public interface ICompressionProvider
        {
            Stream CreateDecompressionStream(Stream stream);
        }

        public sealed class GzipProvider : ICompressionProvider
        {
            public Stream CreateDecompressionStream(Stream stream) => new GZipStream(stream, CompressionMode.Decompress);
        }

        internal sealed class SequenceStream : Stream
        {
            private static readonly Task<int> Zero = Task.FromResult(0);
            private readonly ReadOnlySequence<byte> _sequence;
            private SequencePosition _position;
            private Task<int>? _lastRead;

            public SequenceStream(ReadOnlySequence<byte> sequence)
            {
                _sequence = sequence;
                _position = sequence.Start;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => _sequence.Length;
            public override long Position { get => 0; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count)
            {
                var remaining = _sequence.Slice(_position);
                var read = (int)Math.Min(count, remaining.Length);
                remaining.Slice(0, read).CopyTo(buffer.AsSpan(offset, read));
                _position = _sequence.GetPosition(read, _position);
                return read;
            }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        // Only a position and a cached read result: nothing that holds the bytes it reads.
        internal sealed class PositionStream : Stream
        {
            private long _position;
            private ValueTask<int> _lastRead;

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => 0;
            public override long Position { get => _position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count)
            {
                _lastRead = new ValueTask<int>(0);
                return _lastRead.Result;
            }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        internal sealed class CountingStream : Stream
        {
            private readonly Stream _inner;
            private long _count;

            public CountingStream() => _inner = File.OpenRead("messages.bin");

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => _inner.Length;
            public override long Position { get => _count; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count)
            {
                var read = _inner.Read(buffer, offset, count);
                _count += read;
                return read;
            }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        """;

    [Fact]
    public Task Ignores_helpers_that_decompress_a_message_held_in_memory() => Verify.VerifyAnalyzerAsync(Code + """
        public sealed class MessageReader
        {
            private readonly ICompressionProvider _provider = new GzipProvider();

            public async Task<byte[]> ReadAsync(Func<Task<byte[]>> receive, Func<Task<ReadOnlySequence<byte>>> receiveSequence)
            {
                var message = await receive();
                var first = Decompress(message);
                var sequence = await receiveSequence();
                return first.Length > 0 ? first : DecompressSequence(sequence);
            }

            private byte[] Decompress(byte[] message)
            {
                var output = new MemoryStream();
                using (var decompressor = _provider.CreateDecompressionStream(new MemoryStream(message, 0, message.Length, writable: true, publiclyVisible: true)))
                {
                    decompressor.CopyTo(output);
                }

                return output.ToArray();
            }

            private byte[] DecompressSequence(ReadOnlySequence<byte> sequence)
            {
                var output = new MemoryStream();
                using (var decompressor = _provider.CreateDecompressionStream(new SequenceStream(sequence)))
                {
                    decompressor.CopyTo(output);
                }

                return output.ToArray();
            }
        }
        """);

    [Fact]
    public Task Flags_helpers_that_decompress_a_file_or_a_stream_over_another_stream() => Verify.VerifyAnalyzerAsync(Code + """
        public sealed class ArchiveReader
        {
            private readonly ICompressionProvider _provider = new GzipProvider();

            public async Task<byte[]> ReadAsync(string path)
            {
                await Task.Yield();
                var first = [|Decompress(path)|];
                var second = first.Length > 0 ? first : [|DecompressCounted()|];
                return second.Length > 0 ? second : [|DecompressPositioned()|];
            }

            private byte[] DecompressPositioned()
            {
                var output = new MemoryStream();
                using (var decompressor = _provider.CreateDecompressionStream(new PositionStream()))
                {
                    decompressor.CopyTo(output);
                }

                return output.ToArray();
            }

            private byte[] Decompress(string path)
            {
                var output = new MemoryStream();
                using (var decompressor = _provider.CreateDecompressionStream(File.OpenRead(path)))
                {
                    decompressor.CopyTo(output);
                }

                return output.ToArray();
            }

            private byte[] DecompressCounted()
            {
                var output = new MemoryStream();
                using (var decompressor = _provider.CreateDecompressionStream(new CountingStream()))
                {
                    decompressor.CopyTo(output);
                }

                return output.ToArray();
            }
        }
        """);
}
