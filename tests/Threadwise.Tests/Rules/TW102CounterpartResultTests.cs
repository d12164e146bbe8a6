using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW102SyncApiInAsyncAnalyzer>;
using VerifyTW104 = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An MAsync is M's counterpart only where it hands back what M returns, or a type one converts to the other: CAP's
/// string Serialize(Message) (the stored JSON) beside ValueTask&lt;TransportMessage&gt; SerializeAsync(Message) (the broker's
/// envelope) is another operation.
/// </summary>
public class TW102CounterpartResultTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;

        """;

    private const string Serializer = """
        public sealed class Message { public string Body = ""; }

        public sealed class TransportMessage { public byte[] Body = new byte[0]; }

        public interface ISerializer
        {
            string Serialize(Message message);

            ValueTask<TransportMessage> SerializeAsync(Message message);

            Message Deserialize(string json);

            Task<object> DeserializeAsync(string json);
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_an_MAsync_that_returns_another_kind_of_result() => Verify.VerifyAnalyzerAsync(Usings + Serializer + """
        public sealed class Storage
        {
            private readonly ISerializer _serializer;

            public Storage(ISerializer serializer) => _serializer = serializer;

            public async Task StoreAsync(Message message, Stream target)
            {
                var content = _serializer.Serialize(message);
                var bytes = System.Text.Encoding.UTF8.GetBytes(content);
                await target.WriteAsync(bytes, 0, bytes.Length);
            }
        }
        """);

    [Fact]
    public Task Ignores_the_same_call_in_a_helper_reached_from_async_code() => VerifyTW104.VerifyAnalyzerAsync(Usings + Serializer + """
        public sealed class Publisher
        {
            private readonly ISerializer _serializer;

            public Publisher(ISerializer serializer) => _serializer = serializer;

            public async Task PublishAsync(Message message, Stream target)
            {
                var json = Render(message);
                await target.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json), 0, json.Length);
            }

            private string Render(Message message) => _serializer.Serialize(message);
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_counterparts_whose_results_convert_one_way_or_the_other() => Verify.VerifyAnalyzerAsync(Usings + Serializer + """
        public class Reader { }

        public sealed class SqlReader : Reader { }

        public sealed class Command
        {
            public SqlReader ExecuteReader() { System.Threading.Thread.Sleep(1); return new SqlReader(); }

            public Task<Reader> ExecuteReaderAsync() => Task.FromResult<Reader>(new SqlReader());

            public List<string> Names() { System.Threading.Thread.Sleep(1); return new List<string>(); }

            public Task<IReadOnlyList<string>> NamesAsync() => Task.FromResult<IReadOnlyList<string>>(new List<string>());
        }

        public sealed class Handler
        {
            public async Task<int> HandleAsync(Command command, ISerializer serializer)
            {
                await Task.Yield();
                var reader = [|command.ExecuteReader()|];
                var names = [|command.Names()|];
                var message = [|serializer.Deserialize("{}")|];
                return names.Count + message.Body.Length + (reader == null ? 0 : 1);
            }
        }
        """);
}
