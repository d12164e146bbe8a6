using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A stream whose using scope ends with an awaited FlushAsync has nothing buffered at Dispose:
/// 'await using' adds nothing there. A stream written and not flushed is still reported.
/// </summary>
public class TW102FlushedBeforeDisposeTests
{
    private const string Usings = """
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

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_stream_written_and_not_flushed_or_flushed_before_more_writes() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Exporter
        {
            public async Task ExportAsync(string path, byte[] header, byte[] rows)
            {
                using (var [|file = new FileStream(path, FileMode.Create)|])
                {
                    await file.WriteAsync(header, 0, header.Length);
                }

                using var [|copy = new FileStream(path + ".bak", FileMode.Create)|];
                await copy.FlushAsync();
                await copy.WriteAsync(rows, 0, rows.Length);
            }
        }
        """);
}
