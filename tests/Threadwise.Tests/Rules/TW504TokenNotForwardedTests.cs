using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW504TokenNotForwardedAnalyzer, Threadwise.Fixes.Correctness.TW504TokenNotForwardedCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW504TokenNotForwardedTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Hosting;

        namespace Microsoft.AspNetCore.Http
        {
            public abstract class HttpContext { public abstract CancellationToken RequestAborted { get; } }
        }

        namespace Microsoft.AspNetCore.Mvc
        {
            public abstract class ControllerBase { public HttpContext HttpContext => null!; }
        }

        namespace Microsoft.Extensions.Hosting
        {
            public interface IHostedService
            {
                Task StartAsync(CancellationToken cancellationToken);
                Task StopAsync(CancellationToken cancellationToken);
            }
        }

        sealed class Item { }

        sealed class Store
        {
            public Task SaveAsync(Item item, bool overwrite = false, CancellationToken cancellationToken = default) => Task.Delay(1, cancellationToken);
            public Task LoadAsync(CancellationToken? cancellationToken = null) => Task.Delay(1);
        }

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_token_parameter_that_is_not_the_last_one_which_CA2016_does_not_see() => Verify.VerifyAnalyzerAsync(Usings + """
        class Copier
        {
            public async Task CopyAsync(CancellationToken cancellationToken, Stream source, Stream target)
            {
                await {|#0:source.CopyToAsync(target)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'CopyToAsync' can take a CancellationToken and 'cancellationToken' is in scope: pass it on, or pass CancellationToken.None to say this call must not be cancelled"));

    // roslyn-analyzers#6496: CA2016 sees neither a CancellationToken? parameter held nor one taken.
    [Fact]
    public Task Flags_nullable_tokens_held_or_taken() => Verify.VerifyAnalyzerAsync(Usings + """
        class Loader
        {
            public async Task DelayAsync(CancellationToken? token = null)
            {
                await [|Task.Delay(10)|];
            }

            public async Task LoadAsync(Store store, CancellationToken cancellationToken)
            {
                await [|store.LoadAsync()|].ConfigureAwait(false);
            }
        }
        """);

    // Meziantou.Analyzer#346: MA0040 sees HttpContext.RequestAborted, CA2016 does not.
    [Fact]
    public Task Flags_RequestAborted_in_controllers_and_middleware_that_pass_it_elsewhere() => Verify.VerifyAnalyzerAsync(Usings + """
        class ItemsController : ControllerBase
        {
            private readonly Store _store = new Store();

            public async Task Save(Item item)
            {
                await {|#0:_store.SaveAsync(item)|};
            }

            public Task Remove(Item item) => _store.SaveAsync(item, cancellationToken: HttpContext.RequestAborted);
        }

        class TimingMiddleware
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await [|Task.Delay(10)|];
                await Task.Delay(10, context.RequestAborted);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'SaveAsync' can take a CancellationToken and 'HttpContext.RequestAborted' is in scope: pass it on, or pass CancellationToken.None to say this call must not be cancelled"));

    // TickerQ's dashboard: starting and stopping the scheduler, a hosted service behind an interface of its own. The
    // token of a hosted service's StartAsync is its lifetime, not the request's.
    [Fact]
    public Task Ignores_StartAsync_and_StopAsync_of_an_interface_only_hosted_services_implement() => Verify.VerifyAnalyzerAsync(Usings + """
        interface IHostScheduler
        {
            Task StartAsync(CancellationToken cancellationToken = default);
            Task StopAsync(CancellationToken cancellationToken = default);
        }

        sealed class SchedulerService : IHostedService, IHostScheduler
        {
            public Task StartAsync(CancellationToken cancellationToken = default) => Task.Delay(1, cancellationToken);
            public Task StopAsync(CancellationToken cancellationToken = default) => Task.Delay(1, cancellationToken);
        }

        class DashboardController : ControllerBase
        {
            private readonly IHostScheduler _scheduler = new SchedulerService();

            public async Task Stop() => await _scheduler.StopAsync();

            public async Task Start() => await _scheduler.StartAsync().ConfigureAwait(false);

            public Task Restart(CancellationToken startup) => _scheduler.StartAsync(startup);

            public Task Poll() => Task.Delay(10, HttpContext.RequestAborted);
        }
        """);

    [Fact]
    public Task Flags_StartAsync_of_an_interface_that_other_classes_implement_too() => Verify.VerifyAnalyzerAsync(Usings + """
        interface IRunner
        {
            Task StartAsync(CancellationToken cancellationToken = default);
        }

        sealed class HostedRunner : IHostedService, IRunner
        {
            public Task StartAsync(CancellationToken cancellationToken = default) => Task.Delay(1, cancellationToken);
            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }

        sealed class ImportRunner : IRunner
        {
            public Task StartAsync(CancellationToken cancellationToken = default) => Task.Delay(1, cancellationToken);
        }

        class ImportController : ControllerBase
        {
            private readonly IRunner _runner = new ImportRunner();
            private readonly ImportRunner _import = new ImportRunner();

            public async Task Start()
            {
                await [|_runner.StartAsync()|];
            }

            public async Task Run()
            {
                await [|_import.StartAsync()|];
            }

            public Task Resume(CancellationToken token) => _runner.StartAsync(token);

            public Task Continue(CancellationToken token) => _import.StartAsync(token);

            public Task Poll() => Task.Delay(10, HttpContext.RequestAborted);
        }
        """);

    [Fact]
    public Task Flags_a_hosted_service_token_field_lambda_parameters_and_overloads_on_a_base_type() => Verify.VerifyAnalyzerAsync(Usings + """
        class Poller : IHostedService
        {
            private CancellationToken _stopping;

            public Task StartAsync(CancellationToken cancellationToken)
            {
                _stopping = cancellationToken;
                _ = RunAsync();
                return Task.CompletedTask;
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            private async Task RunAsync() => await [|Task.Delay(1000)|];
        }

        class Channel
        {
            public Task SendAsync(string message, CancellationToken cancellationToken) => Task.Delay(1, cancellationToken);
        }

        sealed class LoggingChannel : Channel
        {
            public new Task SendAsync(string message) => base.SendAsync(message, CancellationToken.None);
        }

        class Sender
        {
            public async Task SendAsync(LoggingChannel channel, CancellationToken cancellationToken)
            {
                Func<CancellationToken, int, Task> retry = async (token, attempt) => await [|Task.Delay(attempt * 100)|];
                await retry(cancellationToken, 1);
                await [|channel.SendAsync("hello")|];
            }
        }
        """);

    // ---- code fix --------------------------------------------------------------------------------------------

    [Fact]
    public Task Fixes_by_passing_the_token_last() => Verify.VerifyCodeFixAsync(Usings + """
        class Copier
        {
            public async Task CopyAsync(CancellationToken cancellationToken, Stream source, Stream target)
            {
                await [|source.CopyToAsync(target)|].ConfigureAwait(false);
            }
        }
        """, Usings + """
        class Copier
        {
            public async Task CopyAsync(CancellationToken cancellationToken, Stream source, Stream target)
            {
                await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Fixes_by_name_after_defaulted_arguments_and_unwraps_a_nullable_token() => Verify.VerifyCodeFixAsync(Usings + """
        class ItemsController : ControllerBase
        {
            private readonly Store _store = new Store();

            public async Task Save(Item item)
            {
                await [|_store.SaveAsync(item)|];
            }

            public Task Remove(Item item) => _store.SaveAsync(item, cancellationToken: HttpContext.RequestAborted);
        }

        class Loader
        {
            public async Task DelayAsync(CancellationToken? token = null)
            {
                await [|Task.Delay(10)|];
            }
        }
        """, Usings + """
        class ItemsController : ControllerBase
        {
            private readonly Store _store = new Store();

            public async Task Save(Item item)
            {
                await _store.SaveAsync(item, cancellationToken: HttpContext.RequestAborted);
            }

            public Task Remove(Item item) => _store.SaveAsync(item, cancellationToken: HttpContext.RequestAborted);
        }

        class Loader
        {
            public async Task DelayAsync(CancellationToken? token = null)
            {
                await Task.Delay(10, token.GetValueOrDefault());
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    // Real code (an ASP.NET Core CMS): ten calls in controllers and a middleware that never read RequestAborted — file
    // downloads and chunk merges that a half-way cancel would leave partial. Without the habit the token is not "held".
    [Fact]
    public Task Ignores_RequestAborted_in_controllers_and_middleware_that_never_read_it() => Verify.VerifyAnalyzerAsync(Usings + """
        class ItemsController : ControllerBase
        {
            private readonly Store _store = new Store();

            public async Task Save(Item item)
            {
                await _store.SaveAsync(item);
            }

            public async Task Copy(Stream source, Stream target)
            {
                await source.CopyToAsync(target);
            }
        }

        class RobotsMiddleware
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await Task.Delay(10);
            }
        }
        """);

    [Fact]
    public Task Ignores_what_CA2016_reports_a_last_token_parameter_forwarded_to_a_default_or_an_overload() => Verify.VerifyAnalyzerAsync(Usings + """
        class Copier
        {
            public async Task CopyAsync(Stream source, Stream target, Store store, CancellationToken cancellationToken)
            {
                await source.CopyToAsync(target);
                await Task.Delay(10);
                await store.SaveAsync(new Item());
                Func<int, CancellationToken, Task> wait = async (n, token) => await Task.Delay(n);
                await wait(1, cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Ignores_calls_given_a_token_CancellationToken_None_or_default() => Verify.VerifyAnalyzerAsync(Usings + """
        class Copier
        {
            public async Task CopyAsync(CancellationToken cancellationToken, Stream source, Stream target)
            {
                using var timeout = new CancellationTokenSource(1000);
                await source.CopyToAsync(target, timeout.Token);
                await Task.Delay(10, CancellationToken.None);
                await Task.Delay(10, default);
                await source.FlushAsync(default(CancellationToken));
            }
        }
        """);

    [Fact]
    public Task Ignores_cleanup_in_catch_finally_and_Dispose() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Session : IAsyncDisposable
        {
            private readonly Stream _stream = Stream.Null;

            public async Task RunAsync(CancellationToken cancellationToken, Stream target)
            {
                try
                {
                    await _stream.CopyToAsync(target, cancellationToken);
                }
                catch (IOException)
                {
                    await target.FlushAsync();
                }
                finally
                {
                    await _stream.FlushAsync();
                }
            }

            public async ValueTask DisposeAsync() => await _stream.FlushAsync();
        }
        """);

    [Fact]
    public Task Ignores_lambdas_without_a_token_static_local_functions_and_two_tokens() => Verify.VerifyAnalyzerAsync(Usings + """
        class Scheduler
        {
            public async Task RunAsync(CancellationToken cancellationToken, Func<Func<Task>, Task> schedule)
            {
                await schedule(async () => await Task.Delay(10));
                await Local();

                static async Task Local() => await Task.Delay(10);
            }

            public async Task LinkAsync(CancellationToken first, CancellationToken second, int delay)
            {
                await Task.Delay(delay);
            }
        }
        """);

    // Meziantou.Analyzer#228 (an extension method on the token), #586 (an argument computed from the token) and #796
    // (a token the method cannot reach): none is a token left out.
    [Fact]
    public Task Ignores_tokens_passed_as_receivers_or_computed_arguments_and_tokens_out_of_reach() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TokenExtensions
        {
            public static Task WhenCancelledAsync(this CancellationToken token) => Task.Delay(Timeout.Infinite, token);
            public static CancellationToken Linked(this CancellationToken token) => token;
        }

        class Waiter
        {
            private static readonly CancellationTokenSource Shutdown = new CancellationTokenSource();

            public async Task WaitAsync(CancellationToken cancellationToken, int delay)
            {
                await cancellationToken.WhenCancelledAsync();
                await Task.Delay(delay, cancellationToken.Linked());
            }

            public async Task PauseAsync()
            {
                var local = new CancellationTokenSource();
                await Task.Delay(10);
            }
        }
        """);

    // dotnet/runtime#37607 (A): an overload declared in another (extension) class is not the call's overload.
    [Fact]
    public Task Ignores_overloads_of_other_types_calls_not_awaited_and_the_member_itself() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Connection
        {
            public Task OpenAsync() => Task.Delay(1);
        }

        static class ConnectionExtensions
        {
            public static Task OpenAsync(this Connection connection, CancellationToken cancellationToken) => connection.OpenAsync();
        }

        class Client
        {
            public async Task ConnectAsync(CancellationToken cancellationToken, Connection connection)
            {
                await connection.OpenAsync();
                _ = Task.Delay(10);
            }

            public async Task SendAsync(string message, CancellationToken cancellationToken) => await SendAsync(message);

            public Task SendAsync(string message) => Task.Delay(1);
        }
        """);

    [Fact]
    public Task Ignores_code_that_holds_no_token() => Verify.VerifyAnalyzerAsync(Usings + """
        class Copier
        {
            public async Task CopyAsync(Stream source, Stream target)
            {
                await source.CopyToAsync(target);
                await Task.Delay(10);
            }

            public async Task WaitAsync(CancellationTokenSource source)
            {
                await Task.Delay(10);
            }
        }
        """);

    // From the corpus (docs/precision.md): an HTTP content stream handed out without reading it (the Actions runner) and
    // a client certificate the TLS handshake already received (MQTTnet): the token would cancel nothing.
    [Fact]
    public Task Ignores_calls_whose_token_guards_no_wait() => Verify.VerifyAnalyzerAsync(Usings + """
        namespace Microsoft.AspNetCore.Http
        {
            public abstract class ConnectionInfo
            {
                public abstract Task<System.Security.Cryptography.X509Certificates.X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken = default);
            }
        }

        class Downloads
        {
            public async Task<Stream> OpenAsync(CancellationToken cancellationToken, System.Net.Http.HttpResponseMessage response)
            {
                return await response.Content.ReadAsStreamAsync();
            }

            public async Task AcceptAsync(HttpContext context, ConnectionInfo connection)
            {
                var certificate = await connection.GetClientCertificateAsync();
            }
        }
        """);

    // ---- peer suppressions -----------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_calls_where_MA0040_is_suppressed_locally() => Verify.VerifyAnalyzerAsync("using System.Diagnostics.CodeAnalysis;\n" + Usings + """
        class Copier
        {
            [SuppressMessage("Usage", "MA0040:Forward the CancellationToken parameter to methods that take one")]
            public async Task CopyAsync(CancellationToken cancellationToken, Stream source, Stream target)
            {
                await source.CopyToAsync(target);
            }

            public async Task MoveAsync(CancellationToken cancellationToken, Stream source, Stream target)
            {
        #pragma warning disable MA0040 // the copy must finish once started
                await source.CopyToAsync(target);
        #pragma warning restore MA0040
                await [|source.FlushAsync()|];
            }
        }
        """);

    // ---- a type that never passes a token to an API: its habit, not an oversight -----------------------------

    private const string DataApi = """

        sealed class DataContext
        {
            public Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
            public Task<Item?> FindAsync(int id, CancellationToken cancellationToken = default) => Task.FromResult<Item?>(null);
            public Task<int> CountAsync(bool tracked = false, CancellationToken cancellationToken = default) => Task.FromResult(0);
        }

        sealed class Remote
        {
            public Task<int> FetchAsync(int page, CancellationToken cancellationToken = default) => Task.FromResult(page);
        }

        """;

    [Fact]
    public Task Ignores_a_job_that_never_passes_a_token_to_its_database_context() => Verify.VerifyAnalyzerAsync(Usings + DataApi + """
        partial class SearchJob
        {
            private readonly DataContext _data = new DataContext();
            private readonly Remote _remote = new Remote();

            public async Task RunAsync(CancellationToken cancellationToken, bool dryRun)
            {
                var count = await _data.CountAsync();
                var page = await _remote.FetchAsync(count, cancellationToken);
                var item = await _data.FindAsync(page);
                if (!dryRun)
                {
                    await _data.SaveChangesAsync();
                }

                await RecordAsync(cancellationToken, page);
            }
        }

        partial class SearchJob
        {
            private async Task RecordAsync(CancellationToken cancellationToken, int page)
            {
                await _remote.FetchAsync(page, cancellationToken);
                await _data.SaveChangesAsync();
            }
        }
        """);

    [Fact]
    public Task Flags_tokenless_calls_of_an_API_the_type_passes_a_token_to_elsewhere() => Verify.VerifyAnalyzerAsync(Usings + DataApi + """
        class SearchJob
        {
            private readonly DataContext _data = new DataContext();

            public async Task RunAsync(CancellationToken cancellationToken, bool dryRun)
            {
                var count = await [|_data.CountAsync()|];
                var item = await [|_data.FindAsync(count)|];
                await [|_data.SaveChangesAsync()|];
                await _data.SaveChangesAsync(cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Flags_tokenless_calls_too_few_to_make_a_habit() => Verify.VerifyAnalyzerAsync(Usings + DataApi + """
        class SearchJob
        {
            private readonly DataContext _data = new DataContext();

            public async Task RunAsync(CancellationToken cancellationToken, bool dryRun)
            {
                var count = await [|_data.CountAsync()|];
                var item = await [|_data.FindAsync(count)|];
                await [|_data.SaveChangesAsync()|];
            }
        }
        """);
}
