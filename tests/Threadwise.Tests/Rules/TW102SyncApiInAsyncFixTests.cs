using Threadwise.Tests.Infrastructure;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer, Threadwise.Fixes.Blocking.TW102SyncApiInAsyncCodeFix>;
using AnalyzerVerify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>TW102's fix: the ConfigureAwait convention, <c>await using</c> with ConfigureAwait, and dual-path methods.</summary>
public class TW102SyncApiInAsyncFixTests
{
    private const string Usings = """
        using System;
        using System.Data.Common;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- ConfigureAwait convention --------------------------------------------------------------------------

    [Fact]
    public Task Fix_writes_ConfigureAwait_on_the_counterpart_where_the_method_does() => Verify.VerifyCodeFixAsync(Usings + """
        class Protocol
        {
            async Task<int> HandshakeAsync(Stream stream, StreamReader reader, byte[] buffer, CancellationToken cancellationToken)
            {
                await stream.WriteAsync(buffer, 0, 4, cancellationToken).ConfigureAwait(false);
                [|Thread.Sleep(10)|];
                return [|reader.ReadLine()|].Length;
            }
        }
        """, Usings + """
        class Protocol
        {
            async Task<int> HandshakeAsync(Stream stream, StreamReader reader, byte[] buffer, CancellationToken cancellationToken)
            {
                await stream.WriteAsync(buffer, 0, 4, cancellationToken).ConfigureAwait(false);
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                return (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length;
            }
        }
        """);

    [Fact]
    public Task Fix_writes_no_ConfigureAwait_where_the_code_has_none() => Verify.VerifyCodeFixAsync(Usings + """
        class Controller
        {
            async Task<string> GetAsync(string path, Stream stream)
            {
                await stream.FlushAsync();
                return [|File.ReadAllText(path)|];
            }
        }
        """, Usings + """
        class Controller
        {
            async Task<string> GetAsync(string path, Stream stream)
            {
                await stream.FlushAsync();
                return await File.ReadAllTextAsync(path);
            }
        }
        """);

    [Fact]
    public Task Fix_never_writes_ConfigureAwait_on_an_awaitable_without_it() => new Verify.Test
    {
        TestCode = Usings + """
            class Awaitable
            {
                public System.Runtime.CompilerServices.TaskAwaiter<int> GetAwaiter() => Task.FromResult(1).GetAwaiter();
            }

            class Channel
            {
                public int Receive() { Thread.Sleep(1); return 1; }
                public Awaitable ReceiveAsync() => new Awaitable();
            }

            class Consumer
            {
                async Task<int> RunAsync(Channel channel) => [|channel.Receive()|];
            }
            """,
        FixedCode = Usings + """
            class Awaitable
            {
                public System.Runtime.CompilerServices.TaskAwaiter<int> GetAwaiter() => Task.FromResult(1).GetAwaiter();
            }

            class Channel
            {
                public int Receive() { Thread.Sleep(1); return 1; }
                public Awaitable ReceiveAsync() => new Awaitable();
            }

