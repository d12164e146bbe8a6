using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Zip archives over bytes already in memory, and hash objects fed a memory stream: their synchronous calls read memory,
/// so the async twin buys nothing. The same calls over a file or a network stream are still reported.
/// </summary>
public class TW102InMemoryArchiveTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag: archives over memory ------------------------------------------------------------------

    [Fact]
    public Task Ignores_entries_of_an_archive_downloaded_into_memory() => Verify.VerifyAnalyzerAsync(Usings + """
        class PluginLoader
        {
            private readonly HttpClient _http = new HttpClient();
            private readonly Dictionary<string, byte[]> _files = new Dictionary<string, byte[]>();

            public async Task LoadAsync(string url)
            {
                var bundle = await _http.GetByteArrayAsync(url);
                using (var archive = new ZipArchive(new MemoryStream(bundle)))
                {
                    foreach (var entry in archive.Entries)
                    {
                        using (var copy = new MemoryStream())
                        {
                            entry.Open().CopyTo(copy);
                            _files[entry.FullName] = copy.ToArray();
                        }

                        await Task.Yield();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_named_entry_read_through_a_stream_reader() => Verify.VerifyAnalyzerAsync(Usings + """
        class ThemePackage
        {
            public async Task<string> ManifestAsync(Func<Task<byte[]>> fetch)
            {
                byte[] payload = await fetch();
                Stream buffer = new MemoryStream(payload, writable: false);
                using var archive = new ZipArchive(buffer, ZipArchiveMode.Read);
                var manifest = archive.GetEntry("theme.json");
                if (manifest is null)
                {
                    return "";
                }

                using var stream = manifest.Open();
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
        }
        """);

    [Fact]
    public Task Ignores_writing_entries_into_an_archive_built_in_memory() => Verify.VerifyAnalyzerAsync(Usings + """
        class ExportBuilder
        {
            public async Task<byte[]> BuildAsync(IReadOnlyDictionary<string, Func<Task<byte[]>>> parts)
            {
                var output = new MemoryStream();
                using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var part in parts)
                    {
                        var bytes = await part.Value();
                        var entry = archive.CreateEntry(part.Key);
                        using var target = entry.Open();
                        target.Write(bytes, 0, bytes.Length);
                    }
                }

                return output.ToArray();
            }
        }
        """);

    [Fact]
    public Task Ignores_an_entry_kept_in_a_local_before_it_is_opened() => Verify.VerifyAnalyzerAsync(Usings + """
        class SymbolStore
        {
            public async Task<int> CountLinesAsync(byte[] zipped, string name, CancellationToken token)
            {
                await Task.Delay(1, token);
                using var archive = new ZipArchive(new MemoryStream(zipped));
                var found = archive.GetEntry(name);
                var entry = found;
                var lines = 0;
                using (var reader = new StreamReader(entry!.Open()))
                {
                    while (reader.ReadLine() != null)
                    {
                        lines++;
                    }
                }

                return lines;
            }
        }
        """);

    // ---- must not flag: hashes of memory streams -----------------------------------------------------------------

    [Fact]
    public Task Ignores_hashing_a_memory_stream_filled_just_above() => Verify.VerifyAnalyzerAsync(Usings + """
        class BlobUploader
        {
            public async Task<byte[]> UploadAsync(Stream content, Func<Stream, Task> upload, CancellationToken token)
            {
                using var seekable = new MemoryStream();
                await content.CopyToAsync(seekable, 81920, token);
                seekable.Position = 0;
                await upload(seekable);

                seekable.Position = 0;
                using (var md5 = MD5.Create())
                {
                    return md5.ComputeHash(seekable);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_hashing_a_memory_stream_declared_as_a_stream() => Verify.VerifyAnalyzerAsync(Usings + """
        class ChecksumCache
        {
            private readonly SHA256 _sha = SHA256.Create();

            public async Task<string> ChecksumAsync(Func<Task<byte[]>> load)
            {
                var bytes = await load();
                Stream copy = new MemoryStream(bytes);
                return Convert.ToHexString(_sha.ComputeHash(copy));
            }
        }
        """);

    // ---- must flag: the same calls over real I/O --------------------------------------------------------------

    [Fact]
    public Task Flags_entries_of_an_archive_opened_from_a_file() => Verify.VerifyAnalyzerAsync(Usings + """
        class BackupReader
        {
            public async Task<long> SizeAsync(string path)
            {
                await Task.Yield();
                using var archive = new ZipArchive(File.OpenRead(path));
                long total = 0;
                foreach (var entry in archive.Entries)
                {
                    using var copy = new MemoryStream();
                    using var source = [|entry.Open()|];
                    [|source.CopyTo(copy)|];
                    total += copy.Length;
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task Flags_an_entry_of_an_archive_passed_in_by_the_caller() => Verify.VerifyAnalyzerAsync(Usings + """
        class ManifestReader
        {
            public async Task<string> ReadAsync(ZipArchive archive)
            {
                await Task.Yield();
                var entry = archive.GetEntry("manifest.json")!;
                using var reader = new StreamReader([|entry.Open()|]);
                return [|reader.ReadToEnd()|];
            }
        }
        """);

    [Fact]
    public Task Flags_hashing_a_file_stream() => Verify.VerifyAnalyzerAsync(Usings + """
        class PackageVerifier
        {
            public async Task<byte[]> HashAsync(string path)
            {
                await Task.Yield();
                using var file = File.OpenRead(path);
                using var sha = SHA256.Create();
                return [|sha.ComputeHash(file)|];
            }
        }
        """);

    [Fact]
    public Task Flags_hashing_a_stream_the_caller_passed() => Verify.VerifyAnalyzerAsync(Usings + """
        class UploadChecker
        {
            public async Task<byte[]> HashAsync(Stream upload)
            {
                await Task.Yield();
                using var md5 = MD5.Create();
                return [|md5.ComputeHash(upload)|];
            }
        }
        """);
}
