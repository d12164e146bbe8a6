using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Threadwise.Semantics;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// The <c>…Async</c> names of a reference's extension holders are read from its metadata tables (once per reference)
/// instead of from its symbols (which every compilation builds again): the two readings must agree, or the name test
/// before the counterpart lookup would answer "no" where a counterpart binds.
/// </summary>
public class ReferencedNamesTests
{
    // Extension holders in the shapes a compiler emits: a static class, its nested types, one that is internal, and next
    // to them types that hold no extensions (their Async members must not count), nor do a holder's plain static members.
    private const string Library = """
        using System.Threading.Tasks;

        namespace Vendor.Streams
        {
            public static class StreamExtensions
            {
                public static Task DrainAsync(this System.IO.Stream stream) => Task.CompletedTask;
                public static void Drain(this System.IO.Stream stream) { }
                public static Task OpenAllAsync() => Task.CompletedTask;
                public static class Nested { public static Task FlushAllAsync() => Task.CompletedTask; }
            }

            internal static class HiddenExtensions
            {
                public static Task PumpAsync(this System.IO.Stream stream) => Task.CompletedTask;
            }

            public class Client
            {
                public Task SendAsync() => Task.CompletedTask;
            }

            public sealed class Sealed
            {
                public static Task OpenAsync() => Task.CompletedTask;
            }
        }
        """;

