using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Lambdas a framework calls synchronously with no async form: a factory registered on an IServiceCollection (Brighter's
/// store, TickerQ's Redis multiplexer) and a callback on the token of the type's own CancellationTokenSource (CAP's
/// dispatcher). Sync-contract bridges outside UI apps; a helper they call, another token's callback, a provider-taking
/// lambda given to anything else stay reported.
/// </summary>
public class TW103SynchronousCallbackTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;

        """;

    private const string Container = """

        namespace Microsoft.Extensions.DependencyInjection
        {
            public interface IServiceCollection { }

            public static class ServiceCollectionServiceExtensions
            {
                public static IServiceCollection AddSingleton<TService>(this IServiceCollection services, Func<IServiceProvider, TService> factory) where TService : class => services;
                public static IServiceCollection AddScoped<TService>(this IServiceCollection services, Func<IServiceProvider, TService> factory) where TService : class => services;
                public static IServiceCollection AddKeyedSingleton<TService>(this IServiceCollection services, object? key, Func<IServiceProvider, object?, TService> factory) where TService : class => services;
                public static T GetRequiredService<T>(this IServiceProvider provider) => (T)provider.GetService(typeof(T))!;
            }

            namespace Extensions
            {
                public static class ServiceCollectionDescriptorExtensions
                {
                    public static void TryAddSingleton<TService>(this IServiceCollection services, Func<IServiceProvider, TService> factory) where TService : class { }
                }
            }
        }

        public interface IStore
        {
            Task EnsureStoreExistsAsync();
        }

        public interface IConnection { }

        public sealed class Options
        {
            public Func<Task<IConnection>>? ConnectionFactory { get; set; }
            public IConnection? Connection { get; set; }
        }

        public interface IStorage
        {
            Task ChangeStateAsync(long[] ids);
        }

        """;

    [Fact]
    public Task Ignores_waits_in_service_factories() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class Registration
        {
            public static IServiceCollection AddStore(this IServiceCollection services, IStore store)
            {
                return services
                    .AddSingleton(provider =>
                    {
                        store.EnsureStoreExistsAsync().GetAwaiter().GetResult();
                        return store;
                    })
                    .AddScoped<IStore>(_ => { store.EnsureStoreExistsAsync().Wait(); return store; });
            }

            public static void AddConnection(this IServiceCollection services, Options options)
            {
                services.AddKeyedSingleton<IConnection>("tickerq", (_, _) =>
                    options.Connection
                    ?? (options.ConnectionFactory != null
                        ? options.ConnectionFactory().GetAwaiter().GetResult()
                        : throw new InvalidOperationException()));
                services.TryAddSingleton(provider => options.ConnectionFactory!().Result);
            }
        }
        """ + Container);

    [Fact]
    public Task Ignores_waits_in_callbacks_on_the_types_own_token() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Dispatcher : IDisposable
        {
            private readonly CancellationTokenSource _tasksCts = new CancellationTokenSource();
            private readonly Queue<long> _scheduled = new Queue<long>();
            private readonly IStorage _storage;

            public Dispatcher(IStorage storage) => _storage = storage;

            public void Start()
            {
                _tasksCts.Token.Register(() =>
                {
                    try
                    {
                        _storage.ChangeStateAsync(_scheduled.ToArray()).ConfigureAwait(false).GetAwaiter().GetResult();
                    }
                    catch (Exception)
                    {
                    }
                });
                _tasksCts.Token.Register(state => ((IStorage)state!).ChangeStateAsync(new long[0]).Wait(), _storage);
            }

            public void Dispose() => _tasksCts.Cancel();
        }
        """ + Container);

    [Fact]
    public Task Flags_waits_in_helpers_of_factories_and_in_other_provider_lambdas() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Container
        {
            public void Register<T>(Func<IServiceProvider, T> factory) { }
        }

        public static class Registration
        {
            public static void AddStore(this IServiceCollection services, Container container, IStore store)
            {
                services.AddSingleton(provider => Ensure(store));
                // A container of the program's own: nothing says it has no async form.
                container.Register(provider => { [|store.EnsureStoreExistsAsync().Wait()|]; return store; });
                // Not a factory: the lambda does not take the provider.
                Func<IStore> later = () => { [|store.EnsureStoreExistsAsync().Wait()|]; return store; };
            }

            private static IStore Ensure(IStore store)
            {
                [|store.EnsureStoreExistsAsync().GetAwaiter().GetResult()|];
                return store;
            }
        }
        """ + Container);

    [Fact]
    public Task Flags_waits_in_callbacks_on_tokens_the_type_does_not_own() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Owner
        {
            public readonly CancellationTokenSource Cts = new CancellationTokenSource();
        }

        public sealed class Watcher
        {
            private CancellationToken _token;

            public Watcher(Owner owner, IStorage storage, CancellationToken token)
            {
                _token = token;
                owner.Cts.Token.Register(() => [|storage.ChangeStateAsync(new long[0]).Wait()|]);
                token.Register(() => [|storage.ChangeStateAsync(new long[0]).Wait()|]);
                _token.Register(() => [|storage.ChangeStateAsync(new long[0]).Wait()|]);
            }
        }
        """ + Container);

    [Fact]
    public Task Flags_waits_in_service_factories_of_a_ui_app() => new Verify.Test
    {
        TestCode = Usings + """
            public static class Registration
            {
                public static IServiceCollection AddStore(this IServiceCollection services, IStore store) =>
                    services.AddSingleton(provider => { [|store.EnsureStoreExistsAsync().Wait()|]; return store; });
            }
            """ + Container,
        AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
    }.RunAsync();

    [Fact]
    public Task Flags_waits_in_service_factories_when_the_option_asks_without_a_fix() => new Verify.Test
    {
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        TestCode = FactoryOption,
        FixedCode = FactoryOption,
    }.RunAsync();

    private const string FactoryOption = Usings + """
        public static class Registration
        {
            public static IServiceCollection AddStore(this IServiceCollection services, IStore store) =>
                services.AddSingleton(provider => { [|store.EnsureStoreExistsAsync().Wait()|]; return store; });
        }
        """ + Container;
}
