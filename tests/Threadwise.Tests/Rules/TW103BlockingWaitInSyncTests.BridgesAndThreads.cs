using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>Sync-contract bridges, threads the program owns, and what messages may claim about the blocked thread.</summary>
public partial class TW103BlockingWaitInSyncTests
{
    private const string BridgeUsings = Usings + """
        using System.IO;

        """;

    private const string Bridges = """
        class Connection : IDisposable, IAsyncDisposable
        {
            public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
            public ValueTask DisposeAsync() => new ValueTask(Task.Delay(1));
        }

        class Channel : IAsyncDisposable
        {
            protected virtual void Dispose(bool disposing)
            {
                if (disposing)
                    CloseAsync().ConfigureAwait(false).GetAwaiter().GetResult();
            }

            public Task CloseAsync() => Task.Delay(1);
            public ValueTask DisposeAsync() => new ValueTask(CloseAsync());
        }

        class Transport : IDisposable, IAsyncDisposable
        {
            void IDisposable.Dispose() => AbortAsync().Wait();
            public Task AbortAsync() => Task.Delay(1);
            public ValueTask DisposeAsync() => default;
        }

        class NetworkStream2 : Stream
        {
            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
            public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).Wait();
            public override void Flush() => FlushAsync().GetAwaiter().GetResult();
            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.Run(() => count);
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => 0;
            public override long Position { get => 0; set { } }
            public override long Seek(long offset, SeekOrigin origin) => 0;
            public override void SetLength(long value) { }
        }

        class SocketReader : TextReader
        {
            public override string? ReadLine() => ReadLineAsync().Result;
            public override Task<string?> ReadLineAsync() => Task.Run(() => (string?)"");
        }

        """;

    [Fact]
    public Task Ignores_sync_contract_bridges_by_default() => Verify.VerifyAnalyzerAsync(BridgeUsings + Bridges);

    [Fact]
    public Task Flags_sync_contract_bridges_when_the_option_asks_without_a_fix() => new Verify.Test
    {
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        TestCode = BridgeUsings + """
            class Connection : IDisposable, IAsyncDisposable
            {
                public void Dispose() => [|DisposeAsync().AsTask().GetAwaiter().GetResult()|];
                public ValueTask DisposeAsync() => new ValueTask(Task.Delay(1));
            }

            class SocketReader : TextReader
            {
                public override string? ReadLine() => [|ReadLineAsync().Result|];
                public override Task<string?> ReadLineAsync() => Task.Run(() => (string?)"");
            }
            """,
        FixedCode = BridgeUsings + """
            class Connection : IDisposable, IAsyncDisposable
            {
                public void Dispose() => [|DisposeAsync().AsTask().GetAwaiter().GetResult()|];
                public ValueTask DisposeAsync() => new ValueTask(Task.Delay(1));
            }

            class SocketReader : TextReader
            {
                public override string? ReadLine() => [|ReadLineAsync().Result|];
                public override Task<string?> ReadLineAsync() => Task.Run(() => (string?)"");
            }
            """,
    }.RunAsync();

    // Discord.Net's guild, SuperSocket's console listener, Rebus's due-messages result, influxdb-client's sign-out and
    // Cassandra's timer: Dispose() and Dispose(bool) outside UI apps, whatever they wait on.
    [Fact]
    public Task Ignores_Dispose_waits_outside_UI_apps() => Verify.VerifyAnalyzerAsync(BridgeUsings + """
        using System.Net.Http;

        class Guild : IDisposable
        {
            public void Dispose() => DisconnectAudioAsync().GetAwaiter().GetResult();
            private Task DisconnectAudioAsync() => Task.Delay(1);
        }

        class ConsoleListener : IDisposable
        {
            private bool _running = true;
            public Task StopAsync() { _running = false; return Task.Delay(1); }
            public void Dispose()
            {
                if (_running)
                {
                    StopAsync().GetAwaiter().GetResult();
                }
            }
        }

        class DueMessagesResult : IDisposable
        {
            private readonly Func<Task> _cleanUp;
            public DueMessagesResult(Func<Task> cleanUp) => _cleanUp = cleanUp;
            public void Dispose() => _cleanUp().Wait();
        }

        public class ApiClient : IDisposable
        {
            private readonly HttpClient _http = new HttpClient();
            private Task _timer = Task.Delay(10);

            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            protected virtual void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _http.PostAsync("https://example.org/signout", null).GetAwaiter().GetResult();
                    _timer.GetAwaiter().GetResult();
                }
            }
        }
        """);

    // The same waits in members that are not Dispose itself.
    [Fact]
    public Task Flags_Close_and_disposal_helpers_outside_UI_apps() => Verify.VerifyAnalyzerAsync(BridgeUsings + """
        class Tunnel : IDisposable
        {
            public Task ShutdownAsync() => Task.Delay(1);
            public void Dispose() => ShutdownAsync().Wait();
            public void Close() => [|ShutdownAsync().Wait()|];
            public void SafeDispose() => [|ShutdownAsync().Wait()|];
            public void Stop() => [|ShutdownAsync().Wait()|];
        }
        """);

