using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Calls of one method whose rewritten calls bind apart keep their own answers, in any order: a string argument binds
/// WriteAsync(string), whose parameters differ, where a number binds WriteAsync(object); a named argument the counterpart
/// does not have does not bind; a call through base does not see the derived type's counterpart; a private counterpart
/// is one inside its type and none outside it.
/// </summary>
public class TW102CounterpartBindingTests
{
    private const string Usings = """
        using System.IO;
        using System.Threading.Tasks;

        """;

    // Write(object) has a counterpart for everything but a string, which WriteAsync(string) takes with other parameters.
    private const string Journal = """
        sealed class Journal
        {
            private readonly Stream _file = File.OpenWrite("journal.log");

            public void Write(object entry) => _file.WriteByte(1);

            public Task WriteAsync(object entry) => _file.WriteAsync(new byte[] { 1 }, 0, 1);

            public Task WriteAsync(string text) => _file.WriteAsync(new byte[] { 2 }, 0, 1);

            public void Append(string line) => _file.WriteByte(3);

            public Task AppendAsync(string text) => _file.WriteAsync(new byte[] { 3 }, 0, 1);
        }

        """;

    // A private SaveAsync: the store's own code can await it, a caller outside the store cannot.
    private const string Store = """
        sealed class Store
        {
            private readonly Stream _file = File.OpenWrite("store.db");

            public void Save() => _file.WriteByte(1);

            private Task SaveAsync() => _file.WriteAsync(new byte[] { 1 }, 0, 1);

            public async Task MirrorAsync(Store other)
            {
                await Task.Yield();
                {|#0:other.Save()|};
            }
        }

        """;

    // Outside callers around the store, so that one is likely analysed before the store's own call, whatever the order.
    private static string Outsider(int n) => $$"""
        sealed class Caller{{n}}
        {
            public async Task RunAsync(Store store)
            {
                await Task.Yield();
                store.Save();
            }
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_a_string_argument_whose_counterpart_takes_other_parameters_next_to_a_number() => Verify.VerifyAnalyzerAsync(Usings + Journal + """
        sealed class Closing
        {
            public async Task CloseAsync(Journal journal, string reason, int code)
            {
                await Task.Yield();
                journal.Write(reason);
                [|journal.Write(code)|];
                journal.Write(reason);
                [|journal.Write(code)|];
            }
        }
        """);

    [Fact]
    public Task Ignores_a_named_argument_the_counterpart_does_not_have_next_to_a_positional_one() => Verify.VerifyAnalyzerAsync(Usings + Journal + """
        sealed class Closing
        {
            public async Task CloseAsync(Journal journal, string reason)
            {
                await Task.Yield();
                journal.Append(line: reason);
                [|journal.Append(reason)|];
                journal.Append(line: reason);
            }
        }
        """);

    [Fact]
    public Task Ignores_a_base_call_whose_base_has_no_counterpart_next_to_a_call_on_this() => Verify.VerifyAnalyzerAsync(Usings + """
        class Sink
        {
            public virtual void Write(string line) => File.AppendAllText("sink.log", line);
        }

        sealed class BufferedSink : Sink
        {
            public override void Write(string line) => base.Write(line);

            public Task WriteAsync(string line) => File.AppendAllTextAsync("sink.log", line);

            public async Task DrainAsync(string line)
            {
                await Task.Yield();
                base.Write(line);
                [|this.Write(line)|];
                base.Write(line);
            }
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_every_call_of_a_repeated_shape() => Verify.VerifyAnalyzerAsync(Usings + Journal + """
        sealed class Closing
        {
            public async Task CloseAsync(Journal first, Journal second, int code)
            {
                await Task.Yield();
                [|first.Write(code)|];
                [|second.Write(code)|];
                [|first.Append("closed")|];
                [|second.Append("closed")|];
            }
        }
        """);

    [Fact]
    public Task Ignores_a_private_counterpart_outside_its_type_and_flags_it_inside_whichever_comes_first() => Verify.VerifyAnalyzerAsync(
        Usings + Outsider(1) + Outsider(2) + Outsider(3) + Store + Outsider(4),
        Verify.Diagnostic().WithLocation(0).WithArguments("Store.Save", "the calling thread", "Store.SaveAsync"));

    [Fact]
    public Task Flags_a_private_counterpart_inside_its_type_and_ignores_it_outside_whichever_comes_first() => Verify.VerifyAnalyzerAsync(
        Usings + Outsider(1) + Store + Outsider(2) + Outsider(3) + Outsider(4),
        Verify.Diagnostic().WithLocation(0).WithArguments("Store.Save", "the calling thread", "Store.SaveAsync"));
}
