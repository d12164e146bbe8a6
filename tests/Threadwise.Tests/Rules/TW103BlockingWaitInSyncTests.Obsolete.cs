using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// Members the library marked [Obsolete]: it has moved its callers to the async API already and keeps the member, wait
/// and all, only so that old callers still compile (Stateless's GetPermittedTriggers). Sync-contract bridges.
/// </summary>
public partial class TW103BlockingWaitInSyncTests
{
    private const string ObsoleteMembers = """
        public class StateMachine
        {
            [Obsolete("Kept for compatibility purposes. Recommended to use GetPermittedTriggersAsync instead")]
            public IEnumerable<string> GetPermittedTriggers() => Task.Run(() => GetPermittedTriggersAsync()).GetAwaiter().GetResult();

            [Obsolete("Use GetStateAsync")]
            public string State => GetStateAsync().Result;

            [Obsolete]
            public StateMachine(string initial) => GetStateAsync().Wait();

            public StateMachine() { }

            public Task<IEnumerable<string>> GetPermittedTriggersAsync() => Task.Run(() => (IEnumerable<string>)new[] { "go" });
            public Task<string> GetStateAsync() => Task.Run(() => "idle");
        }

        [Obsolete("Use AsyncClient")]
        public class SyncClient
        {
            public string Get(string key) => Task.Run(() => key).Result;

            public class Batch
            {
                public void Flush() => Task.Delay(1).Wait();
            }
        }

        """;

    [Fact]
    public Task Ignores_waits_in_members_and_types_marked_obsolete() => Verify.VerifyAnalyzerAsync(ObsoleteUsings + ObsoleteMembers);

    [Fact]
    public Task Ignores_waits_in_obsolete_members_of_an_application() => new Verify.Test
    {
        TestCode = ObsoleteUsings + """
            class Program
            {
                static void Main() { }
            }

            """ + ObsoleteMembers,
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
    }.RunAsync();

    [Fact]
    public Task Flags_the_same_waits_in_members_that_are_not_obsolete() => Verify.VerifyAnalyzerAsync(ObsoleteUsings + """
        public class StateMachine
        {
            public IEnumerable<string> GetPermittedTriggers() => [|Task.Run(() => GetPermittedTriggersAsync()).GetAwaiter().GetResult()|];

            // Obsolete is on the member that calls this helper, not on the helper itself.
            [Obsolete("Use GetStateAsync")]
            public string State => ReadState();

            private string ReadState() => [|GetStateAsync().Result|];

            public Task<IEnumerable<string>> GetPermittedTriggersAsync() => Task.Run(() => (IEnumerable<string>)new[] { "go" });
            public Task<string> GetStateAsync() => Task.Run(() => "idle");
        }
        """);

    [Fact]
    public Task Flags_waits_in_obsolete_members_when_the_option_asks_without_a_fix() => new Verify.Test
    {
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        TestCode = ObsoleteOption,
        FixedCode = ObsoleteOption,
    }.RunAsync();

    private const string ObsoleteOption = ObsoleteUsings + """
        public class SyncClient
        {
            [Obsolete("Use GetAsync")]
            public string Get(string key) => [|Task.Run(() => key).Result|];
        }
        """;

    private const string ObsoleteUsings = Usings;
}
