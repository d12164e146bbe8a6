using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Threadwise.Options;
using Threadwise.Rules.Configuration;
using Threadwise.Tests.Infrastructure;
using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Configuration.TW001InvalidOptionAnalyzer>;

namespace Threadwise.Tests.Rules;

public partial class TW001InvalidOptionTests
{
    private const string Source = """
        class OrderService
        {
            public int Count() => 0;
        }
        """;

    private static Task VerifyAsync(string editorConfig, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = Source, EditorConfig = editorConfig };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static DiagnosticResult Unknown(string message) => Verify.Diagnostic(TW001InvalidOptionAnalyzer.UnknownOption).WithMessage(message);

    private static DiagnosticResult Invalid(string message) => Verify.Diagnostic(TW001InvalidOptionAnalyzer.InvalidValue).WithMessage(message);

    // ---- must flag -------------------------------------------------------------------------------------------

    [Fact]
    public Task Flags_a_misspelled_option_and_suggests_the_closest_name() => VerifyAsync(
        """
        [*.cs]
        threadwise.cpu_loop_treshold = 5_000_000
        threadwise.honour_peer_suppressions = false
        """,
        Unknown("'threadwise.cpu_loop_treshold' is not a Threadwise option and is ignored: did you mean 'threadwise.cpu_loop_threshold'?"),
        Unknown("'threadwise.honour_peer_suppressions' is not a Threadwise option and is ignored: did you mean 'threadwise.honor_peer_suppressions'?"));

    [Fact]
    public Task Flags_an_unknown_option_with_no_near_name_without_a_suggestion() => VerifyAsync(
        "threadwise.report_everything = true",
        Unknown("'threadwise.report_everything' is not a Threadwise option and is ignored"));

    [Fact]
    public Task Flags_a_number_option_whose_value_is_not_a_number() => VerifyAsync(
        "threadwise.tw104_max_depth = deep",
        Invalid("'threadwise.tw104_max_depth = deep' is ignored: the option expects a whole number"));

    [Fact]
    public Task Flags_a_loop_threshold_of_zero_or_a_count_with_a_unit() => VerifyAsync(
        """
        threadwise.cpu_loop_threshold = 0
        threadwise.cpu_loop_unknown_count = 1k
        """,
        Invalid("'threadwise.cpu_loop_threshold = 0' is ignored: the option expects a whole number greater than 0"),
        Invalid("'threadwise.cpu_loop_unknown_count = 1k' is ignored: the option expects a whole number greater than 0"));

    [Fact]
    public Task Flags_a_boolean_option_whose_value_is_not_true_or_false() => VerifyAsync(
        """
        threadwise.honor_peer_suppressions = no
        threadwise.tw103_report_sync_contract_bridges = 1
        """,
        Invalid("'threadwise.honor_peer_suppressions = no' is ignored: the option expects true or false"),
        Invalid("'threadwise.tw103_report_sync_contract_bridges = 1' is ignored: the option expects true or false"));

    [Fact]
    public Task Flags_an_unknown_configure_await_mode() => VerifyAsync(
        "threadwise.fix_configure_await = sometimes",
        Invalid("'threadwise.fix_configure_await = sometimes' is ignored: the option expects auto, always or never"));

    [Fact]
    public Task Flags_an_unknown_TW501_mode() => VerifyAsync(
        "threadwise.tw501_require_configure_await = libraries",
        Invalid("'threadwise.tw501_require_configure_await = libraries' is ignored: the option expects auto, always or never"));

