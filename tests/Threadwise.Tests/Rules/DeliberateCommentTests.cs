using Verify101 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer>;
using Verify102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using Verify103 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;
using Verify104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A comment right above the statement (or at the end of its line) that calls the call synchronous or blocking marks the
/// site as deliberate, like a local suppression: linq2db's "call the synchronous provider-specific implementation" above
/// a bulk copy that has only a synchronous WriteToServer, StackExchange.Redis's "trigger a blocking reconfigure". Blank
/// lines, negations ("non-blocking") and other words do not count; <c>threadwise.honor_peer_suppressions = false</c>
/// reports them again.
/// </summary>
public class DeliberateCommentTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // linq2db's bulk copy: the async override calls the provider's synchronous implementation on purpose.
    private const string BulkCopy = """
        sealed class Db2BulkCopy
        {
            public async Task<long> CopyAsync(object connection, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                if (connection != null)
                    // call the synchronous provider-specific implementation
                    return {|#0:Shared.CopyImpl(connection)|};
                return 0;
            }
        }

        static class Shared
        {
            public static long CopyImpl(object connection)
            {
                Thread.Sleep(10);
                return 1;
            }
        }
        """;

    private const string HelperMessage = "'Shared.CopyImpl' blocks: Shared.CopyImpl → Thread.Sleep; make it async and await 'Task.Delay'";

    private static Verify104.Test Helper(string code, params int[] flagged)
    {
        var test = new Verify104.Test { TestCode = Usings + code };
        foreach (var location in flagged)
        {
            test.ExpectedDiagnostics.Add(Verify104.Diagnostic().WithLocation(location).WithMessage(HelperMessage));
        }

        return test;
    }

    private static string Unmarked(string code) => code.Replace("{|#0:", "").Replace(")|}", ")");

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_helper_call_under_a_comment_that_calls_it_synchronous() => Helper(Unmarked(BulkCopy)).RunAsync();

    [Fact]
    public Task Ignores_helper_calls_in_braceless_arms_of_an_if_under_the_comment() => Helper("""
        sealed class InformixBulkCopy
        {
            public async Task<long> CopyAsync(object connection, bool native, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                // call the synchronous provider-specific implementation
                if (native)
                    return Shared.CopyImpl(connection);
                else
                    return Shared.CopyImpl(connection) + 1;
            }
        }

        static class Shared
        {
            public static long CopyImpl(object connection)
            {
                Thread.Sleep(10);
                return 1;
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_a_helper_call_in_the_paragraph_the_comment_heads() => Helper("""
        sealed class InformixBulkCopy
        {
            public async Task<long> CopyAsync(object connection, bool native, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);

                // call the synchronous provider-specific implementation
                var source = connection.ToString();
                if (native)
                    return Shared.CopyImpl(source!);
                return 0;
            }
        }

        static class Shared
        {
            public static long CopyImpl(object connection)
            {
                Thread.Sleep(10);
                return 1;
            }
        }
        """).RunAsync();

    [Fact]
    public Task Ignores_a_helper_call_with_a_blocking_comment_at_the_end_of_its_line() => Helper(Unmarked(BulkCopy)
        .Replace("            // call the synchronous provider-specific implementation\n", "")
        .Replace("CopyImpl(connection);", "CopyImpl(connection); // blocking on purpose: the provider has no async API")).RunAsync();

    [Fact]
    public Task Ignores_a_leaf_under_a_comment_that_calls_it_synchronous() => Helper(Unmarked(BulkCopy)
        .Replace("            // call the synchronous provider-specific implementation\n", "")
        .Replace("        Thread.Sleep(10);", "        // sync-over-async is not possible here: a synchronous back-off\n        Thread.Sleep(10);")).RunAsync();

    [Fact]
    public Task Ignores_a_sync_api_call_under_a_comment_in_an_async_method() => Verify102.VerifyAnalyzerAsync(Usings + """
        sealed class Probe
        {
            public async Task<string> NameAsync(string host)
            {
                await Task.Yield();
                /* resolved synchronously: the cache answers almost always */
                return System.Net.Dns.GetHostEntry(host).HostName;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_wait_in_sync_code_under_a_comment_that_calls_it_blocking() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class Sentinel
        {
            public void SwitchPrimary(Func<Task> reconfigure)
            {
                // Trigger a blocking reconfigure for the switch, then refresh the address list.
                reconfigure().Wait();
            }
        }
        """);

    [Fact]
    public Task Ignores_a_wait_in_a_local_function_under_a_comment_that_calls_it_blocking() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class Sentinel
        {
            public void SwitchPrimary(Func<bool, Task> reconfigure, bool everyNode)
            {
                // Trigger a blocking reconfigure for the switch, then refresh the address list.
                void TriggerReconfigure(bool all)
                {
                    Console.WriteLine("switching");
                    if (all)
                    {
                        reconfigure(true).Wait();
                    }
                    else
                    {
                        reconfigure(false).GetAwaiter().GetResult();
                    }
                }

                TriggerReconfigure(everyNode);
            }
        }
        """);

    [Fact]
    public Task Ignores_an_expression_bodied_wait_under_a_comment() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class Store
        {
            private readonly Func<Task<int>> _load = () => Task.FromResult(1);

            // Synchronous twin of LoadAsync for the legacy API.
            public int Load() => _load().GetAwaiter().GetResult();
        }
        """);

    // OpenTelemetry's OTLP exporter: the comment sits between '=>' and the expression it explains, after a directive.
    [Fact]
    public Task Ignores_an_expression_bodied_wait_under_a_comment_after_the_arrow() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class ExportClient
        {
            private readonly Func<Task<int>> _send = () => Task.FromResult(1);
            private readonly bool _requireHttp2;

            protected int Send() =>
        #if !NETSTANDARD2_0
                // Note: SendAsync must be used with HTTP/2 because synchronous send is
                // not supported.
                _requireHttp2 ? _send().GetAwaiter().GetResult() : 0;
        #else
                0;
        #endif
        }
        """);

    [Fact]
    public Task Flags_an_expression_bodied_wait_under_an_unrelated_comment_after_the_arrow() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class ExportClient
        {
            private readonly Func<Task<int>> _send = () => Task.FromResult(1);
            private readonly bool _requireHttp2;

            protected int Send() =>
                // Note: HTTP/2 needs the other handler.
                _requireHttp2 ? [|_send().GetAwaiter().GetResult()|] : 0;

            protected int Retry() => _requireHttp2
                // synchronous retry
                ? [|_send().GetAwaiter().GetResult()|] : 0;
        }
        """);

    [Fact]
    public Task Ignores_a_wait_in_an_async_method_with_a_comment_at_the_end_of_its_line() => Verify101.VerifyAnalyzerAsync(Usings + """
        sealed class Handshake
        {
            public async Task<int> RunAsync(Func<Task<int>> exchange)
            {
                await Task.Yield();
                return exchange().Result; // synchronous on purpose: the exchange completes inline on this transport
            }
        }
        """);

    // graphql-dotnet's Print: "actually is sync" at the end of the line.
    [Fact]
    public Task Ignores_a_wait_whose_line_ends_with_a_comment_that_says_it_is_sync() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class Printer
        {
            public string Print(Func<System.IO.TextWriter, Task> print)
            {
                using var writer = new System.IO.StringWriter();
                print(writer).GetAwaiter().GetResult(); // actually is sync
                return writer.ToString();
            }

            public void Render(Func<Task> render)
            {
                // the renderer runs sync over the buffered tree
                render().Wait();
            }
        }
        """);

    // YARP's MapReverseProxy: startup is synchronous and the comment says the wait is meant to block.
    [Fact]
    public Task Ignores_a_wait_under_a_comment_that_says_it_is_meant_to_block() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class Routes
        {
            public void Map(Func<Task> initialLoad, Func<Task> reload, bool warm)
            {
                // Config validation is async but startup is sync. We want this to block so that validation errors
                // stop the app before it serves requests.
                initialLoad().GetAwaiter().GetResult();

                if (warm)
                {
                    // Have to block here: the host is not started yet.
                    reload().Wait();
                }
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_helper_call_with_a_blank_line_after_the_comment() => Helper(BulkCopy
        .Replace("            // call the synchronous provider-specific implementation\n", "            // call the synchronous provider-specific implementation\n\n"), 0).RunAsync();

    [Fact]
    public Task Flags_a_helper_call_under_a_comment_that_says_non_blocking() => Helper(BulkCopy
        .Replace("call the synchronous provider-specific implementation", "a non-blocking copy, the provider says"), 0).RunAsync();

    [Fact]
    public Task Flags_a_helper_call_under_an_unrelated_comment() => Helper(BulkCopy
        .Replace("call the synchronous provider-specific implementation", "keep in sync with the Informix copy"), 0).RunAsync();

    [Fact]
    public Task Flags_a_wait_under_a_comment_that_does_not_want_to_block() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class Queue
        {
            public void Teardown(Func<Task> drain, Func<Task> flush)
            {
                // If a task is still running when teardown is requested, we don't
                // want to block forever.
                [|drain().Wait()|];

                // No need to block: the flush result is not read.
                [|flush().Wait()|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_wait_under_a_comment_that_says_it_is_not_sync_or_keeps_in_sync() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class Printer
        {
            public void Print(Func<Task> print, Func<Task> mirror)
            {
                [|print().GetAwaiter().GetResult()|]; // is not sync on every writer

                // keep in sync with the mirror's copy
                [|mirror().Wait()|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_helper_call_in_a_braced_block_under_a_commented_if() => Helper(BulkCopy
        .Replace("""
                if (connection != null)
                    // call the synchronous provider-specific implementation
                    return {|#0:Shared.CopyImpl(connection)|};
        """, """
                // call the synchronous provider-specific implementation
                if (connection != null)
                {
                    var copied = 0L;
                    copied += {|#0:Shared.CopyImpl(connection)|};
                    return copied;
                }
        """), 0).RunAsync();

    [Fact]
    public Task Flags_a_helper_call_after_a_blank_line_or_another_comment_in_the_block() => new Verify104.Test
    {
        TestCode = Usings + """
            sealed class InformixBulkCopy
            {
                public async Task<long> CopyAsync(object connection, CancellationToken cancellationToken)
                {
                    // call the synchronous provider-specific implementation
                    await Task.Delay(1, cancellationToken);

                    var copied = {|#0:Shared.CopyImpl(connection)|};
                    // the second pass
                    copied += {|#1:Shared.CopyMore(connection)|};
                    return copied;
                }
            }

            static class Shared
            {
                public static long CopyImpl(object connection)
                {
                    Thread.Sleep(10);
                    return 1;
                }

                public static long CopyMore(object connection)
                {
                    Thread.Sleep(20);
                    return 1;
                }
            }
            """,
        ExpectedDiagnostics =
        {
            Verify104.Diagnostic().WithLocation(0).WithMessage(HelperMessage),
            Verify104.Diagnostic().WithLocation(1).WithMessage("'Shared.CopyMore' blocks: Shared.CopyMore → Thread.Sleep; make it async and await 'Task.Delay'"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_a_helper_call_under_a_comment_when_peer_suppressions_are_not_honoured() => new Verify104.Test
    {
        TestCode = Usings + BulkCopy,
        EditorConfig = "threadwise.honor_peer_suppressions = false",
        ExpectedDiagnostics = { Verify104.Diagnostic().WithLocation(0).WithMessage(HelperMessage) },
    }.RunAsync();

    [Fact]
    public Task Flags_a_wait_under_a_comment_that_says_without_blocking() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class Sentinel
        {
            public void SwitchPrimary(Func<Task> reconfigure)
            {
                // reconfigure without blocking the caller
                [|reconfigure().Wait()|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_wait_in_a_local_function_under_an_unrelated_or_problem_comment_or_in_its_lambda() => Verify103.VerifyAnalyzerAsync(Usings + """
        sealed class Sentinel
        {
            public void SwitchPrimary(Func<Task> reconfigure)
            {
                // Refresh the address list after the switch.
                void Refresh() => [|reconfigure().Wait()|];

                // TODO: this blocking reconfigure starves the pool
                void Reconfigure()
                {
                    [|reconfigure().Wait()|];
                }

                // Blocking switch, then a refresh on a timer.
                void Switch()
                {
                    Action later = () => [|reconfigure().Wait()|];
                    later();
                }

                Refresh();
                Reconfigure();
                Switch();
            }
        }
        """);
}
