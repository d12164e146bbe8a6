using Threadwise.Baselines;

namespace Threadwise.Tests.Baselines;

/// <summary>
/// Fingerprints stay the same under edits elsewhere in the file and change when the flagged code changes (the shared
/// computation the suppressor and the command line use).
/// </summary>
public sealed class BaselineFingerprintTests
{
    private const string Orders = """
        using System.IO;
        using System.Threading.Tasks;

        namespace Shop
        {
            public sealed class OrderStore
            {
                public async Task<int> CountAsync(Task<int[]> rows)
                {
                    await Task.Yield();
                    return rows.Result.Length;
                }

                public async Task<string> LoadAsync(string path)
                {
                    await Task.Yield();
                    return File.ReadAllText(path);
                }
            }
        }
        """;

    [Fact]
    public void Names_rule_member_documentation_id_and_flagged_code()
    {
        var fingerprints = BaselineRun.Fingerprints(Orders);

        Assert.Collection(
            fingerprints,
            f => Assert.Equal(("TW101", "M:Shop.OrderStore.CountAsync(System.Threading.Tasks.Task{System.Int32[]})", "rows.Result", 0), Tuple(f)),
            f => Assert.Equal(("TW102", "M:Shop.OrderStore.LoadAsync(System.String)", "File.ReadAllText(path)", 0), Tuple(f)));
    }

    [Fact]
    public void Stable_when_lines_are_inserted_above()
    {
        var edited = Orders.Replace("namespace Shop\n{", "// A comment\n\nnamespace Shop\n{\n    internal static class Clock { }\n\n", StringComparison.Ordinal);
        Assert.NotEqual(Orders, edited);

        Assert.Equal(BaselineRun.Fingerprints(Orders), BaselineRun.Fingerprints(edited));
    }

    [Fact]
    public void Stable_when_another_member_changes()
    {
        var edited = Orders.Replace(
            "return File.ReadAllText(path);",
            "var text = await File.ReadAllTextAsync(path);\n            return text.Trim();",
            StringComparison.Ordinal);

        var fingerprints = BaselineRun.Fingerprints(edited);

        Assert.Equal(BaselineRun.Fingerprints(Orders)[0], Assert.Single(fingerprints));
    }

    [Fact]
    public void Stable_when_the_flagged_code_is_only_reformatted_or_commented()
    {
        var edited = Orders.Replace(
            "return File.ReadAllText(path);",
            "return File\n                .ReadAllText( /* the order file */\n                    path );",
            StringComparison.Ordinal);

        Assert.Equal(BaselineRun.Fingerprints(Orders), BaselineRun.Fingerprints(edited));
    }

    [Fact]
    public void Changes_when_the_flagged_code_changes()
    {
        var edited = Orders.Replace("File.ReadAllText(path)", "File.ReadAllText(path + \".bak\")", StringComparison.Ordinal);

        var before = BaselineRun.Fingerprints(Orders);
        var after = BaselineRun.Fingerprints(edited);

        Assert.Equal(before[0], after[0]);
        Assert.NotEqual(before[1], after[1]);
        Assert.Equal("File.ReadAllText(path+\".bak\")", after[1].Code); // words only are kept apart
    }

    [Fact]
    public void Changes_when_the_member_is_renamed_or_its_signature_changes()
    {
        var renamed = BaselineRun.Fingerprints(Orders.Replace("CountAsync(Task<int[]> rows)", "CountRowsAsync(Task<int[]> rows)", StringComparison.Ordinal));
        var resigned = BaselineRun.Fingerprints(Orders.Replace("CountAsync(Task<int[]> rows)", "CountAsync(Task<int[]> rows, int limit)", StringComparison.Ordinal));

        Assert.NotEqual(BaselineRun.Fingerprints(Orders)[0], renamed[0]);
        Assert.NotEqual(BaselineRun.Fingerprints(Orders)[0], resigned[0]);
    }

