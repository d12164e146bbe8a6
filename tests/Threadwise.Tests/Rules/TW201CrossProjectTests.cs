using Verify = Threadwise.Tests.Verifiers.CSharpCodeFixVerifier<Threadwise.Rules.Cpu.TW201CpuHeavyLoopAnalyzer, Threadwise.Fixes.Cpu.TW201CpuHeavyLoopCodeFix>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// In a workspace (the IDE, the CLI) a project reference is a source compilation: a callee's declaration is in source
/// but not in the compilation being analyzed. The cost model treats it like a library call (no body to walk) instead of
/// asking this compilation for a semantic model of another compilation's tree, which throws.
/// </summary>
public class TW201CrossProjectTests
{
    [Fact]
    public Task Judges_a_loop_that_calls_a_method_of_a_referenced_source_project_without_throwing()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                public sealed class ReportBuilder
                {
                    public async Task<double> TotalAsync(Task<double[]> load)
                    {
                        var values = await load;
                        var total = 0.0;
                        for (var i = 0; i < values.Length; i++)
                        {
                            total += Pricing.Rules.Adjust(values[i], i);
                        }

                        return total;
                    }
                }
                """,
        };
        var pricing = test.TestState.AdditionalProjects["Pricing"];
        pricing.AdditionalReferences.AddRange(test.TestState.AdditionalReferences);
        pricing.Sources.Add(("/Pricing/Rules.cs", """
            namespace Pricing
            {
                public static class Rules
                {
                    public static double Adjust(double value, int index)
                    {
                        var result = value;
                        for (var round = 0; round < 1000; round++)
                        {
                            for (var k = 0; k < 1000; k++)
                            {
                                result = result * 1.0000001 + index % 7;
                            }
                        }

                        return result;
                    }
                }
            }
            """));
        test.TestState.AdditionalProjectReferences.Add("Pricing");
        return test.RunAsync(CancellationToken.None);
    }
}
