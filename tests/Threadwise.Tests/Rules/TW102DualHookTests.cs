using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Extension hooks offered in both forms: a runner that calls the synchronous hook and also awaits its asynchronous
/// counterpart on the same receiver with the same arguments lets each implementation override either. Calling the
/// synchronous one is the design. A lone synchronous call, or a pair that differs in receiver or arguments, is still reported.
/// </summary>
public class TW102DualHookTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Hooks = """
        interface IMaintenanceTask
        {
            string Run(IServiceProvider services, string site);
            Task<string> RunAsync(IServiceProvider services, string site);
        }

        abstract class ScheduledJob
        {
            public virtual string Execute(IServiceProvider services) => "";
            public virtual Task<string> ExecuteAsync(IServiceProvider services) => Task.FromResult("");
            public virtual void Prepare(string tenant, int attempt) { }
            public virtual Task PrepareAsync(string tenant, int attempt, CancellationToken token = default) => Task.CompletedTask;
        }

        sealed class Scope
        {
            public IServiceProvider Services { get; } = null!;
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_job_base_class_that_calls_both_hooks() => Verify.VerifyAnalyzerAsync(Usings + Hooks + """
        abstract class JobRunner : ScheduledJob
        {
            public async Task<string> TickAsync(Scope scope, IEnumerable<string> tenants)
            {
                var notes = "";
                foreach (var tenant in tenants)
                {
                    notes += Execute(scope.Services);
                    notes += await ExecuteAsync(scope.Services);
                }

                return notes;
            }
        }
        """);

    [Fact]
    public Task Ignores_an_interface_task_run_in_both_forms_through_a_cast() => Verify.VerifyAnalyzerAsync(Usings + Hooks + """
        class TaskRunner
        {
            public async Task<string> RunAllAsync(IServiceProvider services, IEnumerable<(object Instance, string Site)> work)
            {
                var log = "";
                foreach (var item in work)
                {
                    var instance = item.Instance;
                    var site = item.Site;
                    var result = ((IMaintenanceTask)instance).Run(services, site);
                    result += await ((IMaintenanceTask)instance).RunAsync(services, site).ConfigureAwait(false);
                    log += result;
                }

                return log;
            }
        }
        """);

    [Fact]
    public Task Ignores_the_async_hook_awaited_first_with_a_token_added() => Verify.VerifyAnalyzerAsync(Usings + Hooks + """
        class TenantPreparer
        {
            private readonly ScheduledJob _job;

            public TenantPreparer(ScheduledJob job) => _job = job;

            public async Task PrepareAsync(string tenant, CancellationToken token)
            {
                await _job.PrepareAsync(tenant, 1, token);
                _job.Prepare(tenant, 1);
            }
        }
        """);

    [Fact]
    public Task Ignores_both_hooks_on_an_interface_parameter() => Verify.VerifyAnalyzerAsync(Usings + Hooks + """
        static class TaskHost
        {
            public static async Task<string> RunBothAsync(IMaintenanceTask task, IServiceProvider services, string site)
            {
                var first = task.Run(services, site);
                var second = await task.RunAsync(services, site);
                return first + second;
            }
        }
        """);

    [Fact]
    public Task Ignores_hooks_on_a_property_inside_an_async_local_function() => Verify.VerifyAnalyzerAsync(Usings + Hooks + """
        class ModuleHost
        {
            public IMaintenanceTask Module { get; set; } = null!;

            public async Task<string> StartAsync(IServiceProvider services, IReadOnlyList<string> sites)
            {
                var log = "";
                foreach (var site in sites)
                {
                    log += await RunOne(site);
                }

                return log;

                async Task<string> RunOne(string site)
                {
                    var text = await Module.RunAsync(services, site);
                    if (text.Length == 0)
                    {
                        text = Module.Run(services, site);
                    }

                    return text;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_hooks_with_constant_arguments_on_a_field() => Verify.VerifyAnalyzerAsync(Usings + Hooks + """
        class Warmup
        {
            private readonly ScheduledJob _job;

            public Warmup(ScheduledJob job) => _job = job;

            public async Task RunAsync()
            {
                _job.Prepare("default", 0);
                await _job.PrepareAsync("default", 0).ConfigureAwait(false);
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_sync_hook_when_the_async_one_is_never_awaited() => Verify.VerifyAnalyzerAsync(Usings + Hooks + """
        abstract class LegacyRunner : ScheduledJob
        {
            public async Task<string> TickAsync(Scope scope)
            {
                await Task.Yield();
                return [|Execute(scope.Services)|];
            }
        }
        """);

    [Fact]
    public Task Flags_the_sync_hook_when_the_pair_runs_on_different_receivers() => Verify.VerifyAnalyzerAsync(Usings + Hooks + """
        static class PairedRunner
        {
            public static async Task<string> RunAsync(IMaintenanceTask first, IMaintenanceTask second, IServiceProvider services)
            {
                var log = [|first.Run(services, "a")|];
                log += await second.RunAsync(services, "a");
                return log;
            }
        }
        """);

    [Fact]
    public Task Flags_the_sync_hook_when_the_arguments_differ() => Verify.VerifyAnalyzerAsync(Usings + Hooks + """
        static class SiteRunner
        {
            public static async Task<string> RunAsync(IMaintenanceTask task, IServiceProvider services, string site, string mirror)
            {
                var log = [|task.Run(services, site)|];
                log += await task.RunAsync(services, mirror);
                return log;
            }
        }
        """);

    [Fact]
    public Task Flags_a_stream_write_beside_an_awaited_write_of_other_data() => Verify.VerifyAnalyzerAsync(Usings + """
        static class FrameWriter
        {
            public static async Task WriteAsync(Stream stream, byte[] header, byte[] body)
            {
                [|stream.Write(header, 0, header.Length)|];
                await stream.WriteAsync(body, 0, body.Length);
            }
        }
        """);

    [Fact]
    public Task Flags_the_sync_hook_when_the_async_one_is_awaited_in_a_lambda() => Verify.VerifyAnalyzerAsync(Usings + Hooks + """
        static class DeferredRunner
        {
            public static async Task<string> RunAsync(IMaintenanceTask task, IServiceProvider services, string site)
            {
                var log = [|task.Run(services, site)|];
                Func<Task<string>> later = async () => await task.RunAsync(services, site);
                return log + await later();
            }
        }
        """);
}
