using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Threadwise.Rules.Blocking;
using Threadwise.Rules.Correctness;
using Threadwise.Semantics;
using Threadwise.Tests.Verifiers;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// Local suppressions (<c>#pragma warning disable</c>, <c>[SuppressMessage]</c>) of equivalent peer rules suppress the
/// mapped Threadwise rule (issue 10, shape 6): the region and attribute logic of <see cref="LocalSuppressions"/>, and
/// one or more cases per rule that has peers.
/// </summary>
public class PeerSuppressionsTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics.CodeAnalysis;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>For each marked span, whether <paramref name="id"/> is suppressed there (pragma, attribute or ReSharper comment).</summary>
    internal static List<bool> SuppressedAt(string source, string id)
    {
        var compiled = TestCompilation.Create(Usings + source);
        var result = new List<bool>();
        foreach (var span in compiled.Spans)
        {
            var symbol = compiled.SemanticModel.GetEnclosingSymbol(span.Start);
            result.Add(LocalSuppressions.IsSuppressed(
                compiled.SyntaxTree, span.Start, symbol, compiled.Compilation, ImmutableArray.Create(id), default));
        }

        return result;
    }

    // ---- the regions and attributes ----------------------------------------------------------------------------

    [Fact]
    public void Pragma_regions_follow_disable_and_restore_with_and_without_IDs() => Assert.Equal(
        new[] { false, true, true, false, true, false, true, false },
        SuppressedAt("""
            class C
            {
                void M(Task t)
                {
                    [|t.Wait()|];
            #pragma warning disable VSTHRD002 // deliberate
                    [|t.Wait()|];
            #pragma warning disable CA1849
                    [|t.Wait()|];
            #pragma warning restore VSTHRD002
                    [|t.Wait()|];
            #pragma warning disable
                    [|t.Wait()|];
            #pragma warning restore
                    [|t.Wait()|];
            #pragma warning disable CS4014, vsthrd002, MA0045
                    [|t.Wait()|];
            #pragma warning restore MA0045, VSTHRD002
                    [|t.Wait()|];
                }
            }
            """, "VSTHRD002"));

    [Fact]
    public void Pragmas_in_inactive_code_and_of_other_IDs_do_not_count() => Assert.Equal(
        new[] { false, false },
        SuppressedAt("""
            class C
            {
                void M(Task t)
                {
            #if NEVER_DEFINED
            #pragma warning disable VSTHRD002
            #endif
                    [|t.Wait()|];
            #pragma warning disable VSTHRD0021, CA2007
                    [|t.Wait()|];
                }
            }
            """, "VSTHRD002"));

    [Fact]
    public void SuppressMessage_counts_on_the_member_its_types_accessors_and_local_functions() => Assert.Equal(
        new[] { true, true, true, true, true, false, false },
        SuppressedAt("""
            [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits")]
            class Outer
            {
                class Inner
                {
                    void M(Task t) => [|t.Wait()|];
                }
            }

            class C
            {
                [SuppressMessage("Usage", "VSTHRD002")]
                void M(Task t) => [|t.Wait()|];

                [UnconditionalSuppressMessage("Usage", "VSTHRD002: reason")]
                void U(Task t) => [|t.Wait()|];

                [SuppressMessage("Usage", "VSTHRD002")]
                int P => Task.FromResult([|1|]).Result;

                void L(Task t)
                {
                    Local();

                    [SuppressMessage("Usage", "VSTHRD002")]
                    void Local() => [|t.Wait()|];
                }

                [SuppressMessage("Usage", "VSTHRD003")]
                void Other(Task t) => [|t.Wait()|];

                [Obsolete("VSTHRD002")]
                void NotASuppression(Task t) => [|t.Wait()|];
            }
            """, "VSTHRD002"));

    [Fact]
    public void Assembly_level_suppressions_are_not_local() => Assert.Equal(
        new[] { false },
        SuppressedAt("""
            [assembly: SuppressMessage("Usage", "VSTHRD002", Scope = "member", Target = "~M:C.M(System.Threading.Tasks.Task)")]

            class C
            {
                void M(Task t) => [|t.Wait()|];
            }
            """, "VSTHRD002"));

    [Fact]
    public void Maps_each_rule_to_its_peers() => Assert.Multiple(
        () => Assert.Contains("VSTHRD002", PeerSuppressions.PeersOf("TW101")),
        () => Assert.Contains("CA1849", PeerSuppressions.PeersOf("TW102")),
        () => Assert.DoesNotContain("VSTHRD002", PeerSuppressions.PeersOf("TW102")),
        () => Assert.Contains("MA0045", PeerSuppressions.PeersOf("TW103")),
        () => Assert.DoesNotContain("CA1849", PeerSuppressions.PeersOf("TW103")),
        () => Assert.Contains("MA0042", PeerSuppressions.PeersOf("TW104")),
        () => Assert.Contains("VSTHRD100", PeerSuppressions.PeersOf("TW301")),
        () => Assert.Contains("VSTHRD101", PeerSuppressions.PeersOf("TW302")),
        () => Assert.Contains("VSTHRD110", PeerSuppressions.PeersOf("TW304")),
        () => Assert.Contains("CS4014", PeerSuppressions.PeersOf("TW304")),
        () => Assert.DoesNotContain("CS4014", PeerSuppressions.PeersOf("TW303")),
        () => Assert.Contains("MA0100", PeerSuppressions.PeersOf("TW502")),
        () => Assert.Contains("VSTHRD114", PeerSuppressions.PeersOf("TW503")),
        () => Assert.Contains("MA0040", PeerSuppressions.PeersOf("TW504")),
        () => Assert.Contains("MA0129", PeerSuppressions.PeersOf("TW505")),
        () => Assert.Empty(PeerSuppressions.PeersOf("TW201")),
        () => Assert.Empty(PeerSuppressions.PeersOf("TW402")));

    // ---- TW101 ---------------------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_TW101_under_a_VSTHRD002_pragma() => CSharpAnalyzerVerifier<TW101BlockingWaitAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            private readonly Task<int> _handshake = Task.Run(() => 1);
            private readonly Task<int> _authentication = Task.Run(() => 2);

            public async Task<int> OpenAsync()
            {
                await Task.Yield();
        #pragma warning disable VSTHRD002 // the handshake task completes before Open returns
                var version = _handshake.Result;
        #pragma warning restore VSTHRD002
                return version + [|_authentication.GetAwaiter().GetResult()|];
            }
        }
        """);

    [Fact]
    public Task Ignores_TW101_in_a_member_that_suppresses_MA0042() => CSharpAnalyzerVerifier<TW101BlockingWaitAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Scheduler
        {
            private readonly Task _started = Task.Run(() => { });

            [SuppressMessage("Design", "MA0042:Do not use blocking calls in an async method", Justification = "startup only")]
            public async Task StartAsync()
            {
                await Task.Yield();
                _started.Wait();
                Func<Task> later = async () => { await Task.Yield(); _started.Wait(); };
                await later();
            }
        }
        """);

    [Fact]
    public Task Flags_TW101_when_only_a_project_wide_peer_setting_exists() => new CSharpAnalyzerVerifier<TW101BlockingWaitAnalyzer>.Test
    {
        EditorConfig = "dotnet_diagnostic.VSTHRD002.severity = none",
        TestCode = Usings + """
            class Connection
            {
                private readonly Task<int> _handshake = Task.Run(() => 1);

                public async Task<int> OpenAsync()
                {
                    await Task.Yield();
            #pragma warning disable CA2007 // not a blocking rule
                    return [|_handshake.Result|];
            #pragma warning restore CA2007
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Flags_TW101_under_a_peer_pragma_when_the_option_is_off() => new CSharpAnalyzerVerifier<TW101BlockingWaitAnalyzer>.Test
    {
        EditorConfig = "threadwise.honor_peer_suppressions = false",
        TestCode = Usings + """
            class Connection
            {
                private readonly Task<int> _handshake = Task.Run(() => 1);

                public async Task<int> OpenAsync()
                {
                    await Task.Yield();
            #pragma warning disable VSTHRD002
                    return [|_handshake.Result|];
            #pragma warning restore VSTHRD002
                }
            }
            """,
    }.RunAsync();

    // ---- TW102 ---------------------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_TW102_under_CA1849_and_VSTHRD103_suppressions() => CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Journal
        {
            public async Task AppendAsync(string path, string line)
            {
                await Task.Yield();
        #pragma warning disable CA1849 // small append, measured: the async version is slower here
                File.AppendAllText(path, line);
        #pragma warning restore CA1849
                Flush(path);
                [|File.AppendAllText(path, "\n")|];
            }

            [SuppressMessage("Usage", "VSTHRD103:Call async methods when in an async method")]
            private static async Task Flush(string path)
            {
                await Task.Yield();
                File.AppendAllText(path, "");
            }
        }
        """);

    // ---- TW103 ---------------------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_TW103_under_MA0045_and_S4462_suppressions() => CSharpAnalyzerVerifier<TW103BlockingWaitInSyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            private readonly Func<Task<string>> _fetch = () => Task.FromResult("");

            public string Get()
            {
        #pragma warning disable MA0045 // the synchronous API is part of the public contract
                return _fetch().GetAwaiter().GetResult();
        #pragma warning restore MA0045
            }

            [SuppressMessage("Major Bug", "S4462:Calls to \"async\" methods should not be blocking")]
            public string GetLegacy() => _fetch().Result;

            public string GetUnmarked() => [|_fetch().Result|];
        }
        """);

    // ---- TW104 ---------------------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_TW104_call_under_a_VSTHRD103_pragma() => CSharpAnalyzerVerifier<TW104BlockingHelperInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Settings
        {
            public async Task<string> StartAsync(string path)
            {
                await Task.Yield();
        #pragma warning disable VSTHRD103
                var text = Load(path);
        #pragma warning restore VSTHRD103
                return text;
            }

            string Load(string path) => File.ReadAllText(path);
        }
        """);

    // ---- TW301, TW302, TW304 -------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_TW301_on_a_method_that_suppresses_VSTHRD100_or_S3168() => CSharpAnalyzerVerifier<TW301AsyncVoidMethodAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Page
        {
            [SuppressMessage("Usage", "VSTHRD100:Avoid async void methods", Justification = "UI callback")]
            public async void Refresh() => await Task.Delay(1);

        #pragma warning disable S3168
            public async void Reload() => await Task.Delay(1);
        #pragma warning restore S3168

            public async void {|#0:Render|}() => await Task.Delay(1);
        }
        """,
        CSharpAnalyzerVerifier<TW301AsyncVoidMethodAnalyzer>.Diagnostic().WithLocation(0));

    [Fact]
    public Task Ignores_TW302_under_a_VSTHRD101_pragma() => CSharpAnalyzerVerifier<TW302AsyncVoidDelegateAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Startup
        {
            public void Register(Action<string> callback) { }

            public void Configure()
            {
        #pragma warning disable VSTHRD101 // the callback catches everything itself
                Register(async name => await Task.Delay(name.Length));
        #pragma warning restore VSTHRD101
            }
        }
        """);

    [Fact]
    public Task Ignores_TW304_under_VSTHRD110_and_MA0134_suppressions() => CSharpAnalyzerVerifier<TW304DroppedTaskAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Heartbeat
        {
            public Task BeatAsync() => Task.Delay(1);

            public void Start()
            {
        #pragma warning disable VSTHRD110 // fire and forget: BeatAsync logs its own failures
                BeatAsync();
        #pragma warning restore VSTHRD110
            }

            [SuppressMessage("Usage", "MA0134:Observe result of async calls")]
            public void Restart()
            {
                BeatAsync();
            }

            public void Resume()
            {
                [|BeatAsync()|];
            }
        }
        """);

    // EasyNetQ's Timers.Start: the pragma silences nothing in a synchronous method; it is there to say the drop is meant.
    [Fact]
    public Task Ignores_TW304_under_a_CS4014_pragma_in_synchronous_code() => CSharpAnalyzerVerifier<TW304DroppedTaskAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Timers
        {
            static Task RunAsync(Func<Task> callback) => callback();

            public static void Start(Func<Task> callback)
            {
        #pragma warning disable CS4014 // the loop runs until the timer is disposed
                RunAsync(callback);
        #pragma warning restore CS4014
            }

            public static void StartNumbered(Func<Task> callback)
            {
        #pragma warning disable 4014
                RunAsync(callback);
        #pragma warning restore 4014
            }

            public static void Restart(Func<Task> callback)
            {
        #pragma warning disable CS4014
                RunAsync(callback);
        #pragma warning restore CS4014
                [|RunAsync(callback)|];
            }
        }
        """);
}
