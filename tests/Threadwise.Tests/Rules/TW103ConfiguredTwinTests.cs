using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A library's sync twins that wait on their own async twin, where the twin configures every await and the library
/// configures its awaits by convention: the wait cannot deadlock, it is the synchronous API the caller chose (Stripe's
/// services offer every call both ways and funnel them into <c>Request&lt;T&gt;</c> and <c>RequestAsync&lt;T&gt;</c>).
/// </summary>
public class TW103ConfiguredTwinTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>Three configured awaits elsewhere in the library: its convention.</summary>
    private const string Convention = """

        class Transport
        {
            public static async Task<Stream> SendAsync(HttpClient http, string path, CancellationToken token)
            {
                var response = await http.GetAsync(path, token).ConfigureAwait(false);
                await Task.Delay(1, token).ConfigureAwait(false);
                return await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            }
        }
        """;

    private const string Service = """
        public abstract class Service
        {
            protected HttpClient Http { get; } = new HttpClient();

            internal string Request(string path, int attempts)
            {
                return this.RequestAsync(path, attempts).ConfigureAwait(false).GetAwaiter().GetResult();
            }

            internal Stream RequestStreaming(string path)
            {
                return this.RequestStreamingAsync(path).ConfigureAwait(false).GetAwaiter().GetResult();
            }

            internal async Task<string> RequestAsync(string path, int attempts, CancellationToken token = default)
            {
                using var stream = await Transport.SendAsync(this.Http, path, token).ConfigureAwait(false);
                using var reader = new StreamReader(stream);
                return await reader.ReadToEndAsync().ConfigureAwait(false);
            }

            internal Task<Stream> RequestStreamingAsync(string path, CancellationToken token = default) =>
                Transport.SendAsync(this.Http, path, token);
        }

        public class CustomerService : Service
        {
            public virtual string Get(string id) => this.Request("/v1/customers/" + id, 3);

            public virtual Task<string> GetAsync(string id, CancellationToken token = default) => this.RequestAsync("/v1/customers/" + id, 3, token);
        }
        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_sync_twins_that_wait_on_their_configured_async_twins_in_a_library_that_configures_its_awaits() =>
        Verify.VerifyAnalyzerAsync(Usings + Service + Convention);

    [Fact]
    public Task Ignores_protected_sync_twins_whose_twins_configure_await_foreach_and_await_using() => Verify.VerifyAnalyzerAsync(Usings + """
        public abstract class EventNotification
        {
            protected T FetchEvent<T>() where T : class
            {
                return this.FetchEventAsync<T>().ConfigureAwait(false).GetAwaiter().GetResult();
            }

            protected async Task<T> FetchEventAsync<T>(CancellationToken token = default) where T : class
            {
                await using var stream = new FileStream("event.json", FileMode.Open).ConfigureAwait(false);
                await foreach (var line in Lines(token).ConfigureAwait(false))
                {
                    if (line is T found)
                    {
                        return found;
                    }
                }

                return null;
            }

            protected virtual int FetchCount() => this.FetchCountAsync().ConfigureAwait(false).GetAwaiter().GetResult();

            protected virtual async Task<int> FetchCountAsync(CancellationToken token = default)
            {
                await Task.Delay(1, token).ConfigureAwait(false);
                return 1;
            }

            private static async IAsyncEnumerable<object> Lines([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token = default)
            {
                await Task.Delay(1, token).ConfigureAwait(false);
                yield return "line";
            }
        }
        """ + Convention);

    [Fact]
    public Task Ignores_sync_twins_over_twins_that_return_a_configured_core_without_awaiting() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Files
        {
            private readonly HttpClient _http = new HttpClient();

            public Stream Open(string path) => this.OpenAsync(path).GetAwaiter().GetResult();

            public Task<Stream> OpenAsync(string path, CancellationToken token = default) => Transport.SendAsync(_http, path, token);

            public string Read(string path) => this.ReadAsync(path).Result;

            public async Task<string> ReadAsync(string path, CancellationToken token = default)
            {
                using var reader = new StreamReader(await this.OpenAsync(path, token).ConfigureAwait(false));
                return await reader.ReadToEndAsync().ConfigureAwait(false);
            }
        }
        """ + Convention);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_sync_twin_whose_async_twin_resumes_on_the_callers_context() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Files
        {
            private readonly HttpClient _http = new HttpClient();

            public Stream Open(string path) => this.OpenAsync(path).GetAwaiter().GetResult();

            public Task<Stream> OpenAsync(string path, CancellationToken token = default) => Transport.SendAsync(_http, path, token);

            public string Read(string path) => [|this.ReadAsync(path).Result|];

            public async Task<string> ReadAsync(string path, CancellationToken token = default)
            {
                using var reader = new StreamReader(await this.OpenAsync(path, token));
                return await reader.ReadToEndAsync().ConfigureAwait(false);
            }
        }
        """ + Convention + Convention.Replace("class Transport", "class MoreTransport"));

    [Fact]
    public Task Flags_a_lone_sync_wrapper_and_twins_in_a_library_without_the_convention() => new Verify.Test
    {
        Sources =
        {
            Usings + """
                public class Profile
                {
                    public string Fetch(string user) => [|this.FetchAsync(user).GetAwaiter().GetResult()|];

                    public async Task<string> FetchAsync(string user, CancellationToken token = default)
                    {
                        await Task.Delay(1, token).ConfigureAwait(false);
                        return user;
                    }
                }
                """ + Convention,
            Usings + """
                public class Settings
                {
                    public string Load() => [|this.LoadAsync().Result|];
                    public int Count() => [|this.CountAsync().Result|];

                    public async Task<string> LoadAsync() { await Task.Delay(1).ConfigureAwait(false); return ""; }
                    public async Task<int> CountAsync() { await Task.Delay(1).ConfigureAwait(false); return 1; }

                    async Task Elsewhere()
                    {
                        await Task.Delay(1);
                        await Task.Delay(2);
                        await Task.Delay(3);
                        await Task.Delay(4);
                        await Task.Delay(5);
                    }
                }
                """,
        },
    }.RunAsync();

    [Fact]
    public Task Flags_sync_twins_over_configured_twins_in_a_UI_app() => new Verify.Test
    {
        TestCode = Usings + Service.Replace("this.RequestAsync(path, attempts).ConfigureAwait(false).GetAwaiter().GetResult()", "[|this.RequestAsync(path, attempts).ConfigureAwait(false).GetAwaiter().GetResult()|]")
            .Replace("this.RequestStreamingAsync(path).ConfigureAwait(false).GetAwaiter().GetResult()", "[|this.RequestStreamingAsync(path).ConfigureAwait(false).GetAwaiter().GetResult()|]") + Convention,
        AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
    }.RunAsync();
}
