using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW104 does not follow a call into a leaf that runs only when a <c>System.Type</c> parameter equals (or differs from) one
/// <c>typeof(T)</c>, when the call passes another <c>typeof(..)</c>: the <c>Deserialize(response, Type type)</c> of every
/// OpenAPI-generated C# client writes a temporary file only for <c>typeof(Stream)</c>, and its generated async API methods
/// pass their model types (influxdb-client: 176 chains to <c>File.WriteAllBytes</c>). A call passing <c>typeof(Stream)</c>, a
/// type that is not a <c>typeof</c>, or a leaf outside the test is followed as before.
/// </summary>
public class TW104TypeGuardTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading.Tasks;

        """;

    private const string Client = """
        sealed class Response
        {
            public byte[] RawBytes = Array.Empty<byte>();
            public string FileName = "";
        }

        sealed class ApiClient
        {
            public object Deserialize(Response response, Type type)
            {
                if (type == typeof(byte[]))
                {
                    return response.RawBytes;
                }

                if (type == typeof(Stream))
                {
                    if (response.FileName.Length > 0)
                    {
                        File.WriteAllBytes(response.FileName, response.RawBytes);
                        return new FileStream(response.FileName, FileMode.Open);
                    }

                    return new MemoryStream(response.RawBytes);
                }

                return new object();
            }

            public object Convert(Response response, Type type)
            {
                if (typeof(Stream) != type)
                {
                    return new object();
                }

                File.WriteAllBytes(response.FileName, response.RawBytes);
                return new FileStream(response.FileName, FileMode.Open);
            }

            public object Save(Response response, Type type)
            {
                File.WriteAllBytes(response.FileName, response.RawBytes);
                return type == typeof(Stream) ? new MemoryStream(response.RawBytes) : new object();
            }
        }

        sealed class Bucket { }

        """;

    [Fact]
    public Task Ignores_calls_that_pass_another_type_than_the_guarded_one() => Verify.VerifyAnalyzerAsync(Usings + Client + """
        sealed class BucketsService
        {
            private readonly ApiClient _client = new ApiClient();

            private static Task<Response> SendAsync() => Task.FromResult(new Response());

            public async Task<Bucket> GetBucketAsync()
            {
                var response = await SendAsync();
                return (Bucket)_client.Deserialize(response, typeof(Bucket));
            }

            public async Task<byte[]> GetBytesAsync()
            {
                var response = await SendAsync();
                return (byte[])_client.Deserialize(response, typeof(byte[]));
            }

            public async Task<object> ConvertAsync()
            {
                var response = await SendAsync();
                return _client.Convert(response, typeof(Bucket));
            }

            private Bucket Read(Response response) => (Bucket)_client.Deserialize(response, typeof(Bucket));

            public async Task<Bucket> ReadAsync()
            {
                var response = await SendAsync();
                return Read(response);
            }
        }
        """);

    [Fact]
    public Task Flags_calls_that_pass_the_guarded_type_or_a_type_not_known() => Verify.VerifyAnalyzerAsync(Usings + Client + """
        sealed class FilesService
        {
            private readonly ApiClient _client = new ApiClient();

            private static Task<Response> SendAsync() => Task.FromResult(new Response());

            public async Task<Stream> DownloadAsync()
            {
                var response = await SendAsync();
                return (Stream){|#0:_client.Deserialize(response, typeof(Stream))|};
            }

            public async Task<object> GetAsync(Type type)
            {
                var response = await SendAsync();
                return {|#1:_client.Deserialize(response, type)|};
            }

            public async Task<object> ConvertAsync()
            {
                var response = await SendAsync();
                return {|#2:_client.Convert(response, typeof(Stream))|};
            }

            public async Task<object> SaveAsync()
            {
                var response = await SendAsync();
                return {|#3:_client.Save(response, typeof(Bucket))|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'ApiClient.Deserialize' blocks: ApiClient.Deserialize → File.WriteAllBytes; make it async and await 'File.WriteAllBytesAsync'"),
        Verify.Diagnostic().WithLocation(1).WithMessage("'ApiClient.Deserialize' blocks: ApiClient.Deserialize → File.WriteAllBytes; make it async and await 'File.WriteAllBytesAsync'"),
        Verify.Diagnostic().WithLocation(2).WithMessage("'ApiClient.Convert' blocks: ApiClient.Convert → File.WriteAllBytes; make it async and await 'File.WriteAllBytesAsync'"),
        Verify.Diagnostic().WithLocation(3).WithMessage("'ApiClient.Save' blocks: ApiClient.Save → File.WriteAllBytes; make it async and await 'File.WriteAllBytesAsync'"));
}
