using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW104 through property and indexer accessors: followed only for blocking on the accessor's unconditional path; the
/// advice never tells the reader to make a property async.
/// </summary>
public class TW104PropertyAccessorTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_getter_that_self_connects_only_before_the_first_connect() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class MailClient
        {
            private List<string> _extensions = new List<string>();
            private int _connectCount;

            public List<string> Extensions
            {
                get
                {
                    // Already connected once: the server's answer is cached.
                    if (_connectCount > 0)
                    {
                        return _extensions;
                    }

                    Task.Run(() => ConnectAsync(CancellationToken.None)).Wait();
                    return _extensions;
                }
            }

            public bool Supports(string extension) => Extensions.Contains(extension);

            public async Task ConnectAsync(CancellationToken token)
            {
                await Task.Delay(1, token);
                _connectCount++;
            }

            public async Task SendAsync(string message, CancellationToken token)
            {
                await ConnectAsync(token);
                if (Supports("PIPELINING"))
                {
                    await Task.Delay(1, token);
                }

                var count = Extensions.Count;
            }
        }
        """);

    [Fact]
    public Task Ignores_getter_that_sleeps_only_in_a_rare_state() => Verify.VerifyAnalyzerAsync(Usings + """
        enum LinkState { Open, Probing, Closed }

        sealed class ControlChannel
        {
            private Socket _socket;
            private volatile LinkState _state;

            public bool IsOpen
            {
                get
                {
                    if (_socket == null || !_socket.Connected)
                    {
                        _state = LinkState.Closed;
                    }

                    // A keep-alive probe is in flight on another thread: wait for its verdict.
                    if (_state == LinkState.Probing)
                    {
                        Thread.Sleep(250);
                        while (_state == LinkState.Probing)
                        {
                            Thread.Sleep(100);
                        }
                    }

                    return _state == LinkState.Open;
                }
            }

            public bool IsReady => IsOpen && _socket.Available >= 0;

            public async Task<int> ExecuteAsync(string command, CancellationToken token)
            {
                if (!IsOpen)
                {
                    await ReconnectAsync(token);
                }

                await Task.Delay(1, token);
                return IsReady ? 1 : 0;
            }

            private Task ReconnectAsync(CancellationToken token) => Task.Delay(1, token);
        }
        """);

    [Fact]
    public Task Ignores_expression_bodied_getters_that_load_lazily_with_coalesce() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class SchemaCache
        {
            private readonly HttpClient _http = new HttpClient();
            private string _schema;
            private string _catalog;

            public string Schema => _schema ?? LoadSchema();

            public string Catalog => _catalog ??= _http.GetStringAsync("https://registry/catalog").GetAwaiter().GetResult();

            private string LoadSchema() => _schema = File.ReadAllText("schema.json");

            public async Task<int> ValidateAsync(string document)
            {
                await Task.Yield();
                return Schema.Length + Catalog.Length + document.Length;
            }
        }
        """);

    [Fact]
    public Task Ignores_indexer_whose_blocking_lies_after_a_cache_hit_return() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class TemplateStore
        {
            private readonly Dictionary<string, string> _cache = new Dictionary<string, string>();
            private readonly string _root;

            public TemplateStore(string root) => _root = root;

            public string this[string name]
            {
                get
                {
                    if (_cache.TryGetValue(name, out var cached))
                    {
                        return cached;
                    }

                    var text = File.ReadAllText(Path.Combine(_root, name));
                    _cache[name] = text;
                    return text;
                }
            }

            public async Task<string> RenderAsync(string name, object model)
            {
                await Task.Yield();
                return this[name].Replace("{{model}}", model.ToString());
            }
        }
        """);

    [Fact]
    public Task Ignores_getter_that_blocks_in_a_switch_arm_or_under_a_double_checked_lock() => Verify.VerifyAnalyzerAsync(Usings + """
        enum TokenSource { Static, Remote }

        sealed class CredentialProvider
        {
            private readonly object _gate = new object();
            private readonly HttpClient _http = new HttpClient();
            private TokenSource _source;
            private string _static = "anonymous";
            private string _signingKey;

            public string Token
            {
                get
                {
                    switch (_source)
                    {
                        case TokenSource.Remote:
                            return _http.GetStringAsync("https://auth/token").Result;
                        default:
                            return _static;
                    }
                }
            }

            public string SigningKey
            {
                get
                {
                    if (_signingKey == null)
                    {
                        lock (_gate)
                        {
                            if (_signingKey == null)
                            {
                                _signingKey = File.ReadAllText("signing.key");
                            }
                        }
                    }

                    return _signingKey;
                }
            }

            public async Task<string> AuthorizeAsync(string request)
            {
                await Task.Yield();
                return request + Token + SigningKey;
            }
        }
        """);

    [Fact]
    public Task Ignores_helper_method_chain_that_ends_in_a_guarded_getter() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class FileServerClient
        {
            private string[] _features = Array.Empty<string>();
            private bool _connected;

            private string[] Features
            {
                get
                {
                    if (!_connected)
                    {
                        ConnectAsync().GetAwaiter().GetResult();
                    }

                    return _features;
                }
            }

            private bool HasFeature(string name) => Array.IndexOf(Features, name) >= 0;

            private string ListCommand() => HasFeature("MLSD") ? "MLSD" : "LIST";

            public async Task<string[]> ListAsync(string path)
            {
                await ConnectAsync();
                var command = ListCommand();
                await Task.Delay(1);
                return new[] { command + " " + path };
            }

            private async Task ConnectAsync()
            {
                await Task.Delay(1);
                _connected = true;
            }
        }
        """);

    [Fact]
    public Task Ignores_getter_whose_blocking_call_sits_in_a_catch_or_behind_a_short_circuit() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ReplicaSet
        {
            private Socket _primary;
            private bool _probeEnabled;

            public bool PrimaryReachable => _probeEnabled && Probe();

            public int PendingBytes
            {
                get
                {
                    try
                    {
                        return _primary.Available;
                    }
                    catch (SocketException)
                    {
                        Thread.Sleep(50);
                        return 0;
                    }
                }
            }

            private bool Probe()
            {
                _primary.Send(new byte[] { 0 });
                return true;
            }

            public async Task<bool> HealthCheckAsync()
            {
                await Task.Yield();
                return PrimaryReachable && PendingBytes >= 0;
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_expression_bodied_getter_that_reads_a_file_on_every_call_through_a_method() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class DeploymentInfo
        {
            private readonly string _path = "deploy.json";

            public string Manifest => File.ReadAllText(_path);

            public string Describe() => "manifest: " + Manifest;

            public async Task PublishAsync()
            {
                await Task.Yield();
                var text = {|#0:Describe()|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Describe' blocks: Describe → Manifest → File.ReadAllText; turn 'Manifest' into an async method, make the other methods async and await 'File.ReadAllTextAsync'"));

    [Fact]
    public Task Flags_getter_that_always_waits_inside_a_lock_and_a_try() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class LeaseClient
        {
            private readonly object _gate = new object();
            private readonly HttpClient _http = new HttpClient();

            public string CurrentLease
            {
                get
                {
                    lock (_gate)
                    {
                        try
                        {
                            return _http.GetStringAsync("https://coordinator/lease").Result;
                        }
                        finally
                        {
                            Monitor.PulseAll(_gate);
                        }
                    }
                }
            }

            public async Task RenewAsync()
            {
                await Task.Yield();
                var lease = {|#0:CurrentLease|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'CurrentLease' blocks: CurrentLease → _http.GetStringAsync(\"https://coordinator/lease\").Result; turn 'CurrentLease' into an async method and await the task"));

    [Fact]
    public Task Flags_getter_that_blocks_after_a_guard_that_throws() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class BlobHandle
        {
            private readonly string _path;
            private bool _disposed;

            public BlobHandle(string path) => _path = path;

            public byte[] Content
            {
                get
                {
                    if (_disposed)
                    {
                        throw new ObjectDisposedException(nameof(BlobHandle));
                    }

                    using (var file = new FileStream(_path, FileMode.Open))
                    {
                        var buffer = new byte[file.Length];
                        file.Read(buffer, 0, buffer.Length);
                        return buffer;
                    }
                }
            }

            public async Task<int> UploadAsync()
            {
                await Task.Yield();
                return {|#0:Content|}.Length;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Content' blocks: Content → FileStream.Read; turn 'Content' into an async method and await 'FileStream.ReadAsync'"));

    [Fact]
    public Task Flags_getter_chain_through_two_properties_with_property_advice() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Session
        {
            private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

            public bool IsAlive => Channel.Poll();

            public Channel Channel => new Channel(_socket);

            public async Task KeepAliveAsync()
            {
                await Task.Yield();
                if (!{|#0:Connected|})
                {
                    return;
                }
            }

            public bool Connected => IsAlive;
        }

        sealed class Channel
        {
            private readonly Socket _socket;

            public Channel(Socket socket) => _socket = socket;

            public bool Poll()
            {
                Thread.Sleep(10);
                return _socket.Connected;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0)
            .WithMessage("'Connected' blocks: Connected → IsAlive → Channel.Poll → Thread.Sleep; turn 'Connected' and 'IsAlive' into async methods, make the other methods async and await 'Task.Delay'"));
}
