using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW104 and helpers that wait for synchronous work hopped to another thread (linq2db's stack guard, reached from every
/// query's async path): the wait lasts as long as the work would inline, so it is not a blocking leaf.
/// </summary>
public class TW104SchedulerHopTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // linq2db's StackGuard: deep recursion continues on a pool thread's fresh stack, the caller waits for it. Shared
    // with TW103SchedulerHopTests.
    internal const string Guard = """

        sealed class StackGuard
        {
            public TResult Enter<T, TResult>(Func<T, TResult> action, T arg) =>
                System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack() ? action(arg) : RunOnEmptyStack(action, arg);

            private static TResult RunOnEmptyStack<T, TResult>(Func<T, TResult> action, T arg)
            {
                var task = Task.Factory.StartNew(
                    static x =>
                    {
                        var (action, arg) = ((Func<T, TResult>, T))x!;
                        return action(arg);
                    },
                    (action, arg),
                    CancellationToken.None,
                    TaskCreationOptions.DenyChildAttach,
                    TaskScheduler.Default);
                ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
                return task.GetAwaiter().GetResult();
            }
        }
        """;

    [Fact]
    public Task Ignores_a_query_translated_through_a_stack_guard() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Queries
        {
            private readonly StackGuard _guard = new StackGuard();

            public async Task<int> CountAsync(string sql)
            {
                var translated = Translate(sql);
                await Task.Delay(1);
                return translated.Length;
            }

            private string Translate(string sql) => _guard.Enter(s => s.Trim(), sql);
        }
        """ + Guard);

    [Fact]
    public Task Flags_a_helper_that_waits_for_async_work_through_the_pool() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Queries
        {
            public async Task<int> CountAsync(string sql)
            {
                var rows = [|Fetch(sql)|];
                await Task.Delay(1);
                return rows;
            }

            private static int Fetch(string sql) => Task.Run(() => QueryAsync(sql)).Result;

            private static async Task<int> QueryAsync(string sql)
            {
                await Task.Delay(1);
                return sql.Length;
            }
        }
        """ + Guard);
}
