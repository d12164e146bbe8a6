using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Threadwise.Semantics;

namespace Threadwise.Tests.Semantics;

/// <summary>
/// TW104's pre-filter: "cannot block" must be exact, or TW104 silently loses a diagnostic. Each method marked <c>[|Name|]</c>
/// is asked about; every way a leaf can hide from a name test (a getter, an indexer, a local function, an extension or
/// generic method, a partial method, an implicit call, a counterpart declared locally, a mode parameter) must answer
/// "might block", and plain computation must answer "cannot" so the filter does its job.
/// </summary>
public class LeafFreeBodiesTests
{
    private const string Usings = """
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using static System.Threading.Thread;

        """;

    private const string StaticImport = "using static System.Threading.Thread;\n";

    /// <summary>
    /// For each marked method name, whether the pre-filter proves it cannot block. A <c>using static</c> makes every call by
    /// simple name look everywhere, so a source that also compiles without the file's static import is asked both ways, and
    /// the answers must agree.
    /// </summary>
    private static List<bool> CannotBlock(string source, bool staticUsing = true)
    {
        var withoutImport = Usings.Replace(StaticImport, "") + source;
        if (!staticUsing)
        {
            return Answers(TestCompilation.Create(withoutImport));
        }

        var answers = Answers(TestCompilation.Create(Usings + source));
        CompiledTestSource? scoped = null;
        try
        {
            scoped = TestCompilation.Create(withoutImport);
        }
        catch (InvalidOperationException)
        {
            // The source calls Thread's members by simple name.
        }

        if (scoped != null)
        {
            Assert.Equal(answers, Answers(scoped));
        }

        return answers;
    }

    private static List<bool> Answers(CompiledTestSource compiled)
    {
        var filter = new LeafFreeBodies(compiled.Compilation);
        var root = compiled.SyntaxTree.GetRoot();
        return compiled.Spans
            .Select(span => root.FindToken(span.Start).Parent!)
            .Select(node => compiled.SemanticModel.GetDeclaredSymbol(node) switch
            {
                IMethodSymbol method => method,
                IPropertySymbol property => property.GetMethod!,
                _ => throw new InvalidOperationException($"No method at '{node}'."),
            })
            .Select(filter.CannotBlock)
            .ToList();
    }

    [Fact]
    public void Proves_plain_computation_through_helpers() => Assert.Equal(
        new[] { true, true, true },
        CannotBlock("""
            record Item(int Id, decimal Amount);

            class Scores
            {
                private readonly List<Item> _items = new();

                decimal [|Total|]() => Weigh(_items) + _items.Count;

                decimal [|Weigh|](IReadOnlyList<Item> items)
                {
                    var sum = 0m;
                    foreach (var item in items)
                    {
                        sum += item.Amount * Factor;
                    }

                    return Math.Round(sum, 2);
                }

                decimal [|Factor|] => 1.5m;
            }
            """));

    [Fact]
    public void Does_not_prove_a_leaf_reached_only_through_a_getter_or_an_indexer() => Assert.Equal(
        new[] { false, false, false },
        CannotBlock("""
            class Settings
            {
                private readonly string _path = "settings.json";

                string Text => File.ReadAllText(_path);

                string this[int line] => File.ReadAllLines(_path)[line];

                int [|Length|]() => Text.Length;

                string [|First|]() => this[0];

                string [|Nested|]() => Trimmed;

                string Trimmed => Text.Trim();
            }
            """));

    [Fact]
    public void Does_not_prove_a_leaf_in_a_local_function_an_extension_or_a_generic_method() => Assert.Equal(
        new[] { false, false, false },
        CannotBlock("""
            static class PathExtensions
            {
                public static string Load(this string path) => File.ReadAllText(path);
            }

            class Reader
            {
                int [|Outer|](string path)
                {
                    return Inner().Length;

                    string Inner() => File.ReadAllText(path);
                }

                int [|ViaExtension|](string path) => path.Load().Length;

                T Get<T>(Task<T> task) => task.Result;

                int [|ViaGeneric|](Task<int> task) => Get<int>(task) + 1;
            }
            """));

    // M(..) without a receiver binds a member of the enclosing types (or a local function): a same-named member of an
    // unrelated type, blocking or with an …Async twin, is not what it calls.
    [Fact]
    public void Proves_a_call_by_simple_name_whose_namesakes_in_other_types_block() => Assert.Equal(
        new[] { true, true },
        CannotBlock("""
            class Scores
            {
                int [|Total|](int x) => Weigh(x) + Run(x);
                int Weigh(int x) => x * 2;
                int [|Run|](int x) => x + 1;
            }

            class Files
            {
                int Weigh(int x) => File.ReadAllText("w.txt").Length + x;
                Task<int> RunAsync(int x) => Task.FromResult(x);
                int Run(int x) => x;
            }
            """, staticUsing: false));

