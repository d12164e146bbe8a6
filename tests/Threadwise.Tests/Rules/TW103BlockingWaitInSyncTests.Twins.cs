using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>Sync twins of a library's async API, disposal members over async work, and public wait helpers.</summary>
public partial class TW103BlockingWaitInSyncTests
{
    private const string NetUsings = Usings + """
        using System.IO;
        using System.Net;
        using System.Net.Sockets;

        """;

    // ---- sync twins: must not flag ---------------------------------------------------------------------------

    [Fact]
    public Task Ignores_cancellable_sync_socket_calls_beside_their_async_twins() => Verify.VerifyAnalyzerAsync(NetUsings + """
        static class FrameIO
        {
            internal static void Send(Socket socket, byte[] frame, CancellationToken cancellationToken)
            {
                if (!cancellationToken.CanBeCanceled)
                {
                    socket.Send(frame);
                    return;
                }

                var done = new TaskCompletionSource<bool>();
                using (cancellationToken.Register(() => done.TrySetCanceled()))
                {
                    BeginSend(socket, frame, done);
                    done.Task.GetAwaiter().GetResult();
                }
            }

            internal static async Task SendAsync(Socket socket, byte[] frame, CancellationToken cancellationToken)
            {
                var done = new TaskCompletionSource<bool>();
                using (cancellationToken.Register(() => done.TrySetCanceled()))
                {
                    BeginSend(socket, frame, done);
                    await done.Task.ConfigureAwait(false);
                }
            }

            internal static int Receive(Socket socket, byte[] buffer, CancellationToken cancellationToken)
            {
                var done = new TaskCompletionSource<int>();
                using (cancellationToken.Register(() => done.TrySetCanceled()))
                {
                    socket.BeginReceive(buffer, 0, buffer.Length, SocketFlags.None, ar => done.TrySetResult(socket.EndReceive(ar)), null);
                    return done.Task.Result;
                }
            }

            internal static Task<int> ReceiveAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken) =>
                socket.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None);

            private static void BeginSend(Socket socket, byte[] frame, TaskCompletionSource<bool> done) =>
                socket.BeginSend(frame, 0, frame.Length, SocketFlags.None, ar => { socket.EndSend(ar); done.TrySetResult(true); }, null);
        }
        """);

    [Fact]
    public Task Ignores_sync_connect_overloads_that_wait_on_a_connect_state() => Verify.VerifyAnalyzerAsync(NetUsings + """
        sealed class ConnectState
        {
            public readonly TaskCompletionSource<Socket> Completion = new TaskCompletionSource<Socket>();
            public Task<Socket> Task => Completion.Task;
        }

        public static class Dialer
        {
            public static Socket Connect(string host, int port, CancellationToken cancellationToken)
            {
                var state = new ConnectState();
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                using (cancellationToken.Register(() => state.Completion.TrySetCanceled()))
                {
                    socket.BeginConnect(host, port, ar => { socket.EndConnect(ar); state.Completion.TrySetResult(socket); }, null);
                    return state.Task.GetAwaiter().GetResult();
                }
            }

            public static Socket Connect(string host, int port, int timeoutMs, CancellationToken cancellationToken)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(timeoutMs);
                return Connect(host, port, timeout.Token);
            }

            public static async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(host, port).ConfigureAwait(false);
                return socket;
            }

            public static Task<Socket> ConnectAsync(string host, int port, int timeoutMs, CancellationToken cancellationToken) =>
                ConnectAsync(host, port, cancellationToken);
        }
        """);

