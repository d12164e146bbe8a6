using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Threadwise.Semantics;
using VerifyTW202 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Cpu.TW202ParallelOnAsyncPathAnalyzer>;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// A type defined twice (a polyfill compiled into a library next to the framework's) must not turn rules off:
/// <see cref="TypeLookup.GetBestTypeByMetadataName"/> picks the type the analyzed code uses.
/// </summary>
public class TypeLookupTests
{
    // An older library that carries its own internal copies of framework types: Parallel (outside the core library, so
    // the plain lookup sees two candidates and answers null) and IAsyncDisposable (in the core library).
    private const string InternalPolyfills = """
        namespace System
        {
            internal interface IAsyncDisposable { System.Threading.Tasks.ValueTask DisposeAsync(); }
        }

        namespace System.Threading.Tasks
        {
            internal static class Parallel
            {
                public static void For(int from, int to, System.Action<int> body) { for (var i = from; i < to; i++) body(i); }
            }
        }

        namespace Legacy.Drivers
        {
            public static class Version { public const int Major = 1; }
        }
        """;

    // A library that exposes a public copy of a framework type (a compat shim).
    private const string PublicShim = """
        namespace System.Diagnostics.CodeAnalysis
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class DoesNotReturnAttribute : Attribute { }
        }
        """;

    private static readonly Lazy<MetadataReference> s_internalPolyfills = new(() => TestReferences.Library("Legacy.Polyfills", InternalPolyfills));

