using Microsoft.CodeAnalysis.Testing;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A wait in code that configures a host while it is built — an extension method on <c>IApplicationBuilder</c>,
/// <c>IServiceCollection</c> and the other builders, or a <c>Startup.Configure</c> — runs once before any request
/// (EnyimMemcached's warm-up read in <c>UseEnyimMemcached</c>). The lambdas registered there, other helpers, and UI apps
/// stay reported.
/// </summary>
public class TW103StartupConfigurationTests
{
    private const string Host = """
        using System;
        using System.Threading.Tasks;

        namespace Microsoft.AspNetCore.Builder
        {
            public interface IApplicationBuilder
            {
                IServiceProvider ApplicationServices { get; }
            }

            public static class RunExtensions
            {
                public static void Run(this IApplicationBuilder app, Func<object, Task> handler) { }
            }
        }

        namespace Microsoft.Extensions.DependencyInjection
        {
            public interface IServiceCollection { }
        }

        public interface ICacheClient
        {
            Task<string> GetValueAsync(string key);
            Task ConnectAsync();
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_warm_up_wait_in_an_application_builder_extension() => Verify.VerifyAnalyzerAsync(Host + """
        namespace Microsoft.AspNetCore.Builder
        {
            public static class CacheApplicationBuilderExtensions
            {
                public static IApplicationBuilder UseCache(this IApplicationBuilder app)
                {
                    try
                    {
                        var client = (ICacheClient)app.ApplicationServices.GetService(typeof(ICacheClient))!;
                        client.GetValueAsync("warm-up").Wait();
                    }
                    catch (Exception ex)
                    {
                        Console.Error.WriteLine(ex);
                    }

                    return app;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_connect_in_a_service_collection_extension() => Verify.VerifyAnalyzerAsync(Host + """
        namespace Microsoft.Extensions.DependencyInjection
        {
            public static class CacheServiceCollectionExtensions
            {
                public static IServiceCollection AddCache(this IServiceCollection services, ICacheClient client)
                {
                    client.ConnectAsync().GetAwaiter().GetResult();
                    return services;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_wait_in_the_Startup_Configure_convention() => Verify.VerifyAnalyzerAsync(Host + """
        public sealed class Startup
        {
            private readonly ICacheClient _client;

            public Startup(ICacheClient client) => _client = client;

            public void Configure(Microsoft.AspNetCore.Builder.IApplicationBuilder app) => _client.ConnectAsync().Wait();

            public void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => _client.ConnectAsync().Wait();
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_handlers_it_registers_and_other_helpers() => Verify.VerifyAnalyzerAsync(Host + """
        namespace Microsoft.AspNetCore.Builder
        {
            public static class CacheApplicationBuilderExtensions
            {
                public static IApplicationBuilder UseCachePage(this IApplicationBuilder app, ICacheClient client)
                {
                    app.Run(context =>
                    {
                        var page = [|client.GetValueAsync("page").Result|];
                        return Task.CompletedTask;
                    });
                    return app;
                }

                public static string Read(IApplicationBuilder app, ICacheClient client) => [|client.GetValueAsync("page").Result|];

                public static string Peek(this ICacheClient client) => [|client.GetValueAsync("page").Result|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_builder_extension_in_a_UI_app() => new Verify.Test
    {
        TestCode = Host + """
            namespace Microsoft.Extensions.DependencyInjection
            {
                public static class CacheServiceCollectionExtensions
                {
                    public static IServiceCollection AddCache(this IServiceCollection services, ICacheClient client)
                    {
                        [|client.ConnectAsync().GetAwaiter().GetResult()|];
                        return services;
                    }
                }
            }
            """,
        TestState = { AdditionalReferences = { TestReferences.EmptyAssembly("System.Windows.Forms") } },
    }.RunAsync();
}
