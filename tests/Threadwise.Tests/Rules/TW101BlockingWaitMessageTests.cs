using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>TW101 messages speak of one task or of several, as the wait does.</summary>
public class TW101BlockingWaitMessageTests
{
    private const string Usings = """
        using System.Threading.Tasks;

        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Speaks_of_the_calling_thread_in_a_background_job_of_an_ASP_NET_Core_app() => new Verify.Test
    {
        TestCode = Usings + """
            abstract class CleanupJob
            {
                protected async Task ExecuteAsync(Task<int> purge)
                {
                    await Task.Delay(1000);
                    var removed = {|#0:purge.Result|};
                }
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithMessage("'purge.Result' blocks the calling thread until the task finishes; await it instead") },
    }.RunAsync();

    [Fact]
    public Task Speaks_of_the_UI_thread_of_a_Blazor_WebAssembly_client() => new Verify.Test
    {
        TestCode = Usings + """
            class SiteState
            {
                public async Task<int> LoadAsync(Task<int> alias)
                {
                    await Task.Yield();
                    return {|#0:alias.Result|};
                }
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Components.WebAssembly") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithMessage("'alias.Result' blocks the UI thread of a Blazor WebAssembly app until the task finishes; await it instead") },
    }.RunAsync();

    [Fact]
    public Task Speaks_of_a_thread_pool_thread_inside_a_Task_Run_delegate_of_a_UI_app() => new Verify.Test
    {
        TestCode = Usings + """
            class Thumbnails
            {
                public Task<int> RenderAsync(Task<int> size) => Task.Run(async () =>
                {
                    await Task.Yield();
                    return {|#0:size.Result|};
                });
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("Avalonia.Base") },
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithMessage("'size.Result' blocks a thread-pool thread until the task finishes; await it instead") },
    }.RunAsync();

    [Fact]
    public Task Flags_WaitAll_and_speaks_of_tasks_in_the_plural() => Verify.VerifyAnalyzerAsync(Usings + """
        class ShardWriter
        {
            async Task FlushAsync(Task primary, Task replica)
            {
                {|#0:Task.WaitAll(primary, replica)|};
                await Task.Yield();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'Task.WaitAll(primary, replica)' blocks the calling thread until the tasks finish; await them instead"));

    [Fact]
    public Task Flags_WaitAny_and_speaks_of_one_of_the_tasks() => Verify.VerifyAnalyzerAsync(Usings + """
        class Resolver
        {
            async Task ResolveAsync(Task primaryDns, Task fallbackDns)
            {
                {|#0:Task.WaitAny(primaryDns, fallbackDns)|};
                await Task.Yield();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'Task.WaitAny(primaryDns, fallbackDns)' blocks the calling thread until one of the tasks finishes; await them instead"));

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_WaitAll_on_tasks_already_awaited_together() => Verify.VerifyAnalyzerAsync(Usings + """
        class ShardWriter
        {
            async Task FlushAsync(Task primary, Task replica)
            {
                await Task.WhenAll(primary, replica);
                Task.WaitAll(primary, replica);
            }
        }
        """);

    [Fact]
    public Task Ignores_WaitAll_in_a_synchronous_method() => Verify.VerifyAnalyzerAsync(Usings + """
        class ShardWriter
        {
            void Flush(Task primary, Task replica) => Task.WaitAll(primary, replica);
        }
        """);
}
