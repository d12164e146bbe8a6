using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Members whose name, or whose type's name, says that they block (gRPC's <c>BlockingUnaryCall</c>, Neo4j's
/// <c>BlockingExecutor.RunSync</c>, Akka.NET's <c>WithSyncCircuitBreaker</c>, FusionCache's <c>RunSyncFuncWithTimeout</c>)
/// are sync-contract bridges outside UI apps and servers. A leading <c>Sync</c> is a verb, a trailing word names a plain
/// wrapper (<c>LoadBlocking</c>, <c>RunSync</c>) or a noun (<c>ReplicaSync</c>), and UI apps and servers stay reported.
/// </summary>
public class TW103BlockingNameTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string CallInvoker = Usings + """
        public sealed class Call<T> { public Task<T> ResponseAsync { get; } = Task.Run(() => default(T)!); }

        public abstract class CallInvoker
        {
            public abstract T BlockingUnaryCall<T>(string method, T request);
            public abstract Call<T> AsyncUnaryCall<T>(string method, T request);
            public abstract Task ShutdownAsync();
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_member_named_blocking_over_its_async_form() => Verify.VerifyAnalyzerAsync(CallInvoker + """
        public sealed class HttpClientCallInvoker : CallInvoker
        {
            public override T BlockingUnaryCall<T>(string method, T request)
            {
                var call = AsyncUnaryCall(method, request);
                return call.ResponseAsync.GetAwaiter().GetResult();
            }

            public override Call<T> AsyncUnaryCall<T>(string method, T request) => new Call<T>();

            public override Task ShutdownAsync() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Ignores_members_of_a_type_named_blocking() => Verify.VerifyAnalyzerAsync(Usings + """
        internal sealed class BlockingExecutor
        {
            private readonly TaskFactory _taskFactory;

            public BlockingExecutor() : this(TaskScheduler.Default) { }

            public BlockingExecutor(TaskScheduler scheduler) => _taskFactory = new TaskFactory(scheduler);

            public void RunSync(Func<Task> work) => _taskFactory.StartNew(work).Unwrap().GetAwaiter().GetResult();

            public T Run<T>(Func<Task<T>> work) => _taskFactory.StartNew(work).Unwrap().GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Ignores_members_with_sync_after_the_verb() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class CircuitBreaker
        {
            public Task WithCircuitBreaker(Action body, Func<Action, Task> run) => run(body);

            public Task<T> WithCircuitBreaker<T>(Func<T> body, Func<Func<T>, Task<T>> run) => run(body);

            public void WithSyncCircuitBreaker(Action body) => WithCircuitBreaker(body, b => Task.Run(b)).GetAwaiter().GetResult();

            public T WithSyncCircuitBreaker<T>(Func<T> body) => WithCircuitBreaker(body, b => Task.Run(b)).Result;
        }

        public static class RunUtils
        {
            private static Task<T> RunWithTimeoutAsync<T>(Func<CancellationToken, Task<T>> work, TimeSpan timeout) => work(CancellationToken.None);

            public static T RunSyncFuncWithTimeout<T>(Func<CancellationToken, T> syncFunc, TimeSpan timeout) =>
                RunWithTimeoutAsync(ct => Task.Factory.StartNew(() => syncFunc(ct), ct), timeout).GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Ignores_members_named_synchronous() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Channel
        {
            private Task<byte[]> ReceiveAsync() => Task.Run(() => new byte[4]);

            public byte[] SynchronousReceive() => ReceiveAsync().Result;

            public sealed class SynchronousReader
            {
                private readonly Channel _channel = new Channel();

                public byte[] Next() => _channel.ReceiveAsync().GetAwaiter().GetResult();
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_leading_sync_verb_trailing_words_and_non_blocking_names() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Directory
        {
            private Task<string[]> GetUsersAsync() => Task.Run(() => new string[0]);

            public string[] SyncUsers() => [|GetUsersAsync().Result|];

            public string[] ReadNonBlocking() => [|GetUsersAsync().Result|];

            public string[] Asynchronously() => [|GetUsersAsync().Result|];

            // Plain wrappers named for what they do, the word last: reported like any other wrapper.
            public string[] LoadBlocking() => [|GetUsersAsync().Result|];

            public string[] LoadSynchronously() => [|GetUsersAsync().Result|];

            public string[] RunSync() => [|GetUsersAsync().Result|];
        }

        public sealed class ReplicaSync
        {
            public void Pull(Task<int> pulled) => Console.WriteLine([|pulled.Result|]);
        }
        """);

    [Fact]
    public Task Flags_blocking_names_in_a_server() => new Verify.Test
    {
        TestCode = CallInvoker + """
            public sealed class LocalCallInvoker : CallInvoker
            {
                public override T BlockingUnaryCall<T>(string method, T request) => {|#0:AsyncUnaryCall(method, request).ResponseAsync.Result|};

                public override Call<T> AsyncUnaryCall<T>(string method, T request) => new Call<T>();

                public override Task ShutdownAsync() => Task.CompletedTask;
            }
            """,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic(Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer.Rule).WithLocation(0).WithArguments(
                "AsyncUnaryCall(method, request).ResponseAsync.Result", "the calling thread", "the task finishes",
                "a deadlock under a SynchronizationContext (UI apps, classic ASP.NET), a thread held hostage everywhere else", "it"),
        },
        AdditionalReferences = { TestReferences.EmptyAssembly("Microsoft.AspNetCore.Http.Abstractions") },
    }.RunAsync();
}
