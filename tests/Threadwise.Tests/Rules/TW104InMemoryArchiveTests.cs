using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>TW104 leaves get TW102's in-memory exemptions: a helper that unzips or hashes bytes in memory blocks nobody.</summary>
public class TW104InMemoryArchiveTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.IO.Compression;
        using System.Security.Cryptography;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_a_helper_that_unpacks_an_archive_held_in_memory() => Verify.VerifyAnalyzerAsync(Usings + """
        class AssemblyCache
        {
            private readonly Dictionary<string, byte[]> _files = new Dictionary<string, byte[]>();

            public async Task RefreshAsync(Func<Task<byte[]>> download)
            {
                var zip = await download();
                Unpack(zip);
            }

            private void Unpack(byte[] zip)
            {
                using var archive = new ZipArchive(new MemoryStream(zip));
                foreach (var entry in archive.Entries)
                {
                    using var copy = new MemoryStream();
                    entry.Open().CopyTo(copy);
                    _files[entry.FullName] = copy.ToArray();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_helper_that_hashes_a_memory_stream() => Verify.VerifyAnalyzerAsync(Usings + """
        class ContentStore
        {
            public async Task<byte[]> StoreAsync(Func<Task<byte[]>> load)
            {
                var bytes = await load();
                return Hash(bytes);
            }

            private static byte[] Hash(byte[] bytes)
            {
                using var buffer = new MemoryStream(bytes);
                using var md5 = MD5.Create();
                return md5.ComputeHash(buffer);
            }
        }
        """);

    [Fact]
    public Task Flags_a_helper_that_unpacks_an_archive_from_disk() => Verify.VerifyAnalyzerAsync(Usings + """
        class BackupRestore
        {
            public async Task RestoreAsync(string path)
            {
                await Task.Yield();
                [|Unpack(path)|];
            }

            private static void Unpack(string path)
            {
                using var archive = new ZipArchive(File.OpenRead(path));
                foreach (var entry in archive.Entries)
                {
                    using var copy = new MemoryStream();
                    entry.Open().CopyTo(copy);
                }
            }
        }
        """);
}
