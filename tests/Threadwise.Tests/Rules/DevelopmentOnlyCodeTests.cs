using Verify102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using Verify104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Code that runs only in the Development environment (<c>if (env.IsDevelopment())</c>, the right side of
/// <c>env.IsDevelopment() &amp;&amp; ..</c>, the true arm of <c>?:</c>) never runs in production, like code compiled only into
/// debug builds: Remotely's shortcut that puts a new device into the first organization. The <c>else</c> arm, a negated
/// test, code after the <c>if</c> and a look-alike <c>IsDevelopment</c> of the code's own are reported as usual.
/// </summary>
public class DevelopmentOnlyCodeTests
{
    // Stand-ins for the generic host's and ASP.NET Core's environment extensions (same namespaces and names).
    private const string Hosting = """
        using System;
        using System.Data.Common;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        namespace Microsoft.Extensions.Hosting
        {
            public interface IHostEnvironment { string EnvironmentName { get; } }

            public static class HostEnvironmentEnvExtensions
            {
                public static bool IsDevelopment(this IHostEnvironment environment) => environment.EnvironmentName == "Development";
            }
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_development_shortcut_in_the_condition_and_the_arm() => Verify102.VerifyAnalyzerAsync(Hosting + """
        sealed class Devices
        {
            private readonly IHostEnvironment _environment;

            public Devices(IHostEnvironment environment) => _environment = environment;

            public async Task<int> AddAsync(DbCommand command, IQueryable<int> organizations)
            {
                var added = await command.ExecuteNonQueryAsync();
                if (_environment.IsDevelopment() && organizations.Any())
                {
                    command.ExecuteNonQuery();
                    Thread.Sleep(10);
                }

                return added;
            }
        }
        """);

    [Fact]
    public Task Ignores_the_true_arm_of_a_conditional_on_the_environment() => Verify102.VerifyAnalyzerAsync(Hosting + """
        sealed class Seeder
        {
            public async Task<int> SeedAsync(IHostEnvironment environment, DbCommand command)
            {
                await Task.Yield();
                return environment.IsDevelopment() ? command.ExecuteNonQuery() : 0;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_blocking_leaf_in_a_development_branch_of_a_helper() => Verify104.VerifyAnalyzerAsync(Hosting + """
        sealed class Startup
        {
            private readonly IHostEnvironment _environment;

            public Startup(IHostEnvironment environment) => _environment = environment;

            public async Task StartAsync(DbCommand command)
            {
                await command.ExecuteNonQueryAsync();
                SeedSamples(command);
            }

            private void SeedSamples(DbCommand command)
            {
                if (_environment.IsDevelopment())
                {
                    command.ExecuteNonQuery();
                }
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_else_arm_a_negated_test_and_code_after_the_if() => Verify102.VerifyAnalyzerAsync(Hosting + """
        sealed class Devices
        {
            public async Task<int> AddAsync(IHostEnvironment environment, DbCommand command)
            {
                await Task.Yield();
                var count = 0;
                if (environment.IsDevelopment())
                {
                    count++;
                }
                else
                {
                    count += [|command.ExecuteNonQuery()|];
                }

                if (!environment.IsDevelopment())
                {
                    count += [|command.ExecuteNonQuery()|];
                }

                return count + [|command.ExecuteNonQuery()|];
            }
        }
        """);

    [Fact]
    public Task Flags_behind_a_look_alike_IsDevelopment_of_the_codes_own() => Verify102.VerifyAnalyzerAsync(Hosting + """
        sealed class Flags
        {
            public bool IsDevelopment() => DateTime.Now.Second > 30;
        }

        sealed class Devices
        {
            public async Task<int> AddAsync(Flags flags, DbCommand command)
            {
                await Task.Yield();
                return flags.IsDevelopment() ? [|command.ExecuteNonQuery()|] : 0;
            }
        }
        """);
}
