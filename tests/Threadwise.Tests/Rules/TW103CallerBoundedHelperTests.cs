using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A public member whose wait is bounded by its caller's timeout is a sync-contract bridge; so is a private helper that
/// the type's public members hand their own timeout (Akka.NET's Inbox.AwaitResult behind Receive(timeout)). A helper also
/// called with a timeout of its type's choosing, or only from private code, stays reported. In a server: in a library
/// every wait given a timeout is a bridge (TW103TimedWaitTests), caller-bounded or not.
/// </summary>
public class TW103CallerBoundedHelperTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;

        public interface IReceiver
        {
            Task<object> AskAsync(object message);
        }

        """;

    private static Verify.Test InServer(string code) => new()
    {
        TestCode = code,
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
    };

    [Fact]
    public Task Ignores_private_helpers_that_public_members_hand_their_timeout() => InServer(Usings + """
        public sealed class Inbox
        {
            private readonly IReceiver _receiver;

            public Inbox(IReceiver receiver) => _receiver = receiver;

            public object Receive(TimeSpan timeout) => AwaitResult(_receiver.AskAsync("next"), timeout);

            public object ReceiveWhere(Predicate<object> predicate, TimeSpan timeout)
            {
                var task = _receiver.AskAsync(predicate);
                return AwaitResult(task, timeout);
            }

            private static object AwaitResult(Task<object> task, TimeSpan timeout)
            {
                if (!task.Wait(timeout))
                    throw new TimeoutException("no message in " + timeout);

                return task.Result;
            }
        }
        """).RunAsync();

    [Fact]
    public Task Flags_helpers_also_given_a_timeout_the_type_picks() => InServer(Usings + """
        public sealed class Inbox
        {
            private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
            private readonly IReceiver _receiver;

            public Inbox(IReceiver receiver) => _receiver = receiver;

            public object Receive(TimeSpan timeout) => AwaitResult(_receiver.AskAsync("next"), timeout);

            public object Receive() => AwaitResult(_receiver.AskAsync("next"), DefaultTimeout);

            public object Peek(TimeSpan timeout) => Poll(timeout);

            private object Poll(TimeSpan timeout) => AwaitPeek(_receiver.AskAsync("peek"), timeout);

            private static object AwaitResult(Task<object> task, TimeSpan timeout)
            {
                if (![|task.Wait(timeout)|])
                    throw new TimeoutException("no message in " + timeout);

                return task.Result;
            }

            private static object AwaitPeek(Task<object> task, TimeSpan timeout)
            {
                if (![|task.Wait(timeout)|])
                    throw new TimeoutException("no message in " + timeout);

                return task.Result;
            }
        }
        """).RunAsync();
}
