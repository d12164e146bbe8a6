using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A FileStream opened for synchronous I/O (no useAsync: true, no FileOptions.Asynchronous) has no asynchronous
/// disposal: DisposeAsync writes the buffered tail through the same synchronous handle on another pool thread. With its
/// default 4 KB buffer (or any up to 80 KB) that is one small local write, not worth 'await using' anywhere, and neither is
/// a StreamWriter over such a file; on a server, where 'await using' frees no thread at all, any buffer size. Still
/// reported: a file opened for asynchronous I/O, one opened from a handle or with a variable async flag, and a large
/// buffer outside a server, or on a server where the scope wraps the file in a writer of its own.
/// </summary>
public class TW102SyncFileHandleTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Verify.Test OnServer(string code) => new()
    {
        TestCode = Usings + code,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
    };

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_upload_copied_into_a_file_opened_without_async_in_a_controller() => OnServer("""
        public interface IFormFile
        {
            Task CopyToAsync(Stream target, CancellationToken cancellationToken = default);
        }

        public sealed class UploadController
        {
            public async Task<string> UploadAsync(IFormFile formFile, string folder)
            {
                var path = Path.Combine(folder, Path.GetRandomFileName());
                using (var stream = new FileStream(path, FileMode.Create))
                {
                    await formFile.CopyToAsync(stream);
                }

                return path;
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_package_download_written_with_ConfigureAwait_into_a_file_with_access_and_share() => OnServer("""
        public sealed class PackageController
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task<bool> InstallAsync(string url, string target)
            {
                var response = await _http.GetAsync(url).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                using (var fileStream = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    await response.Content.CopyToAsync(fileStream).ConfigureAwait(false);
                }

                return true;
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_chunks_merged_into_a_sync_file_inside_a_loop_with_a_catch() => OnServer("""
        public sealed class ChunkMerger
        {
            public async Task<bool> MergeAsync(string folder, string name, IEnumerable<string> parts)
            {
                var success = true;
                using (var stream = new FileStream(Path.Combine(folder, name + ".tmp"), FileMode.Create))
                {
                    foreach (var part in parts)
                    {
                        try
                        {
                            using (var chunk = new FileStream(part, FileMode.Open))
                            {
                                await chunk.CopyToAsync(stream);
                            }
                        }
                        catch (IOException)
                        {
                            success = false;
                        }
                    }
                }

                return success;
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_File_Open_File_Create_and_OpenWrite_used_as_using_declarations_in_a_storage_service() => OnServer("""
        public sealed class FileStorage
        {
            public async Task PutAsync(string path, Stream content, CancellationToken token)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var fileStream = File.Open(path, FileMode.CreateNew);
                await content.CopyToAsync(fileStream, 81920, token);
            }

            public async Task SaveAsync(string path, byte[] data, CancellationToken token)
            {
                using var created = File.Create(path);
                await created.WriteAsync(data, token);
                using var appended = File.OpenWrite(path + ".log");
                await appended.WriteAsync(data.AsMemory(0, 1), token);
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_files_opened_with_useAsync_false_or_options_without_Asynchronous() => OnServer("""
        public sealed class ExportJob
        {
            public async Task ExportAsync(string path, Stream source, CancellationToken token)
            {
                using (var plain = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 4096, useAsync: false))
                {
                    await source.CopyToAsync(plain, token);
                }

                using (var sequential = new FileStream(path + ".bak", FileMode.Create, FileAccess.Write, FileShare.None, 65536, FileOptions.SequentialScan | FileOptions.WriteThrough))
                {
                    source.Position = 0;
                    await source.CopyToAsync(sequential, token);
                }
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_a_sync_file_read_for_its_length_after_the_copy() => OnServer("""
        public sealed class AvatarController
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task<long> FetchAsync(Uri source, string target)
            {
                using var body = await _http.GetStreamAsync(source);
                using var file = new FileStream(target, FileMode.CreateNew);
                await body.CopyToAsync(file);
                return file.Length;
            }
        }
        """).RunAsync();

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_file_opened_for_asynchronous_IO_on_a_server() => OnServer("""
        public sealed class ExportController
        {
            public async Task ExportAsync(string path, Stream source, CancellationToken token)
            {
                using (var [|overlapped = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true)|])
                {
                    await source.CopyToAsync(overlapped, token);
                }

                using (var [|options = new FileStream(path + ".1", FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan)|])
                {
                    await source.CopyToAsync(options, token);
                }

                using var [|created = File.Create(path + ".2", 4096, FileOptions.Asynchronous)|];
                await source.CopyToAsync(created, token);
            }
        }
        """).RunAsync();

    [Fact]
    public Task Flags_a_file_opened_from_a_handle_or_with_a_variable_async_flag_on_a_server() => OnServer("""
        public sealed class ArchiveController
        {
            public async Task SaveAsync(string path, Stream source, bool overlapped, Microsoft.Win32.SafeHandles.SafeFileHandle handle)
            {
                using (var [|fromHandle = new FileStream(handle, FileAccess.Write)|])
                {
                    await source.CopyToAsync(fromHandle);
                }

                using var [|chosen = new FileStream(path + ".1", FileMode.Create, FileAccess.Write, FileShare.None, 4096, overlapped)|];
                await source.CopyToAsync(chosen);
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_a_sync_file_wrapped_by_a_writer_in_its_scope_on_a_server() => OnServer("""
        public sealed class CsvController
        {
            public async Task WriteAsync(string path, IEnumerable<string> rows)
            {
                using (var file = new FileStream(path, FileMode.Create))
                {
                    using var writer = new StreamWriter(file, leaveOpen: true);
                    foreach (var row in rows)
                    {
                        await writer.WriteLineAsync(row);
                    }
                }
            }
        }
        """).RunAsync();

    // Rebus's file-system transport and data bus, BaGetter's package store.
    [Fact]
    public Task Ignores_a_sync_file_and_its_writers_in_a_library() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class PackageCache
        {
            public async Task StoreAsync(string path, Stream content, CancellationToken token)
            {
                using var fileStream = File.Open(path, FileMode.CreateNew);
                await content.CopyToAsync(fileStream, 81920, token);
            }

            public async Task SaveAsync(string path, string json)
            {
                using (var destination = File.OpenWrite(path))
                using (var writer = new StreamWriter(destination, System.Text.Encoding.UTF8))
                {
                    await writer.WriteAsync(json);
                }

                using var log = new StreamWriter(path + ".log", append: true);
                await log.WriteLineAsync(json);
                using var text = File.CreateText(path + ".txt");
                await text.WriteAsync(json);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_sync_file_copied_into_in_a_UI_app() => new Verify.Test
    {
        TestCode = Usings + """
            public sealed class DownloadWindow
            {
                private readonly HttpClient _http = new HttpClient();

                public async void OnSaveClicked(object sender, EventArgs e)
                {
                    using var body = await _http.GetStreamAsync("https://example.org/report.pdf");
                    using var file = new FileStream("report.pdf", FileMode.Create);
                    await body.CopyToAsync(file);
                }
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
    }.RunAsync();

    [Fact]
    public Task Flags_a_large_buffer_or_an_async_file_in_a_library() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class PackageCache
        {
            public async Task StoreAsync(string path, Stream content, CancellationToken token)
            {
                using var [|fileStream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20)|];
                await content.CopyToAsync(fileStream, 81920, token);
            }

            public async Task SaveAsync(string path, string json, int bufferSize)
            {
                using (var destination = File.Create(path, 4096, FileOptions.Asynchronous))
                using (var [|writer = new StreamWriter(destination, System.Text.Encoding.UTF8)|])
                {
                    await writer.WriteAsync(json);
                }

                using var [|log = new StreamWriter(path + ".log", true, System.Text.Encoding.UTF8, bufferSize)|];
                await log.WriteLineAsync(json);
            }
        }
        """);

    [Fact]
    public Task Flags_a_sync_file_with_a_large_buffer_wrapped_by_a_writer_on_a_server() => OnServer("""
        public sealed class CsvController
        {
            public async Task WriteAsync(string path, IEnumerable<string> rows)
            {
                using (var [|file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20)|])
                {
                    using var writer = new StreamWriter(file, leaveOpen: true);
                    foreach (var row in rows)
                    {
                        await writer.WriteLineAsync(row);
                    }
                }
            }
        }
        """).RunAsync();
}
