using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Threadwise.Semantics;
using VerifyTW102 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Semantics;

/// <summary><see cref="KnownTypes.IsAwaitable"/>: the task family, an instance GetAwaiter, or an extension GetAwaiter.</summary>
public class AwaitableTests
{
    // A protocol client whose operations return a handle that only an extension method makes awaitable.
    private const string ClientWithAwaitableOperation = """
        using System;
        using System.Runtime.CompilerServices;
        using System.Threading.Tasks;

        namespace Mqtt.Client
        {
            public sealed class PublishOperation
            {
                internal Task Completion { get; } = Task.CompletedTask;
            }

            public static class OperationAwaiting
            {
                public static TaskAwaiter GetAwaiter(this PublishOperation operation) => operation.Completion.GetAwaiter();
            }

            public class Broker { }
            public sealed class Cluster : Broker { }

            public static class BrokerAwaiting
            {
                public static TaskAwaiter GetAwaiter(this Broker broker) => Task.CompletedTask.GetAwaiter();
            }

            public sealed class Session
            {
                public void Flush() => System.Threading.Thread.Sleep(1);
                public PublishOperation FlushAsync() => new PublishOperation();
            }
        }
        """;

    private static ITypeSymbol Type(Compilation compilation, string metadataName) =>
        compilation.GetTypeByMetadataName(metadataName) ?? throw new InvalidOperationException(metadataName);

    private static (KnownTypes Types, Compilation Compilation) Compile(string source, params MetadataReference[] references)
    {
        var compilation = CSharpCompilation.Create(
            "TestProject",
            [CSharpSyntaxTree.ParseText(source)],
            [.. TestCompilation.References, .. references],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return (KnownTypes.Create(compilation), compilation);
    }

    [Fact]
    public void An_extension_GetAwaiter_in_source_makes_its_receiver_and_derived_types_awaitable()
    {
        var (types, compilation) = Compile(ClientWithAwaitableOperation);

        Assert.True(types.IsAwaitable(Type(compilation, "Mqtt.Client.PublishOperation")));
        Assert.True(types.IsAwaitable(Type(compilation, "Mqtt.Client.Cluster")));
        Assert.False(types.IsAwaitable(Type(compilation, "Mqtt.Client.Session")));
        Assert.False(types.IsAwaitable(compilation.GetSpecialType(SpecialType.System_Void)));
        Assert.False(types.IsAwaitable(compilation.GetSpecialType(SpecialType.System_String)));
    }

    [Fact]
    public void A_public_extension_GetAwaiter_in_a_reference_makes_its_receiver_awaitable_and_an_internal_one_does_not()
    {
        var publicAwaiting = TestReferences.Library("Threading.Extras", """
            using System;
            using System.Runtime.CompilerServices;
            using System.Threading.Tasks;

            namespace Threading.Extras
            {
                public static class AwaitExtensions
                {
                    public static TaskAwaiter GetAwaiter(this TimeSpan delay) => Task.Delay(delay).GetAwaiter();
                }

                internal static class HiddenAwaitExtensions
                {
                    public static TaskAwaiter GetAwaiter(this Version version) => Task.CompletedTask.GetAwaiter();
                }
            }
            """);
        var (types, compilation) = Compile("class C { }", publicAwaiting);

        Assert.True(types.IsAwaitable(Type(compilation, "System.TimeSpan")));
        Assert.False(types.IsAwaitable(Type(compilation, "System.Version")));
        Assert.False(types.IsAwaitable(Type(compilation, "System.DateTime")));
    }

    [Fact]
    public void A_generic_extension_GetAwaiter_applies_to_every_construction_of_its_receiver()
    {
        var (types, compilation) = Compile("""
            using System;
            using System.Runtime.CompilerServices;
            using System.Threading.Tasks;

            static class LazyAwaiting
            {
                public static TaskAwaiter<T> GetAwaiter<T>(this Lazy<T> lazy) => Task.FromResult(lazy.Value).GetAwaiter();
            }
            """);
        var lazyOfInt = ((INamedTypeSymbol)Type(compilation, "System.Lazy`1")).Construct(compilation.GetSpecialType(SpecialType.System_Int32));

        Assert.True(types.IsAwaitable(lazyOfInt));
        Assert.False(types.IsAwaitable(Type(compilation, "System.WeakReference`1")));
    }

    // ---- through a rule: an async counterpart that returns a handle awaitable by extension ----------------------

    [Fact]
    public Task TW102_suggests_a_counterpart_whose_result_an_extension_GetAwaiter_makes_awaitable() => VerifyTW102.VerifyAnalyzerAsync(
        ClientWithAwaitableOperation + """

        namespace Telemetry
        {
            using System.Threading.Tasks;
            using Mqtt.Client;

            class Publisher
            {
                async Task PublishAsync(Session session)
                {
                    await Task.Yield();
                    [|session.Flush()|];
                }
            }
        }
        """);

    [Fact]
    public Task TW102_ignores_a_counterpart_whose_result_is_not_awaitable() => VerifyTW102.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;

        namespace Legacy.Queue
        {
            public sealed class PendingWrite { }

            public sealed class Session
            {
                public void Flush() { }
                public PendingWrite FlushAsync() => new PendingWrite();
            }

            class Publisher
            {
                async Task PublishAsync(Session session)
                {
                    await Task.Yield();
                    session.Flush();
                }
            }
        }
        """);

    [Fact]
    public Task TW102_ignores_a_counterpart_made_awaitable_only_by_an_extension_the_code_cannot_see() => new VerifyTW102.Test
    {
        TestCode = """
            using System.Threading.Tasks;
            using Vendor.Queue;

            class Publisher
            {
                async Task PublishAsync(Session session)
                {
                    await Task.Yield();
                    session.Flush();
                }
            }
            """,
        AdditionalReferences =
        {
            TestReferences.Library("Vendor.Queue", """
                using System.Runtime.CompilerServices;
                using System.Threading.Tasks;

                namespace Vendor.Queue
                {
                    public sealed class PendingWrite { }

                    public sealed class Session
                    {
                        public void Flush() { }
                        public PendingWrite FlushAsync() => new PendingWrite();
                    }

                    internal static class PendingWriteAwaiting
                    {
                        public static TaskAwaiter GetAwaiter(this PendingWrite write) => Task.CompletedTask.GetAwaiter();
                    }
                }
                """),
        },
    }.RunAsync();
}
