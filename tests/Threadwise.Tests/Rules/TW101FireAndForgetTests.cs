using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer>;

namespace Threadwise.Tests.Rules;

public class TW101FireAndForgetTests
{
    private const string Source = """
        using System;
        using System.Threading.Tasks;

        [Flags]
        enum RequestFlags { None = 0, DemandPrimary = 4, FireAndForget = 2 }

        interface IPublisher
        {
            Task<long> PublishAsync(string channel, string message, RequestFlags flags = RequestFlags.None);
        }

        """;

    [Fact]
    public Task Ignores_waits_on_the_placeholder_of_a_fire_and_forget_command() => Verify.VerifyAnalyzerAsync(Source + """
        class Notifier
        {
            public async Task NotifyAsync(IPublisher publisher, string channel)
            {
                await Task.Yield();
                var quiet = RequestFlags.FireAndForget;
                var sent = publisher.PublishAsync(channel, "ping", quiet).Result;
                publisher.PublishAsync(channel, "pong", RequestFlags.FireAndForget).Wait();
            }
        }
        """);

    [Fact]
    public Task Flags_waits_on_a_command_that_waits_for_the_reply() => Verify.VerifyAnalyzerAsync(Source + """
        class Notifier
        {
            public async Task NotifyAsync(IPublisher publisher, string channel)
            {
                await Task.Yield();
                var sent = [|publisher.PublishAsync(channel, "ping").Result|];
            }
        }
        """);
}
