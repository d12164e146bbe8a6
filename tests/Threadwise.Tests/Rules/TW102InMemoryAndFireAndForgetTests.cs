using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

public class TW102InMemoryAndFireAndForgetTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // A vendor library seen only as metadata: pooled and block-list memory streams, and a stream that is not in memory.
    private static readonly MetadataReference VendorStreams = TestReferences.Library("Vendor.Streams", """
        using System;
        using System.IO;

        namespace Vendor.Streams
        {
            public abstract class StreamBase : Stream
            {
                public override bool CanRead => true;
                public override bool CanSeek => true;
                public override bool CanWrite => true;
                public override long Length => 0;
                public override long Position { get; set; }
                public override void Flush() { }
                public override int Read(byte[] buffer, int offset, int count) => 0;
                public override long Seek(long offset, SeekOrigin origin) => 0;
                public override void SetLength(long value) { }
                public override void Write(byte[] buffer, int offset, int count) { }
            }

            public sealed class MemoryBlockStream : StreamBase { }

            public class PooledMemoryStream : StreamBase { }

            public sealed class PooledStreamManager
            {
                public PooledMemoryStream GetStream(string tag) => new PooledMemoryStream();
            }

            public sealed class ThrottledNetworkStream : StreamBase { }
        }
        """);

    private const string Client = """
        [Flags]
        enum RequestFlags { None = 0, DemandPrimary = 4, FireAndForget = 2, NoRedirect = 64 }

        interface IKeyStore
        {
            bool Remove(string key, RequestFlags flags = RequestFlags.None);
            Task<bool> RemoveAsync(string key, RequestFlags flags = RequestFlags.None);
            long Publish(string channel, string message, RequestFlags flags = RequestFlags.None);
            Task<long> PublishAsync(string channel, string message, RequestFlags flags = RequestFlags.None);
        }

        """;

    private static Task Run(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = Usings + source, AdditionalReferences = { VendorStreams } };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // ---- third-party memory streams ---------------------------------------------------------------------------

    [Fact]
    public Task Ignores_block_list_stream_filled_while_reading_the_network() => Run("""
        using Vendor.Streams;

        class MessageDownloader
        {
            public async Task<Stream> DownloadAsync(Stream network, CancellationToken cancellationToken)
            {
                var chunk = new byte[4096];
                var message = new MemoryBlockStream();
                int read;
                while ((read = await network.ReadAsync(chunk, 0, chunk.Length, cancellationToken)) > 0)
                {
                    message.Write(chunk, 0, read);
                }

                message.Flush();
                message.Position = 0;
                return message;
            }
        }
        """);

    [Fact]
    public Task Ignores_pooled_stream_from_a_vendor_manager_and_a_type_derived_from_it() => Run("""
        using Vendor.Streams;

        sealed class FrameBuffer : PooledMemoryStream { }

        class FrameEncoder
        {
            private readonly PooledStreamManager _streams = new PooledStreamManager();

            public async Task EncodeAsync(byte[] header, byte[] payload, Stream socket)
            {
                using var frame = _streams.GetStream("frame");
                frame.Write(header, 0, header.Length);
                frame.Write(payload, 0, payload.Length);
                frame.Position = 0;
                await frame.CopyToAsync(socket);

                Stream spare = new FrameBuffer();
                spare.Write(header, 0, header.Length);
                spare.Flush();
            }
        }
        """);

    [Fact]
    public Task Flags_streams_whose_names_are_no_evidence() => Run("""
        using Vendor.Streams;

        class SharedMemoryStream : Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => 0;
            public override long Position { get; set; }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => 0;
            public override long Seek(long offset, SeekOrigin origin) => 0;
            public override void SetLength(long value) { }
            public override void Write(byte[] buffer, int offset, int count) { }
        }

        class Uploader
        {
            public async Task UploadAsync(byte[] data, SharedMemoryStream mapped)
            {
                await Task.Yield();
                var network = new ThrottledNetworkStream();
                [|network.Write(data, 0, data.Length)|];
                [|mapped.Write(data, 0, data.Length)|];
            }
        }
        """);

    // ---- streams from factories that only ever make memory streams ---------------------------------------------

    [Fact]
    public Task Ignores_stream_from_a_source_factory_that_returns_only_memory_streams() => Run("""
        class ResponseBuilder
        {
            private static Stream CreateBody(int sizeHint) => new MemoryStream(sizeHint);

            private Stream CreateScratch(bool large)
            {
                if (large)
                {
                    return new MemoryStream(1 << 20);
                }

                var small = new MemoryStream();
                return small;
            }

            public async Task<Stream> BuildAsync(IEnumerable<byte[]> parts, Stream output)
            {
                var body = CreateBody(1024);
                foreach (var part in parts)
                {
                    body.Write(part, 0, part.Length);
                }

                CreateScratch(large: false).Write(new byte[1], 0, 1);
                await body.CopyToAsync(output);
                return body;
            }
        }
        """);

    [Fact]
    public Task Ignores_factory_returning_a_vendor_block_stream() => Run("""
        using Vendor.Streams;

        sealed class MimeParser
        {
            private Stream CreateContentStream() => new MemoryBlockStream();

            public async Task<Stream> ReadPartAsync(Stream input)
            {
                var content = CreateContentStream();
                var buffer = new byte[1024];
                int n;
                while ((n = await input.ReadAsync(buffer, 0, buffer.Length)) > 0)
                {
                    content.Write(buffer, 0, n);
                }

                return content;
            }
        }
        """);

    [Fact]
    public Task Ignores_stream_from_a_virtual_factory_nothing_in_the_compilation_overrides() => Run("""
        public class ImapFolder
        {
            protected virtual Stream CreateStream(int length) => length > 4096 ? new MemoryStream() : new MemoryStream(length);

            public async Task<Stream> FetchAsync(Stream network, int length)
            {
                var stream = CreateStream(length);
                var buffer = new byte[4096];
                int n;
                while ((n = await network.ReadAsync(buffer, 0, buffer.Length)) > 0)
                {
                    stream.Write(buffer, 0, n);
                }

                stream.Position = 0;
                return stream;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_local_declared_without_a_value_and_assigned_memory_streams_in_each_branch() => Run("""
        sealed class Fetcher
        {
            private static Stream CreateStream(int length) => length > 4096 ? new MemoryStream() : new MemoryStream(length);

            public async Task<Stream> FetchAsync(Stream network, bool literal, byte[] atom, int length)
            {
                Stream stream;
                if (literal)
                {
                    stream = CreateStream(length);
                    var buffer = new byte[4096];
                    int n;
                    while ((n = await network.ReadAsync(buffer, 0, buffer.Length)) > 0)
                    {
                        stream.Write(buffer, 0, n);
                    }
                }
                else
                {
                    stream = new MemoryStream();
                    stream.Write(atom, 0, atom.Length);
                }

                stream.Position = 0;
                return stream;
            }
        }
        """);

    // MailKit's fetch: the stream the virtual factory made is written, then handed to a virtual commit hook and back.
    private const string FolderWithCommitHook = """
        public class Folder
        {
            protected virtual Stream CreateStream(int length) => new MemoryStream(length);

            protected virtual Stream CommitStream(Stream stream, int length) => stream;

            public async Task<Stream> FetchAsync(Stream network, int length)
            {
                Stream stream;
                stream = CreateStream(length);
                var buffer = new byte[length];
                var n = await network.ReadAsync(buffer, 0, length);
                WRITE;
                stream = CommitStream(stream, length);
                return stream;
            }
        }
        """;

    [Fact]
    public Task Ignores_a_local_handed_back_by_a_virtual_commit_hook_nothing_overrides() =>
        Run(FolderWithCommitHook.Replace("WRITE", "stream.Write(buffer, 0, n)"));

    [Fact]
    public Task Flags_a_local_handed_to_a_commit_hook_overridden_to_open_a_file() => Run("""
        public class FileFolder : Folder
        {
            protected override Stream CommitStream(Stream stream, int length) => File.OpenWrite("part.bin");
        }

        """ + FolderWithCommitHook.Replace("WRITE", "[|stream.Write(buffer, 0, n)|]"));

    [Fact]
    public Task Ignores_a_local_assigned_a_memory_stream_inside_a_switch() => Run("""
        sealed class Reader
        {
            public async Task<long> CopyAsync(Stream network, int kind)
            {
                Stream target;
                switch (kind)
                {
                    case 1:
                        target = new MemoryStream();
                        break;
                    default:
                        target = new MemoryStream(1024);
                        break;
                }

                var buffer = new byte[16];
                var n = await network.ReadAsync(buffer, 0, buffer.Length);
                target.Write(buffer, 0, n);
                return target.Length;
            }
        }
        """);

    [Fact]
    public Task Flags_a_local_declared_without_a_value_when_one_assignment_may_open_a_file() => Run("""
        sealed class Saver
        {
            public async Task SaveAsync(byte[] data, string? path)
            {
                await Task.Yield();
                Stream target;
                if (path is null)
                {
                    target = new MemoryStream();
                }
                else
                {
                    target = File.OpenWrite(path);
                }

                [|target.Write(data, 0, data.Length)|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_local_declared_without_a_value_and_given_by_an_out_argument() => Run("""
        sealed class Saver
        {
            private static bool TryOpen(string path, out Stream stream)
            {
                stream = File.OpenWrite(path);
                return true;
            }

            public async Task SaveAsync(byte[] data, string path, bool buffered)
            {
                await Task.Yield();
                Stream target;
                if (buffered)
                {
                    target = new MemoryStream();
                }
                else if (!TryOpen(path, out target))
                {
                    return;
                }

                [|target.Write(data, 0, data.Length)|];
            }
        }
        """);

    [Fact]
    public Task Flags_stream_from_a_virtual_factory_overridden_in_source_or_one_that_may_open_a_file() => Run("""
        class FileExporter : Exporter
        {
            protected override Stream CreateTarget() => File.Create("export.bin");
        }

        class Exporter
        {
            protected virtual Stream CreateTarget() => new MemoryStream();

            private static Stream Open(string? path)
            {
                if (path is null)
                {
                    return new MemoryStream();
                }

                return File.OpenWrite(path);
            }

            public async Task ExportAsync(byte[] data, string? path)
            {
                await Task.Yield();
                var target = CreateTarget();
                [|target.Write(data, 0, data.Length)|];
                var output = Open(path);
                [|output.Write(data, 0, data.Length)|];
            }
        }
        """);

    // ---- pipes made in the same method -------------------------------------------------------------------------

    [Fact]
    public Task Ignores_writer_and_reader_of_a_pipe_created_in_the_method() => Run("""
        class FrameRelay
        {
            public async Task RelayAsync(Stream source, CancellationToken cancellationToken)
            {
                var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 16));
                var writer = pipe.Writer;
                try
                {
                    var memory = writer.GetMemory(4096);
                    var read = await source.ReadAsync(memory, cancellationToken);
                    writer.Advance(read);
                    await writer.FlushAsync(cancellationToken);
                }
                catch (Exception e)
                {
                    writer.Complete(e);
                    pipe.Reader.Complete(e);
                    return;
                }

                pipe.Writer.Complete();
                new Pipe().Reader.Complete();
            }
        }
        """);

    [Fact]
    public Task Ignores_writer_and_reader_of_a_pipe_the_type_keeps() => Run("""
        // SuperSocket's PipeConnection keeps its output Pipe in a property and completes its reader after the send loop:
        // a Pipe is in memory whoever made it.
        abstract class PipeConnection
        {
            private readonly Pipe _input = new Pipe();

            protected PipeConnection(Pipe output) => Output = output;

            protected Pipe Output { get; }

            protected async Task ProcessSendsAsync(Func<PipeReader, Task<bool>> send)
            {
                var output = Output.Reader;
                while (!await send(output))
                {
                }

                output.Complete();
                _input.Writer.Complete();
            }
        }
        """);

    [Fact]
    public Task Flags_completing_a_pipe_writer_that_may_wrap_a_stream() => Run("""
        class ResponseWriter
        {
            private readonly PipeWriter _output;

            public ResponseWriter(PipeWriter output) => _output = output;

            public async Task FinishAsync(Stream network, PipeWriter given)
            {
                await Task.Yield();
                [|_output.Complete()|];
                [|given.Complete()|];
                var writer = PipeWriter.Create(network);
                [|writer.Complete()|];
            }
        }
        """);

    // ---- fire-and-forget mode arguments -------------------------------------------------------------------------

    [Fact]
    public Task Ignores_commands_sent_fire_and_forget() => Run(Client + """
        class PresenceTracker
        {
            private readonly IKeyStore _store;

            public PresenceTracker(IKeyStore store) => _store = store;

            public async Task LeaveAsync(string user, RequestFlags flags)
            {
                await Task.Yield();
                _store.Remove("presence:" + user, RequestFlags.FireAndForget);
                _store.Publish("presence", user + " left", RequestFlags.DemandPrimary | RequestFlags.FireAndForget);
                _store.Publish("audit", user, flags: flags | RequestFlags.FireAndForget);
                var quiet = RequestFlags.FireAndForget | RequestFlags.NoRedirect;
                _store.Remove("session:" + user, quiet);
            }
        }
        """);

    [Fact]
    public Task Flags_commands_that_wait_for_the_reply() => Run(Client + """
        class PresenceTracker
        {
            private readonly IKeyStore _store;

            public PresenceTracker(IKeyStore store) => _store = store;

            public async Task LeaveAsync(string user, RequestFlags flags)
            {
                await Task.Yield();
                [|_store.Remove("presence:" + user)|];
                [|_store.Publish("presence", user, RequestFlags.DemandPrimary)|];
                [|_store.Publish("audit", user, flags)|];
            }
        }
        """);
}
