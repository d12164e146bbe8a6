using Threadwise.Fixes.Blocking;
using Threadwise.Tests.Infrastructure;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>TW103's "Make method async": titles that name a public API change, and the ConfigureAwait convention.</summary>
public class TW103BlockingWaitInSyncFixTitleTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Title_says_a_public_method_of_a_library_changes() => new Verify.Test
    {
        TestCode = Usings + """
            public class SettingsStore
            {
                private async Task<string> FetchAsync() { await Task.Delay(1); return "x"; }

                public string Load() => [|FetchAsync().Result|];
            }
            """,
        FixedCode = Usings + """
            public class SettingsStore
            {
                private async Task<string> FetchAsync() { await Task.Delay(1); return "x"; }

                public async Task<string> LoadAsync() => await FetchAsync();
            }
            """,
        // Fix All never changes a public API: only the site the user picks does.
        BatchFixedCode = Usings + """
            public class SettingsStore
            {
                private async Task<string> FetchAsync() { await Task.Delay(1); return "x"; }

                public string Load() => [|FetchAsync().Result|];
            }
            """,
        CodeActionTitle = "Make method async (changes public API: 'SettingsStore.Load' becomes 'LoadAsync' returning 'Task<string>')",
    }.RunAsync();

    [Fact]
    public Task Title_of_this_method_only_says_a_protected_method_changes() => new Verify.Test
    {
        TestCode = Usings + """
            public class Handler
            {
                protected void Flush(Stream stream) => [|stream.FlushAsync().Wait()|];
            }
            """,
        FixedCode = Usings + """
            public class Handler
            {
                protected async Task FlushAsync(Stream stream) => await stream.FlushAsync();
            }
            """,
        CodeActionEquivalenceKey = TW103BlockingWaitInSyncCodeFix.ThisMethodOnlyKey,
        // Fix All never changes a public API: only the site the user picks does.
        BatchFixedCode = Usings + """
            public class Handler
            {
                protected void Flush(Stream stream) => [|stream.FlushAsync().Wait()|];
            }
            """,
        CodeActionTitle = "Make method async (this method only; changes public API: 'Handler.Flush' becomes 'FlushAsync' returning 'Task')",
    }.RunAsync();

    [Fact]
    public Task Title_says_an_already_Async_public_method_changes_its_return_type() => new Verify.Test
    {
        TestCode = Usings + """
            public class Poller
            {
                private async Task<int> CountAsync() { await Task.Delay(1); return 1; }

                public int PollAsync() => [|CountAsync().Result|];
            }
            """,
        FixedCode = Usings + """
            public class Poller
            {
                private async Task<int> CountAsync() { await Task.Delay(1); return 1; }

                public async Task<int> PollAsync() => await CountAsync();
            }
            """,
        // Fix All never changes a public API: only the site the user picks does.
        BatchFixedCode = Usings + """
            public class Poller
            {
                private async Task<int> CountAsync() { await Task.Delay(1); return 1; }

                public int PollAsync() => [|CountAsync().Result|];
            }
            """,
        CodeActionTitle = "Make method async (changes public API: 'Poller.PollAsync' returns 'Task<int>')",
    }.RunAsync();

    [Fact]
    public Task Title_is_plain_for_an_internal_type() => new Verify.Test
    {
        TestCode = Usings + """
            class SettingsStore
            {
                private async Task<string> FetchAsync() { await Task.Delay(1); return "x"; }

                public string Load() => [|FetchAsync().Result|];
            }
            """,
        FixedCode = Usings + """
            class SettingsStore
            {
                private async Task<string> FetchAsync() { await Task.Delay(1); return "x"; }

                public async Task<string> LoadAsync() => await FetchAsync();
            }
            """,
        CodeActionTitle = "Make method async",
    }.RunAsync();

    [Fact]
    public Task Title_is_plain_for_a_public_method_of_an_application() => new Verify.Test
    {
        TestCode = Usings + """
            public class Worker
            {
                private async Task<string> FetchAsync() { await Task.Delay(1); return "x"; }

                public string Load() => [|FetchAsync().Result|];

                public static void Main() { }
            }
            """,
        FixedCode = Usings + """
            public class Worker
            {
                private async Task<string> FetchAsync() { await Task.Delay(1); return "x"; }

                public async Task<string> LoadAsync() => await FetchAsync();

                public static void Main() { }
            }
            """,
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
        CodeActionTitle = "Make method async",
    }.RunAsync();

    private const string ConfiguredLibrary = """
        class Cache
        {
            private async Task<string> FetchAsync(string key) { await Task.Delay(1).ConfigureAwait(false); return key; }

            async Task WarmAsync(Stream stream) => await stream.FlushAsync().ConfigureAwait(false);

            string Get(string key) => [|FetchAsync(key).Result|];

            int Size(string key) => Get(key).Length;

            void Refresh(Task pending) => [|pending.Wait()|];
        }
        """;

    private const string ConfiguredLibraryFixed = """
        class Cache
        {
            private async Task<string> FetchAsync(string key) { await Task.Delay(1).ConfigureAwait(false); return key; }

            async Task WarmAsync(Stream stream) => await stream.FlushAsync().ConfigureAwait(false);

            async Task<string> GetAsync(string key) => await FetchAsync(key).ConfigureAwait(false);

            async Task<int> SizeAsync(string key) => (await GetAsync(key).ConfigureAwait(false)).Length;

            async Task RefreshAsync(Task pending) => await pending.ConfigureAwait(false);
        }
        """;

    [Fact]
    public Task Make_async_follows_the_files_ConfigureAwait_convention_in_waits_and_callers() =>
        Verify.VerifyCodeFixAsync(Usings + ConfiguredLibrary, Usings + ConfiguredLibraryFixed);

    [Fact]
    public void Make_async_output_in_a_ConfigureAwait_library_satisfies_CA2007() =>
        Ca2007.AssertEveryAwaitConfigured(Usings + ConfiguredLibraryFixed);

    [Fact]
    public Task Make_async_writes_ConfigureAwait_under_CA2007_as_error() => new Verify.Test
    {
        TestCode = Usings + """
            class Loader
            {
                private async Task<string> FetchAsync() { await Task.Delay(1); return "x"; }

                string Load() => [|FetchAsync().Result|];
            }
            """,
        FixedCode = Usings + """
            class Loader
            {
                private async Task<string> FetchAsync() { await Task.Delay(1); return "x"; }

                async Task<string> LoadAsync() => await FetchAsync().ConfigureAwait(false);
            }
            """,
        EditorConfig = "dotnet_diagnostic.CA2007.severity = error",
    }.RunAsync();
}
