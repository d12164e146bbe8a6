using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW504TokenNotForwardedAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Writes and flushes of the HTTP response are not asked for <c>RequestAborted</c>: once the client is gone the server
/// completes them without sending anything, and the token would only turn a finished request into an
/// <c>OperationCanceledException</c> (Wolverine's HTTP transport reply). Other calls in the same handler still are.
/// </summary>
public class TW504ResponseWriteTests
{
    private const string Stubs = """
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        namespace Microsoft.AspNetCore.Http
        {
            public abstract class HttpContext
            {
                public abstract CancellationToken RequestAborted { get; }
                public abstract HttpResponse Response { get; }
            }

            public abstract class HttpResponse
            {
                public abstract Stream Body { get; set; }
                public abstract PipeWriter BodyWriter { get; }
                public abstract long? ContentLength { get; set; }
                public virtual Task CompleteAsync() => Task.CompletedTask;
            }

            public static class HttpResponseWritingExtensions
            {
                public static Task WriteAsync(this HttpResponse response, string text, CancellationToken cancellationToken = default) => Task.CompletedTask;
            }
        }

        sealed class Store
        {
            public Task SaveAsync(byte[] data, CancellationToken cancellationToken = default) => Task.Delay(1, cancellationToken);
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_response_writes_where_the_token_held_is_RequestAborted() => Verify.VerifyAnalyzerAsync(Stubs + """
        sealed class HttpTransportExecutor
        {
            private readonly Store _store = new Store();

            public async Task ExecuteAsync(HttpContext httpContext, byte[] reply)
            {
                await _store.SaveAsync(reply, httpContext.RequestAborted);
                httpContext.Response.ContentLength = reply.Length;
                await httpContext.Response.Body.WriteAsync(reply);
                await httpContext.Response.Body.FlushAsync();
                await httpContext.Response.BodyWriter.FlushAsync();
                await httpContext.Response.WriteAsync("done");
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_other_calls_in_the_same_handler() => Verify.VerifyAnalyzerAsync(Stubs + """
        sealed class HttpTransportExecutor
        {
            private readonly Store _store = new Store();

            public async Task ExecuteAsync(HttpContext httpContext, byte[] reply)
            {
                await _store.SaveAsync(reply, httpContext.RequestAborted);
                await httpContext.Response.Body.WriteAsync(reply);
                await [|_store.SaveAsync(reply)|];
                await [|new MemoryStream().WriteAsync(reply)|];
            }
        }
        """);
}