    [Fact]
    public Task Flags_look_alikes_that_are_not_sync_contract_bridges_in_a_UI_app() => InUiApp(BridgeUsings + """
        class Session : IDisposable
        {
            private Task _pending = Task.Delay(1);
            public void Dispose() => [|CloseAsync().Wait()|];
            public Task CloseAsync() => Task.Delay(1);
        }

        class Pool : IDisposable, IAsyncDisposable
        {
            private readonly Task _drain = Task.Delay(1);
            public void Dispose() => [|_drain.Wait()|];
            public ValueTask DisposeAsync() => default;
        }

        class Loader
        {
            public string Read() => [|ReadAsync().Result|];
            public Task<string> ReadAsync() => Task.Run(() => "");
            public override string ToString() => [|ReadAsync().Result|];
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_waits_in_methods_and_local_functions_run_on_own_threads() => Verify.VerifyAnalyzerAsync(Usings + """
        class Receiver
        {
            private readonly Func<Task> _next = () => Task.Delay(1);

            public void Start()
            {
                new Thread(ReceiveLoop) { IsBackground = true }.Start();
                new Thread(new ParameterizedThreadStart(Pump)).Start(null);
                var watchdog = new Thread(Watch);
                watchdog.Start();

                void Watch()
                {
                    _next().Wait();
                    Check();

                    void Check() => _next().GetAwaiter().GetResult();
                }
            }

            private void ReceiveLoop()
            {
                while (true)
                {
                    _next().Wait();
                    Action poll = () => _next().Wait();
                    poll();
                }
            }

            private void Pump(object? state) => _next().GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Ignores_waits_in_lambdas_nested_in_a_thread_body() => Verify.VerifyAnalyzerAsync(Usings + """
        class Scheduler
        {
            public void Start(List<Func<Task>> jobs)
            {
                var thread = new Thread(state =>
                {
                    jobs.ForEach(job => job().Wait());
                    void RunAll() { foreach (var job in jobs) job().GetAwaiter().GetResult(); }
                    RunAll();
                });
                thread.Start();
            }
        }
        """);

    [Fact]
    public Task Flags_method_not_passed_to_a_thread_and_lambdas_given_to_the_pool() => Verify.VerifyAnalyzerAsync(Usings + """
        class Receiver
        {
            private readonly Func<Task> _next = () => Task.Delay(1);

            public void Start()
            {
                new Thread(() => Console.WriteLine("started")).Start();
                Task.Run(() => [|_next().Wait()|]);
                ReceiveOnce();
            }

            private void ReceiveOnce() => [|_next().Wait()|];
        }
        """);

    // SourceGit's HTTPS probe: a UI app moves a bounded connect off the UI thread; the pool thread has no
    // SynchronizationContext to deadlock on and no window to freeze.
    private const string ConnectionProbe = """
        class HttpsProbe
        {
            public void Check(string host, Action<bool> done)
            {
                Task.Run(() =>
                {
                    using var client = new System.Net.Sockets.TcpClient();
                    client.ConnectAsync(host, 443).Wait(3000);
                    done(client.Connected);
                });
            }
        }
        """;

    [Fact]
    public Task Ignores_a_wait_inside_a_pool_delegate_of_a_UI_app() => new Verify.Test
    {
        TestCode = Usings + ConnectionProbe,
        AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") },
    }.RunAsync();

    [Fact]
    public Task Flags_a_wait_inside_a_pool_delegate_of_a_library() => new Verify.Test
    {
        TestCode = Usings + ConnectionProbe.Replace("client.ConnectAsync(host, 443).Wait(3000)", "{|#0:client.ConnectAsync(host, 443).Wait(3000)|}"),
        // The probe's wait has a timeout, which makes it a bridge in a library (TimedWaits): reported with the option.
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage(
                "'client.ConnectAsync(host, 443).Wait(3000)' blocks the calling thread until the task finishes: " + PlainConsequence + "; make the caller async and await it"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_a_wait_outside_the_pool_delegates_of_a_UI_app() => new Verify.Test
    {
        TestCode = Usings + """
            class HttpsProbe
            {
                public bool Check(string host)
                {
                    using var client = new System.Net.Sockets.TcpClient();
                    {|#0:client.ConnectAsync(host, 443).Wait(3000)|};
                    return client.Connected;
                }
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0) },
    }.RunAsync();

    [Fact]
    public Task Speaks_plainly_about_a_library_method_in_a_UI_app() => new Verify.Test
    {
        TestCode = Usings + """
            class SettingsStore
            {
                public string Load() => {|#0:LoadAsync().Result|};
                Task<string> LoadAsync() => Task.Run(() => "");
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("System.Windows.Forms") },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage(
                "'LoadAsync().Result' blocks the calling thread until the task finishes: " + PlainConsequence + "; make the caller async and await it"),
        },
    }.RunAsync();

    [Fact]
    public Task Speaks_plainly_about_a_helper_in_a_server_app() => new Verify.Test
    {
        TestCode = Usings + """
            class CacheWarmer
            {
                public string Warm(Func<Task<string>> load) => {|#0:load().Result|};
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage(
                "'load().Result' blocks the calling thread until the task finishes: " + PlainConsequence + "; make the caller async and await it"),
        },
    }.RunAsync();
}
