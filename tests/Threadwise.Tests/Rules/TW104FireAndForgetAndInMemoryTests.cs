using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

public class TW104FireAndForgetAndInMemoryTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Bus = """
        [Flags]
        enum RequestFlags { None = 0, DemandPrimary = 4, FireAndForget = 2 }

        interface IEventBus
        {
            void Subscribe(string topic, Action<string> handler, RequestFlags flags = RequestFlags.None);
            Task SubscribeAsync(string topic, Action<string> handler, RequestFlags flags = RequestFlags.None);
        }

        sealed class Command
        {
            public Command(string verb, string key, RequestFlags flags) { Verb = verb; Key = key; Flags = flags; }
            public string Verb { get; }
            public string Key { get; }
            public RequestFlags Flags { get; }
        }

        sealed class Connection
        {
            private readonly SemaphoreSlim _writeLock = new SemaphoreSlim(1);

            // Waits for the write lock and then for the reply, unless the command is fire-and-forget.
            public void ExecuteSync(Command command)
            {
                _writeLock.Wait();
                _writeLock.Release();
            }
        }

        """;

    // ---- fire-and-forget calls only enqueue ----------------------------------------------------------------------

    [Fact]
    public Task Ignores_helper_that_subscribes_fire_and_forget() => Verify.VerifyAnalyzerAsync(Usings + Bus + """
        class FailoverMonitor
        {
            private readonly IEventBus _bus;

            public FailoverMonitor(IEventBus bus) => _bus = bus;

            public async Task StartAsync()
            {
                await Task.Yield();
                RegisterWatchers();
            }

            private void RegisterWatchers()
            {
                _bus.Subscribe("+failover", OnFailover, RequestFlags.FireAndForget);
                _bus.Subscribe("+primary-changed", OnFailover, RequestFlags.DemandPrimary | RequestFlags.FireAndForget);
            }

            private void OnFailover(string payload) { }
        }
        """);

    [Fact]
    public Task Ignores_helper_that_executes_a_command_built_fire_and_forget() => Verify.VerifyAnalyzerAsync(Usings + Bus + """
        class RoutingTable
        {
            private readonly Connection _connection = new Connection();

            public async Task EnsureRoutedAsync(string key, RequestFlags flags, bool moved)
            {
                DropStaleRoute(key, flags, moved);
                await Task.Yield();
            }

            private void DropStaleRoute(string key, RequestFlags flags, bool moved)
            {
                if (moved)
                {
                    var command = CreateCommand("UNWATCH", key, flags | RequestFlags.FireAndForget);
                    _connection.ExecuteSync(command);
                }
            }

            private static Command CreateCommand(string verb, string key, RequestFlags flags) => new Command(verb, key, flags);
        }
        """);

    [Fact]
    public Task Flags_helpers_that_wait_for_the_reply() => Verify.VerifyAnalyzerAsync(Usings + Bus + """
        class RoutingTable
        {
            private readonly IEventBus _bus;
            private readonly Connection _connection = new Connection();

            public RoutingTable(IEventBus bus) => _bus = bus;

            public async Task EnsureRoutedAsync(string key, RequestFlags flags)
            {
                await Task.Yield();
                [|Watch(key)|];
                [|DropStaleRoute(key, flags)|];
            }

            private void Watch(string key) => _bus.Subscribe(key, _ => { });

            private void DropStaleRoute(string key, RequestFlags flags)
            {
                var command = new Command("UNWATCH", key, flags);
                _connection.ExecuteSync(command);
            }
        }
        """);

    // ---- in-memory leaves: factories and pipes ------------------------------------------------------------------

    [Fact]
    public Task Ignores_helpers_that_write_to_factory_made_memory_streams_and_local_pipes() => Verify.VerifyAnalyzerAsync(Usings + """
        class PacketWriter
        {
            private static Stream RentBuffer() => new MemoryStream(256);

            public async Task SendAsync(byte[] payload, Stream socket)
            {
                var packet = Encode(payload);
                ClosePipe();
                await packet.CopyToAsync(socket);
            }

            private static Stream Encode(byte[] payload)
            {
                var buffer = RentBuffer();
                buffer.Write(payload, 0, payload.Length);
                buffer.Flush();
                buffer.Position = 0;
                return buffer;
            }

            private static void ClosePipe()
            {
                var pipe = new Pipe();
                pipe.Writer.Complete();
                pipe.Reader.Complete();
            }
        }
        """);

    [Fact]
    public Task Ignores_helper_that_writes_to_a_virtual_factory_stream_nothing_overrides() => Verify.VerifyAnalyzerAsync(Usings + """
        public class ReportWriter
        {
            protected virtual Stream OpenTarget() => new MemoryStream();

            public async Task SaveAsync(byte[] report)
            {
                await Task.Yield();
                Write(report);
            }

            private void Write(byte[] report)
            {
                var target = OpenTarget();
                target.Write(report, 0, report.Length);
            }
        }
        """);

    [Fact]
    public Task Flags_helper_that_writes_to_a_virtual_factory_stream_overridden_in_source() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class FileReportWriter : ReportWriter
        {
            protected override Stream OpenTarget() => File.Create("report.bin");
        }

        class ReportWriter
        {
            protected virtual Stream OpenTarget() => new MemoryStream();

            public async Task SaveAsync(byte[] report)
            {
                await Task.Yield();
                [|Write(report)|];
            }

            private void Write(byte[] report)
            {
                var target = OpenTarget();
                target.Write(report, 0, report.Length);
            }
        }
        """);
}
