using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// <c>HttpClient.SendAsync(request)</c> and <c>GetAsync</c>/<c>PostAsync</c>/.. without <c>ResponseHeadersRead</c> return once
/// the whole body is in memory: reading the content stream synchronously then reads that buffer (consuldotnet's request
/// classes, which keep it in a <c>ResponseStream</c> property). Streamed responses still do network I/O.
/// </summary>
public class TW102BufferedResponseTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Ignores_reading_the_stream_of_a_response_SendAsync_buffered_kept_in_a_property() => Verify.VerifyAnalyzerAsync(Usings + """
        class GetRequest
        {
            private readonly HttpClient _client = new();

            public Stream ResponseStream { get; set; }

            public async Task<string> Execute(HttpRequestMessage message, CancellationToken ct)
            {
                var response = await _client.SendAsync(message, ct).ConfigureAwait(false);
                ResponseStream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                using (var reader = new StreamReader(ResponseStream))
                {
                    return reader.ReadToEnd();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_reading_the_stream_of_a_response_GetAsync_buffered_in_locals() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public async Task<string> GetAsync(HttpClient client, Uri url)
            {
                using var response = await client.GetAsync(url);
                using var stream = await response.Content.ReadAsStreamAsync();
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }

            public async Task<string> PostAsync(HttpClient client, HttpRequestMessage message)
            {
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                return reader.ReadLine();
            }
        }
        """);

    [Fact]
    public Task Flags_reading_a_streamed_response() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public async Task<string> HeadersFirstAsync(HttpClient client, HttpRequestMessage message, CancellationToken ct)
            {
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                return [|reader.ReadToEnd()|];
            }

            public async Task<string> OptionAsync(HttpClient client, HttpRequestMessage message, HttpCompletionOption option)
            {
                using var response = await client.SendAsync(message, option);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                return [|reader.ReadToEnd()|];
            }

            public async Task<string> StreamAsync(HttpClient client, Uri url)
            {
                using var reader = new StreamReader(await client.GetStreamAsync(url));
                return [|reader.ReadToEnd()|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_stream_property_the_method_does_not_set_first() => Verify.VerifyAnalyzerAsync(Usings + """
        class GetRequest
        {
            private readonly HttpClient _client = new();

            public Stream ResponseStream { get; set; }

            public async Task<string> ReadAgain(HttpRequestMessage message)
            {
                using (var reader = new StreamReader(ResponseStream))
                {
                    var text = [|reader.ReadToEnd()|];
                    var response = await _client.SendAsync(message).ConfigureAwait(false);
                    ResponseStream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    return text;
                }
            }

            public async Task<string> ReadGiven(HttpRequestMessage message, Stream given)
            {
                var response = await _client.SendAsync(message).ConfigureAwait(false);
                ResponseStream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                ResponseStream = given;
                using var reader = new StreamReader(ResponseStream);
                return [|reader.ReadToEnd()|];
            }
        }
        """);
}