    private static CSharpCompilation Compile(string source, params MetadataReference[] references) =>
        CSharpCompilation.Create(
            "TestProject",
            [CSharpSyntaxTree.ParseText(source)],
            [.. TestCompilation.References, .. references],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static bool IsFromCoreLibrary(Compilation compilation, INamedTypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly);

    [Fact]
    public void Finds_the_accessible_type_when_a_reference_holds_an_internal_polyfill()
    {
        var compilation = Compile("class C { }", s_internalPolyfills.Value);

        // The plain lookup gives up on the duplicate: this is the case that turned TW202 and TW205 off.
        Assert.Null(compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel"));
        Assert.Equal("System.Threading.Tasks.Parallel", compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Parallel")?.ContainingAssembly.Name);
        Assert.True(IsFromCoreLibrary(compilation, compilation.GetBestTypeByMetadataName("System.IAsyncDisposable")));
    }

    [Fact]
    public void Prefers_the_core_library_over_public_copies_in_other_references()
    {
        var compilation = Compile("class C { }", TestReferences.Library("Compat.ShimA", PublicShim), TestReferences.Library("Compat.ShimB", PublicShim));

        Assert.True(IsFromCoreLibrary(compilation, compilation.GetBestTypeByMetadataName("System.Diagnostics.CodeAnalysis.DoesNotReturnAttribute")));
    }

    [Fact]
    public void Finds_no_type_when_two_references_outside_the_core_library_expose_it()
    {
        const string Duplicate = "namespace Vendor.Protocol { public sealed class Frame { } }";
        var compilation = Compile("class C { }", TestReferences.Library("Vendor.A", Duplicate), TestReferences.Library("Vendor.B", Duplicate));

        Assert.Null(compilation.GetBestTypeByMetadataName("Vendor.Protocol.Frame"));
    }

    [Fact]
    public void Prefers_the_compilations_own_declaration()
    {
        var compilation = Compile("""
            namespace System.Threading.Tasks
            {
                internal static class Parallel { }
            }
            """, s_internalPolyfills.Value);

        var type = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Parallel");
        Assert.NotNull(type);
        Assert.Same(compilation.Assembly, type.ContainingAssembly);
    }

    [Fact]
    public void Finds_nothing_for_a_type_no_assembly_defines_or_only_one_it_cannot_see()
    {
        var compilation = Compile("class C { }", s_internalPolyfills.Value);

        Assert.Null(compilation.GetBestTypeByMetadataName("Legacy.Drivers.Missing"));
        Assert.Null(Compile("class C { }", TestReferences.Library("Only.Internal", "namespace Vendor { internal class Hidden { } }"))
            .GetBestTypeByMetadataName("Vendor.Hidden"));
        Assert.NotNull(compilation.GetBestTypeByMetadataName("Legacy.Drivers.Version"));
    }

    [Theory]
    [InlineData("System.Threading.Tasks.Task`1")]
    [InlineData("System.Collections.Generic.Dictionary`2+Enumerator")]
    [InlineData("System.Environment+SpecialFolder")]
    [InlineData("System.Object")]
    [InlineData("Shop.Orders.Queue+Entry`1")]
    [InlineData("Shop.Orders.Queue`1")]
    [InlineData("Shop.Orders")]
    [InlineData("Shop.Missing.Type")]
    [InlineData("System.Threading.Tasks.Task`x")]
    [InlineData("NoNamespace")]
    public void Finds_the_same_types_as_GetTypesByMetadataName(string metadataName)
    {
        // Through the merged namespaces (generic arity, nested types, missing namespaces): the same answer as the slow way.
        var compilation = Compile("""
            namespace Shop.Orders
            {
                public class Queue { public class Entry<T> { } }
                public class Queue<T> { }
            }
            """);

        var expected = compilation.GetTypesByMetadataName(metadataName);
        var found = compilation.GetBestTypeByMetadataName(metadataName);
        Assert.Equal(expected.Length == 1 ? expected[0] : null, found, SymbolEqualityComparer.Default);
    }

    [Fact]
    public void Finds_a_type_in_a_reference_under_an_extern_alias()
    {
        var aliased = TestReferences.Library("Vendor.Aliased", "namespace Vendor.Aliased { public sealed class Client { } }")
            .WithAliases(["vendor"]);
        var compilation = Compile("class C { }", aliased);

        // The aliased assembly is outside the global namespace; GetTypesByMetadataName still sees it, and so must this.
        Assert.Equal("Vendor.Aliased", compilation.GetBestTypeByMetadataName("Vendor.Aliased.Client")?.ContainingAssembly.Name);
    }

    // ---- rules keep working next to polyfills ----------------------------------------------------------------

    [Fact]
    public Task TW202_still_flags_Parallel_For_when_a_reference_carries_an_internal_Parallel() => new VerifyTW202.Test
    {
        TestCode = """
            using System.IO;
            using System.Threading.Tasks;

            class ReportBuilder
            {
                public async Task<double[]> BuildAsync(string path)
                {
                    var lines = await File.ReadAllLinesAsync(path);
                    var scores = new double[lines.Length];
                    [|Parallel.For|](0, lines.Length, i => scores[i] = lines[i].Length);
                    return scores;
                }
            }
            """,
        AdditionalReferences = { s_internalPolyfills.Value },
    }.RunAsync();

    [Fact]
    public Task TW202_ignores_Parallel_For_in_Task_Run_when_a_reference_carries_an_internal_Parallel() => new VerifyTW202.Test
    {
        TestCode = """
            using System.IO;
            using System.Threading.Tasks;

            class ReportBuilder
            {
                public async Task<double[]> BuildAsync(string path)
                {
                    var lines = await File.ReadAllLinesAsync(path);
                    var scores = new double[lines.Length];
                    await Task.Run(() => Parallel.For(0, lines.Length, i => scores[i] = lines[i].Length));
                    return scores;
                }
            }
            """,
        AdditionalReferences = { s_internalPolyfills.Value },
    }.RunAsync();

    [Fact]
    public Task TW202_ignores_Parallel_For_in_a_synchronous_method_when_a_reference_carries_an_internal_Parallel() => new VerifyTW202.Test
    {
        TestCode = """
            using System.Threading.Tasks;

            class Scorer
            {
                public double[] Score(string[] lines)
                {
                    var scores = new double[lines.Length];
                    Parallel.For(0, lines.Length, i => scores[i] = lines[i].Length);
                    return scores;
                }
            }
            """,
        AdditionalReferences = { s_internalPolyfills.Value },
    }.RunAsync();
}
