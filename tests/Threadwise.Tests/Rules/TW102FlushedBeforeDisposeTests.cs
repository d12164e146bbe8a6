using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A stream whose using scope ends with an awaited FlushAsync (then at most reads its properties) has nothing buffered at
/// Dispose, and a file stream just opened and never touched only creates the file: 'await using' adds nothing there.
/// A stream written and not flushed, written after its flush, or handed to a wrapper in the scope is still reported.
/// </summary>
public class TW102FlushedBeforeDisposeTests
{
    private const string Usings = """
        using System;
        using System.Data.Common;
        using System.Diagnostics;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_download_stream_flushed_at_the_end_of_its_using_block() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Downloader
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task DownloadAsync(string url, string path, CancellationToken token)
            {
                using (var body = await _http.GetStreamAsync(url))
                using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
                {
                    await body.CopyToAsync(file, 81920, token);
                    await file.FlushAsync(token).ConfigureAwait(false);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_using_declaration_flushed_as_the_last_statement_of_its_block() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Journal
        {
            public async Task AppendAsync(string path, byte[] entry, CancellationToken token)
            {
                using var file = new FileStream(path, FileMode.Append, FileAccess.Write);
                await file.WriteAsync(entry, 0, entry.Length, token);
                await file.FlushAsync(token);
            }
        }
        """);

    [Fact]
    public Task Ignores_download_flushed_then_measured_inside_nested_using_statements() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class PackageFetcher
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task<long> FetchAsync(string url, string archive, CancellationToken token)
            {
                long size;
                using (FileStream file = new(archive, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 4096, useAsync: true))
                using (Stream body = await _http.GetStreamAsync(url, token))
                {
                    await body.CopyToAsync(file, 81920, token);
                    await file.FlushAsync(token);
                    size = file.Length;
                }

                return size;
            }
        }
        """);

    [Fact]
    public Task Ignores_flushed_download_in_a_retry_loop_that_logs_and_breaks_after_the_flush() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class BlobDownloader
        {
            private readonly HttpClient _http = new HttpClient();
            private readonly Action<string> _log;

            public BlobDownloader(Action<string> log) => _log = log;

            public async Task DownloadAsync(Uri source, string target, CancellationToken token)
            {
                var attempts = 0;
                var clock = new Stopwatch();
                while (true)
                {
                    try
                    {
                        clock.Restart();
                        using (var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 65536, useAsync: true))
                        using (var body = await _http.GetStreamAsync(source, token))
                        {
                            await body.CopyToAsync(file, 81920, token);
                            await file.FlushAsync(token).ConfigureAwait(false);
                            clock.Stop();
                            _log($"{target}: {clock.ElapsedMilliseconds} ms");
                            break;
                        }
                    }
                    catch (HttpRequestException) when (++attempts < 3)
                    {
                        _log($"retrying {source}");
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_empty_file_created_by_a_using_with_an_empty_body() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ArtifactRestorer
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task RestoreAsync(string path, Uri source, long length)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (length == 0)
                {
                    using (new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
                    {
                    }

                    return;
                }

                var bytes = await _http.GetByteArrayAsync(source);
                await File.WriteAllBytesAsync(path, bytes);
            }
        }
        """);

    [Fact]
    public Task Ignores_marker_files_created_and_never_written() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class JobWorkspace
        {
            public async Task PrepareAsync(string root, CancellationToken token)
            {
                await Task.Delay(10, token);
                using (var marker = new FileStream(Path.Combine(root, ".lock"), FileMode.CreateNew, FileAccess.Write))
                {
                }

                new FileStream(Path.Combine(root, ".ready"), FileMode.Create).Dispose();

                using var placeholder = new FileStream(Path.Combine(root, "output.log"), FileMode.OpenOrCreate, FileAccess.Write);
                Console.WriteLine($"prepared {root} ({placeholder.Name})");
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_stream_written_and_not_flushed_or_flushed_before_more_writes() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Exporter
        {
            public async Task ExportAsync(string path, byte[] header, byte[] rows)
            {
                using (var [|file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true)|])
                {
                    await file.WriteAsync(header, 0, header.Length);
                }

                using var [|copy = new FileStream(path + ".bak", FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true)|];
                await copy.FlushAsync();
                await copy.WriteAsync(rows, 0, rows.Length);
            }
        }
        """);

    [Fact]
    public Task Flags_stream_handed_on_after_its_flush_or_wrapped_by_a_writer_in_the_scope() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReportWriter
        {
            public async Task WriteAsync(string path, string body, CancellationToken token)
            {
                using (var [|file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true)|])
                {
                    await file.WriteAsync(new byte[] { 1 }, token);
                    await file.FlushAsync(token);
                    await WriteTrailerAsync(file, token);
                }

                using var [|text = File.Create(path + ".txt", 4096, FileOptions.Asynchronous)|];
                using var [|writer = new StreamWriter(text, leaveOpen: true)|];
                await writer.WriteAsync(body);
                await text.FlushAsync(token);
            }

            private static Task WriteTrailerAsync(Stream stream, CancellationToken token) => stream.WriteAsync(new byte[] { 0 }, token).AsTask();
        }
        """);

    // The writer flushes into the stream and closes it: the stream's own Dispose has nothing left (the writer's is judged on its own).
    [Fact]
    public Task Ignores_a_stream_that_a_wrapper_in_its_scope_owns_and_closes_first() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class MetadataStore
        {
            public async Task SaveAsync(string path, string text, byte[] header)
            {
                using (var destination = File.Create(path, 4096, FileOptions.Asynchronous))
                using (var [|writer = new StreamWriter(destination, System.Text.Encoding.UTF8)|])
                {
                    await writer.WriteAsync(text);
                }

                using var target = new FileStream(path + ".bin", FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 4096, useAsync: true);
                using var [|binary = new StreamWriter(target, System.Text.Encoding.UTF8, 4096, leaveOpen: false)|];
                await binary.WriteAsync(text);
            }
        }
        """);

    [Fact]
    public Task Flags_a_stream_its_wrapper_leaves_open_or_that_is_wrapped_without_a_using() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class MetadataStore
        {
            public async Task SaveAsync(string path, string text)
            {
                using (var [|destination = File.Create(path, 4096, FileOptions.Asynchronous)|])
                using (var [|writer = new StreamWriter(destination, System.Text.Encoding.UTF8, 1024, leaveOpen: true)|])
                {
                    await writer.WriteAsync(text);
                }

                using var [|target = new FileStream(path + ".bak", FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 4096, useAsync: true)|];
                var loose = new StreamWriter(target);
                await loose.WriteAsync(text);
                await loose.FlushAsync();
            }
        }
        """);

    // FreeSql's reader loop: the using body ends by closing the reader itself, after loops left with break.
    [Fact]
    public Task Ignores_a_using_whose_body_ends_by_closing_its_resource() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Ado
        {
            public async Task ExecuteAsync(DbCommand command, Func<DbDataReader, Task<bool>> fetch, int results, CancellationToken token)
            {
                using (var reader = await command.ExecuteReaderAsync(token))
                {
                    var index = 0;
                    while (true)
                    {
                        while (await reader.ReadAsync(token))
                        {
                            if (!await fetch(reader))
                            {
                                break;
                            }
                        }

                        if (++index >= results || !await reader.NextResultAsync(token))
                        {
                            break;
                        }
                    }

                    await reader.CloseAsync();
                }
            }

            public async Task SendAsync(Stream network, byte[] frame)
            {
                using var output = new StreamWriter(network);
                for (var i = 0; i < 3; i++)
                {
                    if (frame.Length == 0)
                    {
                        continue;
                    }

                    await output.WriteAsync(Convert.ToBase64String(frame));
                }

                await output.DisposeAsync().ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Flags_a_using_left_before_its_closing_statement() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Ado
        {
            public async Task<int> FirstAsync(DbCommand command, CancellationToken token)
            {
                using (var [|reader = await command.ExecuteReaderAsync(token)|])
                {
                    if (await reader.ReadAsync(token))
                    {
                        return reader.GetInt32(0);
                    }

                    await reader.CloseAsync();
                }

                return -1;
            }

            public async Task SendAllAsync(Stream network, byte[][] frames)
            {
                foreach (var frame in frames)
                {
                    using (var [|output = new StreamWriter(network)|])
                    {
                        await output.WriteAsync(Convert.ToBase64String(frame));
                        if (frame.Length > 100)
                        {
                            break;
                        }

                        await output.DisposeAsync();
                    }
                }
            }

            public async Task CloseThenWriteAsync(Stream network, byte[] frame, CancellationToken token)
            {
                using (var [|output = new StreamWriter(network)|])
                {
                    await output.DisposeAsync();
                    await network.WriteAsync(frame, 0, frame.Length, token);
                }
            }
        }
        """);

    [Fact]
    public Task Flags_dispose_of_a_file_stream_written_before_it() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SnapshotStore
        {
            public async Task SaveAsync(string path, byte[] snapshot)
            {
                var file = File.Create(path, 4096, FileOptions.Asynchronous);
                await file.WriteAsync(snapshot, 0, snapshot.Length);
                {|#0:file.Dispose()|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0));
}
