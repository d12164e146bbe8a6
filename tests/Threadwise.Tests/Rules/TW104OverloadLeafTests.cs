using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;
using VerifyTW102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A leaf is the overload actually called: where only some overloads of a method have an async counterpart (a hashing
/// API's byte-array overload has none, its Stream overload has one), a call to one without is no leaf, and a chain that
/// ends in one with names its parameters.
/// </summary>
public class TW104OverloadLeafTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_helper_that_hashes_a_byte_array() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class RequestSigner
        {
            private readonly byte[] _secret = Encoding.UTF8.GetBytes("secret");

            public async Task<string> SignAsync(byte[] payload, CancellationToken token)
            {
                await Task.Delay(1, token);
                return Signature(payload) + ":" + BodyDigest(payload);
            }

            private static string BodyDigest(byte[] payload) => Convert.ToHexString(SHA256.HashData(payload));

            private string Signature(byte[] payload)
            {
                using var hmac = new HMACSHA256(_secret);
                return Convert.ToBase64String(hmac.ComputeHash(payload));
            }
        }
        """);

    [Fact]
    public Task Ignores_helper_that_hashes_spans_and_array_slices() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ChunkIndex
        {
            public async Task<string> IndexAsync(byte[] block, int offset, int count)
            {
                await Task.Yield();
                return Fingerprint(block.AsSpan(offset, count)) + Legacy(block, offset, count);
            }

            private static string Fingerprint(ReadOnlySpan<byte> chunk)
            {
                Span<byte> digest = stackalloc byte[32];
                SHA256.HashData(chunk, digest);
                return Convert.ToHexString(digest);
            }

            private static string Legacy(byte[] block, int offset, int count)
            {
                using var md5 = MD5.Create();
                return Convert.ToHexString(md5.ComputeHash(block, offset, count));
            }
        }
        """);

    [Fact]
    public Task Ignores_helper_that_hashes_a_memory_stream() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ManifestBuilder
        {
            public async Task<string> BuildAsync(string text)
            {
                await Task.Yield();
                return Checksum(Encoding.UTF8.GetBytes(text)) + Etag(text);
            }

            private static string Checksum(byte[] content)
            {
                using var buffer = new MemoryStream(content);
                return Convert.ToHexString(SHA256.HashData(buffer));
            }

            private static string Etag(string text) =>
                Convert.ToHexString(MD5.HashData(new MemoryStream(Encoding.UTF8.GetBytes(text))));
        }
        """);

    [Fact]
    public Task Ignores_hashing_a_memory_stream_directly_in_async_code() => VerifyTW102.VerifyAnalyzerAsync(Usings + """
        sealed class PacketWriter
        {
            public async Task<byte[]> FrameAsync(byte[] body, Stream network)
            {
                var staging = new MemoryStream();
                await staging.WriteAsync(body, 0, body.Length);
                staging.Position = 0;
                var digest = SHA256.HashData(staging);
                var second = SHA1.HashData(new MemoryStream(body));
                await network.WriteAsync(digest, 0, digest.Length);
                return second;
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_hashing_a_file_stream_directly_in_async_code() => VerifyTW102.VerifyAnalyzerAsync(Usings + """
        sealed class BackupJob
        {
            public async Task<byte[]> SealAsync(string archive, Stream network)
            {
                await using var file = File.OpenRead(archive);
                var digest = [|SHA256.HashData(file)|];
                await network.WriteAsync(digest, 0, digest.Length);
                return digest;
            }
        }
        """);

    [Fact]
    public Task Flags_helper_that_hashes_a_file_stream_and_names_the_overload() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ArtifactVerifier
        {
            public async Task<bool> VerifyAsync(string path, string expected)
            {
                await Task.Yield();
                return {|#0:FileDigest(path)|} == expected;
            }

            private static string FileDigest(string path)
            {
                using var file = File.OpenRead(path);
                return Convert.ToHexString(SHA256.HashData(file));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'FileDigest' blocks: FileDigest → SHA256.HashData(Stream); make it async and await 'SHA256.HashDataAsync'"));

    [Fact]
    public Task Flags_helper_that_computes_a_hash_over_a_file_with_a_hash_algorithm() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class TransferCheck
        {
            public async Task<bool> CompareAsync(string localPath, byte[] remoteHash)
            {
                await Task.Yield();
                var local = {|#0:LocalHash(localPath)|};
                return local.AsSpan().SequenceEqual(remoteHash);
            }

            private static byte[] LocalHash(string path)
            {
                using var hasher = SHA256.Create();
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
                return hasher.ComputeHash(stream);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'LocalHash' blocks: LocalHash → SHA256.ComputeHash(Stream); make it async and await 'SHA256.ComputeHashAsync'"));
}
