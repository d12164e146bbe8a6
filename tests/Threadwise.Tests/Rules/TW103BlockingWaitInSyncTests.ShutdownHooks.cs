using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Callbacks on the host's ApplicationStopping/ApplicationStopped tokens: the host runs them synchronously and holds
/// shutdown until they return, so a wait there is how a service finishes its async stop (protoactor-dotnet's
/// RemoteHostedService). Sync-contract bridges; any other token's callbacks stay reported.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    private const string Lifetimes = """

        namespace Microsoft.Extensions.Hosting
        {
            public interface IHostApplicationLifetime
            {
                System.Threading.CancellationToken ApplicationStarted { get; }
                System.Threading.CancellationToken ApplicationStopping { get; }
                System.Threading.CancellationToken ApplicationStopped { get; }
                void StopApplication();
            }
        }

        namespace Microsoft.AspNetCore.Hosting
        {
            public interface IApplicationLifetime
            {
                System.Threading.CancellationToken ApplicationStopping { get; }
                System.Threading.CancellationToken ApplicationStopped { get; }
            }
        }

        public interface IRemote
        {
            Task StartAsync();
            Task ShutdownAsync();
        }

        public partial class RemoteHostedService
        {
            private readonly Microsoft.Extensions.Hosting.IHostApplicationLifetime _lifetime;
            private readonly IRemote _remote;

            public RemoteHostedService(Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime, IRemote remote)
            {
                _lifetime = lifetime;
                _remote = remote;
            }
        }

        """;

    [Fact]
    public Task Ignores_waits_in_callbacks_the_host_holds_shutdown_for() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.Extensions.Hosting;

        public partial class RemoteHostedService
        {

            public Task StartAsync(CancellationToken cancellationToken)
            {
                _lifetime.ApplicationStopping.Register(OnStopping);
                _lifetime.ApplicationStopped.Register(() => _remote.ShutdownAsync().Wait());
                _lifetime.ApplicationStopping.Register(state => ((IRemote)state!).ShutdownAsync().GetAwaiter().GetResult(), _remote);
                return Task.CompletedTask;
            }

            private void OnStopping() => _remote.ShutdownAsync().GetAwaiter().GetResult();
        }

        public class LegacyStartup
        {
            public void Configure(Microsoft.AspNetCore.Hosting.IApplicationLifetime lifetime, IRemote remote)
            {
                lifetime.ApplicationStopping.Register(() => remote.ShutdownAsync().Wait());
            }
        }
        """ + Lifetimes);

    [Fact]
    public Task Flags_waits_in_other_callbacks_and_in_hooks_also_called_directly() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.Extensions.Hosting;

        public partial class RemoteHostedService
        {

            public Task StartAsync(CancellationToken cancellationToken)
            {
                // ApplicationStarted's callbacks do not hold anything: the wait just blocks the host's start notification.
                _lifetime.ApplicationStarted.Register(OnStarted);
                cancellationToken.Register(() => [|_remote.ShutdownAsync().Wait()|]);
                _lifetime.ApplicationStopping.Register(OnStopping);
                return Task.CompletedTask;
            }

            public void Restart()
            {
                OnStopping();
                OnStarted();
            }

            private void OnStarted() => [|_remote.StartAsync().GetAwaiter().GetResult()|];

            private void OnStopping() => [|_remote.ShutdownAsync().GetAwaiter().GetResult()|];
        }
        """ + Lifetimes);

    [Fact]
    public Task Flags_waits_in_shutdown_callbacks_when_the_option_asks_without_a_fix() => new Verify.Test
    {
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        TestCode = ShutdownHookOption,
        FixedCode = ShutdownHookOption,
    }.RunAsync();

    private const string ShutdownHookOption = Usings + """
        using Microsoft.Extensions.Hosting;

        public class Service
        {
            public void Attach(IHostApplicationLifetime lifetime, IRemote remote)
            {
                lifetime.ApplicationStopping.Register(() => [|remote.ShutdownAsync().Wait()|]);
            }
        }
        """ + Lifetimes;
}
