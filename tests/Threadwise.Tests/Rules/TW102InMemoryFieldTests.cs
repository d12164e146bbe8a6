using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A readonly or private field whose every value (its initializer, each assignment in its type) is a stream over memory
/// is in memory wherever it is read: Discord.Net's gateway decompressor, a DeflateStream field over a MemoryStream field,
/// both set when it connects. A field also set from a parameter, a field other types can set, and one that may also
/// hold a file stay reported.
/// </summary>
public class TW102InMemoryFieldTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.IO.Compression;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_decompressor_field_over_a_memory_field() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class GatewayClient
        {
            private readonly MemoryStream _compressed;
            private readonly DeflateStream _decompressor;

            public GatewayClient()
            {
                _compressed = new MemoryStream();
                _decompressor = new DeflateStream(_compressed, CompressionMode.Decompress);
            }

            public async Task<string> ReceiveAsync(byte[] data, Func<Task> next)
            {
                await next();
                _compressed.Write(data, 2, data.Length - 2);
                _compressed.Position = 0;
                using var decompressed = new MemoryStream();
                _decompressor.CopyTo(decompressed);
                decompressed.Position = 0;
                using var reader = new StreamReader(decompressed);
                return reader.ReadToEnd();
            }
        }
        """);

    [Fact]
    public Task Ignores_private_fields_set_to_memory_streams_when_connecting() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SocketApiClient : IDisposable
        {
            private MemoryStream _compressed;
            private DeflateStream _decompressor;

            public async Task ConnectAsync(Func<Task> connect)
            {
                await connect();
                _compressed = new MemoryStream();
                _decompressor = new DeflateStream(_compressed, CompressionMode.Decompress);
            }

            public async Task<int> ReceiveAsync(byte[] data, Func<Task> next)
            {
                await next();
                _compressed.Position = 0;
                var decompressed = new MemoryStream();
                _decompressor.CopyTo(decompressed);
                return (int)decompressed.Length;
            }

            public void Dispose()
            {
                _decompressor?.Dispose();
                _compressed?.Dispose();
            }
        }
        """);

    [Fact]
    public Task Ignores_readonly_stream_fields_given_only_memory_in_initializers_and_constructors() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Frame
        {
            private readonly Stream _body = new MemoryStream();
            private readonly TextWriter _log;
            private readonly Stream _spare;

            public Frame() : this(16)
            {
            }

            public Frame(int capacity)
            {
                _log = new StringWriter();
                this._spare = capacity > 0 ? new MemoryStream(capacity) : new MemoryStream();
            }

            public async Task WriteAsync(byte[] payload, Func<Task> next)
            {
                await next();
                _body.Write(payload, 0, payload.Length);
                _body.Flush();
                _log.WriteLine("frame written");
                _spare.Write(payload, 0, 1);
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_fields_that_may_hold_other_streams() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Frame
        {
            private readonly Stream _given;
            internal Stream _settable = new MemoryStream();
            private readonly Stream _either;

            public Frame(Stream given, bool toDisk)
            {
                _given = given;
                _either = toDisk ? File.Create("frame.bin") : new MemoryStream();
            }

            private Stream _redirected = new MemoryStream();
            private Stream _cloned = new MemoryStream();

            public void Redirect(Stream target) => _redirected = target;

            public Frame Clone(string path)
            {
                var copy = new Frame(Stream.Null, false);
                copy._cloned = File.OpenWrite(path);
                return copy;
            }

            public async Task WriteAsync(byte[] payload, Func<Task> next)
            {
                await next();
                [|_given.Write(payload, 0, payload.Length)|];
                [|_settable.Write(payload, 0, payload.Length)|];
                [|_redirected.Write(payload, 0, payload.Length)|];
                [|_cloned.Write(payload, 0, payload.Length)|];
                [|_either.Write(payload, 0, payload.Length)|];
            }
        }
        """);
}
