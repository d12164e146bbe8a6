using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// In an <c>IAsyncDisposable</c> type, a <c>Dispose()</c> that waits on a call its own <c>DisposeAsync</c> awaits does
/// synchronously what async callers get from <c>DisposeAsync</c> (Downloader's services: <c>Dispose() =&gt; Clear().Wait()</c>
/// beside <c>await Clear().ConfigureAwait(false)</c>): a sync-contract bridge, whatever the awaited method is named.
/// </summary>
public class TW103DisposeAsyncTwinTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;

        """;

    private const string Service = """
        public class DownloadService : IDisposable, IAsyncDisposable
        {
            public virtual async Task Clear() => await Task.Delay(10).ConfigureAwait(false);

            public async Task Stop() => await Task.Delay(10).ConfigureAwait(false);

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_Dispose_waiting_on_the_call_DisposeAsync_awaits() => Verify.VerifyAnalyzerAsync(Usings + Service + """
            public void Dispose()
            {
                Clear().Wait();
            }

            public virtual async ValueTask DisposeAsync()
            {
                await Clear().ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_wrapper_whose_Dispose_waits_on_what_its_DisposeAsync_awaits() => Verify.VerifyAnalyzerAsync(Usings + Service + """
            public void Dispose() { }

            public ValueTask DisposeAsync() => default;
        }

        public class Download : IDisposable, IAsyncDisposable
        {
            private readonly DownloadService _downloadService = new DownloadService();

            public async ValueTask DisposeAsync()
            {
                await _downloadService.Clear().ConfigureAwait(false);
            }

            public void Dispose()
            {
                _downloadService.Clear().GetAwaiter().GetResult();
            }
        }
        """);

    private static Verify.Test InUiApp(string code) => new()
    {
        TestCode = code,
        AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
    };

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_Dispose_waiting_on_another_call_or_without_IAsyncDisposable_in_a_UI_app() => InUiApp(Usings + Service + """
            public void Dispose()
            {
                [|Stop().Wait()|];
            }

            public async ValueTask DisposeAsync()
            {
                await Clear().ConfigureAwait(false);
            }
        }

        public class PlainDownload : IDisposable
        {
            private readonly DownloadService _downloadService = new DownloadService();

            public async ValueTask DisposeAsync() => await _downloadService.Clear().ConfigureAwait(false);

            public void Dispose() => [|_downloadService.Clear().Wait()|];
        }
        """).RunAsync();
}
