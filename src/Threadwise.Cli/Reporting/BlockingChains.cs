using System.Text.RegularExpressions;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>
/// The chain of a TW104 diagnostic, read back from its message (<c>'{0}' blocks: {1}; {2}</c>, the chain joined by
/// " → "), and the helper methods in it qualified by their type, so one helper reached from several types is counted once.
/// </summary>
internal static partial class BlockingChains
{
    public const string RuleId = "TW104";

    /// <summary>The chain's steps as the message shows them, the blocking call last; empty for other rules.</summary>
    public static IReadOnlyList<string> Steps(Finding finding)
    {
        if (finding.RuleId != RuleId || MessageShape().Match(finding.Message) is not { Success: true } match)
        {
            return [];
        }

        return match.Groups["chain"].Value.Split(" → ", StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// Each step of <see cref="Steps"/> as <c>Type.Method</c>, or null for the blocking call (the last step) and an elision
    /// ("… 3 more …"). The message names a method without its type when it lives in the type of the step before it (for
    /// the first step: the caller's type, read from the containing member in the finding's fingerprint); a step after an
    /// elision whose type is not written stays unqualified.
    /// </summary>
    public static IReadOnlyList<string?> QualifiedSteps(Finding finding)
    {
        IReadOnlyList<string> steps = Steps(finding);
        var qualified = new string?[steps.Count];
        string? type = CallerType(finding.Fingerprint?.Member);
        for (int i = 0; i < steps.Count - 1; i++)
        {
            string step = steps[i];
            if (step.StartsWith('…'))
            {
                type = null;
                continue;
            }

            int dot = step.LastIndexOf('.');
            if (dot > 0)
            {
                type = step[..dot];
            }

            qualified[i] = dot > 0 || type is null ? step : type + "." + step;
        }

        return qualified;
    }

    /// <summary>The helper methods of the chain (every step but the blocking call), qualified, in chain order.</summary>
    public static IReadOnlyList<string> Helpers(Finding finding) =>
        QualifiedSteps(finding).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary><c>M:Shop.Orders.OrderService.SaveAsync(System.String)</c> → <c>OrderService</c> (generic arity dropped).</summary>
    internal static string? CallerType(string? documentationId)
    {
        if (documentationId is null || documentationId.Length < 3 || documentationId[1] != ':')
        {
            return null;
        }

        string name = documentationId[2..];
        int paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            name = name[..paren];
        }

        string[] parts = name.Split('.');
        if (parts.Length < 2)
        {
            return null;
        }

        string type = parts[^2];
        int tick = type.IndexOf('`', StringComparison.Ordinal);
        return tick >= 0 ? type[..tick] : type;
    }

    // The advice always starts with "make" or "turn" (TW104BlockingHelperInAsyncAnalyzer.Advice); the greedy chain
    // group takes everything up to the last such "; ", so a leaf that holds "; " stays whole.
    [GeneratedRegex(@"^'(?<name>.+?)' blocks: (?<chain>.+); (?<advice>(?:make|turn) .+)$", RegexOptions.Singleline)]
    private static partial Regex MessageShape();
}
