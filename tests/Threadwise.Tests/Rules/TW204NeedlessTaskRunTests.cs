using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Cpu.TW204NeedlessTaskRunAnalyzer, Threadwise.Fixes.Cpu.TW204NeedlessTaskRunCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW204NeedlessTaskRunTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_Task_Run_that_returns_a_library_call_s_task() => Verify.VerifyAnalyzerAsync(Usings + """
        class WeatherClient
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task<string> GetForecastAsync(string city)
            {
                var json = await {|#0:Task.Run|}(() => _http.GetStringAsync($"forecast?city={city}"));
                var raw = await [|Task.Run|](() => { return _http.GetByteArrayAsync("raw/" + city); });
                return json + raw.Length;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'Task.Run' only wraps the asynchronous call 'HttpClient.GetStringAsync'; await it directly"));

    [Fact]
    public Task Flags_async_lambdas_that_only_await_one_call() => Verify.VerifyAnalyzerAsync(Usings + """
        class Archive
        {
            public async Task<string> CopyAsync(Stream source, Stream destination, string path, CancellationToken cancellationToken)
            {
                await [|Task.Run|](async () => await source.CopyToAsync(destination, cancellationToken));
                await [|Task.Run|](async () => { await destination.FlushAsync(cancellationToken).ConfigureAwait(false); });
                return await [|Task.Run|](async () => { return await File.ReadAllTextAsync(path, cancellationToken); });
            }
        }
        """);

    [Fact]
    public Task Flags_source_methods_that_start_with_their_await() => Verify.VerifyAnalyzerAsync(Usings + """
        class Repository
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task<string> LoadAsync(int id)
            {
                var text = await _http.GetStringAsync("items/" + id);
                return text.Trim();
            }

            public Task<string> LoadRawAsync(int id) => _http.GetStringAsync("raw");

            public async Task<string> ShowAsync(int id)
            {
                var a = await [|Task.Run|](() => LoadAsync(id));
                var b = await [|Task.Run|](() => LoadRawAsync(id));
                return a + b;
            }
        }
        """);

    [Fact]
    public Task Flags_calls_to_interface_and_abstract_methods_of_the_source() => Verify.VerifyAnalyzerAsync(Usings + """
        interface IUserRepository { Task<string> GetNameAsync(int id, CancellationToken cancellationToken); }

        abstract class Notifier { public abstract Task NotifyAsync(string message); }

        class UserService
        {
            private readonly IUserRepository _repository;
            private readonly Notifier _notifier;

            public UserService(IUserRepository repository, Notifier notifier) => (_repository, _notifier) = (repository, notifier);

            public async Task<string> GreetAsync(int id, CancellationToken cancellationToken)
            {
                var name = await [|Task.Run|](() => _repository.GetNameAsync(id, cancellationToken));
                await [|Task.Run|](async () => await _notifier.NotifyAsync($"greeted {name}"));
                return name;
            }
        }
        """);

    [Fact]
    public Task Flags_Task_Run_awaited_through_ConfigureAwait() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public async Task<string> GetAsync(HttpClient http, Uri uri, CancellationToken cancellationToken)
            {
                return await [|Task.Run|](() => http.GetStringAsync(uri, cancellationToken)).ConfigureAwait(false);
            }
        }
        """);

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_lambdas_with_synchronous_work_before_the_first_await() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReportJob
        {
            public async Task RunAsync(string path, int[] data)
            {
                await Task.Run(async () =>
                {
                    Array.Sort(data);
                    await File.WriteAllTextAsync(path, string.Join(",", data));
                });
                await Task.Run(async () =>
                {
                    var text = string.Join(",", data.Select(d => d * 2));
                    await File.AppendAllTextAsync(path, text);
                });
            }
        }
        """);

    [Fact]
    public Task Ignores_calls_whose_arguments_do_work() => Verify.VerifyAnalyzerAsync(Usings + """
        class ReportJob
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task<string> RunAsync(int[] data, string path)
            {
                var a = await Task.Run(() => File.WriteAllTextAsync(path, Render(data)).ContinueWith(_ => "done"));
                var b = await Task.Run(() => _http.GetStringAsync(new Uri(path)));
                var c = await Task.Run(async () => await _http.GetStringAsync(BuildUrl(data)));
                var d = await Task.Run(() => _http.GetStringAsync(path + data.Sum()));
                return a + b + c + d;
            }

            static string Render(int[] data) => string.Join(",", data);
            static string BuildUrl(int[] data) => "items/" + data.Length;
        }
        """);

    [Fact]
    public Task Ignores_Task_Run_that_is_not_awaited_directly() => Verify.VerifyAnalyzerAsync(Usings + """
        class Startup
        {
            public async Task StartAsync(HttpClient http, Func<Task> warmUp)
            {
                _ = Task.Run(() => http.GetStringAsync("ping"));
                var pending = Task.Run(() => http.GetStringAsync("health"));
                await Task.WhenAll(Task.Run(() => warmUp()), pending);
                Console.WriteLine(await pending);
            }

            public Task<string> PingAsync(HttpClient http) => Task.Run(() => http.GetStringAsync("ping"));
        }
        """);

    [Fact]
    public Task Ignores_Task_Run_around_CPU_work_or_an_Action() => Verify.VerifyAnalyzerAsync(Usings + """
        class Calculator
        {
            public async Task<int> RunAsync(int[] data, Func<Task> notify)
            {
                var sum = await Task.Run(() => data.Sum());
                await Task.Run(() => Array.Sort(data));
                await Task.Run(() => { _ = notify(); });
                var fromResult = await Task.Run(() => Task.FromResult(data.Max()));
                Task<int> notUnwrapped = await Task.Run<Task<int>>(() => Task.FromResult(1));
                return sum + fromResult + await notUnwrapped;
            }
        }
        """);

    [Fact]
    public Task Ignores_source_methods_that_do_work_before_awaiting() => Verify.VerifyAnalyzerAsync(Usings + """
        interface IStore { Task SaveAsync(string text); }

        class Exporter
        {
            private readonly IStore _store;
            public Exporter(IStore store) => _store = store;

            public async Task ExportAsync(int[] data)
            {
                Array.Sort(data);
                await _store.SaveAsync(string.Join(",", data));
            }

            public Task PrepareAsync(int[] data)
            {
                Array.Reverse(data);
                return Task.CompletedTask;
            }

            public async Task RunAsync(int[] data)
            {
                await Task.Run(() => ExportAsync(data));
                await Task.Run(() => PrepareAsync(data));
            }
        }
        """);

    [Fact]
    public Task Ignores_method_groups_and_lambdas_with_more_than_one_call() => Verify.VerifyAnalyzerAsync(Usings + """
        class Sync
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task RunAsync(string path)
            {
                await Task.Run(LoadAsync);
                await Task.Run(async () =>
                {
                    var text = await _http.GetStringAsync(path);
                    await File.WriteAllTextAsync(path, text);
                });
                await Task.Run(async () => Console.WriteLine(await _http.GetStringAsync(path)));
            }

            private Task LoadAsync() => _http.GetStringAsync("x");
        }
        """);

    [Fact]
    public Task Ignores_overloads_with_a_cancellation_token_and_other_schedulers() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public async Task<string> GetAsync(HttpClient http, CancellationToken cancellationToken)
            {
                var a = await Task.Run(() => http.GetStringAsync("a"), cancellationToken);
                var b = await Task.Factory.StartNew(() => http.GetStringAsync("b")).Unwrap();
                return a + b;
            }
        }
        """);

    [Fact]
    public Task Ignores_synchronous_code_escaping_a_SynchronizationContext() => Verify.VerifyAnalyzerAsync(Usings + """
        class LegacyBridge
        {
            public string Get(HttpClient http) => Task.Run(() => http.GetStringAsync("legacy")).GetAwaiter().GetResult();

            public void Fire(HttpClient http)
            {
                Task.Run(async () => await http.GetStringAsync("fire")).Wait();
            }
        }
        """);

    // ---- code fix --------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_awaits_the_call_directly() => Verify.VerifyCodeFixAsync(Usings + """
        class Archive
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task<int> CopyAsync(Stream source, Stream destination, string path, CancellationToken cancellationToken)
            {
                await [|Task.Run|](async () => await source.CopyToAsync(destination, cancellationToken));
                await [|Task.Run|](async () =>
                {
                    await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                });
                var text = await [|Task.Run|](() => _http.GetStringAsync(path));
                return (await [|Task.Run|](() => { return File.ReadAllBytesAsync(path); })).Length + text.Length;
            }
        }
        """, Usings + """
        class Archive
        {
            private readonly HttpClient _http = new HttpClient();

            public async Task<int> CopyAsync(Stream source, Stream destination, string path, CancellationToken cancellationToken)
            {
                await source.CopyToAsync(destination, cancellationToken);
                await destination.FlushAsync(cancellationToken);
                var text = await _http.GetStringAsync(path);
                return (await File.ReadAllBytesAsync(path)).Length + text.Length;
            }
        }
        """);

    [Fact]
    public Task Fix_keeps_the_outer_ConfigureAwait() => Verify.VerifyCodeFixAsync(Usings + """
        class Client
        {
            public async Task<string> GetAsync(HttpClient http, Uri uri)
            {
                return await [|Task.Run|](async () => await http.GetStringAsync(uri).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }
        """, Usings + """
        class Client
        {
            public async Task<string> GetAsync(HttpClient http, Uri uri)
            {
                return await http.GetStringAsync(uri).ConfigureAwait(false);
            }
        }
        """);
}
