using Threadwise.Rules.Blocking;
using Threadwise.Rules.Correctness;
using Threadwise.Semantics;
using Threadwise.Tests.Verifiers;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// ReSharper's and Rider's comment suppressions of their equivalent inspections (<c>// ReSharper disable once
/// MethodHasAsyncOverload</c>, regions, <c>//noinspection</c>) are local suppressions like a peer's pragma: the
/// maintainer said the site is deliberate. TwitchDownloader's emoji extraction, its reason on the next line.
/// </summary>
public class ResharperCommentsTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public void Once_covers_the_next_statement_and_regions_run_to_their_restore() => Assert.Equal(
        new[] { true, false, false, true, true, false, true, true, false },
        PeerSuppressionsTests.SuppressedAt("""
            class C
            {
                void M(string path)
                {
                    // ReSharper disable once MethodHasAsyncOverload
                    // the async version is slower for these small files
                    [|File.ReadAllText(path)|];
                    [|File.ReadAllText(path)|];
                    // ReSharper disable once InconsistentNaming
                    [|File.ReadAllText(path)|];
                    // ReSharper disable MethodHasAsyncOverload # grandfathered
                    [|File.ReadAllText(path)|];
                    [|File.ReadAllText(path)|];
                    // ReSharper restore MethodHasAsyncOverload
                    [|File.ReadAllText(path)|];
                    // ReSharper disable All
                    [|File.ReadAllText(path)|];
                    // ReSharper restore All
                    //noinspection MethodHasAsyncOverload
                    if (path.Length > 0)
                    {
                        [|File.ReadAllText(path)|];
                    }

                    [|File.ReadAllText(path)|];
                }
            }
            """, "MethodHasAsyncOverload"));

    [Theory]
    [InlineData("// ReSharper disable once MethodHasAsyncOverload - TFM-dependent", true, true, "MethodHasAsyncOverload")]
    [InlineData("// ReSharper disable UseAwaitUsing, MethodHasAsyncOverload", true, false, "UseAwaitUsing,MethodHasAsyncOverload")]
    [InlineData("// ReSharper restore MethodSupportsCancellation => provided in GetAsyncEnumerator", false, false, "MethodSupportsCancellation")]
    [InlineData("//noinspection AsyncVoidMethod", true, true, "AsyncVoidMethod")]
    public void Reads_the_inspection_names_and_leaves_the_reason(string comment, bool disables, bool once, string ids)
    {
        var parsed = ResharperComments.Parse(comment);
        Assert.NotNull(parsed);
        Assert.Equal((disables, once, ids), (parsed.Value.Disables, parsed.Value.Once, string.Join(",", parsed.Value.Ids)));
    }

    [Theory]
    [InlineData("// ReSharper is slow here")]
    [InlineData("// ReSharperdisable once X")]
    [InlineData("// resharper disable once MethodHasAsyncOverload")]
    [InlineData("// TODO: ReSharper disable once X")]
    public void Reads_no_suppression_from_other_comments(string comment) => Assert.Null(ResharperComments.Parse(comment));

    [Fact]
    public Task Ignores_TW102_under_a_ReSharper_comment_and_flags_the_next_statement() => CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class EmojiCache
        {
            public async Task ExtractAsync(string zip, string folder, CancellationToken token)
            {
                await Task.Delay(1, token);
                // ReSharper disable once MethodHasAsyncOverloadWithCancellation
                // WriteAllTextAsync is much slower for these tiny files
                File.WriteAllText(Path.Combine(folder, "a.png"), zip);
                [|File.WriteAllText(Path.Combine(folder, "b.png"), zip)|];
            }
        }
        """);

    [Fact]
    public Task Ignores_TW102_in_a_ReSharper_region_and_flags_after_its_restore() => CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Journal
        {
            public async Task AppendAsync(string path, string line)
            {
                await Task.Yield();
                // ReSharper disable MethodHasAsyncOverload
                File.AppendAllText(path, line);
                File.AppendAllText(path, "\n");
                // ReSharper restore MethodHasAsyncOverload
                [|File.AppendAllText(path, "end")|];
            }
        }
        """);

    [Fact]
    public Task Flags_TW102_under_a_ReSharper_comment_for_another_inspection() => CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Journal
        {
            public async Task AppendAsync(string path, string line)
            {
                await Task.Yield();
                // ReSharper disable once InconsistentNaming
                [|File.AppendAllText(path, line)|];
            }
        }
        """);

    [Fact]
    public Task Flags_TW102_under_a_ReSharper_comment_when_peer_suppressions_are_off() => new CSharpAnalyzerVerifier<TW102SyncApiInAsyncAnalyzer>.Test
    {
        TestCode = Usings + """
            class Journal
            {
                public async Task AppendAsync(string path, string line)
                {
                    await Task.Yield();
                    // ReSharper disable once MethodHasAsyncOverload
                    [|File.AppendAllText(path, line)|];
                }
            }
            """,
        TestState = { AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n[*.cs]\nthreadwise.honor_peer_suppressions = false\n") } },
    }.RunAsync();

    [Fact]
    public Task Ignores_TW104_chains_through_a_leaf_under_a_ReSharper_comment() => CSharpAnalyzerVerifier<TW104BlockingHelperInAsyncAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Settings
        {
            public async Task SaveAsync(string path, string json)
            {
                await Task.Yield();
                Write(path, json);
                [|Mirror(path, json)|];
            }

            private static void Write(string path, string json)
            {
                // ReSharper disable once MethodHasAsyncOverload - a few bytes, written once at exit
                File.WriteAllText(path, json);
            }

            private static void Mirror(string path, string json) => File.WriteAllText(path + ".bak", json);
        }
        """);

    [Fact]
    public Task Ignores_TW301_under_ReSharper_and_Rider_comments() => CSharpAnalyzerVerifier<TW301AsyncVoidMethodAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Page
        {
            // ReSharper disable once AsyncVoidMethod
            public async void Refresh() => await Task.Delay(1);

            //noinspection AsyncVoidMethod
            public async void Reload() => await Task.Delay(1);

            public async void {|#0:Render|}() => await Task.Delay(1);
        }
        """,
        CSharpAnalyzerVerifier<TW301AsyncVoidMethodAnalyzer>.Diagnostic().WithLocation(0));

    [Fact]
    public Task Ignores_TW302_under_an_AsyncVoidLambda_region() => CSharpAnalyzerVerifier<TW302AsyncVoidDelegateAnalyzer>.VerifyAnalyzerAsync(Usings + """
        // ReSharper disable AsyncVoidLambda
        class Startup
        {
            public void Register(Action<string> callback) { }

            public void Configure() => Register(async name => await Task.Delay(name.Length));
        }
        """);

    [Fact]
    public Task Ignores_TW504_under_MethodSupportsCancellation_and_flags_the_next_call() => CSharpAnalyzerVerifier<TW504TokenNotForwardedAnalyzer>.VerifyAnalyzerAsync(Usings + """
        class Copier
        {
            public async Task CopyAsync(CancellationToken token, Stream source, Stream destination)
            {
                // ReSharper disable once MethodSupportsCancellation - the copy must finish once started
                await source.CopyToAsync(destination);
                await [|destination.FlushAsync()|];
            }
        }
        """);
}