            class Consumer
            {
                async Task<int> RunAsync(Channel channel) => await channel.ReceiveAsync();
            }
            """,
        EditorConfig = "threadwise.fix_configure_await = always",
    }.RunAsync();

    // ---- await using with ConfigureAwait -----------------------------------------------------------------------

    [Fact]
    public Task Fix_keeps_the_variable_and_configures_its_disposal() => new Verify.Test
    {
        TestCode = Usings + """
            class Exporter
            {
                async Task ExportAsync(string path, Stream source)
                {
                    using (var [|target = File.Create(path, 4096, FileOptions.Asynchronous)|])
                    {
                        await source.CopyToAsync(target).ConfigureAwait(false);
                    }

                    using var [|log = new StreamWriter(File.Create(path + ".log", 4096, FileOptions.Asynchronous))|];
                    await log.WriteLineAsync("done").ConfigureAwait(false);
                    using ([|File.Create(path + ".done", 4096, FileOptions.Asynchronous)|])
                    {
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Exporter
            {
                async Task ExportAsync(string path, Stream source)
                {
                    var target = File.Create(path, 4096, FileOptions.Asynchronous);
                    await using (target.ConfigureAwait(false))
                    {
                        await source.CopyToAsync(target).ConfigureAwait(false);
                    }

                    var log = new StreamWriter(File.Create(path + ".log", 4096, FileOptions.Asynchronous));
                    await using var configuredLog = log.ConfigureAwait(false);
                    await log.WriteLineAsync("done").ConfigureAwait(false);
                    await using (File.Create(path + ".done", 4096, FileOptions.Asynchronous).ConfigureAwait(false))
                    {
                    }
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_wraps_the_split_using_in_braces_where_the_name_is_reused() => new Verify.Test
    {
        TestCode = Usings + """
            class Archiver
            {
                async Task ArchiveAsync(string path, byte[] data)
                {
                    using (var [|stream = File.Create(path, 4096, FileOptions.Asynchronous)|])
                    {
                        await stream.WriteAsync(data, 0, data.Length).ConfigureAwait(false);
                    }

                    using (var [|stream = File.Create(path + ".bak", 4096, FileOptions.Asynchronous)|])
                    {
                        await stream.WriteAsync(data, 0, data.Length).ConfigureAwait(false);
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Archiver
            {
                async Task ArchiveAsync(string path, byte[] data)
                {
                    {
                        var stream = File.Create(path, 4096, FileOptions.Asynchronous);
                        await using (stream.ConfigureAwait(false))
                        {
                            await stream.WriteAsync(data, 0, data.Length).ConfigureAwait(false);
                        }
                    }

                    {
                        var stream = File.Create(path + ".bak", 4096, FileOptions.Asynchronous);
                        await using (stream.ConfigureAwait(false))
                        {
                            await stream.WriteAsync(data, 0, data.Length).ConfigureAwait(false);
                        }
                    }
                }
            }
            """,
    }.RunAsync();

    private const string ConfiguredLibrary = """
        class Store
        {
            async Task SaveAsync(string path, string text, Stream stream, CancellationToken cancellationToken)
            {
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                using var [|writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous))|];
                [|writer.Write(text)|];
                [|File.WriteAllText(path + ".meta", text)|];
                [|Thread.Sleep(5)|];
            }

            async Task<string> LoadAsync(string path, CancellationToken cancellationToken)
            {
                using var [|lockFile = File.Create(path + ".lock", 4096, FileOptions.Asynchronous)|];
                var reader = new StreamReader(path);
                return [|reader.ReadToEnd()|] + [|File.ReadAllText(path + ".meta")|];
            }
        }
        """;

    private const string ConfiguredLibraryFixed = """
        class Store
        {
            async Task SaveAsync(string path, string text, Stream stream, CancellationToken cancellationToken)
            {
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                var writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous));
                await using var configuredWriter = writer.ConfigureAwait(false);
                await writer.WriteAsync(text).ConfigureAwait(false);
                await File.WriteAllTextAsync(path + ".meta", text, cancellationToken).ConfigureAwait(false);
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }

            async Task<string> LoadAsync(string path, CancellationToken cancellationToken)
            {
                var lockFile = File.Create(path + ".lock", 4096, FileOptions.Asynchronous);
                await using var configuredLockFile = lockFile.ConfigureAwait(false);
                var reader = new StreamReader(path);
                return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false) + await File.ReadAllTextAsync(path + ".meta", cancellationToken).ConfigureAwait(false);
            }
        }
        """;

    [Fact]
    public Task Fix_All_in_a_ConfigureAwait_library_configures_every_await() =>
        Verify.VerifyCodeFixAsync(Usings + ConfiguredLibrary, Usings + ConfiguredLibraryFixed);

    [Fact]
    public void Fix_All_output_in_a_ConfigureAwait_library_satisfies_CA2007() =>
        Ca2007.AssertEveryAwaitConfigured(Usings + ConfiguredLibraryFixed);

    // ---- dual-path methods ---------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_writes_both_arms_on_a_bool_async_parameter() => new Verify.Test
    {
        TestCode = Usings + """
            class PacketStream
            {
                private readonly Stream _stream;

                public PacketStream(Stream stream) => _stream = stream;

                async Task<int> ReadPacketAsync(byte[] buffer, bool async, CancellationToken cancellationToken)
                {
                    [|_stream.Flush()|];
                    var read = [|_stream.Read(buffer, 0, buffer.Length)|];
                    return read;
                }
            }
            """,
        FixedCode = Usings + """
            class PacketStream
            {
                private readonly Stream _stream;

                public PacketStream(Stream stream) => _stream = stream;

                async Task<int> ReadPacketAsync(byte[] buffer, bool async, CancellationToken cancellationToken)
                {
                    if (async)
                        await _stream.FlushAsync(cancellationToken);
                    else
                        _stream.Flush();
                    var read = async ? await _stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken) : _stream.Read(buffer, 0, buffer.Length);
                    return read;
                }
            }
            """,
        CodeActionTitle = "Await 'FlushAsync' if async, else keep 'Flush'",
    }.RunAsync();

    [Fact]
    public Task Fix_writes_both_arms_on_an_IO_mode_enum_with_ConfigureAwait() => new Verify.Test
    {
        TestCode = Usings + """
            enum IOBehavior { Synchronous, Asynchronous }

            class ServerSession
            {
                async ValueTask<int> ConnectAsync(DbConnection connection, DbCommand command, IOBehavior ioBehavior, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                    [|connection.Open()|];
                    return [|command.ExecuteNonQuery()|] + 1;
                }
            }
            """,
        FixedCode = Usings + """
            enum IOBehavior { Synchronous, Asynchronous }

            class ServerSession
            {
                async ValueTask<int> ConnectAsync(DbConnection connection, DbCommand command, IOBehavior ioBehavior, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                    if (ioBehavior == IOBehavior.Asynchronous)
                        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    else
                        connection.Open();
                    return (ioBehavior == IOBehavior.Asynchronous ? await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteNonQuery()) + 1;
                }
            }
            """,
        CodeActionTitle = "Await 'OpenAsync' if ioBehavior == IOBehavior.Asynchronous, else keep 'Open'",
    }.RunAsync();

    [Fact]
    public Task Fix_wraps_an_embedded_statement_in_braces() => Verify.VerifyCodeFixAsync(Usings + """
        class Writer
        {
            async Task FlushAsync(Stream stream, bool flush, bool isAsync)
            {
                await Task.Yield();
                if (flush)
                    [|stream.Flush()|];
            }
        }
        """, Usings + """
        class Writer
        {
            async Task FlushAsync(Stream stream, bool flush, bool isAsync)
            {
                await Task.Yield();
                if (flush)
                {
                    if (isAsync)
                        await stream.FlushAsync();
                    else
                        stream.Flush();
                }
            }
        }
        """);

    [Fact]
    public Task No_fix_in_a_lambda_of_a_dual_path_method() => Verify.VerifyCodeFixAsync(Usings + """
        class Pool
        {
            async Task ResetAsync(Stream[] streams, bool async)
            {
                await Task.Yield();
                Func<Stream, Task> reset = async s => { await Task.Yield(); [|s.Flush()|]; };
                await reset(streams[0]);
            }
        }
        """, Usings + """
        class Pool
        {
            async Task ResetAsync(Stream[] streams, bool async)
            {
                await Task.Yield();
                Func<Stream, Task> reset = async s => { await Task.Yield(); [|s.Flush()|]; };
                await reset(streams[0]);
            }
        }
        """);

    [Fact]
    public Task No_fix_for_a_call_in_a_using_declaration_of_a_dual_path_method() => Verify.VerifyCodeFixAsync(Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class Query
        {
            async Task<bool> ReadAsync(DbCommand command, IOBehavior ioBehavior)
            {
                await Task.Yield();
                using var reader = [|command.ExecuteReader()|];
                return ioBehavior == IOBehavior.Asynchronous ? await reader.ReadAsync() : reader.Read();
            }
        }
        """, Usings + """
        enum IOBehavior { Synchronous, Asynchronous }

        class Query
        {
            async Task<bool> ReadAsync(DbCommand command, IOBehavior ioBehavior)
            {
                await Task.Yield();
                using var reader = [|command.ExecuteReader()|];
                return ioBehavior == IOBehavior.Asynchronous ? await reader.ReadAsync() : reader.Read();
            }
        }
        """);

    [Fact]
    public Task No_await_using_report_in_a_dual_path_method() => AnalyzerVerify.VerifyAnalyzerAsync(Usings + """
        class Session
        {
            async Task WriteAsync(string path, byte[] data, bool useAsync)
            {
                using (var file = File.Create(path))
                {
                    if (useAsync)
                        await file.WriteAsync(data, 0, data.Length);
                    else
                        file.Write(data, 0, data.Length);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_is_the_plain_await_where_the_bool_is_not_a_mode() => Verify.VerifyCodeFixAsync(Usings + """
        class Cache
        {
            async Task SaveAsync(string path, string text, bool overwrite)
            {
                await Task.Yield();
                [|File.WriteAllText(path, text)|];
            }
        }
        """, Usings + """
        class Cache
        {
            async Task SaveAsync(string path, string text, bool overwrite)
            {
                await Task.Yield();
                await File.WriteAllTextAsync(path, text);
            }
        }
        """);
}
