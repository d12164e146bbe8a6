using System.Text.RegularExpressions;

namespace Threadwise.Cli.Analysis;

/// <summary>The <c>--rules</c> selection: comma-separated IDs or globs (<c>TW101,TW2*</c>, <c>?</c> for one character).</summary>
internal sealed class RuleFilter
{
    private readonly IReadOnlyList<(string Pattern, Regex Regex)> _patterns;

    private RuleFilter(IReadOnlyList<(string, Regex)> patterns) => _patterns = patterns;

    public static RuleFilter All { get; } = new([]);

    public IEnumerable<string> Patterns => _patterns.Select(p => p.Pattern);

    /// <summary>Parses the option's values; each value may hold several comma- or space-separated patterns.</summary>
    public static RuleFilter Parse(IEnumerable<string>? values)
    {
        var patterns = (values ?? [])
            .SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(p => (p, new Regex(
                "^" + Regex.Escape(p).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))
            .ToList();
        return new RuleFilter(patterns);
    }

    public bool Matches(string ruleId) => _patterns.Count == 0 || _patterns.Any(p => p.Regex.IsMatch(ruleId));

    /// <summary>Patterns that select none of the given rule IDs (most likely typos).</summary>
    public IReadOnlyList<string> UnmatchedPatterns(IEnumerable<string> ruleIds)
    {
        var ids = ruleIds.ToList();
        return _patterns.Where(p => !ids.Any(id => p.Regex.IsMatch(id))).Select(p => p.Pattern).ToList();
    }
}