    [Fact]
    public void Equal_code_in_one_member_is_numbered_in_source_order_and_each_member_counts_from_zero()
    {
        var fingerprints = BaselineRun.Fingerprints(Copies);

        Assert.Equal(
            new[] { ("M:Backup.CopyAsync", 0), ("M:Backup.CopyAsync", 1), ("M:Backup.CopyAsync", 2), ("M:Backup.OnceAsync", 0) },
            fingerprints.Select(f => (f.Member[..f.Member.IndexOf('(')], f.Ordinal)));
        Assert.All(fingerprints, f => Assert.Equal("File.ReadAllText(path)", f.Code));
    }

    [Fact]
    public void Removing_one_of_equal_diagnostics_leaves_the_first_ordinals()
    {
        // The ordinal is a position among equals, so taking one out leaves ordinals 0..n-2: a baseline of n then accepts
        // the remaining ones and lists one as fixed, which is what happened.
        var two = Copies.Replace("var c = File.ReadAllText(path);", "var c = \"\";", StringComparison.Ordinal);

        var before = BaselineRun.Fingerprints(Copies);
        var after = BaselineRun.Fingerprints(two);

        Assert.Equal(new[] { before[0], before[1], before[3] }, after);
    }

    private const string Copies = """
        using System.IO;
        using System.Threading.Tasks;

        public sealed class Backup
        {
            public async Task<string> CopyAsync(string path)
            {
                await Task.Yield();
                var a = File.ReadAllText(path);
                var b = File.ReadAllText(path);
                var c = File.ReadAllText(path);
                return a + b + c;
            }

            public async Task<string> OnceAsync(string path)
            {
                await Task.Yield();
                return File.ReadAllText(path);
            }
        }
        """;

    [Fact]
    public void Lambdas_local_functions_and_accessors_belong_to_their_member()
    {
        var fingerprints = BaselineRun.Fingerprints("""
            using System;
            using System.Threading.Tasks;

            public sealed class Feed
            {
                private readonly Task<int> _count;

                public Feed(Task<int> count) => _count = count;

                public Func<Task<int>> Reader => async () =>
                {
                    await Task.Yield();
                    return _count.Result;
                };

                public async Task<int> PollAsync()
                {
                    return await Local();

                    async Task<int> Local()
                    {
                        await Task.Yield();
                        return _count.Result;
                    }
                }

                public async Task<int> DrainAsync()
                {
                    Func<Task<int>> run = async () =>
                    {
                        await Task.Yield();
                        return _count.Result;
                    };
                    return await run();
                }
            }
            """);

        Assert.Equal(new[] { "P:Feed.Reader", "M:Feed.PollAsync", "M:Feed.DrainAsync" }, fingerprints.Select(f => f.Member));
    }

    [Fact]
    public void Top_level_statements_have_a_fixed_member_name()
    {
        var compilation = BaselineRun.Compile(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication, ("/src/Program.cs", """
            using System.Threading.Tasks;

            await Task.Yield();
            var host = System.Net.Dns.GetHostEntry("orders.example");
            System.Console.WriteLine(host.HostName);
            """));

        var fingerprint = Assert.Single(BaselineRun.Fingerprints(compilation)).Fingerprint;

        Assert.Equal(BaselineFingerprints.TopLevelStatements, fingerprint.Member);
        Assert.Equal("System.Net.Dns.GetHostEntry(\"orders.example\")", fingerprint.Code);
    }

    [Theory]
    [InlineData("rows.Result", "rows.Result")]
    [InlineData("rows\n        .Result", "rows.Result")]
    [InlineData("File.ReadAllText( path /* why */ )", "File.ReadAllText(path)")]
    [InlineData("await  Task.Delay(1)", "await Task.Delay(1)")]
    [InlineData("new  string('x', 2)", "new string('x',2)")]
    [InlineData("$\"a  {name} b\"", "$\"a  {name} b\"")]
    [InlineData("@\"x\n  y\"", "@\"x\n  y\"")]
    public void Code_keeps_tokens_and_string_contents_and_drops_trivia(string code, string expected)
    {
        const string Prefix = "class C { object F = ";
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Prefix + code + "; }");

        Assert.Equal(expected, BaselineFingerprints.Code(tree, new Microsoft.CodeAnalysis.Text.TextSpan(Prefix.Length, code.Length), CancellationToken.None));
    }

    private static (string, string, string, int) Tuple(BaselineFingerprint f) => (f.RuleId, f.Member, f.Code, f.Ordinal);
}
