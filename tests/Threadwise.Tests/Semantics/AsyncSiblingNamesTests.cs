using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// The name test before the counterpart lookup: it must say "no" only where no <c>MAsync</c> can bind, so every
/// counterpart found through scope (local functions, <c>using static</c>, a derived qualifier, extensions) is still found.
/// </summary>
public class AsyncSiblingNamesTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static List<string?> Find(string source, LanguageVersion languageVersion = LanguageVersion.Latest)
    {
        var test = new SemanticsTestSource(Usings + source, languageVersion: languageVersion);
        var finder = new AsyncCounterpart(test.Types);
        return test.Spans
            .Select(span => finder.Find((IInvocationOperation)test.OperationAt(span), test.MemberAt(span)) is { } found ? found.Method.Name : null)
            .ToList();
    }

    private static List<bool> MightBind(string source)
    {
        var test = new SemanticsTestSource(Usings + source);
        var answers = new List<bool>();
        foreach (var span in test.Spans)
        {
            var invocation = (IInvocationOperation)test.OperationAt(span);
            var names = CompilationContext.For(invocation.SemanticModel!.Compilation).AsyncNames;
            answers.Add(names.MightBind(
                invocation.TargetMethod.Name + "Async",
                AsyncCounterpart.ReceiverType(invocation),
                null,
                invocation.TargetMethod,
                ((InvocationExpressionSyntax)invocation.Syntax).Expression,
                test.MemberAt(span)));
        }

        return answers;
    }

    [Fact]
    public void Rules_out_calls_with_no_async_sibling_anywhere_by_name_alone() => Assert.Equal(
        new[] { false, false, false, true },
        MightBind("""
            class C
            {
                async Task M(List<int> list, string text, Stream stream, byte[] buffer)
                {
                    [|list.Add(1)|];
                    [|Path.Combine("a", "b")|];
                    [|text.Trim()|];
                    [|stream.Read(buffer, 0, 1)|];
                    await Task.Yield();
                }
            }
            """));

    // ReadAsync is a member of static classes (RandomAccess.ReadAsync), where extension methods may be declared.
    [Fact]
    public void Rules_out_a_call_by_simple_name_whose_twin_name_is_only_an_extension_holder_member_or_a_member_right_of_a_dot() => Assert.Equal(
        new[] { false },
        MightBind("""
            class C
            {
                async Task M(Stream stream, Stream other)
                {
                    await stream.ReadAsync(new byte[1], 0, 1);
                    await other
                        . ReadAsync(new byte[1], 0, 1);
                    [|Read(stream)|];
                }

                static int Read(Stream stream) => 1;
            }
            """));

    [Fact]
    public void Still_finds_a_local_function_twin_where_the_file_also_calls_an_extension_of_that_name() => Assert.Equal(
        new[] { "ReadAsync" },
        Find("""
            class Row { }
            static class RowExtensions { public static Task ReadAsync(this Row row) => Task.CompletedTask; }
            class C
            {
                async Task M(Row row)
                {
                    await row.ReadAsync();
                    [|Read()|];
                    static int Read() => 1;
                    static async Task<int> ReadAsync() { await Task.Yield(); return 1; }
                }
            }
            """));

    [Fact]
    public void Rules_out_an_instance_call_whose_twin_name_is_only_a_plain_static_member_of_a_static_class() => Assert.Equal(
        new[] { false },
        MightBind("""
            static class Parsing { public static Task<int> ParseAsync(string s) => Task.FromResult(1); }
            class Parser { public int Parse(string s) => 1; }
            class C
            {
                async Task M(Parser parser) { [|parser.Parse("1")|]; await Task.Yield(); }
            }
            """));

    [Fact]
    public void Still_finds_a_plain_static_member_of_a_static_class_imported_with_using_static() => Assert.Equal(
        new[] { "ParseAsync" },
        Find("""
            using static Parsing;

            static class Parsing { public static async Task<int> ParseAsync(string s) { await Task.Yield(); return 1; } }
            class C
            {
                static int Parse(string s) => 1;
                async Task M() { [|Parse("1")|]; await Task.Yield(); }
            }
            """));

    [Fact]
    public void Still_finds_a_local_function_twin_in_scope() => Assert.Equal(
        new[] { "LoadAsync" },
        Find("""
            class C
            {
                async Task M()
                {
                    [|Load()|];
                    await Task.Yield();
                    static int Load() => 1;
                    static async Task<int> LoadAsync() { await Task.Yield(); return 1; }
                }
            }
            """));

    [Fact]
    public void Still_finds_a_twin_imported_with_using_static_and_declared_in_the_same_file() => Assert.Equal(
        new[] { "ParseAsync" },
        Find("""
            using static Parsers;
            using static Formats;

            class Parsers { public static async Task<int> ParseAsync(string s) { await Task.Yield(); return 1; } }
            class Formats { public static int Parse(string s) => 1; }
            class C
            {
                async Task M() { [|Parse("1")|]; await Task.Yield(); }
            }
            """));

    private const string UsingStaticXDocument = """
        using System.Xml.Linq;
        using static System.Xml.Linq.XDocument;

        class C
        {
            static XDocument Load(Stream stream, LoadOptions options) => new XDocument();

            async Task M(Stream stream, CancellationToken ct) { [|Load(stream, LoadOptions.None)|]; await Task.Yield(); }
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Still_finds_a_metadata_twin_that_only_a_using_static_import_brings_into_scope(bool insideNamespace) => Assert.Equal(
        new[] { "LoadAsync" },
        Find(insideNamespace ? "namespace Shop.Import\n{\n" + UsingStaticXDocument + "\n}\n" : UsingStaticXDocument));

    [Fact]
    public void Still_finds_a_local_function_twin_whose_name_is_spelled_with_a_unicode_escape() => Assert.Equal(
        new[] { "LoadAsync" },
        Find("""
            class C
            {
                async Task M()
                {
                    [|Load()|];
                    await Task.Yield();
                    static int Load() => 1;
                    static async Task<int> Load\u0041sync() { await Task.Yield(); return 1; }
                }
            }
            """));

    [Fact]
    public void Still_finds_a_local_function_twin_whose_name_has_a_combining_mark() => Assert.Equal(
        new[] { "Cafe\u0301Async" },
        Find("""
            class C
            {
                async Task M()
                {
                    [|Café()|];
                    await Task.Yield();
                    static int Café() => 1;
                    static async Task<int> CaféAsync() { await Task.Yield(); return 1; }
                }
            }
            """));

    [Fact]
    public void Still_finds_a_twin_declared_on_the_derived_type_a_static_call_is_qualified_with() => Assert.Equal(
        new[] { "GetAsync" },
        Find("""
            class Base { public static int Get() => 1; }
            class Derived : Base
            {
                public static async Task<int> GetAsync() { await Task.Yield(); return 1; }
                async Task M() { [|Derived.Get()|]; await Task.Yield(); }
            }
            """));

    [Fact]
    public void A_static_call_qualified_with_a_type_that_cannot_be_derived_from_finds_its_own_twin_and_none_from_scope() => Assert.Equal(
        new string?[] { "LoadAsync", "LoadAsync", null },
        Find("""
            static class Store { public static int Load() => 1; public static async Task<int> LoadAsync() { await Task.Yield(); return 1; } }
            sealed class Sealed { public static int Load() => 1; public static async Task<int> LoadAsync() { await Task.Yield(); return 1; } }
            class C
            {
                async Task M()
                {
                    [|Store.Load()|];
                    [|Sealed.Load()|];
                    [|Math.Max(1, 2)|];
                    await Task.Yield();
                    static async Task<int> MaxAsync(int a, int b) { await Task.Yield(); return a; }
                }
            }
            """));

    // System.Linq.AsyncEnumerable's MaxAsync (and this one) extend IAsyncEnumerable<T>, which Math, a static class, does not implement.
    [Fact]
    public void Rules_out_a_static_class_call_whose_twin_name_is_only_an_extension_on_IAsyncEnumerable() => Assert.Equal(
        new[] { false },
        MightBind("""
            static class AsyncLinq { public static Task<int> MaxAsync<T>(this IAsyncEnumerable<T> source, int a, int b) => Task.FromResult(a); }
            class C
            {
                async Task M() { [|Math.Max(1, 2)|]; await Task.Yield(); }
            }
            """));

    // The binder tries the extensions in scope on a static class qualifier as on a value of its type.
    [Fact]
    public void Still_finds_an_extension_on_object_that_binds_on_a_static_class_qualifier() => Assert.Equal(
        new[] { "MaxAsync" },
        Find("""
            static class Anything { public static async Task<int> MaxAsync(this object value, int a, int b) { await Task.Yield(); return a; } }
            class C
            {
                async Task M() { [|Math.Max(1, 2)|]; await Task.Yield(); }
            }
            """));

    // A C# 14 static extension member binds on the type it extends: Math.Max(..) has Math.MaxAsync(..) here.
    [Fact]
    public void Still_finds_a_static_extension_member_on_the_type_a_static_call_is_qualified_with() => Assert.Equal(
        new[] { "MaxAsync" },
        Find(
            """
            static class MathExtensions
            {
                extension(Math)
                {
                    public static async Task<int> MaxAsync(int a, int b) { await Task.Yield(); return a; }
                }
            }

            class C
            {
                async Task M() { [|Math.Max(1, 2)|]; await Task.Yield(); }
            }
            """,
            LanguageVersion.Preview));

    [Fact]
    public void Still_finds_an_extension_twin_and_no_twin_where_none_exists() => Assert.Equal(
        new string?[] { "SaveAsync", null },
        Find("""
            class Store { public void Save() { } public void Clear() { } }
            static class StoreExtensions { public static async Task SaveAsync(this Store store) => await Task.Yield(); }
            class C
            {
                async Task M(Store store) { [|store.Save()|]; [|store.Clear()|]; await Task.Yield(); }
            }
            """));

    [Fact]
    public void One_context_per_compilation_shared_by_every_caller()
    {
        var compilation = TestCompilation.Create("class C { }").Compilation;
        var first = CompilationContext.For(compilation);
        Assert.Same(first, CompilationContext.For(compilation));
        Assert.Same(first.Types, CompilationContext.For(compilation).Types);
        var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions([]);
        Assert.Same(first.Counterparts(options), first.Counterparts(options));
        Assert.Same(first.Summaries(options), first.Summaries(options));
        Assert.NotSame(first, CompilationContext.For(compilation.WithAssemblyName("Other")));
    }
}
