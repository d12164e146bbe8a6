using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using VerifyChain = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An <c>IAsyncDisposable</c> type in source is disposed asynchronously only where its <c>DisposeAsync</c> awaits something
/// that can be asynchronous. Rider's generated <c>CastAndDispose(resource)</c> awaits <c>DisposeAsync()</c> only when the
/// resource turns out to be <c>IAsyncDisposable</c>; over a token source and a gRPC call it calls <c>Dispose()</c>, as the
/// synchronous disposal does (EventStore's subscription results).
/// </summary>
public class TW102SourceAsyncDisposalTests
{
    internal const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // The shape Rider generates, over two fields whose types are not IAsyncDisposable, and over a stream, which is.
    internal const string Results = """
        sealed class Call : IDisposable
        {
            public void Dispose() { }
        }

        class SubscriptionResult : IAsyncDisposable, IDisposable
        {
            private readonly CancellationTokenSource _cts = new();
            private readonly Call _call = new();

            public async ValueTask DisposeAsync()
            {
                await CastAndDispose(_cts).ConfigureAwait(false);
                await CastAndDispose(_call).ConfigureAwait(false);

                static async ValueTask CastAndDispose(IDisposable resource)
                {
                    if (resource is IAsyncDisposable resourceAsyncDisposable)
                        await resourceAsyncDisposable.DisposeAsync().ConfigureAwait(false);
                    else
                        resource.Dispose();
                }
            }

            public void Dispose()
            {
                _cts.Dispose();
                _call.Dispose();
            }
        }

        class UploadResult : IAsyncDisposable, IDisposable
        {
            private readonly CancellationTokenSource _cts = new();
            private readonly Stream _body = new BufferedStream(Stream.Null);

            public async ValueTask DisposeAsync()
            {
                await CastAndDispose(_cts).ConfigureAwait(false);
                await CastAndDispose(_body).ConfigureAwait(false);

                static async ValueTask CastAndDispose(IDisposable resource)
                {
                    if (resource is IAsyncDisposable resourceAsyncDisposable)
                        await resourceAsyncDisposable.DisposeAsync().ConfigureAwait(false);
                    else
                        resource.Dispose();
                }
            }

            public void Dispose()
            {
                _cts.Dispose();
                _body.Dispose();
            }
        }

        class LoggedResult : IAsyncDisposable, IDisposable
        {
            private readonly CancellationTokenSource _cts = new();

            public async ValueTask DisposeAsync()
            {
                await Flush(_cts).ConfigureAwait(false);

                static async Task Flush(CancellationTokenSource cts)
                {
                    await Task.Delay(1).ConfigureAwait(false);
                    cts.Dispose();
                }
            }

            public void Dispose() => _cts.Dispose();
        }

        """;

    [Fact]
    public Task Ignores_a_result_whose_DisposeAsync_only_cast_disposes_synchronous_resources() => Verify.VerifyAnalyzerAsync(Usings + Results + """
        class Subscriber
        {
            async Task ReadAsync()
            {
                await Task.Yield();
                using var result = new SubscriptionResult();
                await Task.Yield();
            }

            async Task DropAsync(SubscriptionResult result)
            {
                await Task.Yield();
                result.Dispose();
            }
        }
        """);

    [Fact]
    public Task Flags_a_result_whose_cast_disposal_reaches_a_stream() => Verify.VerifyAnalyzerAsync(Usings + Results + """
        class Uploader
        {
            async Task SendAsync()
            {
                await Task.Yield();
                using var [|result = new UploadResult()|];
                await Task.Yield();
            }

            async Task DropAsync(UploadResult result)
            {
                await Task.Yield();
                [|result.Dispose()|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_result_whose_DisposeAsync_awaits_other_work() => Verify.VerifyAnalyzerAsync(Usings + Results + """
        class Logger
        {
            async Task DropAsync(LoggedResult result)
            {
                await Task.Yield();
                [|result.Dispose()|];
            }
        }
        """);

    [Fact]
    public Task Ignores_a_DisposeAsync_that_awaits_nothing_but_a_cast_disposal_of_a_struct() => Verify.VerifyAnalyzerAsync(Usings + """
        struct Registration : IDisposable
        {
            public void Dispose() { }
        }

        class Lease : IAsyncDisposable, IDisposable
        {
            private Registration _registration;

            public async ValueTask DisposeAsync()
            {
                await Release(_registration);

                static async ValueTask Release(IDisposable resource)
                {
                    switch (resource)
                    {
                        case IAsyncDisposable asyncDisposable:
                            await asyncDisposable.DisposeAsync();
                            break;
                        default:
                            resource.Dispose();
                            break;
                    }
                }
            }

            public void Dispose() => _registration.Dispose();
        }

        class Holder
        {
            async Task ReleaseAsync(Lease lease)
            {
                await Task.Yield();
                lease.Dispose();
            }
        }
        """);
}

/// <summary>TW104's leaves read the same judgement: a helper that disposes such a result synchronously does not block.</summary>
public class TW104SourceAsyncDisposalTests
{
    [Fact]
    public Task Ignores_a_helper_that_disposes_a_cast_disposal_result() => VerifyChain.VerifyAnalyzerAsync(TW102SourceAsyncDisposalTests.Usings + TW102SourceAsyncDisposalTests.Results + """
        class Subscription
        {
            private readonly SubscriptionResult _result = new();

            async Task RunAsync()
            {
                await Task.Yield();
                Dropped();
            }

            void Dropped() => _result.Dispose();
        }
        """);

    [Fact]
    public Task Flags_a_helper_that_disposes_a_result_over_a_stream() => VerifyChain.VerifyAnalyzerAsync(TW102SourceAsyncDisposalTests.Usings + TW102SourceAsyncDisposalTests.Results + """
        class Upload
        {
            private readonly UploadResult _result = new();

            async Task RunAsync()
            {
                await Task.Yield();
                [|Dropped()|];
            }

            void Dropped() => _result.Dispose();
        }
        """);
}
