using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Cpu.TW201CpuHeavyLoopAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A loop that takes the frames out of the chunk an awaited read just filled (<c>while (TryParseFrame(out ..))</c> after
/// <c>await stream.ReadAsync(..)</c> in each pass) costs one pass over that read's bytes: not TW201. Kernels per chunk,
/// hashing per frame, and the same frame loop fed by something other than a read stay reported.
/// </summary>
public class TW201ReadChunkTests
{
    private const string Usings = """
        using System;
        using System.Buffers;
        using System.Collections.Generic;
        using System.IO;
        using System.IO.Pipelines;
        using System.Net.Sockets;
        using System.Security.Cryptography;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // A line-protocol frame scanner: looks for CRLF from the parse position in the bytes received so far.
    private const string FrameScanner = """
        sealed class ReplyBuffer
        {
            private readonly byte[] _bytes = new byte[64 * 1024];
            private int _parsed;
            private int _filled;

            public Memory<byte> Free => _bytes.AsMemory(_filled);

            public void Commit(int count) => _filled += count;

            public bool TryTakeFrame(out int length)
            {
                for (int i = _parsed; i + 1 < _filled; i++)
                {
                    if (_bytes[i] == (byte)'\r' && _bytes[i + 1] == (byte)'\n')
                    {
                        length = i + 2 - _parsed;
                        _parsed = i + 2;
                        return true;
                    }
                }

                length = 0;
                return false;
            }
        }

        """;

    // ---- must not flag: frames of the chunk just read ------------------------------------------------------------

    [Fact]
    public Task Ignores_counting_the_frames_of_each_chunk_read_from_a_stream() => Verify.VerifyAnalyzerAsync(Usings + FrameScanner + """
        sealed class ReplayValidator
        {
            private readonly ReplyBuffer _buffer = new ReplyBuffer();

            public async Task<long> CountRepliesAsync(Stream capture, CancellationToken cancellationToken)
            {
                long replies = 0;
                while (true)
                {
                    var read = await capture.ReadAsync(_buffer.Free, cancellationToken).ConfigureAwait(false);
                    if (read <= 0)
                    {
                        return replies;
                    }

                    _buffer.Commit(read);
                    while (_buffer.TryTakeFrame(out _)) replies++;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_summing_frame_lengths_of_each_chunk_received_from_a_socket() => Verify.VerifyAnalyzerAsync(Usings + FrameScanner + """
        sealed class TelemetryListener
        {
            private readonly Socket _socket;
            private readonly ReplyBuffer _buffer = new ReplyBuffer();

            public TelemetryListener(Socket socket) => _socket = socket;

            public async Task<long> DrainAsync(CancellationToken cancellationToken)
            {
                long payloadBytes = 0;
                int received;
                do
                {
                    received = await _socket.ReceiveAsync(_buffer.Free, SocketFlags.None, cancellationToken);
                    _buffer.Commit(received);
                    while (_buffer.TryTakeFrame(out var length))
                    {
                        payloadBytes += length - 2;
                    }
                }
                while (received > 0);

                return payloadBytes;
            }
        }
        """);

    [Fact]
    public Task Ignores_parsing_the_lines_of_each_pipe_read() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class LineProtocolConnection
        {
            private readonly PipeReader _input;

            public LineProtocolConnection(PipeReader input) => _input = input;

            public async Task<int> ReadCommandsAsync(CancellationToken cancellationToken)
            {
                var commands = 0;
                for (;;)
                {
                    ReadResult result = await _input.ReadAsync(cancellationToken);
                    var buffer = result.Buffer;
                    while (TryReadLine(ref buffer, out var line))
                    {
                        commands += line.IsEmpty ? 0 : 1;
                    }

                    _input.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted)
                    {
                        return commands;
                    }
                }
            }

            private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
            {
                var span = buffer.FirstSpan;
                for (int i = 0; i < span.Length; i++)
                {
                    if (span[i] == (byte)'\n')
                    {
                        line = buffer.Slice(0, i);
                        buffer = buffer.Slice(i + 1);
                        return true;
                    }
                }

                line = default;
                return false;
            }
        }
        """);

    [Fact]
    public Task Ignores_decoding_varint_framed_packets_of_each_chunk() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class PacketDecoder
        {
            private byte[] _data = Array.Empty<byte>();
            private int _offset;
            private int _end;

            public void Reset(byte[] data, int count)
            {
                _data = data;
                _offset = 0;
                _end = count;
            }

            public bool TryDecode(out int packetLength)
            {
                int value = 0, shift = 0, position = _offset;
                while (position < _end)
                {
                    var b = _data[position++];
                    value |= (b & 0x7F) << shift;
                    shift += 7;
                    if ((b & 0x80) == 0 && position + value <= _end)
                    {
                        _offset = position + value;
                        packetLength = value;
                        return true;
                    }
                }

                packetLength = 0;
                return false;
            }
        }

        sealed class ReplicationStream
        {
            private readonly PacketDecoder _decoder = new PacketDecoder();

            public async Task<int> FollowAsync(Stream source, CancellationToken cancellationToken)
            {
                var chunk = new byte[32 * 1024];
                var packets = 0;
                int read;
                while ((read = await source.ReadAtLeastAsync(chunk, 1, throwOnEndOfStream: false, cancellationToken)) > 0)
                {
                    _decoder.Reset(chunk, read);
                    while (_decoder.TryDecode(out var length))
                    {
                        packets += length > 0 ? 1 : 0;
                    }
                }

                return packets;
            }
        }
        """);

    // ---- must flag: real work per chunk, and the same loop not fed by a read -------------------------------------

    [Fact]
    public Task Flags_signature_scan_kernel_over_each_chunk_read() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class MalwareScanner
        {
            public async Task<int> ScanAsync(Stream upload, byte[] signatureBytes, CancellationToken cancellationToken)
            {
                var chunk = new byte[81920];
                var hits = 0;
                int read;
                while ((read = await upload.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    [|for (int i = 0; i < read; i++)|]
                    {
                        for (int j = 0; j < signatureBytes.Length; j++)
                        {
                            if ((chunk[i] ^ signatureBytes[j]) == 0) hits++;
                        }
                    }
                }

                return hits;
            }
        }
        """);

    [Fact]
    public Task Flags_hashing_every_frame_of_each_chunk_read() => Verify.VerifyAnalyzerAsync(Usings + FrameScanner + """
        sealed class FrameAuditor
        {
            private readonly ReplyBuffer _buffer = new ReplyBuffer();

            public async Task<int> AuditAsync(Stream capture, byte[] key, CancellationToken cancellationToken)
            {
                var fingerprint = 0;
                while (true)
                {
                    var read = await capture.ReadAsync(_buffer.Free, cancellationToken);
                    if (read == 0)
                    {
                        return fingerprint;
                    }

                    _buffer.Commit(read);
                    [|while (_buffer.TryTakeFrame(out var length))|]
                    {
                        fingerprint ^= HMACSHA256.HashData(key, BitConverter.GetBytes(length))[0];
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Flags_frame_loop_after_an_await_that_is_not_a_read() => Verify.VerifyAnalyzerAsync(Usings + FrameScanner + """
        sealed class BacklogCounter
        {
            private readonly ReplyBuffer _backlog = new ReplyBuffer();

            public async Task<long> WatchAsync(CancellationToken cancellationToken)
            {
                long frames = 0;
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(1000, cancellationToken);
                    [|while (_backlog.TryTakeFrame(out _))|] frames++;
                }

                return frames;
            }
        }
        """);
}
