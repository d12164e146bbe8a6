using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW501ConfigureAwaitAnalyzer, Threadwise.Fixes.Correctness.TW501ConfigureAwaitCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Awaits in a method that only code on the thread pool calls (CAP's private ProcessReceivedAsync, called only inside
/// Task.Run): no SynchronizationContext was captured, so ConfigureAwait(false) changes nothing there.
/// </summary>
public class TW501PoolOnlyMethodTests
{
    private const string Usings = TW501ConfigureAwaitTests.Usings;

    private const string Convention = TW501ConfigureAwaitTests.Convention;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_private_method_called_only_inside_Task_Run() => Verify.VerifyAnalyzerAsync(Usings + """
        public class NeedRetryProcessor
        {
            public Task ProcessAsync(Stream stream, CancellationToken token)
            {
                return Task.Run(async () =>
                {
                    await ProcessReceivedAsync(stream).ConfigureAwait(false);
                    await ProcessPublishedAsync(stream).ConfigureAwait(false);
                }, token);
            }

            private async Task ProcessReceivedAsync(Stream stream)
            {
                await stream.FlushAsync();
                await Task.Delay(10);
            }

            private Task ProcessPublishedAsync(Stream stream) => Task.Run(() => ProcessPublishedCoreAsync(stream));

            private async Task ProcessPublishedCoreAsync(Stream stream) => await stream.FlushAsync();
        }
        """ + Convention);

    [Fact]
    public Task Ignores_an_internal_method_two_calls_below_a_pool_delegate() => Verify.VerifyAnalyzerAsync(Usings + """
        internal static class Scheduler
        {
            internal static async Task ScheduleAsync(Stream stream)
            {
                await stream.FlushAsync();
            }
        }

        public class Dispatcher
        {
            public void Start(Stream stream) => _ = Task.Run(() => LoopAsync(stream));

            private async Task LoopAsync(Stream stream)
            {
                while (true)
                {
                    await Scheduler.ScheduleAsync(stream).ConfigureAwait(false);
                    await Task.Delay(1000).ConfigureAwait(false);
                }
            }
        }
        """ + Convention);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_method_also_called_outside_the_pool_or_used_as_a_method_group() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Processor
        {
            public Task RunAsync(Stream stream) => Task.Run(() => FlushAsync(stream));

            public Task FlushNowAsync(Stream stream) => FlushAsync(stream);

            private async Task FlushAsync(Stream stream) => await [|stream.FlushAsync()|];

            public Func<Stream, Task> Flusher => DrainAsync;

            private async Task DrainAsync(Stream stream)
            {
                await Task.Run(() => DrainAsync(stream)).ConfigureAwait(false);
                await [|stream.FlushAsync()|];
            }
        }
        """ + Convention);

    [Fact]
    public Task Flags_public_methods_and_awaits_in_lambdas_of_pool_only_methods() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Worker
        {
            public void Start(Stream stream) => _ = Task.Run(() => RunAsync(stream));

            public async Task RunAsync(Stream stream) => await [|stream.FlushAsync()|];

            private async Task LoopAsync(Stream stream, Func<Func<Task>, Task> schedule)
            {
                await schedule(async () => await [|stream.FlushAsync()|]).ConfigureAwait(false);
            }

            public void Begin(Stream stream, Func<Func<Task>, Task> schedule) => _ = Task.Run(() => LoopAsync(stream, schedule));
        }
        """ + Convention);
}
