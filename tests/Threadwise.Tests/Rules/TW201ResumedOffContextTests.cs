using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Cpu.TW201CpuHeavyLoopAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A heavy loop that runs only after its function has awaited with <c>ConfigureAwait(false)</c> (a statement before it in
/// its block or a block around it) runs on a thread-pool thread, where <c>await Task.Run(..)</c> would put it: not TW201
/// (SourceGit's git-output parsers after <c>await ReadToEndAsync().ConfigureAwait(false)</c>). An await that resumes on
/// the context, or one in a branch, a lambda or after the loop, leaves the loop on the caller's thread: reported.
/// </summary>
public class TW201ResumedOffContextTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading.Tasks;

        """;

    private static string Kernel(string before, bool flagged = false) => Usings + $$"""
        class Matrix
        {
            public async Task<double[,]> MultiplyAsync(Stream input, double[,] a, double[,] b, int n, bool reload)
            {
                {{before}}
                {{Multiply(flagged)}}

                return c;
            }
        }
        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_kernel_after_an_await_configured_false() =>
        Verify.VerifyAnalyzerAsync(Kernel("await input.FlushAsync().ConfigureAwait(false);"));

    [Fact]
    public Task Ignores_a_kernel_after_a_declaration_that_awaits_configured_false_inside_a_try() => Verify.VerifyAnalyzerAsync(Usings + """
        class Parser
        {
            public async Task<int> CountAsync(TextReader output, int[] weights)
            {
                try
                {
                    var text = await output.ReadToEndAsync().ConfigureAwait(false);
                    var total = 0;
                    for (var i = 0; i < text.Length; i++)
                    {
                        for (var j = 0; j < weights.Length; j++)
                        {
                            total += text[i] * weights[j] % 7;
                        }
                    }

                    return total;
                }
                catch (IOException)
                {
                    return 0;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_a_kernel_after_an_assignment_and_an_await_of_ConfigureAwaitOptions() =>
        Verify.VerifyAnalyzerAsync(Kernel("""
            var length = 0;
                    length = await input.ReadAsync(new byte[16]).ConfigureAwait(false);
                    await Task.Delay(length).ConfigureAwait(ConfigureAwaitOptions.None);
            """));

    // Wolverine's metrics export loop: the work item Task.Run started runs on a pool thread, before and after its awaits.
    // The same loop in an async lambda handed to anything else runs on its caller's thread.
    [Fact]
    public Task Ignores_a_kernel_inside_a_delegate_started_on_the_pool() => Verify.VerifyAnalyzerAsync(Usings + $$"""
        class Exporter
        {
            private Task _runner = Task.CompletedTask;

            public void Start(double[,] a, double[,] b, int n, Func<bool> stopping)
            {
                _runner = Task.Run(async () =>
                {
                    while (!stopping())
                    {
                        await Task.Delay(1000);
                        {{Multiply(flagged: false)}}
                    }
                });
            }

            public async Task RunLaterAsync(double[,] a, double[,] b, int n)
            {
                Func<Task> work = async () =>
                {
                    await Task.Delay(1);
                    {{Multiply(flagged: true)}}
                };
                await work();
            }
        }
        """);

    // TwitchDownloader's renderer: Task.Run(() => FetchScaledImagesAsync(ct)) starts a private method that starts private
    // fetches, each resizing what it fetched. Every call of those methods is pool code, so their loops run on the pool.
    [Fact]
    public Task Ignores_a_kernel_in_private_methods_only_pool_code_calls() => Verify.VerifyAnalyzerAsync(Usings + $$"""
        class Renderer
        {
            public async Task RenderAsync(double[,] a, double[,] b, int n)
            {
                await Task.Run(() => FetchScaledAsync(a, b, n));
            }

            private async Task FetchScaledAsync(double[,] a, double[,] b, int n)
            {
                var scaled = ScaleAsync(a, b, n);
                await scaled;
            }

            private async Task<double[,]> ScaleAsync(double[,] a, double[,] b, int n)
            {
                await Task.Delay(1);
                {{Multiply(flagged: false)}}
                return c;
            }
        }
        """);

    [Fact]
    public Task Flags_a_kernel_in_a_method_also_called_off_the_pool_or_visible_outside() => Verify.VerifyAnalyzerAsync(Usings + $$"""
        public class Renderer
        {
            public async Task RenderAsync(double[,] a, double[,] b, int n)
            {
                await Task.Run(() => ScaleAsync(a, b, n));
                await ScaleAsync(a, b, n);
                await Task.Run(() => PublicScaleAsync(a, b, n));
            }

            private async Task<double[,]> ScaleAsync(double[,] a, double[,] b, int n)
            {
                await Task.Delay(1);
                {{Multiply(flagged: true)}}
                return c;
            }

            public async Task<double[,]> PublicScaleAsync(double[,] a, double[,] b, int n)
            {
                await Task.Delay(1);
                {{Multiply(flagged: true)}}
                return c;
            }
        }
        """);

    private static string Multiply(bool flagged) => $$"""
        var c = new double[n, n];
                        {{(flagged ? "[|for (int i = 0; i < n; i++)|]" : "for (int i = 0; i < n; i++)")}}
                        {
                            for (int j = 0; j < n; j++)
                            {
                                double sum = 0;
                                for (int k = 0; k < n; k++)
                                {
                                    sum += a[i, k] * b[k, j];
                                }

                                c[i, j] = sum;
                            }
                        }
        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_kernel_after_an_await_that_resumes_on_the_context() =>
        Verify.VerifyAnalyzerAsync(Kernel("await input.FlushAsync();", flagged: true));

    [Fact]
    public Task Flags_a_kernel_after_ConfigureAwait_true() =>
        Verify.VerifyAnalyzerAsync(Kernel("await input.FlushAsync().ConfigureAwait(true);", flagged: true));

    [Fact]
    public Task Flags_a_kernel_after_a_configured_await_in_a_branch_or_a_lambda() =>
        Verify.VerifyAnalyzerAsync(Kernel("""
            if (reload) { await input.FlushAsync().ConfigureAwait(false); }
                    Func<Task> later = async () => await input.FlushAsync().ConfigureAwait(false);
                    await later();
            """, flagged: true));
}
