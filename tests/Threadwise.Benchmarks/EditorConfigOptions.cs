using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Benchmarks;

/// <summary>
/// The <c>.editorconfig</c> files of a folder, as a build hands them to analyzers: each tree gets the options of the
/// sections that match its path (the samples' own <c>samples/.editorconfig</c> turns on a Threadwise option their build reads).
/// </summary>
internal sealed class EditorConfigOptions : AnalyzerConfigOptionsProvider
{
    private readonly AnalyzerConfigSet _set;
    private readonly string _root;
    private readonly ConcurrentDictionary<string, AnalyzerConfigOptions> _byPath = new(StringComparer.Ordinal);

    private EditorConfigOptions(AnalyzerConfigSet set, string root)
    {
        _set = set;
        _root = root;
    }

    public override AnalyzerConfigOptions GlobalOptions => Options.Empty;

    /// <summary>Every <c>.editorconfig</c> under <paramref name="folder"/>; trees' paths are relative to <paramref name="root"/>.</summary>
    public static EditorConfigOptions Under(string folder, string root) => new(
        AnalyzerConfigSet.Create(Directory.GetFiles(folder, ".editorconfig", SearchOption.AllDirectories)
            .Select(path => AnalyzerConfig.Parse(File.ReadAllText(path), path)).ToList()),
        root);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) =>
        _byPath.GetOrAdd(tree.FilePath, path => new Options(_set.GetOptionsForSourcePath(Path.Combine(_root, path)).AnalyzerOptions));

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