    private static CSharpCompilation Compile(params MetadataReference[] references) =>
        CSharpCompilation.Create(
            "TestProject",
            [CSharpSyntaxTree.ParseText("class C { }")],
            [.. TestCompilation.References, .. references],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    // The reading the metadata one replaced: top-level static or extension-marked types and their nested types, by symbol.
    private static HashSet<string> FromSymbols(IAssemblySymbol assembly) => FromSymbols(assembly, out _, out _);

    private static HashSet<string> FromSymbols(IAssemblySymbol assembly, out bool holdsGetAwaiter, out HashSet<string> asyncEnumerableOnly)
    {
        holdsGetAwaiter = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        // Per name: whether every holder member that bears it is an extension method on IAsyncEnumerable<T>.
        var onAsyncEnumerableOnly = new Dictionary<string, bool>(StringComparer.Ordinal);
        var namespaces = new Stack<INamespaceSymbol>();
        namespaces.Push(assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            var current = namespaces.Pop();
            foreach (var nested in current.GetNamespaceMembers())
            {
                namespaces.Push(nested);
            }

            foreach (var type in current.GetTypeMembers().Where(t => t.IsStatic || t.MightContainExtensionMethods))
            {
                holdsGetAwaiter |= type.MemberNames.Contains("GetAwaiter");
                foreach (var holder in type.GetTypeMembers().Prepend(type))
                {
                    // The holder's own members count when they are extension methods; a nested type's (an extension block's) all do.
                    var isType = SymbolEqualityComparer.Default.Equals(holder, type);
                    bool Counts(ISymbol member) => !isType || member is IMethodSymbol { IsExtensionMethod: true };
                    names.UnionWith(isType
                        ? holder.GetMembers().Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal) && Counts(m)).Select(m => m.Name)
                        : holder.MemberNames.Where(n => n.EndsWith("Async", StringComparison.Ordinal)));
                    foreach (var member in holder.GetMembers().Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal) && Counts(m)))
                    {
                        var extendsAsyncEnumerable = member is IMethodSymbol { IsExtensionMethod: true } method
                            && method.Parameters[0].Type.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IAsyncEnumerable<T>";
                        onAsyncEnumerableOnly[member.Name] = extendsAsyncEnumerable && onAsyncEnumerableOnly.GetValueOrDefault(member.Name, true);
                    }
                }
            }
        }

        asyncEnumerableOnly = onAsyncEnumerableOnly.Where(pair => pair.Value).Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        return names;
    }

    [Fact]
    public void Reads_the_same_extension_holder_names_from_metadata_as_from_symbols_for_every_framework_reference()
    {
        var compilation = Compile();
        var compared = 0;
        var asyncEnumerable = 0;
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            var read = ReferencedNames.Of(assembly);
            Assert.False(read.Unreadable, assembly.Name);
            var expected = FromSymbols(assembly, out var holdsGetAwaiter, out var asyncEnumerableOnly);
            Assert.Equal(holdsGetAwaiter, read.HoldsGetAwaiter);
            var all = read.ExtensionAsyncNames.Union(read.AsyncEnumerableExtensionNames).ToHashSet();
            Assert.True(expected.SetEquals(all), $"{assembly.Name}: only in symbols: "
                + string.Join(", ", expected.Except(all).Take(5)) + "; only in metadata: "
                + string.Join(", ", all.Except(expected).Take(5)));
            Assert.True(asyncEnumerableOnly.SetEquals(read.AsyncEnumerableExtensionNames), $"{assembly.Name}: IAsyncEnumerable-only in symbols: "
                + string.Join(", ", asyncEnumerableOnly.Except(read.AsyncEnumerableExtensionNames).Take(5)) + "; in metadata: "
                + string.Join(", ", read.AsyncEnumerableExtensionNames.Except(asyncEnumerableOnly).Take(5)));
            Assert.False(read.ExtensionAsyncNames.Overlaps(read.AsyncEnumerableExtensionNames), assembly.Name);
            compared += expected.Count;
            asyncEnumerable += read.AsyncEnumerableExtensionNames.Count;
        }

        // The framework does hold extension methods named …Async (TextReader, Stream, HttpContent helpers and the like), and
        // .NET 10's System.Linq.AsyncEnumerable holds those on IAsyncEnumerable<T> (CountAsync, ToListAsync, …).
        Assert.True(compared > 0);
        Assert.True(asyncEnumerable > 20, asyncEnumerable.ToString());
    }

    [Fact]
    public void Reads_static_holders_their_nested_types_and_internal_holders_but_not_other_types()
    {
        var library = TestReferences.Library("Vendor.Streams", Library);
        var compilation = Compile(library);
        var assembly = (IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(library)!;

        var names = ReferencedNames.Of(assembly).ExtensionAsyncNames;

        Assert.Equal(new[] { "DrainAsync", "FlushAllAsync", "PumpAsync" }, names.Order(StringComparer.Ordinal));
        Assert.True(FromSymbols(assembly).SetEquals(names));
    }

    [Fact]
    public void Reads_a_project_reference_without_metadata_through_its_symbols_the_same_way()
    {
        // In the IDE a project reference is a compilation, not metadata: its names come from its symbols.
        var project = CSharpCompilation.Create(
            "Vendor.Streams",
            [CSharpSyntaxTree.ParseText(Library)],
            TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).ToMetadataReference();
        var compilation = Compile(project);
        var assembly = (IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(project)!;

        var read = ReferencedNames.Of(assembly);

        Assert.Equal(new[] { "DrainAsync", "FlushAllAsync", "PumpAsync" }, read.ExtensionAsyncNames.Order(StringComparer.Ordinal));
        Assert.False(read.HoldsGetAwaiter);
    }

    [Fact]
    public void Tells_a_reference_that_holds_an_extension_GetAwaiter_from_one_that_does_not()
    {
        var awaiters = TestReferences.Library("Vendor.Awaiters", """
            using System;
            using System.Runtime.CompilerServices;
            using System.Threading.Tasks;

            namespace Vendor.Awaiters
            {
                public static class TimeSpanAwaiter
                {
                    public static TaskAwaiter GetAwaiter(this TimeSpan delay) => Task.Delay(delay).GetAwaiter();
                }
            }
            """);
        var streams = TestReferences.Library("Vendor.Streams", Library);
        var compilation = Compile(awaiters, streams);

        Assert.True(ReferencedNames.Of((IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(awaiters)!).HoldsGetAwaiter);
        Assert.False(ReferencedNames.Of((IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(streams)!).HoldsGetAwaiter);
    }

    // .NET 10's System.Linq.AsyncEnumerable in miniature: extension twins on IAsyncEnumerable<T> only (CountAsync), beside
    // an extension on another type (SumAsync), an instance method (FirstAsync) and a plain static one (MaxAsync).
    private const string AsyncLinq = """
        using System.Collections.Generic;
        using System.Threading.Tasks;

        namespace Vendor.Linq
        {
            public static class AsyncEnumerable
            {
                public static Task<int> CountAsync<T>(this IAsyncEnumerable<T> source) => Task.FromResult(0);
                public static Task<T> LastAsync<T>(this IAsyncEnumerable<T> source, System.Threading.CancellationToken token = default) => Task.FromResult(default(T)!);
                public static Task<int> SumAsync(this IEnumerable<int> source) => Task.FromResult(0);
                public static Task<T> FirstAsync<T>(this IAsyncEnumerable<T> source) => Task.FromResult(default(T)!);
                public static Task<int> MaxAsync(IAsyncEnumerable<int> source) => Task.FromResult(0);
            }

            public sealed class Query
            {
                public Task<int> FirstAsync() => Task.FromResult(0);
            }
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Does_not_count_the_names_of_extension_twins_on_IAsyncEnumerable_alone(bool projectReference)
    {
        MetadataReference library = projectReference
            ? CSharpCompilation.Create("Vendor.Linq", [CSharpSyntaxTree.ParseText(AsyncLinq)], TestCompilation.References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).ToMetadataReference()
            : TestReferences.Library("Vendor.Linq", AsyncLinq);
        var compilation = Compile(library);

        var read = ReferencedNames.Of((IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(library)!);

        // Count and Last have their twins only as IAsyncEnumerable extensions; First also as an instance method.
        Assert.Equal(new[] { "First", "Max", "Sum" }, read.AsyncStems.Order(StringComparer.Ordinal));
        // The counterpart lookup's name test keeps those apart: they bind only on an IAsyncEnumerable<T> receiver. The plain
        // static MaxAsync is no extension: it binds only as AsyncEnumerable.MaxAsync(..).
        Assert.Equal(new[] { "SumAsync" }, read.ExtensionAsyncNames.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "CountAsync", "FirstAsync", "LastAsync" }, read.AsyncEnumerableExtensionNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_second_compilation_over_the_same_reference_reuses_what_was_read()
    {
        var library = TestReferences.Library("Vendor.Streams", Library);
        var first = ReferencedNames.Of((IAssemblySymbol)Compile(library).GetAssemblyOrModuleSymbol(library)!);
        var second = ReferencedNames.Of((IAssemblySymbol)Compile(library).GetAssemblyOrModuleSymbol(library)!);

        Assert.Same(first, second);
    }
}
