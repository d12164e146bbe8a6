using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A task read through a chain under a bool local that holds a completion test of the same chain (YARP's forwarder:
/// <c>var tried = content?.Consumption.IsCompleted == true; .. if (tried) .. content!.Consumption.Result</c>) is complete,
/// as long as neither the local nor any link of the chain is assigned between the test and the read.
/// </summary>
public class TW101CompletionCopyTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;

        """;

    private const string Content = """
        sealed class CopyContent
        {
            public Task<(int Result, Exception Error)> Consumption { get; set; } = Task.FromResult((0, (Exception)null));
            public Task<int> Other { get; } = Task.FromResult(0);
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_chain_read_under_a_local_copy_of_its_completion_test() => Verify.VerifyAnalyzerAsync(Usings + Content + """
        sealed class Forwarder
        {
            public async Task<int> HandleFailureAsync(CopyContent? content, bool canceled)
            {
                var tried = content?.Consumption.IsCompleted == true;
                var settled = content != null && content.Other.IsCompletedSuccessfully;

                if (canceled)
                {
                    if (tried)
                    {
                        var (result, error) = content!.Consumption.Result;
                        return result;
                    }

                    await Task.Yield();
                }

                return settled ? content!.Other.Result : -1;
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_read_after_the_copy_or_the_chain_changed_or_under_another_test() => Verify.VerifyAnalyzerAsync(Usings + Content + """
        sealed class Forwarder
        {
            public async Task<int> HandleFailureAsync(CopyContent? content, CopyContent next)
            {
                var tried = content?.Consumption.IsCompleted == true;
                var notTried = content?.Consumption.IsCompleted == false;
                var other = content?.Other.IsCompleted == true;
                await Task.Yield();

                // Each test stands before any early exit that would prove the chain complete ('if (notTried) return ..'
                // would: past it, the copied test says the task is complete).
                if (other)
                {
                    return [|content!.Consumption.Result|].Result;
                }

                if (notTried)
                {
                    return [|content!.Consumption.Result|].Result;
                }

                if (tried)
                {
                    content = next;
                    return [|content.Consumption.Result|].Result;
                }

                var copy = content?.Consumption.IsCompleted == true;
                content!.Consumption = Task.Run(() => (1, (Exception)null));
                if (copy)
                {
                    return [|content.Consumption.Result|].Result;
                }

                var changed = content?.Consumption.IsCompleted == true;
                changed = true;
                return changed ? [|content!.Consumption.Result|].Result : 0;
            }
        }
        """);
}