    [Fact]
    public Task Ignores_sync_client_methods_that_wait_on_an_internal_async_core() => Verify.VerifyAnalyzerAsync(NetUsings + """
        public sealed class ClusterClient
        {
            public int TimeoutMs { get; set; } = 5000;

            public bool Reconfigure(TextWriter? log = null)
            {
                var task = ReconfigureCoreAsync(full: true, log);
                if (!task.Wait(TimeoutMs))
                {
                    return false;
                }

                return task.Result;
            }

            public Task<bool> ReconfigureAsync(TextWriter? log = null) => ReconfigureCoreAsync(full: true, log);

            public static ClusterClient Open(string endpoints, TextWriter? log = null, int? database = null)
            {
                var client = new ClusterClient();
                client.ReconfigureCoreAsync(full: false, log).Wait(client.TimeoutMs);
                return client;
            }

            public static async Task<ClusterClient> OpenAsync(string endpoints, TextWriter? log = null, string? clientName = null)
            {
                var client = new ClusterClient();
                await client.ReconfigureCoreAsync(full: false, log).ConfigureAwait(false);
                return client;
            }

            private IPAddress[] Resolve(string host)
            {
                return Dns.GetHostAddressesAsync(host).Result;
            }

            private Task<IPAddress[]> ResolveAsync(string host, CancellationToken token) => Dns.GetHostAddressesAsync(host);

            private async Task<bool> ReconfigureCoreAsync(bool full, TextWriter? log)
            {
                await Task.Delay(1).ConfigureAwait(false);
                return full;
            }
        }
        """);

    [Fact]
    public Task Ignores_sync_member_of_an_interface_that_also_declares_its_async_twin() => Verify.VerifyAnalyzerAsync(Usings + """
        public interface IBatchCommand
        {
            bool Commit(int flags = 0);
            Task<bool> CommitAsync(int flags = 0);
        }

        public interface IUnitOfWork
        {
            void Complete();
            ValueTask CompleteAsync(CancellationToken cancellationToken = default);
        }

        sealed class RetryingBatch : IBatchCommand
        {
            // The interface promises a sync Commit; retries only exist asynchronously.
            bool IBatchCommand.Commit(int flags) => CommitAsync(flags).GetAwaiter().GetResult();

            public async Task<bool> CommitAsync(int flags = 0)
            {
                await Task.Delay(10).ConfigureAwait(false);
                return true;
            }
        }

        sealed class ScopedUnitOfWork : IUnitOfWork
        {
            public void Complete() => CompleteAsync().AsTask().Wait();
            public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => new ValueTask(Task.Delay(1, cancellationToken));
        }
        """);

    [Fact]
    public Task Ignores_generic_sync_twin_with_trailing_token_on_the_async_side() => Verify.VerifyAnalyzerAsync(Usings + """
        public class DocumentSession
        {
            public T Load<T>(string id) where T : new()
            {
                var pending = FetchAsync(id);
                pending.Wait();
                return Map<T>(pending.Result);
            }

            public Task<T> LoadAsync<T>(string id, CancellationToken token = default) where T : new() =>
                Task.FromResult(new T());

            public void Store(object entity) => EnqueueAsync(entity).GetAwaiter().GetResult();

            public Task StoreAsync(object entity, CancellationToken token) => EnqueueAsync(entity);

            private Task<string> FetchAsync(string id) => Task.Run(() => id);
            private Task EnqueueAsync(object entity) => Task.Delay(1);
            private static T Map<T>(string raw) where T : new() => new T();
        }
        """);

    // ---- sync twins: must flag -------------------------------------------------------------------------------

    [Fact]
    public Task Flags_sync_wrappers_that_only_wait_on_their_own_twin() => Verify.VerifyAnalyzerAsync(Usings + """
        public class ProfileClient
        {
            public string Fetch(string user) => [|FetchAsync(user).Result|];
            public void Save(string user) => [|SaveAsync(user, CancellationToken.None).Wait()|];
            public int Count() => [|Task.Run(() => CountAsync()).Result|];

            public Task<string> FetchAsync(string user) => Task.Run(() => user);
            public Task SaveAsync(string user, CancellationToken token) => Task.Delay(1, token);
            public Task<int> CountAsync() => Task.Run(() => 1);
        }
        """);

