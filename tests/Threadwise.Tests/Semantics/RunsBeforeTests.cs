using Threadwise.Semantics;

namespace Threadwise.Tests.Semantics;

public class RunsBeforeTests
{
    /// <summary>Whether the first marked expression always runs before the second, in each member of the source.</summary>
    private static void AssertRunsBefore(string body, bool expected)
    {
        var test = new SemanticsTestSource("""
            using System;
            using System.Threading.Tasks;
            class C
            {
                static int F(int x) => x;
                async Task M(bool b, int[] items)
                {

            """ + body + """

                }
            }
            """);
        Assert.Equal(2, test.Spans.Count);
        var first = test.OperationAt(test.Spans[0]).Syntax;
        var second = test.OperationAt(test.Spans[1]).Syntax;
        Assert.Equal(expected, RunsBefore.AlwaysRunsBefore(first, second));
    }

    [Theory]
    [InlineData("[|F(1)|]; [|F(2)|];")]
    [InlineData("var a = [|F(1)|]; if (b) { [|F(2)|]; }")]
    [InlineData("if ([|F(1)|] > 0) { [|F(2)|]; }")]
    [InlineData("var c = [|F(1)|] > 0 ? [|F(2)|] : 0;")]
    [InlineData("var c = [|F(1)|] > 0 && [|F(2)|] > 0;")]
    [InlineData("F([|F(1)|] + [|F(2)|]);")]
    [InlineData("using (null as IDisposable) { [|F(1)|]; } [|F(2)|];")]
    [InlineData("[|F(1)|]; foreach (var i in items) { [|F(i)|]; }")]
    [InlineData("switch (b) { case true: [|F(1)|]; [|F(2)|]; break; }")]
    public void Sequences_conditions_and_operands_run_first(string body) => AssertRunsBefore(body, expected: true);

    [Theory]
    [InlineData("if (b) { [|F(1)|]; } [|F(2)|];")]
    [InlineData("if (b) { [|F(1)|]; } else { [|F(2)|]; }")]
    [InlineData("var c = b ? [|F(1)|] : [|F(2)|];")]
    [InlineData("var c = b && [|F(1)|] > 0; [|F(2)|];")]
    [InlineData("foreach (var i in items) { [|F(i)|]; } [|F(2)|];")]
    [InlineData("try { [|F(1)|]; } catch { [|F(2)|]; }")]
    [InlineData("try { [|F(1)|]; } catch { } [|F(2)|];")]
    [InlineData("Action a = () => [|F(1)|]; [|F(2)|];")]
    [InlineData("switch (b) { case true: [|F(1)|]; break; default: [|F(2)|]; break; }")]
    public void Branches_loop_bodies_handlers_and_lambdas_may_not_run(string body) => AssertRunsBefore(body, expected: false);

    [Fact]
    public void A_later_expression_never_runs_before_an_earlier_one_nor_one_containing_it()
    {
        var test = new SemanticsTestSource("""
            class C
            {
                static int F(int x) => x;
                void M() { [|F(1)|]; F([|F(2)|]); }
            }
            """);
        var first = test.OperationAt(test.Spans[0]).Syntax;
        var inner = test.OperationAt(test.Spans[1]).Syntax;
        Assert.False(RunsBefore.AlwaysRunsBefore(inner, first));
        Assert.False(RunsBefore.AlwaysRunsBefore(inner.Parent!.Parent!.Parent!, inner));
    }
}