    [Fact]
    public async Task Flags_a_misspelled_key_in_a_section_for_some_files_once()
    {
        var diagnostics = await AnalyzeWithEditorConfigAsync(
            """
            root = true

            [tests/**.cs]
            threadwise.tw104_max_dept = 1
            """,
            "/repo/src/OrderService.cs", "/repo/tests/OrderServiceTests.cs", "/repo/tests/InvoiceTests.cs");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("TW001", diagnostic.Id);
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.Equal(
            "'threadwise.tw104_max_dept' is not a Threadwise option and is ignored: did you mean 'threadwise.tw104_max_depth'?",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    // ---- must not flag ---------------------------------------------------------------------------------------

    [Fact]
    public Task Ignores_valid_values_of_every_option() => VerifyAsync(
        """
        [*.cs]
        threadwise.cpu_loop_threshold = 5_000_000
        threadwise.cpu_loop_unknown_count = 200
        threadwise.cpu_bound_methods = M:Imaging.Blur.Apply(System.Byte[]), T:Crypto.Hasher
        threadwise.excluded_async_counterparts = Payments.Ledger.Post
        threadwise.fix_configure_await = always
        threadwise.tw103_report_sync_contract_bridges = TRUE
        threadwise.tw104_max_depth = 2
        threadwise.tw501_require_configure_await = never
        threadwise.honor_peer_suppressions = false
        """);

    [Fact]
    public Task Ignores_keys_of_other_analyzers_and_severities() => VerifyAsync(
        """
        [*.cs]
        dotnet_diagnostic.TW101.severity = error
        dotnet_analyzer_diagnostic.category-Threadwise.Blocking.severity = warning
        dotnet_code_quality.CA2007.output_kind = DynamicallyLinkedLibrary
        threadwise_cpu_loop_threshold = nonsense
        build_property.ThreadwiseEnabled = maybe
        """);

    [Fact]
    public Task Ignores_an_empty_value_which_leaves_the_option_unset() => VerifyAsync(
        """
        threadwise.cpu_loop_threshold =
        threadwise.honor_peer_suppressions =
        """);

    [Fact]
    public Task Ignores_a_negative_TW104_depth_which_means_unlimited() => VerifyAsync("threadwise.tw104_max_depth = -1");

    [Fact]
    public Task Ignores_true_and_false_as_configure_await_modes() => VerifyAsync(
        """
        threadwise.fix_configure_await = False
        """);

    [Fact]
    public Task Ignores_true_and_false_as_TW501_modes_in_any_case() => VerifyAsync(
        """
        [src/**.cs]
        threadwise.tw501_require_configure_await = TRUE

        [tests/**.cs]
        threadwise.tw501_require_configure_await = false
        """);

    [Fact]
    public Task Ignores_a_project_without_configuration() => Verify.VerifyAnalyzerAsync(Source);

    [Fact]
    public async Task Ignores_a_misspelled_key_in_a_section_that_matches_no_file()
    {
        var diagnostics = await AnalyzeWithEditorConfigAsync(
            """
            root = true

            [benchmarks/**.cs]
            threadwise.cpu_loop_treshold = 1
            """,
            "/repo/src/OrderService.cs", "/repo/tests/OrderServiceTests.cs");

        Assert.Empty(diagnostics);
    }

    // ---- the table of options --------------------------------------------------------------------------------

    [Fact]
    public void Known_options_are_the_ones_documented_in_configuration_md()
    {
        var documented = OptionRow().Matches(File.ReadAllText(RepositoryRoot.Combine("docs", "configuration.md")))
            .Select(m => m.Groups["name"].Value)
            .Order(StringComparer.Ordinal);

        Assert.Equal(documented, ThreadwiseOptions.Known.Select(o => o.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_option_the_rules_read_is_known()
    {
        var known = ThreadwiseOptions.Known.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(
            new[]
            {
                Threadwise.Semantics.LoopCostModel.ThresholdOption,
                Threadwise.Semantics.LoopCostModel.UnknownCountOption,
                Threadwise.Rules.Cpu.TW206CpuBoundCallAnalyzer.OptionName,
                Threadwise.Semantics.ExcludedCounterparts.OptionName,
                Threadwise.Rewriting.ConfigureAwaitConvention.OptionName,
                Threadwise.Rules.Blocking.TW103BlockingWaitInSyncAnalyzer.ReportSyncContractBridgesOption,
                Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer.MaxDepthOption,
                Threadwise.Rules.Correctness.TW501ConfigureAwaitAnalyzer.OptionName,
                Threadwise.Semantics.PeerSuppressions.HonorOption,
                Threadwise.Semantics.LocalFiles.ReportInAppsOption,
            },
            name => Assert.Contains(name, known));
    }

    [GeneratedRegex(@"^\| `threadwise\.(?<name>[a-z0-9_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex OptionRow();

    /// <summary>
    /// Runs TW001 with options computed by Roslyn from a real .editorconfig (sections apply by path), on empty classes at
    /// <paramref name="paths"/>.
    /// </summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeWithEditorConfigAsync(string editorConfig, params string[] paths)
    {
        var trees = paths.Select((path, i) => CSharpSyntaxTree.ParseText($"class C{i} {{ }}", path: path)).ToArray();
        var compilation = CSharpCompilation.Create("Orders", trees, TestCompilation.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var set = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(editorConfig, "/repo/.editorconfig")));
        var options = new AnalyzerOptions([], new ConfigSetOptionsProvider(set));
        return await compilation.WithAnalyzers([new TW001InvalidOptionAnalyzer()], options).GetAnalyzerDiagnosticsAsync();
    }

    private sealed class ConfigSetOptionsProvider(AnalyzerConfigSet set) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => new DictionaryOptions(set.GlobalConfigOptions.AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new DictionaryOptions(set.GetOptionsForSourcePath(tree.FilePath).AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new DictionaryOptions(set.GetOptionsForSourcePath(textFile.Path).AnalyzerOptions);
    }

    private sealed class DictionaryOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override IEnumerable<string> Keys => values.Keys;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
