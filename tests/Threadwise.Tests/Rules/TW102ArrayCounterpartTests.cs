using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// A synchronous method that takes an array has an async counterpart that takes the same elements as a sequence:
/// <c>File.WriteAllLines(path, string[])</c> beside <c>File.WriteAllLinesAsync(path, IEnumerable&lt;string&gt;, ct)</c>.
/// Only an array to <c>IEnumerable&lt;T&gt;</c> of the same element type; other element types, and other collection
/// types, are other operations.
/// </summary>
public class TW102ArrayCounterpartTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Flags_File_WriteAllLines_of_an_array_in_an_async_library_method() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Exporter
        {
            public async Task ExportAsync(string path, Func<Task<string[]>> load)
            {
                var lines = await load();
                [|File.WriteAllLines(path, lines)|];
                [|File.WriteAllLines(path + ".utf8", lines, Encoding.UTF8)|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_source_pair_that_takes_an_array_and_a_sequence() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Sink
        {
            public void Send(int[] values) => Thread.Sleep(values.Length);
            public Task SendAsync(IEnumerable<int> values, CancellationToken cancellationToken = default) => Task.CompletedTask;
        }

        public sealed class Producer
        {
            public async Task ProduceAsync(Sink sink, Func<Task<int[]>> next)
            {
                var values = await next();
                [|sink.Send(values)|];
            }
        }
        """);

    [Fact]
    public Task Ignores_sequences_of_another_element_type_and_other_collections() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class Sink
        {
            public void Send(int[] values) { }
            public Task SendAsync(IEnumerable<long> values) => Task.CompletedTask;

            public void Store(List<string> values) { }
            public Task StoreAsync(IEnumerable<string> values) => Task.CompletedTask;

            public void Mark(string[] names) { }
            public Task MarkAsync(IReadOnlyCollection<string> names) => Task.CompletedTask;
        }

        public sealed class Producer
        {
            public async Task ProduceAsync(Sink sink, Func<Task<int[]>> next)
            {
                var values = await next();
                sink.Send(values);
                sink.Store(new List<string>());
                sink.Mark(new[] { "a" });
            }
        }
        """);
}
