using Threadwise.Tests.Infrastructure;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer, Threadwise.Fixes.Blocking.TW101BlockingWaitCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>TW101's fix follows the ConfigureAwait convention of the code around it.</summary>
public class TW101BlockingWaitFixConventionTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Fix_writes_ConfigureAwait_where_the_method_does() => Verify.VerifyCodeFixAsync(Usings + """
        class PacketReader
        {
            async Task<int> ReadAsync(Stream stream, Task<string> header, byte[] buffer)
            {
                await stream.FlushAsync().ConfigureAwait(false);
                var read = await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                return read + [|header.Result|].Length;
            }
        }
        """, Usings + """
        class PacketReader
        {
            async Task<int> ReadAsync(Stream stream, Task<string> header, byte[] buffer)
            {
                await stream.FlushAsync().ConfigureAwait(false);
                var read = await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                return read + (await header.ConfigureAwait(false)).Length;
            }
        }
        """);

    [Fact]
    public Task Fix_follows_the_file_where_the_method_has_no_await() => Verify.VerifyCodeFixAsync(Usings + """
        class Client
        {
            async Task OpenAsync(Stream stream) => await stream.FlushAsync().ConfigureAwait(false);

            async Task CloseAsync(Task flush, ValueTask<int> pending, Task a, Task b)
            {
                [|flush.Wait()|];
                var n = [|pending.Result|];
                [|Task.WaitAll(a, b)|];
            }
        }
        """, Usings + """
        class Client
        {
            async Task OpenAsync(Stream stream) => await stream.FlushAsync().ConfigureAwait(false);

            async Task CloseAsync(Task flush, ValueTask<int> pending, Task a, Task b)
            {
                await flush.ConfigureAwait(false);
                var n = await pending.ConfigureAwait(false);
                await Task.WhenAll(a, b).ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Fix_writes_no_ConfigureAwait_where_the_method_does_not() => Verify.VerifyCodeFixAsync(Usings + """
        class Page
        {
            async Task Other(Stream stream) => await stream.FlushAsync().ConfigureAwait(false);

            async Task LoadAsync(Stream stream, Task<string> title)
            {
                await stream.FlushAsync();
                Console.WriteLine([|title.Result|]);
            }
        }
        """, Usings + """
        class Page
        {
            async Task Other(Stream stream) => await stream.FlushAsync().ConfigureAwait(false);

            async Task LoadAsync(Stream stream, Task<string> title)
            {
                await stream.FlushAsync();
                Console.WriteLine(await title);
            }
        }
        """);

    [Fact]
    public Task Fix_ignores_Task_Yield_when_reading_the_convention() => Verify.VerifyCodeFixAsync(Usings + """
        class Worker
        {
            async Task RunAsync(Stream stream, Task<int> job)
            {
                await Task.Yield();
                await Task.Yield();
                await stream.FlushAsync().ConfigureAwait(false);
                var n = [|job.Result|];
            }
        }
        """, Usings + """
        class Worker
        {
            async Task RunAsync(Stream stream, Task<int> job)
            {
                await Task.Yield();
                await Task.Yield();
                await stream.FlushAsync().ConfigureAwait(false);
                var n = await job.ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Option_always_writes_ConfigureAwait_without_existing_awaits() => new Verify.Test
    {
        TestCode = Usings + """
            class Library
            {
                async Task RunAsync(Task<int> job) => Console.WriteLine([|job.Result|] + 1);
            }
            """,
        FixedCode = Usings + """
            class Library
            {
                async Task RunAsync(Task<int> job) => Console.WriteLine(await job.ConfigureAwait(false) + 1);
            }
            """,
        EditorConfig = "threadwise.fix_configure_await = always",
    }.RunAsync();

    [Fact]
    public Task Option_never_writes_no_ConfigureAwait_even_where_the_code_does() => new Verify.Test
    {
        TestCode = Usings + """
            class App
            {
                async Task RunAsync(Stream stream, Task<int> job)
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                    var n = [|job.Result|];
                }
            }
            """,
        FixedCode = Usings + """
            class App
            {
                async Task RunAsync(Stream stream, Task<int> job)
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                    var n = await job;
                }
            }
            """,
        EditorConfig = "threadwise.fix_configure_await = never",
    }.RunAsync();

    [Theory]
    [InlineData("CA2007", "warning")]
    [InlineData("CA2007", "error")]
    [InlineData("VSTHRD111", "error")]
    [InlineData("MA0004", "warning")]
    [InlineData("S3216", "warning")]
    public Task A_peer_ConfigureAwait_rule_raised_for_the_project_means_always(string rule, string severity) => new Verify.Test
    {
        TestCode = Usings + """
            class Library
            {
                async Task RunAsync(Task<int> job, Task done)
                {
                    var n = [|job.Result|];
                    [|done.Wait()|];
                }
            }
            """,
        FixedCode = Usings + """
            class Library
            {
                async Task RunAsync(Task<int> job, Task done)
                {
                    var n = await job.ConfigureAwait(false);
                    await done.ConfigureAwait(false);
                }
            }
            """,
        EditorConfig = $"dotnet_diagnostic.{rule}.severity = {severity}",
    }.RunAsync();

    [Fact]
    public Task CA2007_at_suggestion_does_not_force_ConfigureAwait() => new Verify.Test
    {
        TestCode = Usings + """
            class App
            {
                async Task RunAsync(Task<int> job) => Console.WriteLine([|job.Result|]);
            }
            """,
        FixedCode = Usings + """
            class App
            {
                async Task RunAsync(Task<int> job) => Console.WriteLine(await job);
            }
            """,
        EditorConfig = "dotnet_diagnostic.CA2007.severity = suggestion",
    }.RunAsync();

    private const string LibraryWithConfigureAwait = """
        class Connection
        {
            async Task<int> ExecuteAsync(Stream stream, Task<int> rows, Task<int> more, Task flush, Task a, Task b)
            {
                await stream.FlushAsync().ConfigureAwait(false);
                [|flush.Wait()|];
                [|Task.WaitAll(a, b)|];
                return [|rows.GetAwaiter().GetResult()|] + [|more.Result|];
            }

            async Task CloseAsync(Task pending, ValueTask<bool> vt)
            {
                if ([|vt.Result|])
                {
                    [|pending.Wait()|];
                }
            }
        }
        """;

    private const string LibraryWithConfigureAwaitFixed = """
        class Connection
        {
            async Task<int> ExecuteAsync(Stream stream, Task<int> rows, Task<int> more, Task flush, Task a, Task b)
            {
                await stream.FlushAsync().ConfigureAwait(false);
                await flush.ConfigureAwait(false);
                await Task.WhenAll(a, b).ConfigureAwait(false);
                return await rows.ConfigureAwait(false) + await more.ConfigureAwait(false);
            }

            async Task CloseAsync(Task pending, ValueTask<bool> vt)
            {
                if (await vt.ConfigureAwait(false))
                {
                    await pending.ConfigureAwait(false);
                }
            }
        }
        """;

    [Fact]
    public Task Fix_All_in_a_ConfigureAwait_library_writes_it_on_every_await() =>
        Verify.VerifyCodeFixAsync(Usings + LibraryWithConfigureAwait, Usings + LibraryWithConfigureAwaitFixed);

    [Fact]
    public void Fix_All_output_in_a_ConfigureAwait_library_satisfies_CA2007() =>
        Ca2007.AssertEveryAwaitConfigured(Usings + LibraryWithConfigureAwaitFixed);
}
