using Verify103 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;
using Verify104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;
using Verify304 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW304DroppedTaskAnalyzer>;
using Verify501 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW501ConfigureAwaitAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Test support that a library ships for its users' tests — a namespace named <c>Testing</c> or <c>TestKit</c>
/// (MassTransit's harnesses and bus activity indicators), a type named <c>Test</c> and a capital letter (Akka.NET's
/// <c>TestTransport</c>) — runs inside test suites, not on production paths: not reported, like debug-only code.
/// Look-alikes (<c>Tests</c>, <c>Testcontainers</c>, <c>Testimonial</c>, <c>Testing2</c>, a method named <c>Test…</c>) are.
/// </summary>
public class TestSupportCodeTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // A listener that dumps its timeline synchronously when it is disposed asynchronously (MassTransit's TestActivityListener).
    private static string Listener(string space, string call) => Usings + $$"""
        namespace {{space}}
        {
            public sealed class ActivityListener
            {
                private readonly TextWriter _output;

                public ActivityListener(TextWriter output) => _output = output;

                public async ValueTask DisposeAsync()
                {
                    await Task.Yield();
                    {{call}};
                }

                private void WriteTimeline() => _output.WriteLine("timeline");
            }
        }
        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_waits_in_a_Testing_namespace_and_in_Test_types() => Verify103.VerifyAnalyzerAsync(Usings + """
        namespace Bus.Testing
        {
            public sealed class HarnessRoutes
            {
                public string[] Fetch(Func<Task<string[]>> routes) => routes().GetAwaiter().GetResult();
            }
        }

        namespace Remote.Transport
        {
            public sealed class TestTransport
            {
                private readonly TaskCompletionSource<bool> _gate = new TaskCompletionSource<bool>();

                public void Write(byte[] payload) => Hold(payload);

                private void Hold(byte[] payload)
                {
                    _gate.Task.Wait();
                }

                public sealed class Behavior
                {
                    public bool Pass(Task<bool> decision) => decision.Result;
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_blocking_helpers_in_a_TestKit_namespace() => Verify104.VerifyAnalyzerAsync(Listener("Bus.TestKit", "WriteTimeline()"));

    [Fact]
    public Task Ignores_dropped_tasks_in_a_Testing_namespace() => Verify304.VerifyAnalyzerAsync(Usings + """
        namespace Bus.Testing.Implementations
        {
            public interface IConditionObserver { Task ConditionUpdated(); }

            public sealed class ConsumeIndicator
            {
                private readonly IConditionObserver _observer;

                public ConsumeIndicator(IConditionObserver observer) => _observer = observer;

                public void OnConsumed()
                {
                    _observer.ConditionUpdated();
                }
            }
        }
        """);

    [Fact]
    public Task Ignores_unconfigured_awaits_in_a_test_harness() => Verify501.VerifyAnalyzerAsync(TW501ConfigureAwaitTests.Usings + """
        namespace Bus.Testing
        {
            public sealed class BusTestHarness
            {
                public async Task StartAsync(Stream stream) => await stream.FlushAsync();
            }
        }
        """ + TW501ConfigureAwaitTests.Convention);

    // ---- must flag -------------------------------------------------------------------------------------------

    // Akka.NET's TestTransport.cs also declares the gate behaviour only TestTransport uses.
    [Fact]
    public Task Ignores_waits_in_types_declared_in_a_Test_file() => new Verify103.Test
    {
        TestState =
        {
            Sources =
            {
                ("/src/Remote/Transport/TestTransport.cs", Usings + """
                    namespace Remote.Transport
                    {
                        public class SwitchableLoggedBehavior
                        {
                            public Func<byte[], bool> PushDelayed(Func<byte[], bool> original)
                            {
                                var controlPromise = new TaskCompletionSource<bool>();
                                return payload =>
                                {
                                    controlPromise.Task.Wait();
                                    return original(payload);
                                };
                            }
                        }
                    }
                    """),
            },
        },
    }.RunAsync();

    [Fact]
    public Task Flags_waits_in_files_named_like_tests_without_a_capital_or_in_a_test_folder() => new Verify103.Test
    {
        TestState =
        {
            Sources =
            {
                ("/src/Shop/Testimonials.cs", Usings + """
                    namespace Shop
                    {
                        public sealed class Quotes
                        {
                            public string Load(Func<Task<string>> load) => [|load().Result|];
                        }
                    }
                    """),
                ("/src/TestHarness/Checkout.cs", Usings + """
                    namespace Shop
                    {
                        public sealed class Checkout
                        {
                            public string Load(Func<Task<string>> load) => [|load().Result|];
                        }
                    }
                    """),
                ("/src/Shop/TestTransport.cs", Usings + """
                    namespace Shop
                    {
                        public sealed partial class Basket
                        {
                            public string Load(Func<Task<string>> load) => [|load().Result|];
                        }
                    }
                    """),
                ("/src/Shop/Basket.cs", Usings + """
                    namespace Shop
                    {
                        public sealed partial class Basket
                        {
                            public void Clear() { }
                        }
                    }
                    """),
            },
        },
    }.RunAsync();

    [Fact]
    public Task Flags_waits_in_look_alike_namespaces_and_types() => Verify103.VerifyAnalyzerAsync(Usings + """
        namespace Shop.Tests
        {
            public sealed class Checkout
            {
                public string Load(Func<Task<string>> load) => [|load().GetAwaiter().GetResult()|];
            }
        }

        namespace Shop.Testing2
        {
            public sealed class TestcontainersClient
            {
                public string Load(Func<Task<string>> load) => [|load().Result|];
            }

            public sealed class Testimonial
            {
                public void TestConnection(Task ping) => [|ping.Wait()|];
            }
        }
        """);

    [Fact]
    public Task Flags_blocking_helpers_outside_test_support() => Verify104.VerifyAnalyzerAsync(Listener("Bus.Observability", "[|WriteTimeline()|]"));

    [Fact]
    public Task Flags_dropped_tasks_in_a_Tester_type() => Verify304.VerifyAnalyzerAsync(Usings + """
        namespace Bus.Indicators
        {
            public interface IConditionObserver { Task ConditionUpdated(); }

            public sealed class Tester
            {
                private readonly IConditionObserver _observer;

                public Tester(IConditionObserver observer) => _observer = observer;

                public void OnConsumed()
                {
                    [|_observer.ConditionUpdated()|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_unconfigured_awaits_in_a_harness_outside_test_support() => Verify501.VerifyAnalyzerAsync(TW501ConfigureAwaitTests.Usings + """
        namespace Bus.Hosting
        {
            public sealed class BusHarness
            {
                public async Task StartAsync(Stream stream) => await [|stream.FlushAsync()|];
            }
        }
        """ + TW501ConfigureAwaitTests.Convention);
}
