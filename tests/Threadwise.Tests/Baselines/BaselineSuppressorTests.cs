using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Threadwise.Baselines;

namespace Threadwise.Tests.Baselines;

/// <summary>
/// ThreadwiseBaselineSuppressor with plain CompilationWithAnalyzers: diagnostics in the baseline (an AdditionalFiles item)
/// come back suppressed with the rule's TWS ID, new ones do not.
/// </summary>
public sealed class BaselineSuppressorTests
{
    private const string Before = """
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

    // Lines inserted above, one member edited around its accepted diagnostic, and one new bug in a new member.
    private const string After = """
        using System.IO;
        using System.Threading.Tasks;

        namespace Shop
        {
            /// <summary>Orders on disk.</summary>
            public sealed class OrderStore
            {
                public string Folder { get; } = "orders";

                public async Task<int> CountAsync(Task<int[]> rows)
                {
                    await Task.Yield();
                    var count = rows.Result.Length;
                    return count;
                }

                public async Task SaveAsync(string path, string text)
                {
                    await Task.Yield();
                    File.WriteAllText(path, text);
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
    public void Suppresses_diagnostics_in_the_baseline_and_reports_new_ones()
    {
        var baseline = BaselineRun.BaselineOf(BaselineRun.Compile(Before));

        var diagnostics = BaselineRun.Analyze(BaselineRun.Compile(After), [new BaselineRun.InMemoryText("/repo/threadwise.baseline.json", baseline)]);

        Assert.Equal(
            new[] { ("TW101", true), ("TW102", false), ("TW102", true) },
            diagnostics.Select(d => (d.Id, d.IsSuppressed)));
        var unsuppressed = Assert.Single(diagnostics, d => !d.IsSuppressed);
        Assert.Contains("File.WriteAllText", unsuppressed.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Suppresses_everything_when_nothing_changed_and_names_the_baseline_in_the_justification()
    {
        var baseline = BaselineRun.BaselineOf(BaselineRun.Compile(Before));

        var diagnostics = BaselineRun.Analyze(BaselineRun.Compile(Before), [new BaselineRun.InMemoryText("threadwise.baseline.json", baseline)]);

        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.True(d.IsSuppressed));
        var tw101 = new ThreadwiseBaselineSuppressor().SupportedSuppressions.Single(s => s.SuppressedDiagnosticId == "TW101");
        Assert.Equal("TWS101", tw101.Id);
        Assert.Contains("threadwise.baseline.json", tw101.Justification.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Suppresses_only_as_many_equal_diagnostics_as_the_baseline_holds()
    {
        const string One = """
            using System.IO;
            using System.Threading.Tasks;
            public sealed class Backup
            {
                public async Task<string> CopyAsync(string path)
                {
                    await Task.Yield();
                    return File.ReadAllText(path);
                }
            }
            """;
        var baseline = BaselineRun.BaselineOf(BaselineRun.Compile(One));
        var two = One.Replace("return File.ReadAllText(path);", "return File.ReadAllText(path) + File.ReadAllText(path);", StringComparison.Ordinal);

        var diagnostics = BaselineRun.Analyze(BaselineRun.Compile(two), [new BaselineRun.InMemoryText("threadwise.baseline.json", baseline)]);

        Assert.Equal([true, false], diagnostics.Select(d => d.IsSuppressed));
    }

    [Fact]
    public void Suppresses_nothing_without_a_baseline_among_the_additional_files()
    {
        var baseline = BaselineRun.BaselineOf(BaselineRun.Compile(Before));
        var compilation = BaselineRun.Compile(Before);

        Assert.All(BaselineRun.Analyze(compilation, []), d => Assert.False(d.IsSuppressed));
        Assert.All(BaselineRun.Analyze(compilation, [new BaselineRun.InMemoryText("/repo/baseline.json", baseline)]), d => Assert.False(d.IsSuppressed));
        Assert.All(BaselineRun.Analyze(compilation, [new BaselineRun.InMemoryText("/repo/other.threadwise.baseline.json", baseline)]), d => Assert.False(d.IsSuppressed));
    }

    [Fact]
    public void Suppresses_nothing_when_the_baseline_is_malformed()
    {
        var compilation = BaselineRun.Compile(Before);

        var diagnostics = BaselineRun.Analyze(compilation, [new BaselineRun.InMemoryText("threadwise.baseline.json", "{ \"format\": \"threadwise-baseline\", ")]);

        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.False(d.IsSuppressed));
    }

    [Fact]
    public void Reads_the_file_named_by_threadwise_baseline_file_by_path_suffix()
    {
        var baseline = BaselineRun.BaselineOf(BaselineRun.Compile(Before));
        var compilation = BaselineRun.Compile(Before);
        AdditionalText[] files =
        [
            new BaselineRun.InMemoryText("/repo/build/accepted.json", baseline),
            new BaselineRun.InMemoryText("/repo/threadwise.baseline.json", "{}"),
        ];

        var bySuffix = BaselineRun.Analyze(compilation, files, "threadwise.baseline_file = build/accepted.json");
        var byOtherSuffix = BaselineRun.Analyze(compilation, files, "threadwise.baseline_file = uild/accepted.json");

        Assert.All(bySuffix, d => Assert.True(d.IsSuppressed));
        Assert.All(byOtherSuffix, d => Assert.False(d.IsSuppressed)); // a suffix matches whole path segments only
    }

    [Fact]
    public void Has_a_suppression_descriptor_for_every_Threadwise_rule()
    {
        var ruleIds = typeof(ThreadwiseBaselineSuppressor).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t))
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .Select(d => d.Id)
            .Distinct()
            .Order(StringComparer.Ordinal);

        var suppressed = new ThreadwiseBaselineSuppressor().SupportedSuppressions;

        Assert.Equal(ruleIds, suppressed.Select(s => s.SuppressedDiagnosticId).Order(StringComparer.Ordinal));
        Assert.All(suppressed, s => Assert.Equal("TWS" + s.SuppressedDiagnosticId[2..], s.Id));
    }
}
