using Threadwise.Rules.Blocking;
using Threadwise.Rules.Correctness;
using Threadwise.Semantics;
using Threadwise.Tests.Rules;
using Threadwise.Tests.Verifiers;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// The Azure SDK's analyzers (Azure.ClientSdk.Analyzers) flag blocking and unconfigured awaits in the SDK's own code and in
/// code vendored from it, which suppresses them where it blocks on purpose (ApplicationInsights' vendored Azure VM metadata
/// probe: <c>#pragma warning disable AZC0102</c> around <c>GetStringAsync(..).GetAwaiter().GetResult()</c>). A local
/// suppression of AZC0102, AZC0103, AZC0107 or AZC0100 says what one of VSTHRD002's or CA2007's says.
/// </summary>
public class AzureSdkPeerSuppressionsTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics.CodeAnalysis;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public void Maps_the_Azure_SDK_rules_to_the_rules_they_share_a_site_with() => Assert.Multiple(
        () => Assert.Contains("AZC0102", PeerSuppressions.PeersOf("TW101")),
        () => Assert.Contains("AZC0103", PeerSuppressions.PeersOf("TW101")),
        () => Assert.Contains("AZC0102", PeerSuppressions.PeersOf("TW103")),
        () => Assert.Contains("AZC0107", PeerSuppressions.PeersOf("TW103")),
        () => Assert.Contains("AZC0102", PeerSuppressions.ValueTaskWaitPeers),
        () => Assert.Contains("AZC0100", PeerSuppressions.PeersOf("TW501")),
        () => Assert.DoesNotContain("AZC0103", PeerSuppressions.PeersOf("TW103")),
        () => Assert.DoesNotContain("AZC0102", PeerSuppressions.PeersOf("TW102")),
        () => Assert.DoesNotContain("AZC0107", PeerSuppressions.PeersOf("TW304")));

    // ApplicationInsights' vendored AzureVmMetaDataRequestor, and the SDK's sync halves over an async core.
    [Fact]
    public Task Ignores_TW103_under_AZC0102_and_AZC0107_suppressions() => CSharpAnalyzerVerifier<TW103BlockingWaitInSyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
        public static class MetadataRequestor
        {
            public static string GetMetadata(HttpClient client, Uri endpoint)
            {
        #pragma warning disable AZC0102 // Do not use GetAwaiter().GetResult().
                var text = client.GetStringAsync(endpoint).ConfigureAwait(false).GetAwaiter().GetResult();
        #pragma warning restore AZC0102 // Do not use GetAwaiter().GetResult().
                return text;
            }

            [SuppressMessage("Usage", "AZC0107:DO NOT call public asynchronous method in synchronous scope.")]
            public static string GetLegacy(HttpClient client, Uri endpoint) => client.GetStringAsync(endpoint).Result;

            public static string GetUnmarked(HttpClient client, Uri endpoint) => [|client.GetStringAsync(endpoint).Result|];
        }
        """);

    [Fact]
    public Task Ignores_TW101_under_AZC0102_and_AZC0103_pragmas() => CSharpAnalyzerVerifier<TW101BlockingWaitAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Processor
        {
            private readonly Func<Exception, Task> _onUnhandled = _ => Task.CompletedTask;

            public async Task FailAsync(Exception exception)
            {
                await Task.Yield();
        #pragma warning disable AZC0103 // Do not wait synchronously in asynchronous scope.
                _onUnhandled(exception).GetAwaiter().GetResult();
        #pragma warning restore AZC0103
        #pragma warning disable AZC0102
                _onUnhandled(exception).GetAwaiter().GetResult();
        #pragma warning restore AZC0102
                [|_onUnhandled(exception).GetAwaiter().GetResult()|];
            }
        }
        """);

    // A helper that blocks under the maintainer's AZC0102 pragma is a deliberate leaf: its async callers are not told.
    [Fact]
    public Task Ignores_TW104_through_a_leaf_under_an_AZC0102_pragma() => CSharpAnalyzerVerifier<TW104BlockingHelperInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class TokenCache
        {
            private readonly Lazy<Task> _initialized = new Lazy<Task>(() => Task.Delay(1));

            public async Task<string> GetAsync()
            {
                await Task.Yield();
                EnsureInitialized();
                return "token";
            }

            private void EnsureInitialized()
            {
        #pragma warning disable AZC0102 // Do not use GetAwaiter().GetResult().
                _initialized.Value.GetAwaiter().GetResult();
        #pragma warning restore AZC0102
            }
        }
        """);

    [Fact]
    public Task Ignores_TW501_under_an_AZC0100_pragma() => CSharpAnalyzerVerifier<TW501ConfigureAwaitAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Pipeline
        {
        #pragma warning disable AZC0100 // ConfigureAwait(false) must be used: the callback expects the caller's context
            async Task RaiseAsync(Stream stream) => await stream.FlushAsync();
        #pragma warning restore AZC0100

            async Task SendAsync(Stream stream) => await [|stream.FlushAsync()|];
        }
        """ + TW501ConfigureAwaitTests.Convention + TW501ConfigureAwaitTests.Convention.Replace("Conventions", "MoreConventions", StringComparison.Ordinal));

    // The Azure SDK's other rules speak of its own conventions (EnsureCompleted, the 'async' parameter), not of blocking.
    [Fact]
    public Task Flags_TW103_under_unrelated_Azure_SDK_pragmas_and_a_project_wide_AZC0102_setting() => new CSharpAnalyzerVerifier<TW103BlockingWaitInSyncAnalyzer>.Test
    {
        EditorConfig = "dotnet_diagnostic.AZC0102.severity = none",
        TestCode = Usings + """
            public static class MetadataRequestor
            {
                public static string GetMetadata(HttpClient client, Uri endpoint)
                {
            #pragma warning disable AZC0104, AZC0110
                    return [|client.GetStringAsync(endpoint).GetAwaiter().GetResult()|];
            #pragma warning restore AZC0104, AZC0110
                }
            }
            """,
    }.RunAsync();
}
