using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;

namespace Threadwise.Tests.Rules;

public class TW103FireAndForgetTests
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
            private readonly IPublisher _publisher;

            public Notifier(IPublisher publisher) => _publisher = publisher;

            public void Notify(string channel, string message)
            {
                _publisher.PublishAsync(channel, message, RequestFlags.FireAndForget).Wait();
                var ignored = _publisher.PublishAsync(channel, message, RequestFlags.DemandPrimary | RequestFlags.FireAndForget).GetAwaiter().GetResult();
            }
        }
        """);

    [Fact]
    public Task Flags_waits_on_a_command_that_waits_for_the_reply() => Verify.VerifyAnalyzerAsync(Source + """
        class Notifier
        {
            private readonly IPublisher _publisher;

            public Notifier(IPublisher publisher) => _publisher = publisher;

            public long Notify(string channel, string message, RequestFlags flags) =>
                [|_publisher.PublishAsync(channel, message, flags).Result|];
        }
        """);
}
