using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW104 with its name pre-filter (<c>Semantics/LeafFreeBodies.cs</c>): leaves that a name test could miss are still
/// reached — through an indexer and a getter, an extension method, a generic method, a partial method, the implicit
/// <c>Add</c> of a collection initializer, a local function — and the chains still read as before.
/// </summary>
public class TW104NameFilterTests
{
    private const string Usings = """
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Flags_leaves_a_name_test_could_miss() => Verify.VerifyAnalyzerAsync(Usings + """
        static class PathExtensions
        {
            public static string Load(this string path) => File.ReadAllText(path);
        }

        sealed class Bag : IEnumerable<string>
        {
            private readonly List<string> _lines = new List<string>();

            public void Add(string path) => _lines.Add(File.ReadAllText(path));

            public IEnumerator<string> GetEnumerator() => _lines.GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        sealed partial class Journal
        {
            partial void Append(string line);
        }

        sealed partial class Journal
        {
            partial void Append(string line)
            {
                File.AppendAllText("journal.log", line);
            }

            string[] Lines => File.ReadAllLines("journal.log");

            string this[int index] => Lines[index];

            T Fetch<T>(Func<Task<T>> load) => load().Result;

            Bag Collect(string path) => new Bag { path };

            int Measure(string path)
            {
                return Size();

                int Size() => File.ReadAllBytes(path).Length;
            }

            public async Task RunAsync(string path)
            {
                await Task.Yield();
                var first = {|#0:this[0]|};
                var text = {|#1:path.Load()|};
                var value = {|#2:Fetch(() => Task.FromResult(1))|};
                {|#3:Append(text)|};
                var bag = {|#4:Collect(path)|};
                var size = {|#5:Measure(path)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage("'this[]' blocks: this[] → Lines → File.ReadAllLines; turn 'this[]' and 'Lines' into async methods and await 'File.ReadAllLinesAsync'"),
        Verify.Diagnostic().WithLocation(1).WithMessage("'PathExtensions.Load' blocks: PathExtensions.Load → File.ReadAllText; make it async and await 'File.ReadAllTextAsync'"),
        Verify.Diagnostic().WithLocation(2),
        Verify.Diagnostic().WithLocation(3),
        Verify.Diagnostic().WithLocation(4),
        Verify.Diagnostic().WithLocation(5));
}
