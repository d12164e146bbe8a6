using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Correctness.TW501ConfigureAwaitAnalyzer, Threadwise.Fixes.Correctness.TW501ConfigureAwaitCodeFix>;

namespace Threadwise.Tests.Rules;

public class TW501ConfigureAwaitTests
{
    internal const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>Three configured awaits: the library's convention is ConfigureAwait(false).</summary>
    internal const string Convention = """

        class Conventions
        {
            async Task Configured(Stream s, byte[] b)
            {
                await s.FlushAsync().ConfigureAwait(false);
                await s.WriteAsync(b, 0, 1).ConfigureAwait(false);
                await Task.Delay(1).ConfigureAwait(false);
            }
        }
        """;

    private static readonly string MoreConvention = Convention.Replace("Conventions", "MoreConventions");

    /// <summary>Three configured awaits of five: a bare majority, which only a raised peer rule makes a convention.</summary>
    private const string BareMajority = """
        class Consumer
        {
            async Task RunAsync(Stream stream)
            {
                await stream.FlushAsync().ConfigureAwait(false);
                await Task.Delay(1).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
                await stream.FlushAsync();
                await Task.Delay(2);
            }
        }
        """;

    /// <summary>An await foreach and an await using configured: the library configures these constructs too.</summary>
    private const string ConfiguredConstructs = """

        class Constructs
        {
            async Task Configured(IAsyncEnumerable<int> items, Stream stream)
            {
                await foreach (var item in items.ConfigureAwait(false)) { }
                await using (stream.ConfigureAwait(false)) { }
            }
        }
        """;

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_an_await_without_ConfigureAwait_in_a_library_whose_other_awaits_use_it() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public async Task<int> ReadAsync(Stream stream, byte[] buffer)
            {
                await stream.FlushAsync().ConfigureAwait(false);
                return await {|#0:stream.ReadAsync(buffer, 0, buffer.Length)|};
            }
        }
        """ + Convention,
        Verify.Diagnostic().WithLocation(0).WithMessage("'ReadAsync' is awaited without ConfigureAwait(false), unlike 4 of this library's 5 awaits: the code after it resumes on the caller's SynchronizationContext"));

    [Fact]
    public Task Flags_ValueTask_Task_of_T_and_awaits_inside_lambdas_and_local_functions() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public async Task RunAsync(Stream stream, Memory<byte> buffer, Task<int> pending)
            {
                var read = await [|stream.ReadAsync(buffer)|];
                var n = await [|pending|];
                Func<Task> flush = async () => await [|stream.FlushAsync()|];
                await Local().ConfigureAwait(false);

                async Task Local() => await [|Task.Delay(read + n)|];
            }
        }
        """ + Convention + MoreConvention + Convention.Replace("Conventions", "EvenMoreConventions"));

    [Fact]
    public Task Flags_await_foreach_without_ConfigureAwait_also_with_WithCancellation_alone() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            // roslyn-analyzers#6652: CA2007 missed await foreach; a library then deadlocked.
            public async Task<int> CountAsync(IAsyncEnumerable<int> rows, CancellationToken ct)
            {
                var count = 0;
                await foreach (var row in {|#0:rows|})
                {
                    count += row;
                }

                await foreach (var row in [|rows.WithCancellation(ct)|])
                {
                    count += row;
                }

                return count;
            }
        }
        """ + Convention + ConfiguredConstructs,
        Verify.Diagnostic().WithLocation(0).WithMessage("'rows' is enumerated with 'await foreach' without ConfigureAwait(false), unlike 5 of this library's 7 awaits: the code after it resumes on the caller's SynchronizationContext"));

    [Fact]
    public Task Ignores_await_foreach_over_a_helper_that_returns_a_configured_enumerable() => Verify.VerifyAnalyzerAsync(Usings + """
        static class TaskExtensions
        {
            // Eventuous's NoContext: the library's one spelling of ConfigureAwait(false).
            public static ConfiguredCancelableAsyncEnumerable<T> NoContext<T>(this IAsyncEnumerable<T> source, CancellationToken cancellationToken)
                => source.WithCancellation(cancellationToken).ConfigureAwait(false);
        }

        static class ChannelExtensions
        {
            public static async Task ReadBatches(IAsyncEnumerable<int[]> batches, Func<int[], Task> process, CancellationToken cancellationToken)
            {
                await foreach (var batch in batches.NoContext(cancellationToken))
                {
                    await process(batch).ConfigureAwait(false);
                }

                await foreach (var batch in batches.NoContext(cancellationToken).WithCancellation(cancellationToken))
                {
                    await process(batch).ConfigureAwait(false);
                }
            }

            // The library configures its other await foreach loops too.
            public static async Task<int> CountAsync(IAsyncEnumerable<int> rows, IAsyncEnumerable<int> more, IAsyncEnumerable<int> last)
            {
                var count = 0;
                await foreach (var row in rows.ConfigureAwait(false)) count += row;
                await foreach (var row in more.ConfigureAwait(false)) count += row;
                await foreach (var row in last.ConfigureAwait(false)) count += row;
                return count;
            }
        }
        """ + Convention);

    [Fact]
    public Task Flags_await_foreach_over_a_helper_result_given_only_a_token() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Streams
        {
            public static IAsyncEnumerable<int[]> Batches(this IAsyncEnumerable<int[]> source) => source;
        }

        static class ChannelExtensions
        {
            public static async Task ReadBatches(IAsyncEnumerable<int[]> batches, Func<int[], Task> process, CancellationToken cancellationToken)
            {
                await foreach (var batch in [|batches.Batches().WithCancellation(cancellationToken)|])
                {
                    await process(batch).ConfigureAwait(false);
                }
            }
        }
        """ + Convention);

    [Fact]
    public Task Flags_await_using_statements_and_declarations() => Verify.VerifyAnalyzerAsync(Usings + """
        class Writer
        {
            public async Task SaveAsync(string path, IAsyncDisposable lease)
            {
                await using var file = {|#0:File.Create(path)|};
                await using ([|lease|])
                {
                    await file.FlushAsync().ConfigureAwait(false);
                }
            }
        }
        """ + Convention + ConfiguredConstructs,
        Verify.Diagnostic().WithLocation(0).WithMessage("'file' is disposed with 'await using' without ConfigureAwait(false), unlike 6 of this library's 8 awaits: the code after it resumes on the caller's SynchronizationContext"));

    [Fact]
    public Task Flags_in_a_library_whose_convention_is_its_own_helper_returning_a_configured_awaitable() => Verify.VerifyAnalyzerAsync(Usings + """
        // StackExchange.Redis writes 'await x.ForAwait()': a helper returning ConfigureAwait(false)'s awaitable.
        static class TaskExtensions
        {
            internal static ConfiguredTaskAwaitable ForAwait(this Task task) => task.ConfigureAwait(false);
        }

        class Multiplexer
        {
            async Task PingAsync(Task a, Task b, Task c, Task d)
            {
                await a.ForAwait();
                await b.ForAwait();
                await d.ForAwait();
                await [|c|];
            }
        }
        """);

    [Fact]
    public Task Counts_only_the_awaits_and_helper_return_types_written_as_code() => Verify.VerifyAnalyzerAsync(Usings + """
        // The library's awaits are counted from the text: the word in comments, strings, names and disabled code is not an
        // await, and only a method's return type makes a helper (await Flush() in this comment is not one either).
        static class TaskExtensions
        {
            internal static System.Runtime.CompilerServices.ConfiguredTaskAwaitable ForAwait(this Task task) => task.ConfigureAwait(false);
            internal static ConfiguredTaskAwaitable<T> Value<T>(this Task<T> task) => task.ConfigureAwait(false);
            internal static @ConfiguredTaskAwaitable Configured(this Task task) => task.ConfigureAwait(false);
            internal static ConfiguredTaskAwaitable? ConfiguredOrNull(this Task task) => null;
        }

        class Multiplexer
        {
            const string Help = "await a; await foreach (var x in y) {} await using var z = w;";
            ConfiguredTaskAwaitable awaitable;

            async Task PingAsync(Task a, Task b, Task c, Task<int> d, IAsyncEnumerable<int> items, IAsyncDisposable resource)
            {
                var awaiter = a.GetAwaiter();
                await a.ForAwait();
                await b.Configured();
                await foreach (var item in items.ConfigureAwait(false))
                {
                }

                await using var held = resource.ConfigureAwait(false);
        #if NEVER
                await a;
                await b;
        #endif
                /* await c; */ await {|#0:c|};
                var text = $"{await d.Value()}";
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'c' is awaited without ConfigureAwait(false), unlike 5 of this library's 6 awaits: the code after it resumes on the caller's SynchronizationContext"));

    /// <summary>A file that configures 3 of its 4 awaits (the forgotten one marked #0), in a library that configures 3 of its 8: no library convention.</summary>
    private static readonly string[] FileConventionOnly =
    [
        Usings + """
            static class Archive
            {
                static async Task CopyAsync(Stream source, Stream target, CancellationToken ct)
                {
                    await source.CopyToAsync(target, ct).ConfigureAwait(false);
                    await target.FlushAsync(ct).ConfigureAwait(false);
                    await source.FlushAsync(ct).ConfigureAwait(false);
                    await {|#0:target.FlushAsync(ct)|};
                }
            }
            """,
        Usings + """
            class Client
            {
                async Task RunAsync(Stream stream)
                {
                    await stream.FlushAsync();
                    await stream.FlushAsync();
                    await stream.FlushAsync();
                    await stream.FlushAsync();
                }
            }
            """,
    ];

    // FluentFTP configures 8 of its 614 awaits: no library convention, but a file that configures its awaits has adopted
    // it, and the one it forgot is an oversight.
    [Fact]
    public Task Flags_in_a_file_that_configures_its_awaits_where_the_library_as_a_whole_does_not() => new Verify.Test
    {
        Sources = { FileConventionOnly[0], FileConventionOnly[1] },
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage("'FlushAsync' is awaited without ConfigureAwait(false), unlike 3 of this file's 4 awaits: the code after it resumes on the caller's SynchronizationContext"),
        },
    }.RunAsync();

    private static readonly string[] FileConventionOnlyUnmarked =
        FileConventionOnly.Select(source => source.Replace("{|#0:", "").Replace("(ct)|}", "(ct)")).ToArray();

    [Theory]
    // NetDaemon's .editorconfig says CA2007 = none for the whole repository (its AnalysisMode would raise it), and its
    // runtime configures 15 of its 27 awaits: a file that happens to configure 4 of its 6 is no convention there.
    [InlineData("dotnet_diagnostic.CA2007.severity = none")]
    [InlineData("dotnet_diagnostic.MA0004.severity = silent")]
    public Task Ignores_a_file_that_configures_its_awaits_where_the_project_turns_a_peer_rule_off(string line) => new Verify.Test
    {
        Sources = { FileConventionOnlyUnmarked[0], FileConventionOnlyUnmarked[1] },
        EditorConfig = line,
    }.RunAsync();

    [Fact]
    public Task Ignores_a_file_that_configures_its_awaits_where_the_project_passes_a_peer_rule_to_NoWarn()
    {
        var test = new Verify.Test { Sources = { FileConventionOnlyUnmarked[0], FileConventionOnlyUnmarked[1] } };

        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var options = solution.GetProject(projectId)!.CompilationOptions!;
            return solution.WithProjectCompilationOptions(projectId, options.WithSpecificDiagnosticOptions(
                options.SpecificDiagnosticOptions.SetItem("CA2007", ReportDiagnostic.Suppress)));
        });
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_a_file_convention_where_one_peer_rule_is_off_and_another_raised() => new Verify.Test
    {
        // The raised rule is the word that counts: the project asks for ConfigureAwait, through another peer.
        Sources = { FileConventionOnly[0], FileConventionOnly[1] },
        EditorConfig = "dotnet_diagnostic.CA2007.severity = none\ndotnet_diagnostic.VSTHRD111.severity = warning",
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage("'FlushAsync' is awaited without ConfigureAwait(false), unlike 3 of this file's 4 awaits: the code after it resumes on the caller's SynchronizationContext"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_a_library_whose_own_awaits_are_configured_even_where_the_project_turns_a_peer_rule_off() => new Verify.Test
    {
        // NetDaemon's client library configures 67 of its 89 awaits under the same CA2007 = none: its habit is the convention.
        TestCode = Usings + """
            class Connection
            {
                async Task RunAsync(Stream stream)
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                    await Task.Delay(1).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                    await {|#0:stream.FlushAsync()|};
                }
            }
            """,
        EditorConfig = "dotnet_diagnostic.CA2007.severity = none",
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage("'FlushAsync' is awaited without ConfigureAwait(false), unlike 3 of this library's 4 awaits: the code after it resumes on the caller's SynchronizationContext"),
        },
    }.RunAsync();

    [Fact]
    public Task Flags_every_unconfigured_await_where_the_option_says_always_even_in_an_application() => new Verify.Test
    {
        TestCode = Usings + """
            class Program
            {
                static async Task Main()
                {
                    await [|Task.Delay(1)|];
                    await Task.Yield();
                }
            }
            """,
        OutputKind = OutputKind.ConsoleApplication,
        EditorConfig = "threadwise.tw501_require_configure_await = always",
    }.RunAsync();

    [Fact]
    public Task Flags_with_the_option_message_where_the_option_says_always() => new Verify.Test
    {
        TestCode = Usings + """
            class Client
            {
                async Task RunAsync() => await {|#0:Task.Delay(1)|};
            }
            """,
        EditorConfig = "threadwise.tw501_require_configure_await = always",
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage("'Delay' is awaited without ConfigureAwait(false), which this project requires (threadwise.tw501_require_configure_await)"),
        },
    }.RunAsync();

    [Theory]
    // nats.net makes VSTHRD111 an error for every project, and its JetStream library, which does not reference the VS
    // threading analyzers, forgot ConfigureAwait(false) in files that configure 8 of their 14 awaits: the project's word
    // and a majority of the file's awaits agree.
    [InlineData("VSTHRD111", "error")]
    [InlineData("CA2007", "warning")]
    [InlineData("MA0004", "error")]
    [InlineData("S3216", "warning")]
    public Task Flags_a_file_whose_awaits_are_mostly_configured_where_a_peer_ConfigureAwait_rule_is_raised(string rule, string severity) => new Verify.Test
    {
        TestCode = Usings + """
            class Consumer
            {
                async Task RunAsync(Stream stream)
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                    await Task.Delay(1).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                    await {|#0:stream.FlushAsync()|};
                    await [|Task.Delay(2)|];
                }
            }
            """,
        EditorConfig = "dotnet_diagnostic." + rule + ".severity = " + severity,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0).WithMessage("'FlushAsync' is awaited without ConfigureAwait(false), unlike 3 of this library's 5 awaits: the code after it resumes on the caller's SynchronizationContext"),
        },
    }.RunAsync();

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_library_whose_awaits_mostly_do_not_use_ConfigureAwait() => Verify.VerifyAnalyzerAsync(Usings + """
        // The library's own convention decides (FluentFTP: 8 of 614 awaits configured). Its maintainers did not adopt
        // ConfigureAwait(false); 'threadwise.tw501_require_configure_await = always' adopts it.
        class Client
        {
            async Task RunAsync(Stream stream)
            {
                await stream.FlushAsync().ConfigureAwait(false);
                await stream.FlushAsync();
                await Task.Delay(1);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_file_that_leaves_most_of_its_awaits_unconfigured_in_a_library_that_configures_them() => new Verify.Test
    {
        Sources =
        {
            Usings + Convention + MoreConvention,
            Usings + """
                // The Actions runner's SDK configures 149 of its 201 awaits, but its newer results client none of its 33:
                // the file's authors do not write ConfigureAwait, and its one consumer is a console application.
                class ResultsClient
                {
                    async Task UploadAsync(Stream content, Stream target)
                    {
                        await content.CopyToAsync(target);
                        await target.FlushAsync();
                        await target.FlushAsync().ConfigureAwait(false);
                        await Task.Delay(1);
                    }
                }
                """,
        },
    }.RunAsync();

    [Fact]
    public Task Ignores_a_library_that_leaves_more_than_a_third_of_its_awaits_unconfigured() => Verify.VerifyAnalyzerAsync(Usings + """
        // NetDaemon's app model configures 15 of its 26 awaits: with more than a third resuming on the caller's
        // context, the missing ones are a habit, not an oversight.
        class Application
        {
            async Task StartAsync(Stream state, Stream log)
            {
                await state.FlushAsync().ConfigureAwait(false);
                await log.FlushAsync().ConfigureAwait(false);
                await Task.Delay(1).ConfigureAwait(false);
                await Task.Delay(2).ConfigureAwait(false);
                await state.FlushAsync();
                await log.FlushAsync();
                await Task.Delay(3);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_file_that_configures_only_a_bare_majority_where_the_library_has_no_convention() => new Verify.Test
    {
        Sources =
        {
            Usings + """
                class Runtime
                {
                    async Task StartAsync(Stream stream)
                    {
                        await stream.FlushAsync().ConfigureAwait(false);
                        await Task.Delay(1).ConfigureAwait(false);
                        await stream.FlushAsync().ConfigureAwait(false);
                        await stream.FlushAsync();
                        await Task.Delay(2);
                    }
                }
                """,
            Usings + """
                class Host
                {
                    async Task RunAsync(Stream stream)
                    {
                        await stream.FlushAsync();
                        await stream.FlushAsync();
                    }
                }
                """,
        },
    }.RunAsync();

    [Theory]
    // A repository-wide rule reaches its tests too; TW501 leaves tests, UI and ASP.NET Core code alone whatever it says.
    [InlineData("xunit.core")]
    [InlineData("Microsoft.AspNetCore.Http.Abstractions")]
    public Task Ignores_a_raised_peer_rule_in_tests_and_host_bound_code(string reference) => new Verify.Test
    {
        TestCode = Usings + BareMajority.Replace("class Consumer", "class ClientTests"),
        EditorConfig = "dotnet_diagnostic.VSTHRD111.severity = error",
        AdditionalReferences = { TestReferences.EmptyAssembly(reference) },
    }.RunAsync();

    [Theory]
    // Only warning and error declare the convention; RCS1090's option may ask to remove ConfigureAwait(false) instead.
    [InlineData("dotnet_diagnostic.CA2007.severity = suggestion")]
    [InlineData("dotnet_diagnostic.VSTHRD111.severity = none")]
    [InlineData("dotnet_diagnostic.RCS1090.severity = warning")]
    public Task Ignores_peer_rules_that_do_not_declare_the_convention(string line) => new Verify.Test
    {
        TestCode = Usings + BareMajority,
        EditorConfig = line,
    }.RunAsync();

    [Fact]
    public Task Ignores_a_library_whose_own_habit_is_not_to_configure_even_where_a_peer_rule_is_raised() => new Verify.Test
    {
        TestCode = Usings + """
            // nats.net's JetStream library configures 54 of its 161 awaits although the repository raises VSTHRD111:
            // the setting is not enforced there (no VS threading analyzers), and the code's habit says otherwise.
            class OrderedConsumer
            {
                async Task RecreateAsync(Stream stream)
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                    await Task.Delay(1).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                    await stream.FlushAsync();
                    await Task.Delay(2);
                    await Task.Delay(3);
                }
            }
            """,
        EditorConfig = "dotnet_diagnostic.VSTHRD111.severity = error",
    }.RunAsync();

    [Fact]
    public Task Ignores_code_with_fewer_than_three_configured_awaits() => Verify.VerifyAnalyzerAsync(Usings + """
        // Two of three is no habit yet: the file has not adopted the convention.
        class Client
        {
            async Task RunAsync(Stream stream)
            {
                await stream.FlushAsync().ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
                await stream.FlushAsync();
            }
        }
        """);

    [Theory]
    // eShopOnContainers#515 and Xabaril/AspNetCore.Diagnostics.HealthChecks#2035: CA2007 noise in ASP.NET Core code,
    // which has no SynchronizationContext; dotnet/aspnetcore#39946 turns CA2007 off for projects that only run there;
    // bitfoundation/bitplatform#421: a Blazor component library suppressed it globally.
    [InlineData("Microsoft.AspNetCore.Http.Abstractions")]
    [InlineData("Microsoft.AspNetCore.Components")]
    // UI code needs its context back: ConfigureAwait(false) there is a bug, not a fix.
    [InlineData("System.Windows.Forms")]
    [InlineData("PresentationFramework")]
    [InlineData("Avalonia.Base")]
    [InlineData("Microsoft.Maui.Controls")]
    // github/VisualStudio#2119: VS SDK code should not heed CA2007 (it switches to VS's main thread itself).
    [InlineData("Microsoft.VisualStudio.Shell.15.0")]
    public Task Ignores_libraries_bound_to_a_UI_or_ASP_NET_Core_host(string hostAssembly) => new Verify.Test
    {
        TestCode = Usings + """
            class Component
            {
                async Task LoadAsync(Stream stream) => await stream.FlushAsync();
            }
            """ + Convention,
        AdditionalReferences = { TestReferences.EmptyAssembly(hostAssembly) },
    }.RunAsync();

    [Theory]
    // xunit/xunit#2628 and xUnit1030: test methods should not call ConfigureAwait(false) (it escapes the runner's
    // parallelism limit); WalletWasabi#4147 removed it from tests; Particular/ServiceControl#4373 turns CA2007 off for tests.
    [InlineData("xunit.core")]
    [InlineData("xunit.v3.core")]
    [InlineData("nunit.framework")]
    [InlineData("Microsoft.VisualStudio.TestPlatform.TestFramework")]
    [InlineData("TUnit.Core")]
    public Task Ignores_test_projects_even_where_most_awaits_are_configured(string testFramework) => new Verify.Test
    {
        TestCode = Usings + """
            class ClientTests
            {
                public async Task Reads() => await Task.Delay(1);
            }
            """ + Convention,
        AdditionalReferences = { TestReferences.EmptyAssembly(testFramework) },
    }.RunAsync();

    [Theory]
    // Xabaril/AspNetCore.Diagnostics.HealthChecks#2035: ConfigureAwait(false) reverted for the executables, kept for libraries.
    [InlineData(OutputKind.ConsoleApplication)]
    [InlineData(OutputKind.WindowsApplication)]
    public Task Ignores_executables_even_where_most_awaits_are_configured(OutputKind kind) => new Verify.Test
    {
        TestCode = Usings + """
            class Program
            {
                static async Task Main() => await Task.Delay(1);
            }
            """ + Convention,
        OutputKind = kind,
    }.RunAsync();

    [Fact]
    public Task Ignores_Task_Yield_and_awaitables_without_ConfigureAwait() => Verify.VerifyAnalyzerAsync(Usings + """
        // cincuranet/ConfigureAwaitChecker#9: Task.Yield() returns YieldAwaitable, which has no ConfigureAwait.
        readonly struct Tick
        {
            public TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter();
        }

        class Scheduler
        {
            async Task RunAsync(Tick tick, dynamic anything)
            {
                await Task.Yield();
                await tick;
                await anything;
            }
        }
        """ + Convention);

    [Fact]
    public Task Ignores_explicit_ConfigureAwait_true_and_ConfigureAwaitOptions() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            async Task RunAsync(Task work, Task<int> value, bool onContext)
            {
                await work.ConfigureAwait(true);
                await work.ConfigureAwait(onContext);
                // dotnet/roslynator#1564: RCS1090 flagged ConfigureAwaitOptions.ForceYielding.
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await work.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.ForceYielding);
                await value.ConfigureAwait(continueOnCapturedContext: false);
            }
        }
        """ + Convention);

    /// <summary>Stateless: every configured await passes the user's setting, none writes ConfigureAwait(false).</summary>
    private const string SettingConvention = """
        public class StateMachine
        {
            private readonly bool _retainSynchronizationContext;

            public StateMachine(bool retainSynchronizationContext) => _retainSynchronizationContext = retainSynchronizationContext;

            public async Task FireAsync(Stream s, byte[] b)
            {
                await s.FlushAsync().ConfigureAwait(_retainSynchronizationContext);
                await s.WriteAsync(b, 0, 1).ConfigureAwait(_retainSynchronizationContext);
                await Task.Delay(1).ConfigureAwait(_retainSynchronizationContext);
                await s.FlushAsync().ConfigureAwait(_retainSynchronizationContext);
            }
        }
        """;

    [Fact]
    public Task Ignores_a_library_whose_awaits_pass_a_setting_to_ConfigureAwait() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Guards
        {
            // Guard conditions are the user's code: ConfigureAwait(false) here would override a user who asked to
            // retain the context; the library's convention is its setting, not false.
            public async Task<bool> IsPermittedAsync(Func<Task<bool>> guard) => await guard();
        }
        """ + SettingConvention);

    [Fact]
    public Task Ignores_a_file_whose_awaits_pass_a_setting_to_ConfigureAwait() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Guards
        {
            public async Task<bool> IsPermittedAsync(Func<Task<bool>> guard, Stream s)
            {
                await s.FlushAsync().ConfigureAwait(false);
                return await guard();
            }
        }
        """ + SettingConvention);

    [Fact]
    public Task Flags_a_bare_await_where_ConfigureAwait_false_is_the_convention_beside_a_setting() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            public async Task RunAsync(Stream stream, bool retainContext)
            {
                await stream.FlushAsync().ConfigureAwait(retainContext);
                await {|#0:stream.FlushAsync()|};
            }
        }
        """ + Convention,
        Verify.Diagnostic().WithLocation(0).WithMessage("'FlushAsync' is awaited without ConfigureAwait(false), unlike 3 of this library's 4 awaits: the code after it resumes on the caller's SynchronizationContext"));

    // Akka.NET runs an actor's async handlers on the actor's own task scheduler: ConfigureAwait(false) inside the actor
    // would resume outside it and touch the actor's state concurrently (Akka's documentation says not to).
    private const string AkkaActors = """

        namespace Akka.Actor
        {
            public abstract class ActorBase { }
            public abstract class ReceiveActor : ActorBase
            {
                protected void ReceiveAsync<T>(System.Func<T, System.Threading.Tasks.Task> handler) { }
            }
        }
        """;

    [Fact]
    public Task Ignores_awaits_inside_Akka_actors() => Verify.VerifyAnalyzerAsync(Usings + """
        internal sealed class ConsumerController : Akka.Actor.ReceiveActor
        {
            private int _delivered;

            public ConsumerController(Stream stream)
            {
                ReceiveAsync<byte[]>(async message =>
                {
                    await stream.WriteAsync(message, 0, message.Length);
                    _delivered++;
                });
            }

            private async Task StopAsync(Stream stream)
            {
                await stream.FlushAsync();
                _delivered = 0;
            }
        }
        """ + Convention + MoreConvention + AkkaActors);

    [Fact]
    public Task Flags_awaits_outside_actors_in_an_actor_library() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class Futures
        {
            public static async Task<object> Ask(Task<object> promise) => await {|#0:promise|};
        }
        """ + Convention + AkkaActors,
        Verify.Diagnostic().WithLocation(0).WithMessage("'promise' is awaited without ConfigureAwait(false), unlike 3 of this library's 4 awaits: the code after it resumes on the caller's SynchronizationContext"));

    [Fact]
    public Task Ignores_await_using_of_in_memory_resources() => Verify.VerifyAnalyzerAsync(Usings + """
        class Buffers
        {
            // meziantou/Meziantou.Analyzer#1057: MA0004 asked to configure the disposal of a MemoryStream, which
            // completes synchronously: nothing resumes anywhere.
            public static async Task<byte[]> ToArrayAsync(Stream stream)
            {
                await using var memoryStream = new MemoryStream();
                await stream.CopyToAsync(memoryStream).ConfigureAwait(false);
                await using (var writer = new StringWriter())
                {
                }

                return memoryStream.ToArray();
            }
        }
        """ + Convention);

    [Fact]
    public Task Ignores_await_using_in_a_library_that_configures_none_of_its_await_usings() => Verify.VerifyAnalyzerAsync(Usings + """
        // CliWrap configures its awaits but none of its nine 'await using' statements: a habit of its own (configuring a
        // disposal means splitting the declaration; Meziantou.Analyzer#1057 asks for that form to be left alone).
        static class Pipes
        {
            static async Task CopyAsync(Stream source, Stream target, CancellationToken ct)
            {
                await using (source)
                await using (target)
                {
                    await source.CopyToAsync(target, ct).ConfigureAwait(false);
                }
            }
        }
        """ + Convention);

    [Fact]
    public Task Ignores_configured_await_foreach_and_await_using() => Verify.VerifyAnalyzerAsync(Usings + """
        class Reader
        {
            async Task<int> CountAsync(IAsyncEnumerable<int> rows, Stream file, CancellationToken ct)
            {
                var count = 0;
                await foreach (var row in rows.ConfigureAwait(false)) { count += row; }
                await foreach (var row in rows.ConfigureAwait(false).WithCancellation(ct)) { count += row; }
                await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false)) { count += row; }
                await using (file.ConfigureAwait(false)) { }
                await using var configured = file.ConfigureAwait(false);
                return count;
            }
        }
        """ + Convention);

    [Fact]
    public Task Ignores_awaits_of_tasks_already_completed() => Verify.VerifyAnalyzerAsync(Usings + """
        class Cache
        {
            async Task<int> GetAsync(Task<int> load)
            {
                await Task.CompletedTask;
                var cached = await Task.FromResult(1);
                var value = await load.ConfigureAwait(false);
                return cached + value + await load;
            }
        }
        """ + Convention);

    // socket.io's receive buffer: writes into a local MemoryStream finish before they return; the await never suspends.
    [Fact]
    public Task Ignores_reads_and_writes_of_in_memory_streams_and_flags_a_copy_out_of_one() => Verify.VerifyAnalyzerAsync(Usings + """
        class Receiver
        {
            async Task<byte[]> ReceiveAsync(byte[] chunk, Stream network)
            {
                using var buffer = new MemoryStream();
                await buffer.WriteAsync(chunk, 0, chunk.Length);
                buffer.Position = 0;
                await [|buffer.CopyToAsync(network)|];
                return buffer.ToArray();
            }
        }
        """ + Convention + MoreConvention);

    [Fact]
    public Task Ignores_awaits_in_delegates_that_run_on_the_thread_pool() => Verify.VerifyAnalyzerAsync(Usings + """
        // StackExchange.Redis runs a health check with '_ = Task.Run(async () => await CheckAsync(this))': a pool thread
        // has no SynchronizationContext to capture, so ConfigureAwait(false) changes nothing there.
        class Multiplexer
        {
            void OnConnectionFailed(Stream stream, int[] shards)
            {
                _ = Task.Run(async () =>
                {
                    await stream.FlushAsync();
                    await Task.Delay(1);
                });
                _ = Parallel.ForEachAsync(shards, async (shard, ct) => await Task.Delay(shard, ct));
            }
        }
        """ + Convention + MoreConvention);

    [Fact]
    public Task Ignores_files_where_the_option_says_never() => new Verify.Test
    {
        TestCode = Usings + """
            class Client
            {
                async Task RunAsync(Stream stream) => await stream.FlushAsync();
            }
            """ + Convention,
        EditorConfig = "threadwise.tw501_require_configure_await = never",
    }.RunAsync();

    [Fact]
    public Task Ignores_awaits_where_a_peer_rule_is_suppressed_locally() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics.CodeAnalysis;

        class Dispatcher
        {
        #pragma warning disable CA2007 // resumes on the caller's context on purpose: raises the caller's events there
            async Task RaiseAsync(Stream stream) => await stream.FlushAsync();
        #pragma warning restore CA2007

            [SuppressMessage("Reliability", "VSTHRD111", Justification = "the caller's context is needed")]
            async Task NotifyAsync(Stream stream) => await stream.FlushAsync();
        }
        """ + Convention);

    [Fact]
    public Task Ignores_pattern_based_async_disposal_and_struct_resources() => Verify.VerifyAnalyzerAsync(Usings + """
        class Lease
        {
            public ValueTask DisposeAsync() => default;
        }

        struct Handle : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => default;
        }

        class Pool
        {
            async Task UseAsync(Lease lease, Handle handle)
            {
                await using (lease) { }
                await using (handle) { }
            }
        }
        """ + Convention);

    [Fact]
    public Task Ignores_generated_code() => Verify.VerifyAnalyzerAsync("// <auto-generated/>\n" + Usings + """
        class Generated
        {
            async Task RunAsync(Stream stream) => await stream.FlushAsync();
        }
        """ + Convention);

    // ---- fix -------------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_appends_ConfigureAwait_false_with_parentheses_where_the_operand_needs_them() => Verify.VerifyCodeFixAsync(Usings + """
        class Client
        {
            async Task<int> RunAsync(Task<int> a, Task<int>? b, Func<Task> start)
            {
                await [|start()|];
                var n = await [|(b ?? a)|];
                return n + await [|a|] /* the value */;
            }
        }
        """ + Convention + MoreConvention, Usings + """
        class Client
        {
            async Task<int> RunAsync(Task<int> a, Task<int>? b, Func<Task> start)
            {
                await start().ConfigureAwait(false);
                var n = await (b ?? a).ConfigureAwait(false);
                return n + await a.ConfigureAwait(false) /* the value */;
            }
        }
        """ + Convention + MoreConvention);

    [Fact]
    public Task Fix_configures_nested_awaits_and_await_foreach_collections() => Verify.VerifyCodeFixAsync(Usings + """
        class Reader
        {
            async Task<int> CountAsync(IAsyncEnumerable<int> rows, Func<int, Task<int>> map, CancellationToken ct)
            {
                var count = await [|map(await [|map(1)|])|];
                await foreach (var row in [|rows|])
                {
                    count += row;
                }

                await foreach (var row in [|rows.WithCancellation(ct)|])
                {
                    count += row;
                }

                return count;
            }
        }
        """ + Convention + MoreConvention + ConfiguredConstructs, Usings + """
        class Reader
        {
            async Task<int> CountAsync(IAsyncEnumerable<int> rows, Func<int, Task<int>> map, CancellationToken ct)
            {
                var count = await map(await map(1).ConfigureAwait(false)).ConfigureAwait(false);
                await foreach (var row in rows.ConfigureAwait(false))
                {
                    count += row;
                }

                await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
                {
                    count += row;
                }

                return count;
            }
        }
        """ + Convention + MoreConvention + ConfiguredConstructs);

    [Fact]
    public Task Fix_configures_await_using_and_keeps_the_variable_type() => Verify.VerifyCodeFixAsync(Usings + """
        class Writer
        {
            // dotnet/roslyn-analyzers#5530 and #6880: CA2007's fix wrote 'await using var s = x.ConfigureAwait(false)',
            // which makes 's' a ConfiguredAsyncDisposable and breaks its uses.
            async Task SaveAsync(string path, IAsyncDisposable lease)
            {
                await using var file = [|File.Create(path)|];
                await using (var other = [|File.Create(path + ".bak")|])
                {
                    await other.FlushAsync().ConfigureAwait(false);
                }

                await using ([|lease|])
                {
                    await file.FlushAsync().ConfigureAwait(false);
                }
            }
        }
        """ + Convention + MoreConvention + ConfiguredConstructs, Usings + """
        class Writer
        {
            // dotnet/roslyn-analyzers#5530 and #6880: CA2007's fix wrote 'await using var s = x.ConfigureAwait(false)',
            // which makes 's' a ConfiguredAsyncDisposable and breaks its uses.
            async Task SaveAsync(string path, IAsyncDisposable lease)
            {
                var file = File.Create(path);
                await using var configuredFile = file.ConfigureAwait(false);
                var other = File.Create(path + ".bak");
                await using (other.ConfigureAwait(false))
                {
                    await other.FlushAsync().ConfigureAwait(false);
                }

                await using (lease.ConfigureAwait(false))
                {
                    await file.FlushAsync().ConfigureAwait(false);
                }
            }
        }
        """ + Convention + MoreConvention + ConfiguredConstructs);

    [Fact]
    public Task Fix_is_not_offered_for_an_await_using_of_several_variables() => Verify.VerifyCodeFixAsync(Usings + """
        class Writer
        {
            async Task SaveAsync(string path)
            {
                await using (FileStream a = [|File.Create(path)|], b = [|File.Create(path + "2")|])
                {
                }
            }
        }
        """ + Convention + MoreConvention + ConfiguredConstructs, Usings + """
        class Writer
        {
            async Task SaveAsync(string path)
            {
                await using (FileStream a = [|File.Create(path)|], b = [|File.Create(path + "2")|])
                {
                }
            }
        }
        """ + Convention + MoreConvention + ConfiguredConstructs);

    [Fact]
    public Task Fix_All_output_has_nothing_left_to_fix() => Verify.VerifyAnalyzerAsync(Usings + """
        class Writer
        {
            async Task<int> SaveAsync(string path, IAsyncEnumerable<int> rows, Func<int, Task<int>> map)
            {
                var file = File.Create(path);
                await using var configuredFile = file.ConfigureAwait(false);
                var count = await map(await map(1).ConfigureAwait(false)).ConfigureAwait(false);
                await foreach (var row in rows.ConfigureAwait(false))
                {
                    count += row;
                }

                return count;
            }
        }
        """ + Convention + MoreConvention + ConfiguredConstructs);
}
