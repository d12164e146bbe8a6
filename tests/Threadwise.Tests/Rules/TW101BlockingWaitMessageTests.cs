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
