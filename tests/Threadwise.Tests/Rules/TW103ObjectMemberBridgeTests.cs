using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer, Threadwise.Fixes.Blocking.TW103BlockingWaitInSyncCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// An override of <c>object.ToString()</c>, <c>Equals(object)</c> or <c>GetHashCode()</c> is called synchronously by string
/// formatting, collections and debuggers, and has no async form to forward to: a wait there is a sync-contract bridge
/// (Stateless's <c>StateMachine.ToString</c> lists the permitted triggers through <c>Task.Run(..).GetAwaiter().GetResult()</c>).
/// Reported only with threadwise.tw103_report_sync_contract_bridges, never with the make-async fix, and always in a UI app.
/// </summary>
public class TW103ObjectMemberBridgeTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        """;

    private const string StateMachine = """
        public class StateMachine
        {
            public string State { get; set; } = "Idle";

            public async Task<IEnumerable<string>> GetPermittedTriggersAsync() { await Task.Delay(1); return new[] { "Start" }; }

            public async Task<int> CountAsync() { await Task.Delay(1); return State.Length; }

            public override string ToString() =>
                string.Format("StateMachine {{ State = {0}, PermittedTriggers = {{ {1} }}}}", State,
                    string.Join(", ", {|#0:Task.Run(() => GetPermittedTriggersAsync()).GetAwaiter().GetResult()|}.ToArray()));

            public override int GetHashCode() => {|#1:CountAsync().Result|};

            public override bool Equals(object obj) => obj is StateMachine other && {|#2:other.CountAsync().Result|} == {|#3:CountAsync().Result|};
        }
        """;

    private static string Unmarked(string code) =>
        code.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("{|#3:", "").Replace("|}", "");

    [Fact]
    public Task Ignores_waits_in_overrides_of_ToString_GetHashCode_and_Equals() =>
        Verify.VerifyAnalyzerAsync(Usings + Unmarked(StateMachine));

    // A record's or a derived class's override of a base class's override still overrides object's member.
    [Fact]
    public Task Ignores_waits_in_overrides_of_a_base_class_override_of_ToString() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Node
        {
            public override string ToString() => "node";
        }

        public class RemoteNode : Node
        {
            public async Task<string> DescribeAsync() { await Task.Delay(1); return "remote"; }

            public override string ToString() => DescribeAsync().GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Flags_the_overrides_waits_when_bridges_are_reported_without_a_fix() => new Verify.Test
    {
        TestCode = Usings + StateMachine,
        FixedCode = Usings + StateMachine,
        EditorConfig = "threadwise.tw103_report_sync_contract_bridges = true",
        ExpectedDiagnostics =
        {
            Verify.Diagnostic().WithLocation(0), Verify.Diagnostic().WithLocation(1),
            Verify.Diagnostic().WithLocation(2), Verify.Diagnostic().WithLocation(3),
        },
    }.RunAsync();

    // Only object's three members: a method of the same name that hides or overloads them, or another virtual, is
    // ordinary code; and a UI app's ToString runs on its UI thread, which the wait may need.
    [Fact]
    public Task Flags_waits_in_other_members_of_the_same_names() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Report
        {
            public async Task<string> RenderAsync() { await Task.Delay(1); return "report"; }

            public string ToString(string format) => [|RenderAsync().Result|] + format;

            public new int GetHashCode() => [|RenderAsync().Result|].Length;

            public virtual string Describe() => [|RenderAsync().Result|];
        }
        """);

    [Fact]
    public Task Flags_waits_in_a_ToString_override_of_a_ui_app() => new Verify.Test
    {
        TestCode = Usings + """
            public class Row
            {
                public async Task<string> LoadAsync() { await Task.Delay(1); return "row"; }

                public override string ToString() => [|LoadAsync().Result|];
            }
            """,
        AdditionalReferences = { TestReferences.EmptyAssembly("PresentationFramework") },
    }.RunAsync();
}