    [Fact]
    public Task Flags_sync_method_without_async_twin() => Verify.VerifyAnalyzerAsync(Usings + """
        public class AppSettings
        {
            private readonly Func<string, Task<string>> _get = url => Task.Run(() => url);

            public string LoadSettings() => [|_get("https://config/app").Result|];

            public void Refresh()
            {
                var text = [|FetchTextAsync().GetAwaiter().GetResult()|];
                Console.WriteLine(text);
            }

            public Task<string> FetchTextAsync() => _get("https://config/app");
            public Task<string> LoadSettingsAsync(int version) => _get("https://config/" + version);
        }
        """);

    [Fact]
    public Task Flags_event_handlers_and_controller_actions_even_with_twins() => Verify.VerifyAnalyzerAsync(Usings + """
        public class OrdersController
        {
            private readonly Func<Task<int>> _query = () => Task.Run(() => 1);

            public int Get() => [|_query().Result|];
            public Task<int> GetAsync() => _query();
            public int Count(int shop) => [|_query().Result|];
            public Task<int> CountAsync(int shop) => _query();
        }

        public class MainWindow
        {
            private readonly Func<Task> _sync = () => Task.Delay(1);

            public void OnRefresh(object sender, EventArgs e) => [|_sync().Wait()|];
            public Task OnRefreshAsync(object sender, EventArgs e) => _sync();
        }
        """);

    // ---- disposal: must not flag -----------------------------------------------------------------------------

    [Fact]
    public Task Ignores_dispose_pattern_over_async_stop_in_a_disposable_only_type() => Verify.VerifyAnalyzerAsync(Usings + """
        public abstract class DisposableBase : IDisposable
        {
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            protected virtual void Dispose(bool disposing) { }
        }

        public sealed class BrokerServer : DisposableBase
        {
            public Task StartAsync() => Task.Delay(1);
            public Task StopAsync(TimeSpan grace) => Task.Delay(grace);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    StopAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
                }

                base.Dispose(disposing);
            }
        }

        public class PollingWorker : IDisposable
        {
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();

            public void Dispose() => Dispose(true);

            protected virtual void Dispose(bool disposing)
            {
                _stop.Cancel();
                var drain = DrainAsync();
                drain.Wait(TimeSpan.FromSeconds(2));
            }

            private Task DrainAsync() => Task.Delay(1);
        }
        """);

    [Fact]
    public Task Ignores_dispose_and_close_overrides_offloading_async_shutdown() => Verify.VerifyAnalyzerAsync(Usings + """
        public class FileClient : IDisposable
        {
            public virtual void Dispose() { }
        }

        public class AsyncFileClient : FileClient
        {
            public Task DisconnectAsync() => Task.Delay(1);

            public override void Dispose() => Task.Run(async () => await DisconnectAsync()).Wait();
        }

        public class TlsStream : System.IO.Stream
        {
            private Task ShutdownAsync() => Task.Delay(1);

            public override void Close()
            {
                Task.Run(() => ShutdownAsync()).Wait();
                base.Close();
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => 0;
            public override long Position { get => 0; set { } }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => 0;
            public override long Seek(long offset, System.IO.SeekOrigin origin) => 0;
            public override void SetLength(long value) { }
            public override void Write(byte[] buffer, int offset, int count) { }
        }
        """);