    [Fact]
    public void Does_not_prove_a_call_by_simple_name_that_may_bind_a_base_an_outer_type_or_a_static_import() => Assert.Equal(
        new[] { false, false, false, false },
        CannotBlock("""
            class Reader
            {
                protected int Weigh(int x) => File.ReadAllText("w.txt").Length + x;
                protected Task<int> RunAsync(int x) => Task.FromResult(x);
                protected int Run(int x) => x;
                static int Load() => File.ReadAllText("l.txt").Length;

                class Nested
                {
                    int [|Outer|]() => Load() + 1;
                }
            }

            class Derived : Reader
            {
                int [|Total|](int x) => Weigh(x) + 1;
                int [|Twin|](int x) => Run(x) + 1;
            }

            class Mixed
            {
                int Weigh(int x) => x;
                int [|Both|](Reader reader, int x) => Weigh(x) + reader.GetHashCode() + Helpers.Weigh(x);
            }

            static class Helpers
            {
                public static int Weigh(int x) => File.ReadAllText("w.txt").Length + x;
            }
            """, staticUsing: false));

    // int.Parse(..) can only become int.ParseAsync(..): a static member of the type (or a base) or an extension member, not
    // a same-named member of another type.
    [Fact]
    public void Proves_a_call_on_a_predefined_type_only_where_neither_the_type_nor_an_extension_has_its_twin() => Assert.Equal(
        new[] { true, false, false },
        CannotBlock("""
            class Prices
            {
                decimal [|Rounded|](decimal x) => decimal.Round(x) + Weigh(x);
                int [|Count|](string s) => int.Parse(s);
                decimal [|OnReceiver|](Meter meter, decimal x) => meter.Round(x);
                decimal Weigh(decimal x) => x * 2;
            }

            class Meter
            {
                public decimal Round(decimal x) => x;
                public Task<decimal> RoundAsync(decimal x) => Task.FromResult(x);
            }

            static class Parsing
            {
                public static Task<int> ParseAsync(this int value, string s) => Task.FromResult(s.Length + value);
            }
            """, staticUsing: false));

    // reader.GetString(1): names alone find Web.GetStringAsync; the call, bound where it stands, is on a type that has no
    // twin (itself or a base). A receiver whose type or a base has the twin still might.
    [Fact]
    public void Proves_calls_on_a_receiver_whose_type_has_no_twin_even_where_the_name_has_one_elsewhere() => Assert.Equal(
        new[] { true, true, false, false },
        CannotBlock("""
            class Rows
            {
                string [|Name|](Reader reader) => reader.GetString(1) + reader?.GetString(2);
                string [|Both|](Reader reader, Reader[] more) => reader.GetString(0) + more[0].GetString(1);
                string [|Mixed|](Reader reader, Web web) => reader.GetString(0) + web.GetString();
                string [|Derived|](SlowReader reader) => reader.GetString(0);
            }

            class Reader
            {
                public string GetString(int i) => i.ToString();
            }

            class SlowReader : Reader
            {
                public Task<string> GetStringAsync(int i) => Task.FromResult(i.ToString());
            }

            class Web
            {
                public string GetString() => "";
                public Task<string> GetStringAsync() => Task.FromResult("");
            }
            """, staticUsing: false));

    // An extension twin anywhere may bind on any receiver (extensions are known by name), and an extension call's
    // receiver is its 'this' type: an interface with the twin.
    [Fact]
    public void Does_not_prove_receiver_calls_an_extension_twin_or_the_extensions_this_type_may_answer() => Assert.Equal(
        new[] { false, false },
        CannotBlock("""
            class Rows
            {
                string [|Extended|](Cached cached) => cached.GetString(0);
                int [|ThroughInterface|](Source source) => source.Load();
            }

            class Cached
            {
                public string GetString(int i) => i.ToString();
            }

            static class CachedExtensions
            {
                public static Task<string> GetStringAsync(this Cached cached, int i) => Task.FromResult(cached.GetString(i));
            }

            interface ISource
            {
                Task<int> LoadAsync();
            }

            class Source : ISource
            {
                public Task<int> LoadAsync() => Task.FromResult(1);
            }

            static class SourceExtensions
            {
                public static int Load(this ISource source) => 1;
            }
            """, staticUsing: false));

    [Fact]
    public void Does_not_prove_a_call_by_simple_name_in_a_file_with_a_static_import() => Assert.Equal(
        new[] { false },
        CannotBlock("""
            using static Helpers;

            class Scores
            {
                int [|Total|](int x) => Weigh(x) + 1;
            }

            static class Helpers
            {
                public static int Weigh(int x) => File.ReadAllText("w.txt").Length + x;
            }
            """, staticUsing: false));

