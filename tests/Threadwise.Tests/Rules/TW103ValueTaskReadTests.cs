using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer>;
using VerifyValueTask = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Correctness.TW506ValueTaskMisuseAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// TW103 and a blocking read of a ValueTask that may not have completed (graphql-dotnet's
/// <c>_instance.VisitAsync(node, default).GetAwaiter().GetResult()</c>): the site is TW506's, one warning per site. Where
/// TW506 is turned off or suppressed at the site, after <c>AsTask()</c>, and for a ValueTask variable, TW103 reports.
/// </summary>
public class TW103ValueTaskReadTests
{
    private const string Visitor = """
        using System.IO;
        using System.Threading.Tasks;

        public abstract class Node { }

        public interface IVisitor
        {
            ValueTask VisitAsync(Node node);

            ValueTask<int> CountAsync(Node node);
        }

        """;

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_GetResult_on_a_ValueTask_that_TW506_reports() => Verify.VerifyAnalyzerAsync(Visitor + """
        public static class Cleaner
        {
            public static void Clean(IVisitor visitor, Node node) => visitor.VisitAsync(node).GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Ignores_Result_on_a_ValueTask_that_TW506_reports() => Verify.VerifyAnalyzerAsync(Visitor + """
        public static class Counter
        {
            public static int Count(IVisitor visitor, Node node) => visitor.CountAsync(node).Result;
        }
        """);

    [Fact]
    public Task Ignores_a_configured_ValueTask_that_TW506_reports() => Verify.VerifyAnalyzerAsync(Visitor + """
        public static class Counter
        {
            public static int Count(IVisitor visitor, Node node) => visitor.CountAsync(node).ConfigureAwait(false).GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task Ignores_a_ValueTask_read_that_TW506_turned_to_warning_reports() => new Verify.Test
    {
        TestCode = Visitor + """
            public static class Cleaner
            {
                public static void Clean(IVisitor visitor, Node node) => visitor.VisitAsync(node).GetAwaiter().GetResult();
            }
            """,
        EditorConfig = "dotnet_diagnostic.TW506.severity = warning",
    }.RunAsync();

    // graphql-dotnet's Print: the maintainers put the read under CA2012, the analyzer that flags it, to say it is deliberate.
    [Fact]
    public Task Ignores_a_ValueTask_read_under_a_local_CA2012_suppression() => Verify.VerifyAnalyzerAsync(Visitor + """
        public static class Printer
        {
            public static string Print(IVisitor visitor, Node node)
            {
                using var writer = new StringWriter();
        #pragma warning disable CA2012 // Use ValueTasks correctly
                visitor.VisitAsync(node).GetAwaiter().GetResult();
        #pragma warning restore CA2012 // Use ValueTasks correctly
                return writer.ToString();
            }
        }
        """);

    [Fact]
    public Task Ignores_the_same_read_in_TW506() => VerifyValueTask.VerifyAnalyzerAsync(Visitor + """
        public static class Printer
        {
            [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2012:Use ValueTasks correctly")]
            public static int Count(IVisitor visitor, Node node) => visitor.CountAsync(node).Result;
        }
        """);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_the_site_with_TW506() => VerifyValueTask.VerifyAnalyzerAsync(Visitor + """
        public static class Cleaner
        {
            public static void Clean(IVisitor visitor, Node node) => [|visitor.VisitAsync(node).GetAwaiter().GetResult()|];
        }
        """);

    [Fact]
    public Task Flags_the_read_where_the_project_turns_TW506_off() => new Verify.Test
    {
        TestCode = Visitor + """
            public static class Cleaner
            {
                public static void Clean(IVisitor visitor, Node node) => [|visitor.VisitAsync(node).GetAwaiter().GetResult()|];
            }
            """,
        EditorConfig = "dotnet_diagnostic.TW506.severity = none",
    }.RunAsync();

    [Fact]
    public Task Flags_the_read_where_TW506_is_suppressed_at_the_site() => Verify.VerifyAnalyzerAsync(Visitor + """
        public static class Cleaner
        {
            public static void Clean(IVisitor visitor, Node node)
            {
        #pragma warning disable TW506
                [|visitor.VisitAsync(node).GetAwaiter().GetResult()|];
        #pragma warning restore TW506
            }
        }
        """);

    [Fact]
    public Task Flags_a_wait_on_AsTask_and_on_a_ValueTask_variable() => Verify.VerifyAnalyzerAsync(Visitor + """
        public static class Cleaner
        {
            public static void Clean(IVisitor visitor, Node node)
            {
                [|visitor.VisitAsync(node).AsTask().GetAwaiter().GetResult()|];
                var counted = visitor.CountAsync(node);
                var count = [|counted.Result|];
            }
        }
        """);

    [Fact]
    public Task Flags_a_Task_wait_under_CA2012_which_says_nothing_about_tasks() => Verify.VerifyAnalyzerAsync(Visitor + """
        public static class Printer
        {
            public static void Print(IVisitor visitor, Node node)
            {
        #pragma warning disable CA2012
                [|visitor.VisitAsync(node).AsTask().GetAwaiter().GetResult()|];
        #pragma warning restore CA2012
            }
        }
        """);

    [Fact]
    public Task Flags_a_ValueTask_read_after_the_CA2012_pragma_is_restored() => VerifyValueTask.VerifyAnalyzerAsync(Visitor + """
        public static class Printer
        {
        #pragma warning disable CA2012
            public static int First(IVisitor visitor, Node node) => visitor.CountAsync(node).Result;
        #pragma warning restore CA2012

            public static int Second(IVisitor visitor, Node node) => [|visitor.CountAsync(node).Result|];
        }
        """);
}
