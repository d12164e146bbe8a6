using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;
using VerifyHelper = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW103 and <c>Task.WaitAll</c>/<c>WaitAny</c> joining synchronous work the method forked onto the pool itself
/// (FreeSql's and FreeRedis's pool warm-up, EnyimMemcached's multi-get over its nodes): <c>Parallel.Invoke</c> written by
/// hand, no asynchronous work waited on. Tasks that could come from anywhere else stay reported.
/// </summary>
public class TW103ForkJoinTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Pool = """
        sealed class Connection { }

        sealed class Pool
        {
            public Connection Get() => new Connection();
            public Task<Connection> GetAsync() => Task.FromResult(new Connection());
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_list_of_Task_Run_work_items_joined_with_WaitAll() => Verify.VerifyAnalyzerAsync(Usings + Pool + """
        sealed class MultiGet
        {
            public Dictionary<string, int> Get(IEnumerable<string[]> byNode)
            {
                var result = new Dictionary<string, int>();
                var tasks = new List<Task>();
                foreach (var keys in byNode)
                {
                    tasks.Add(Task.Run(() =>
                    {
                        foreach (var key in keys)
                        {
                            lock (result) result[key] = key.Length;
                        }
                    }));
                }

                if (tasks.Count > 0)
                {
                    Task.WaitAll(tasks.ToArray());
                }

                return result;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_warm_up_array_filled_with_StartNew_in_groups() => Verify.VerifyAnalyzerAsync(Usings + Pool + """
        sealed class Warmer
        {
            public void WarmUp(Pool pool, int minPoolSize)
            {
                var warmed = new List<Connection>();
                for (var a = 0; a < minPoolSize; a += 10)
                {
                    var batch = Math.Min(minPoolSize - a, 10);
                    var initTasks = new Task[batch];
                    for (var c = 0; c < batch; c++)
                    {
                        initTasks[c] = Task.Factory.StartNew(() =>
                        {
                            var connection = pool.Get();
                            lock (warmed) warmed.Add(connection);
                        });
                    }

                    Task.WaitAll(initTasks);
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_work_items_started_through_a_one_line_source_wrapper() => Verify.VerifyAnalyzerAsync(Usings + Pool + """
        static class TaskEx
        {
            public static Task Run(Action action) => Task.Run(action);
        }

        sealed class Warmer
        {
            public void WarmUp(Pool pool)
            {
                var initTasks = new Task[4];
                for (var c = 0; c < initTasks.Length; c++)
                {
                    initTasks[c] = TaskEx.Run(() => pool.Get());
                }

                Task.WaitAll(initTasks, TimeSpan.FromSeconds(3));
            }
        }
        """);

    [Fact]
    public Task Ignores_two_halves_of_a_computation_joined_with_WaitAll() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Summer
        {
            public long Sum(int[] values)
            {
                var half = values.Length / 2;
                var left = Task.Run(() => values.Take(half).Sum(v => (long)v));
                var right = Task.Run(() => values.Skip(half).Sum(v => (long)v));
                Task.WaitAll(left, right);
                return left.Result + right.Result;
            }
        }
        """);

    [Fact]
    public Task Ignores_the_first_of_several_synchronous_probes_with_WaitAny() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Prober
        {
            public int FirstReachable(string[] hosts)
            {
                var probes = new Task<bool>[hosts.Length];
                for (var i = 0; i < hosts.Length; i++)
                {
                    probes[i] = Task.Factory.StartNew(Probe, hosts[i]);
                }

                return Task.WaitAny(probes);
            }

            private static bool Probe(object? host) => host is string { Length: > 3 };
        }
        """);

    [Fact]
    public Task Ignores_a_fork_join_helper_called_from_an_async_method() => VerifyHelper.VerifyAnalyzerAsync(Usings + Pool + """
        sealed class Warmer
        {
            public async Task StartAsync(Pool pool)
            {
                WarmUp(pool);
                await Task.Yield();
            }

            private static void WarmUp(Pool pool)
            {
                var initTasks = new List<Task>();
                for (var c = 0; c < 4; c++)
                {
                    initTasks.Add(Task.Run(() => { pool.Get(); }));
                }

                Task.WaitAll(initTasks.ToArray());
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_join_of_async_work_started_on_the_pool() => Verify.VerifyAnalyzerAsync(Usings + Pool + """
        sealed class Warmer
        {
            public void WarmUp(Pool pool)
            {
                var initTasks = new List<Task>();
                for (var c = 0; c < 4; c++)
                {
                    initTasks.Add(Task.Run(() => pool.GetAsync()));
                    initTasks.Add(Task.Run(async () => await pool.GetAsync()));
                }

                [|Task.WaitAll(initTasks.ToArray())|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_list_that_also_holds_an_async_call() => Verify.VerifyAnalyzerAsync(Usings + Pool + """
        sealed class Warmer
        {
            public void WarmUp(Pool pool)
            {
                var tasks = new List<Task> { Task.Run(() => pool.Get()) };
                tasks.Add(pool.GetAsync());
                [|Task.WaitAll(tasks.ToArray())|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_list_that_another_method_may_fill() => Verify.VerifyAnalyzerAsync(Usings + Pool + """
        sealed class Warmer
        {
            public void WarmUp(Pool pool)
            {
                var tasks = new List<Task> { Task.Run(() => pool.Get()) };
                AddMore(tasks, pool);
                [|Task.WaitAll(tasks.ToArray())|];
            }

            private static void AddMore(List<Task> tasks, Pool pool) => tasks.Add(pool.GetAsync());
        }
        """);

    [Fact]
    public Task Flags_a_single_offloaded_wait_as_before() => Verify.VerifyAnalyzerAsync(Usings + Pool + """
        sealed class Loader
        {
            public Connection Load(Pool pool)
            {
                var task = Task.Run(() => pool.Get());
                return [|task.Result|];
            }
        }
        """);
}