    [Fact]
    public Task Ignores_async_disposable_dispose_over_any_async_call_and_disposal_helpers() => Verify.VerifyAnalyzerAsync(Usings + """
        public interface IRemoteClient : IAsyncDisposable { }

        public class ClientBase : IDisposable
        {
            protected bool AutoCreated { get; set; }

            public virtual void Dispose() { }

            // Disposes a client the library created for one internal operation.
            public void AutoDispose()
            {
                if (AutoCreated && this is IRemoteClient remote)
                {
                    Task.Run(() => remote.DisposeAsync().AsTask()).Wait();
                }
            }
        }

        public class RemoteClient : ClientBase, IRemoteClient
        {
            public Task FlushPendingAsync() => Task.Delay(1);
            public ValueTask DisposeAsync() => new ValueTask(Task.Delay(1));

            public override void Dispose()
            {
                FlushPendingAsync().ConfigureAwait(false).GetAwaiter().GetResult();
                Task.Run(async () => await DisposeAsync()).Wait();
            }
        }

        public sealed class Subscription : IDisposable, IAsyncDisposable
        {
            public Task UnsubscribeAsync() => Task.Delay(1);
            public ValueTask DisposeAsync() => new ValueTask(UnsubscribeAsync());
            public void Dispose() => UnsubscribeAsync().Wait();
        }

        public sealed class LeaseHolder : IDisposable
        {
            private readonly IAsyncDisposable _lease = new RemoteClient();

            public void Dispose()
            {
                var release = _lease.DisposeAsync();
                release.AsTask().GetAwaiter().GetResult();
            }
        }
        """);

    // ---- disposal: must flag ---------------------------------------------------------------------------------

    [Fact]
    public Task Flags_disposal_members_that_are_not_bridges_in_a_UI_app() => InUiApp(Usings + """
        public sealed class Tunnel : IDisposable
        {
            private readonly Task _reader = Task.Delay(1);

            public Task ShutdownAsync() => Task.Delay(1);
            public void Dispose() => [|ShutdownAsync().Wait()|];
            public void Close() => [|ShutdownAsync().Wait()|];
        }

        public class Pump : IDisposable
        {
            private readonly Task _loop = Task.Delay(1);

            public void Dispose() => Dispose(true);
            protected virtual void Dispose(bool disposing) => [|_loop.Wait()|];
        }
        """).RunAsync();

    // A wait inside a lambda is not the member's own (in a UI app a Task.Run delegate's wait is not TW103 at all).
    [Fact]
    public Task Flags_a_wait_in_a_lambda_of_Dispose() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Hub2 : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => default;
            public void Dispose() => Task.Run(() => [|StopAsync().Wait()|]);
            private Task StopAsync() => Task.Delay(1);
        }
        """);

    // ---- wait helpers: must not flag -------------------------------------------------------------------------

    [Fact]
    public Task Ignores_public_wait_helpers_that_block_on_their_task_parameter() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Multiplexer
        {
            public int TimeoutMilliseconds { get; set; } = 5000;

            public void Wait(Task task)
            {
                if (!task.Wait(TimeoutMilliseconds))
                {
                    throw new TimeoutException();
                }
            }

            public T Wait<T>(Task<T> task)
            {
                try
                {
                    if (!task.Wait(TimeoutMilliseconds))
                    {
                        throw new TimeoutException();
                    }
                }
                catch (AggregateException error) when (error.InnerExceptions.Count == 1)
                {
                    throw error.InnerExceptions[0];
                }

                return task.Result;
            }

            public void WaitAll(params Task[] tasks)
            {
                if (!Task.WaitAll(tasks, TimeoutMilliseconds))
                {
                    throw new TimeoutException();
                }
            }

            public bool TryWait(Task task) => task.Wait(TimeoutMilliseconds);

            protected T WaitValue<T>(ValueTask<T> pending) => pending.AsTask().GetAwaiter().GetResult();
        }
        """);

    // ---- wait helpers: must flag -----------------------------------------------------------------------------

    [Fact]
    public Task Flags_wait_helpers_that_are_private_or_wait_on_something_else() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class JobRunner
        {
            private readonly Task _warmup = Task.Delay(1);

            private void WaitQuietly(Task task) => [|task.Wait()|];
            public void WaitForWarmup() => [|_warmup.Wait()|];
            public void WaitThenRun(Task task, Func<Task> next) => [|next().Wait()|];
            public void Run(Task task) => [|task.Wait()|];
        }
        """);
}
