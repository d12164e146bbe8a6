using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>TW103 messages speak of one task or of several, as the wait does.</summary>
public class TW103BlockingWaitInSyncMessageTests
{
    private const string Usings = """
        using System.Threading.Tasks;

        """;

    private const string PlainConsequence = "a deadlock under a SynchronizationContext (UI apps, classic ASP.NET), a thread held hostage everywhere else";

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Speaks_of_the_UI_thread_of_a_Blazor_WebAssembly_client_and_the_wait_that_cannot_finish() => new Verify.Test
    {
        TestCode = Usings + """
            class ThemeService
            {
                public string Current(System.Func<Task<string>> load) => {|#0:load().Result|};
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Components.WebAssembly") },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage(
                "'load().Result' blocks the UI thread of a Blazor WebAssembly app until the task finishes: on single-threaded WebAssembly a wait on an unfinished task throws PlatformNotSupportedException (the task needs this very thread), and where threads are enabled the page freezes; make the caller async and await it"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_WaitAll_and_speaks_of_tasks_in_the_plural() => Verify.VerifyAnalyzerAsync(Usings + """
        class ShardWriter
        {
            public void Flush(Task primary, Task replica)
            {
                {|#0:Task.WaitAll(primary, replica)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage(
            $"'Task.WaitAll(primary, replica)' blocks the calling thread until the tasks finish: {PlainConsequence}; make the caller async and await them"));

    [Fact]
    public Task Flags_WaitAny_and_speaks_of_one_of_the_tasks() => Verify.VerifyAnalyzerAsync(Usings + """
        class Resolver
        {
            public int Resolve(Task primaryDns, Task fallbackDns)
            {
                return {|#0:Task.WaitAny(primaryDns, fallbackDns)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage(
            $"'Task.WaitAny(primaryDns, fallbackDns)' blocks the calling thread until one of the tasks finishes: {PlainConsequence}; make the caller async and await them"));

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_WaitAll_on_tasks_that_are_already_complete() => Verify.VerifyAnalyzerAsync(Usings + """
        class ShardWriter
        {
            public void Flush()
            {
                var primary = Task.CompletedTask;
                var replica = Task.FromResult(0);
                Task.WaitAll(primary, replica);
            }
        }
        """);

    [Fact]
    public Task Ignores_WaitAll_in_an_async_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class ShardWriter
        {
            async Task FlushAsync(Task primary, Task replica)
            {
                Task.WaitAll(primary, replica);
                await Task.Yield();
            }
        }
        """);
}
