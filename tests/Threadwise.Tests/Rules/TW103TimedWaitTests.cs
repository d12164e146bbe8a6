using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Testing;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A wait given a finite timeout of its own in a library (or a console program): StackExchange.Redis's
/// WaitAllIgnoreErrors (Task.WaitAll(tasks, TimeoutMilliseconds), then task.Wait(remaining)), FreeRedis's
/// GetHostAddressesAsync(..).Wait(5000) that caps a DNS lookup, NLog's task.Wait((int)timeout.TotalMilliseconds),
/// Akka.NET's start-up waits on a configured timeout, OpenTelemetry's collect. Whoever wrote the timeout chose how long
/// the thread may block: a sync-contract bridge, reported only with threadwise.tw103_report_sync_contract_bridges. A UI
/// app's or a server's timed wait still holds its UI or request thread, and a timeout that bounds nothing (-1,
/// Timeout.Infinite, Timeout.InfiniteTimeSpan, a parameter whose default is one) is no timeout.
/// </summary>
public class TW103TimedWaitTests
{
    private const string Usings = """
        using System;
        using System.Net;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string TimedWaits = """
        public sealed class Multiplexer
        {
            private int TimeoutMilliseconds { get; } = 5000;

            private bool WaitAllIgnoreErrors(Task[] tasks)
            {
                try
                {
                    if ({|#0:Task.WaitAll(tasks, TimeoutMilliseconds)|}) return true;
                }
                catch
                {
                }

                foreach (var task in tasks)
                {
                    if (!task.IsCompleted)
                    {
                        try { {|#1:task.Wait(TimeoutMilliseconds / 2)|}; } catch { }
                    }
                }

                return false;
            }

            public IPAddress[] Resolve(string host)
            {
                var lookup = Dns.GetHostAddressesAsync(host);
                if (!{|#2:lookup.Wait(5000)|}) throw new TimeoutException(host);
                return lookup.Result;
            }

            public bool Collect(TimeSpan timeout, CancellationToken token, Task first, Task second) =>
                {|#3:Task.WaitAny(new[] { first, second }, (int)timeout.TotalMilliseconds, token)|} == 0;

            internal static bool WaitTaskIsCompleted(Task task, TimeSpan timeout) => {|#4:task.Wait(timeout)|};
        }
        """;

    private const string UnboundedWaits = """
        public sealed class Reader
        {
            public void Forever(Task task) => [|task.Wait(-1)|];

            public void Infinite(Task task) => [|task.Wait(Timeout.Infinite)|];

            public void InfiniteSpan(Task task) => [|task.Wait(Timeout.InfiniteTimeSpan, CancellationToken.None)|];

            // Not public: a public member's own timeout parameter is its caller's choice (TW103CallerBoundedHelperTests).
            internal bool Collect(Task task, int timeoutMilliseconds = Timeout.Infinite) => [|task.Wait(timeoutMilliseconds)|];

            public void NoTimeout(Task task, CancellationToken token) => [|task.Wait(token)|];

            public void All(Task a, Task b) => [|Task.WaitAll(new[] { a, b }, Timeout.Infinite)|];
        }
        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_waits_given_a_timeout_in_a_library() => Verify.VerifyAnalyzerAsync(Usings + TimedWaits);

    [Fact]
    public Task Ignores_waits_given_a_timeout_in_a_console_program() => new Verify.Test
    {
        TestCode = Usings + TimedWaits + """

            public static class Program
            {
                public static void Main() => new Multiplexer().Resolve("localhost");
            }
            """,
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Ignores_a_timed_wait_inside_a_pool_lambda_of_a_library() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Shutdown
        {
            public void OnExit(Task terminated, TimeSpan timeout) =>
                Task.Run(() =>
                {
                    if (!terminated.Wait(timeout))
                    {
                        Environment.Exit(0);
                    }
                });
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_waits_whose_timeout_bounds_nothing() => Verify.VerifyAnalyzerAsync(Usings + UnboundedWaits);

    [Fact]
    public Task Flags_timed_waits_in_a_UI_app() => InApp("PresentationFramework").RunAsync();

    [Fact]
    public Task Flags_timed_waits_in_a_server() => InApp("Microsoft.AspNetCore.Http.Abstractions").RunAsync();

    [Fact]
    public Task Flags_timed_waits_in_a_library_with_the_bridges_option_and_offers_no_fix() => new Verify.Test
    {
        TestCode = Usings + Spans(TimedWaits),
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        FixedCode = Usings + Spans(TimedWaits),
    }.RunAsync();

    // The timed waits in an app that references the given assembly: each of the five is reported.
    private static Verify.Test InApp(string reference)
    {
        var test = new Verify.Test { TestCode = Usings + TimedWaits };
        test.TestState.AdditionalReferences.Add(TestReferences.EmptyAssembly(reference));
        for (var location = 0; location < 5; location++)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(location));
        }

        return test;
    }

    // {|#0:..|} as [|..|]: the same diagnostics, expected in the code before and after the (absent) fix.
    private static string Spans(string code) => Regex.Replace(code, @"\{\|#\d+:", "[|").Replace("|}", "|]");
}