    [Fact]
    public void Does_not_prove_a_partial_method_whose_implementation_blocks() => Assert.Equal(
        new[] { false, false },
        CannotBlock("""
            partial class Journal
            {
                partial void Append(string line);

                void [|Write|](string line) => Append(line);
            }

            partial class Journal
            {
                partial void [|Append|](string line) => File.AppendAllText("journal.log", line);
            }
            """));

    // The walk goes member → name → the members declared with it, so a name shared by many types is one node: a leaf in
    // any of its declarations reaches every caller of the name, and cycles through shared names settle as one component.
    [Fact]
    public void Follows_a_name_shared_by_many_types_to_every_declaration_and_through_cycles() => Assert.Equal(
        new[] { true, false, true, true, true },
        CannotBlock("""
            class OrderMapper { public int [|Map|](int x) => x + 1; }
            class CustomerMapper { public int Map(int x) => x * 2; }
            class FileMapper { public int Map(int x) => File.ReadAllText("map.txt").Length + x; }

            class Caller
            {
                int [|Run|](OrderMapper mapper) => mapper.Map(1);
                int [|Scale|](int x) => x > 100 ? Norm(x / 2) : x;
                int [|Norm|](int x) => x < 0 ? Scale(-x) : Scale(x + 1);
            }

            class Other
            {
                int Scale(int x) => Norm(x) * 3;
                int Norm(int x) => x;
                int [|Twice|](Caller caller) => Scale(2) + Norm(3);
            }
            """));

    [Fact]
    public void Does_not_prove_names_that_are_a_leaf_and_something_else() => Assert.Equal(
        new[] { false, false, false, false },
        CannotBlock("""
            class Clock
            {
                // A source method named like a wait, a counterpart declared only as a local function, an imported Sleep,
                // a wait on a property named Result.
                void Wait() { }

                void [|Pause|]() => Wait();

                void [|Tidy|]()
                {
                    Sweep();

                    Task SweepAsync() => Task.CompletedTask;
                    void Sweep() { }
                }

                void [|Nap|]() => Sleep(10);

                int [|Peek|](Task<int> pending) => pending.Result;
            }
            """));

    [Fact]
    public void Does_not_prove_implicit_calls_of_a_blocking_Add_or_a_query_operator() => Assert.Equal(
        new[] { false, false },
        CannotBlock("""
            class Bag : IEnumerable<string>
            {
                private readonly List<string> _lines = new();

                public void Add(string path) => _lines.Add(File.ReadAllText(path));

                public IEnumerator<string> GetEnumerator() => _lines.GetEnumerator();

                IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
            }

            static class Remote
            {
                public static IEnumerable<string> Where(this Bag bag, Func<string, bool> keep) =>
                    File.ReadAllLines("filter.txt").Where(keep);
            }

            class Loader
            {
                Bag [|Build|]() => new Bag { "a.txt", "b.txt" };

                IEnumerable<string> [|Query|](Bag bag) => from line in bag where line.Length > 0 select line;
            }
            """));

    [Fact]
    public void Does_not_prove_a_call_that_can_select_a_synchronous_mode() => Assert.Equal(
        new[] { false, false },
        CannotBlock("""
            enum IOBehavior { Synchronous, Asynchronous }

            class Channel
            {
                private readonly Stream _stream = Stream.Null;

                Task SendCoreAsync(bool isAsync) => isAsync ? _stream.FlushAsync() : Task.Run(_stream.Flush);

                Task ReceiveCoreAsync(IOBehavior behavior) => Task.CompletedTask;

                void [|Send|]() => SendCoreAsync(false);

                void [|Receive|]() => ReceiveCoreAsync(IOBehavior.Synchronous);
            }
            """));

    [Fact]
    public void Does_not_prove_a_local_function_of_top_level_statements() => Assert.Equal(
        new[] { false },
        CannotBlockAt("""
            Console.WriteLine(Compute());

            int [|Compute|]() => 1 + 2;
            """));

    private static List<bool> CannotBlockAt(string source)
    {
        var compiled = TestCompilation.Create(Usings + source, OutputKind.ConsoleApplication);
        var filter = new LeafFreeBodies(compiled.Compilation);
        var root = compiled.SyntaxTree.GetRoot();
        return compiled.Spans
            .Select(span => (IMethodSymbol)compiled.SemanticModel.GetDeclaredSymbol(root.FindToken(span.Start).Parent!)!)
            .Select(filter.CannotBlock)
            .ToList();
    }
}
