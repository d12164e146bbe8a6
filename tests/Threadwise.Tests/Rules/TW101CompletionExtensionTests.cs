using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW101BlockingWaitAnalyzer>;
using VerifySync = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A completion guard written with an extension method named as the property it stands for, <c>t.IsCompletedSuccessfully()</c>:
/// the polyfill libraries write for targets whose <c>Task</c> lacks the property (MassTransit's, used across its caches and
/// transports: <c>var value = node.Value.IsCompletedSuccessfully() ? node.Value.GetAwaiter().GetResult() : await node.Value;</c>).
/// </summary>
public class TW101CompletionExtensionTests
{
    internal const string Usings = """
        using System;
        using System.Threading.Tasks;

        """;

    internal const string Extensions = """
        static class TaskExtensions
        {
            public static bool IsCompletedSuccessfully(this Task task) => task.Status == TaskStatus.RanToCompletion;

            public static bool IsDone(this Task task) => task.Status == TaskStatus.RanToCompletion;
        }

        """;

    [Fact]
    public Task Ignores_a_wait_guarded_by_an_IsCompletedSuccessfully_extension() => Verify.VerifyAnalyzerAsync(Usings + Extensions + """
        class Tracker
        {
            async Task<string> CreateAsync(Task<int> context, Task cancelled)
            {
                return context.IsCompletedSuccessfully()
                    ? context.Result.ToString()
                    : (await Task.WhenAny(context, cancelled)).ToString();
            }

            async Task<int> ReadAsync(Task<int> value)
            {
                await Task.Yield();
                if (value.IsCompletedSuccessfully())
                {
                    return value.Result + 1;
                }

                return 0;
            }
        }
        """);

    [Fact]
    public Task Flags_a_wait_under_another_extension_or_outside_the_guard() => Verify.VerifyAnalyzerAsync(Usings + Extensions + """
        class Tracker
        {
            async Task<int> RemoveAsync(Task<int> value, Task<int> other)
            {
                await Task.Yield();
                var first = value.IsDone() ? [|value.Result|] : 0;
                var second = other.IsCompletedSuccessfully() ? [|value.Result|] : 0;
                return first + second;
            }
        }
        """);
}

public class TW103CompletionExtensionTests
{
    [Fact]
    public Task Ignores_a_synchronous_wait_guarded_by_an_IsCompletedSuccessfully_extension() => VerifySync.VerifyAnalyzerAsync(TW101CompletionExtensionTests.Usings + TW101CompletionExtensionTests.Extensions + """
        class Receivers
        {
            private readonly Task<string> _balancer = Task.FromResult("a");

            public string Next(Task<string> task)
            {
                if (task.IsCompletedSuccessfully())
                {
                    return task.GetAwaiter().GetResult();
                }

                return "";
            }
        }
        """);

    [Fact]
    public Task Flags_a_synchronous_wait_the_extension_does_not_guard() => VerifySync.VerifyAnalyzerAsync(TW101CompletionExtensionTests.Usings + TW101CompletionExtensionTests.Extensions + """
        class Receivers
        {
            public string Next(Task<string> task)
            {
                if (task.IsDone())
                {
                    return [|task.GetAwaiter().GetResult()|];
                }

                return "";
            }
        }
        """);
}
