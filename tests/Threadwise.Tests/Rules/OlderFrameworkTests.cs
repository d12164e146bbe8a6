using Microsoft.CodeAnalysis.Testing;
using Threadwise.Tests.Verifiers;
using TW101 = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer, Threadwise.Fixes.Blocking.TW101BlockingWaitCodeFix>;
using TW102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using TW103 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;
using TW203 = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Cpu.TW203AsyncLambdaToParallelAnalyzer, Threadwise.Fixes.Cpu.TW203AsyncLambdaToParallelCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// The rules whose diagnostics or fixes depend on the target framework, compiled against older references: .NET 8
/// (Basic.Reference.Assemblies.Net80), netstandard2.0 and .NET Framework 4.7.2 (reference packs that
/// Microsoft.CodeAnalysis.Testing resolves through the package source; see <see cref="ReferenceSets"/>). Task.WaitAsync
/// and Parallel.ForEachAsync arrived in .NET 6, Parallel.ForAsync in .NET 8, IAsyncDisposable in .NET Core 3.0: a user on
/// .NET Framework or netstandard2.0 must get none of them.
/// </summary>
public class OlderFrameworkTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static void Use(AnalyzerTest<DefaultVerifier> test, string framework)
    {
        switch (framework)
        {
            case "net8.0":
                ReferenceSets.UseNet80(test);
                break;
            case "netstandard2.0":
                ReferenceSets.UseNetStandard20(test);
                break;
            case "net472":
                ReferenceSets.UseNet472(test);
                break;
            default:
                throw new ArgumentException("Unknown framework " + framework, nameof(framework));
        }
    }

    // ---- TW101: Wait(token) becomes WaitAsync only where Task.WaitAsync exists ------------------------------------

    private const string ReplicaWaits = """
        class ReplicaSync
        {
            public async Task CatchUpAsync(Task snapshot, Task journal, CancellationToken cancellationToken)
            {
                [|snapshot.Wait()|];
                [|journal.Wait(cancellationToken)|];
            }
        }
        """;

    [Fact]
    public Task TW101_fix_awaits_WaitAsync_with_the_token_on_net8() => Run(new TW101.Test
    {
        TestCode = Usings + ReplicaWaits,
        FixedCode = Usings + """
            class ReplicaSync
            {
                public async Task CatchUpAsync(Task snapshot, Task journal, CancellationToken cancellationToken)
                {
                    await snapshot;
                    await journal.WaitAsync(cancellationToken);
                }
            }
            """,
    }, "net8.0");

    [Theory]
    [InlineData("netstandard2.0")]
    [InlineData("net472")]
    public Task TW101_reports_Wait_with_a_token_but_offers_no_WaitAsync_where_the_framework_has_none(string framework) => Run(new TW101.Test
    {
        TestCode = Usings + ReplicaWaits,
        FixedCode = Usings + """
            class ReplicaSync
            {
                public async Task CatchUpAsync(Task snapshot, Task journal, CancellationToken cancellationToken)
                {
                    await snapshot;
                    [|journal.Wait(cancellationToken)|];
                }
            }
            """,
    }, framework);

    // ---- TW203: ForEachAsync / ForAsync only where Parallel has them ----------------------------------------------

    private const string Mirror = """
        interface IFetcher
        {
            Task<string> FetchAsync(string url);
        }

        class Mirror
        {
            public async Task CopyAllAsync(IFetcher fetcher, List<string> urls)
            {
                await Task.Yield();
                Parallel.ForEach(urls, [|async url =>|] await fetcher.FetchAsync(url));
                Parallel.For(0, urls.Count, [|async i =>|] await fetcher.FetchAsync(urls[i]));
            }
        }
        """;

    [Fact]
    public Task TW203_fix_uses_ForEachAsync_and_ForAsync_on_net8() => Run(new TW203.Test
    {
        TestCode = Usings + Mirror,
        FixedCode = Usings + """
            interface IFetcher
            {
                Task<string> FetchAsync(string url);
            }

            class Mirror
            {
                public async Task CopyAllAsync(IFetcher fetcher, List<string> urls)
                {
                    await Task.Yield();
                    await Parallel.ForEachAsync(urls, async (url, cancellationToken) => await fetcher.FetchAsync(url));
                    await Parallel.ForAsync(0, urls.Count, async (i, cancellationToken) => await fetcher.FetchAsync(urls[i]));
                }
            }
            """,
    }, "net8.0");

    [Theory]
    [InlineData("netstandard2.0")]
    [InlineData("net472")]
    public Task TW203_fix_uses_Task_WhenAll_where_Parallel_has_no_async_loops(string framework) => Run(new TW203.Test
    {
        TestCode = Usings + Mirror,
        FixedCode = Usings + """
            interface IFetcher
            {
                Task<string> FetchAsync(string url);
            }

            class Mirror
            {
                public async Task CopyAllAsync(IFetcher fetcher, List<string> urls)
                {
                    await Task.Yield();
                    await Task.WhenAll(urls.Select(async url => await fetcher.FetchAsync(url)));
                    Parallel.For(0, urls.Count, [|async i =>|] await fetcher.FetchAsync(urls[i]));
                }
            }
            """,
    }, framework);

    // ---- TW102: 'await using' only where IAsyncDisposable exists --------------------------------------------------

    private const string Exporter = """
        class Exporter
        {
            public async Task ExportAsync(string path, Func<Task<string>> render)
            {
                var text = await render();
                using var {|#0:writer = new StreamWriter(File.Create(path, 4096, FileOptions.Asynchronous))|};
                using (var {|#1:stream = File.Create(path + ".bak", 4096, FileOptions.Asynchronous)|})
                {
                }
            }
        }
        """;

    [Fact]
    public Task TW102_suggests_await_using_on_net8() => Run(
        new TW102.Test
        {
            TestCode = Usings + Exporter,
            ExpectedDiagnostics =
            {
                TW102.Diagnostic().WithLocation(0),
                TW102.Diagnostic().WithLocation(1),
            },
        },
        "net8.0");

    [Theory]
    [InlineData("netstandard2.0")]
    [InlineData("net472")]
    public Task TW102_does_not_suggest_await_using_where_IAsyncDisposable_does_not_exist(string framework) => Run(
        new TW102.Test { TestCode = Usings + Exporter.Replace("{|#0:", "").Replace("{|#1:", "").Replace("|}", "") },
        framework);

    // ---- TW103: in a UI app, Dispose over ShutdownAsync is a bridge only where IAsyncDisposable does not exist ------

    // A driver's session on netstandard2.0: its public Dispose waits on its own ShutdownAsync. A stored task and a
    // non-disposal member stay reported everywhere.
    private const string Session = """
        public interface ISession : IDisposable
        {
            Task ShutdownAsync();
        }

        public sealed class Session : ISession
        {
            private readonly Task _heartbeat = Task.Delay(10);

            public void Dispose()
            {
                {|#0:ShutdownAsync().GetAwaiter().GetResult()|};
            }

            public async Task ShutdownAsync() => await Task.Delay(1);

            public void Close() => {|#1:_heartbeat.Wait()|};

            public string Describe() => {|#2:DescribeAsync().Result|};

            private async Task<string> DescribeAsync() { await Task.Delay(1); return "session"; }
        }
        """;

    [Fact]
    public Task TW103_reports_Dispose_over_ShutdownAsync_in_a_UI_app_where_IAsyncDisposable_exists() => Run(
        new TW103.Test
        {
            TestCode = Usings + Session,
            ExpectedDiagnostics = { TW103.Diagnostic().WithLocation(0), TW103.Diagnostic().WithLocation(1), TW103.Diagnostic().WithLocation(2) },
            AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
        },
        "net8.0");

    // Outside a UI app Dispose() is a bridge whatever it waits on, on every framework.
    [Fact]
    public Task TW103_ignores_Dispose_over_ShutdownAsync_outside_UI_apps() => Run(
        new TW103.Test
        {
            TestCode = Usings + Session.Replace("{|#0:ShutdownAsync().GetAwaiter().GetResult()|}", "ShutdownAsync().GetAwaiter().GetResult()"),
            ExpectedDiagnostics = { TW103.Diagnostic().WithLocation(1), TW103.Diagnostic().WithLocation(2) },
        },
        "net8.0");

    [Theory]
    [InlineData("netstandard2.0")]
    [InlineData("net472")]
    public Task TW103_ignores_Dispose_over_ShutdownAsync_where_IAsyncDisposable_does_not_exist(string framework) => Run(
        new TW103.Test
        {
            TestCode = Usings + Session.Replace("{|#0:ShutdownAsync().GetAwaiter().GetResult()|}", "ShutdownAsync().GetAwaiter().GetResult()"),
            ExpectedDiagnostics = { TW103.Diagnostic().WithLocation(1), TW103.Diagnostic().WithLocation(2) },
            AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
        },
        framework);

    private static Task Run(AnalyzerTest<DefaultVerifier> test, string framework)
    {
        Use(test, framework);
        return test.RunAsync(CancellationToken.None);
    }
}
