using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using Verify104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Code inside a <c>Task.Run</c>, <c>StartNew</c> or <c>Parallel</c> delegate runs on a thread-pool thread. In a UI app that
/// freezes nothing (the app moved the work off the UI thread on purpose): TW102 and TW104 do not report it there. In a
/// server or a library it is still reported, and the message speaks of a thread-pool thread, not of the UI or a request
/// thread; code outside the delegate of the same UI app is reported as blocking the UI thread.
/// </summary>
public class TW102PoolDelegateTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Avalonia = "Avalonia.Base";
    private const string Server = "Microsoft.AspNetCore.Http.Abstractions";

    private static TTest With<TTest>(TTest test, string code, params string[] references)
        where TTest : Microsoft.CodeAnalysis.Testing.AnalyzerTest<Microsoft.CodeAnalysis.Testing.DefaultVerifier>
    {
        test.TestState.Sources.Add(Usings + code);
        foreach (var reference in references)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.EmptyAssembly(reference));
        }

        return test;
    }

    private const string AvatarLoader = """
        public sealed class AvatarLoader
        {
            private readonly string _store;

            public AvatarLoader(string store) => _store = store;

            public void Start(HttpClient client) => Task.Run(async () =>
            {
                while (true)
                {
                    var response = await client.GetAsync("https://example.com/avatar");
                    using (var stream = response.Content.ReadAsStream())
                    using (var file = File.Create(Path.Combine(_store, "avatar")))
                    {
                        stream.CopyTo(file);
                    }

                    Publish(client, "avatar");
                    Thread.Sleep(100);
                }
            });

            // A network call, not local file I/O, which is never a TW104 leaf in an app.
            private static void Publish(HttpClient client, string name) =>
                client.Send(new HttpRequestMessage(HttpMethod.Put, "https://example.com/" + name));
        }
        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_blocking_inside_a_pool_loop_of_a_UI_app() =>
        With(new Verify.Test(), AvatarLoader, Avalonia).RunAsync();

    [Fact]
    public Task Ignores_a_blocking_helper_inside_a_pool_loop_of_a_UI_app() =>
        With(new Verify104.Test(), AvatarLoader, Avalonia).RunAsync();

    [Fact]
    public Task Ignores_blocking_inside_StartNew_and_Parallel_delegates_of_a_UI_app() => With(new Verify.Test(), """
        public sealed class Thumbnails
        {
            public Task RenderAsync(string[] paths) => Task.Factory.StartNew(async () =>
            {
                await Task.Yield();
                Parallel.ForEach(paths, path => File.ReadAllBytes(path));
                File.WriteAllText("thumbnails.done", "ok");
            }).Unwrap();
        }
        """, Avalonia).RunAsync();

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_blocking_outside_the_pool_delegate_of_a_UI_app_as_blocking_the_UI_thread() => With(new Verify.Test
    {
        TestState = { OutputKind = Microsoft.CodeAnalysis.OutputKind.WindowsApplication },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage("'Thread.Sleep' blocks the UI thread while it waits; await 'Task.Delay' instead"),
        },
    }, """
        public sealed class Refresher
        {
            public async Task RefreshAsync(HttpClient client)
            {
                await Task.Run(async () => await client.GetStringAsync("https://example.com"));
                {|#0:Thread.Sleep(100)|};
            }
        }

        static class Program
        {
            static void Main() { }
        }
        """, Avalonia).RunAsync();

    [Fact]
    public Task Flags_blocking_inside_a_pool_delegate_of_a_server_as_holding_a_pool_thread() => With(new Verify.Test
    {
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage("'Thread.Sleep' blocks a thread-pool thread while it waits; await 'Task.Delay' instead"),
        },
    }, """
        public sealed class ReportsController
        {
            public Task<string> GetAsync(string path) => Task.Run(async () =>
            {
                await Task.Yield();
                {|#0:Thread.Sleep(100)|};
                return path;
            });
        }
        """, Server).RunAsync();

    [Fact]
    public Task Flags_blocking_helpers_inside_a_pool_loop_of_a_library() => With(new Verify104.Test
    {
        ExpectedDiagnostics =
        {
            Verify104.Diagnostic().WithLocation(23, 13).WithMessage("'Publish' blocks: Publish → HttpClient.Send; make it async and await 'HttpClient.SendAsync'"),
        },
    }, AvatarLoader).RunAsync();
}
