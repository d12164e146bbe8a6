using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A constructor cannot await, and constructing an object has no async form to forward to: in a library, a wait in a
/// constructor's own body is a sync-contract bridge (reported only with the option, never with a fix). Still reported by
/// default: static constructors, constructors in UI apps and ASP.NET Core apps (the host's thread builds those objects),
/// bindable view models, and waits in lambdas a constructor creates.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    // ---- constructors of a library: must not flag -------------------------------------------------------------

    [Fact]
    public Task Ignores_a_storage_log_constructor_that_recovers_synchronously_when_asked() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class CommitLog
        {
            private long _tail;

            public CommitLog(string directory, bool syncRecover)
            {
                if (syncRecover)
                {
                    RecoverAsync(-1).AsTask().GetAwaiter().GetResult();
                }
            }

            public static async ValueTask<CommitLog> CreateAsync(string directory)
            {
                var log = new CommitLog(directory, syncRecover: false);
                await log.RecoverAsync(-1);
                return log;
            }

            private async ValueTask RecoverAsync(long commitNum)
            {
                await Task.Delay(1);
                _tail = commitNum;
            }
        }
        """);

    [Fact]
    public Task Ignores_device_constructors_that_start_the_device_including_a_chained_overload() => Verify.VerifyAnalyzerAsync(Usings + """
        public interface IDevice { long Size { get; } }

        public sealed class PageBlobDevice : IDevice
        {
            private readonly string _name;

            public PageBlobDevice(string name)
                : this(name, underLease: false)
            {
            }

            internal PageBlobDevice(string name, bool underLease)
            {
                _name = name;
                StartAsync(underLease).Wait();
            }

            public long Size => _name.Length;

            private static Task StartAsync(bool underLease) => Task.Delay(underLease ? 10 : 1);
        }
        """);

    [Fact]
    public Task Ignores_a_factory_constructor_that_creates_its_container_once() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class BlobContainer
        {
            public Task<bool> CreateIfNotExistsAsync() => Task.FromResult(true);
        }

        public sealed class NamedDeviceFactory
        {
            private readonly BlobContainer _container;

            public NamedDeviceFactory(BlobContainer container, Func<Task<bool>, Task<bool>> withRetries)
            {
                _container = container;
                _ = withRetries(_container.CreateIfNotExistsAsync()).GetAwaiter().GetResult();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_lease_manager_constructor_that_acquires_the_lease_with_Result() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class LeaseManager : IDisposable
        {
            private readonly string _leaseId;

            public LeaseManager(Func<Task<string>> acquire, bool maintainLease)
            {
                _leaseId = maintainLease ? acquire().Result : "";
            }

            public void Dispose()
            {
            }
        }
        """);

    [Fact]
    public Task Ignores_a_connection_pool_constructor_that_opens_its_minimum_connections_with_WaitAll() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class ConnectionPool
        {
            private readonly List<Task> _warm = new List<Task>();

            public ConnectionPool(int minimum, Func<Task> open)
            {
                for (var i = 0; i < minimum; i++)
                {
                    _warm.Add(open());
                }

                Task.WaitAll(_warm.ToArray());
            }
        }
        """);

    // amqpnetlite's Connection: both public constructors (documented as blocking) end in a private Connect that waits.
    [Fact]
    public Task Ignores_a_private_helper_that_only_the_constructors_call() => Verify.VerifyAnalyzerAsync(Usings + """
        public interface ITransportFactory
        {
            Task<IDisposable> ConnectAsync(string address, string? profile);
        }

        public sealed class Connection
        {
            private readonly ITransportFactory _factory;
            private readonly string _address;
            private IDisposable? _transport;

            /// <remarks>Establishing the transport blocks; use ConnectionFactory.CreateAsync where it is available.</remarks>
            public Connection(ITransportFactory factory, string address)
                : this(factory, address, null)
            {
            }

            public Connection(ITransportFactory factory, string address, string? profile)
            {
                _factory = factory;
                _address = address;
                this.Connect(profile);
            }

            private void Connect(string? profile)
            {
                _transport = _factory.ConnectAsync(_address, profile).ConfigureAwait(false).GetAwaiter().GetResult();
            }
        }
        """);

    // ---- constructors that are not a library's bridges: must flag ---------------------------------------------

    [Fact]
    public Task Flags_private_helpers_that_a_method_a_lambda_or_a_static_constructor_calls_too() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Connection
        {
            private static readonly string Banner;
            private readonly Func<Task<string>> _connect;
            private string _session = "";

            static Connection()
            {
                Banner = LoadBanner();
            }

            public Connection(Func<Task<string>> connect)
            {
                _connect = connect;
                Connect();
                Task.Run(() => Refresh());
            }

            public void Reconnect() => Connect();

            private void Connect() => _session = [|_connect().GetAwaiter().GetResult()|];

            private void Refresh() => _session = [|_connect().Result|];

            private static string LoadBanner() => [|Task.Run(() => "banner").Result|];
        }
        """);

    // ---- constructors that are not a library's bridges: must flag ---------------------------------------------

    [Fact]
    public Task Flags_a_wait_in_a_static_constructor() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class Defaults
        {
            private static readonly string Banner;

            static Defaults()
            {
                Banner = [|LoadAsync().Result|];
            }

            private static Task<string> LoadAsync() => Task.Run(() => "banner");
        }
        """);

    [Fact]
    public Task Flags_a_wait_in_a_lambda_a_constructor_creates() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Refresher : IDisposable
        {
            private readonly Timer _timer;

            public Refresher(Func<Task> refresh)
            {
                _timer = new Timer(_ => [|refresh().Wait()|], null, 0, 1000);
            }

            public void Dispose() => _timer.Dispose();
        }
        """);

    [Fact]
    public Task Flags_a_bindable_view_model_constructor_in_a_library() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class OrdersViewModel : System.ComponentModel.INotifyPropertyChanged
        {
            public OrdersViewModel(Func<Task<int>> count)
            {
                Total = [|count().Result|];
            }

            public event System.ComponentModel.PropertyChangedEventHandler? PropertyChanged;

            public int Total { get; }
        }
        """);

    [Fact]
    public Task Flags_a_constructor_in_an_ASP_NET_Core_app() => new Verify.Test
    {
        TestCode = Usings + """
            public sealed class TenantResolver
            {
                private readonly string _tenant;

                public TenantResolver(Func<Task<string>> lookup)
                {
                    _tenant = [|lookup().GetAwaiter().GetResult()|];
                }
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
    }.RunAsync();

    [Fact]
    public Task Flags_a_constructor_in_a_UI_app() => new Verify.Test
    {
        TestCode = Usings + """
            public sealed class MainWindow
            {
                private readonly string _title;

                public MainWindow(Func<Task<string>> loadTitle)
                {
                    _title = [|loadTitle().Result|];
                }
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("System.Windows.Forms") },
    }.RunAsync();

    private const string ConstructorBridgesWithOption = Usings + """
        public sealed class CommitLog
        {
            public CommitLog(bool syncRecover)
            {
                if (syncRecover)
                {
                    [|RecoverAsync().GetAwaiter().GetResult()|];
                }
            }

            private Task RecoverAsync() => Task.Delay(1);
        }
        """;

    [Fact]
    public Task Flags_library_constructor_waits_when_the_option_asks_without_a_fix() => new Verify.Test
    {
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        TestCode = ConstructorBridgesWithOption,
        FixedCode = ConstructorBridgesWithOption,
    }.RunAsync();
}
