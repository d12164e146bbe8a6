using Threadwise.Fixes.Blocking;
using Threadwise.Fixes.Correctness;
using Threadwise.Fixes.Cpu;

namespace Threadwise.Cli.Fixing;

/// <summary>One readable name for one of a rule's code actions (its equivalence key), as <c>--fix TW201=parallel</c> names it.</summary>
internal sealed record FixChoice(string Name, string EquivalenceKey, string Description);

/// <summary>
/// The <c>--fix RULE=choice</c> table: the readable names of the actions of rules whose provider offers several, the first of
/// each being the default (the action the provider offers first, as <c>dotnet format</c> would pick it). A rule not listed
/// has one fix, applied under its rule ID as the equivalence key.
/// </summary>
internal static class FixChoices
{
    public static IReadOnlyDictionary<string, IReadOnlyList<FixChoice>> ByRule { get; } =
        new Dictionary<string, IReadOnlyList<FixChoice>>(StringComparer.OrdinalIgnoreCase)
        {
            ["TW103"] =
            [
                new("propagate", TW103BlockingWaitInSyncCodeFix.MakeAsyncKey, "make the method async and its callers in turn"),
                new("this-method", TW103BlockingWaitInSyncCodeFix.ThisMethodOnlyKey, "make the method async; callers are updated, not made async"),
            ],
            ["TW201"] =
            [
                new("offload", TW201CpuHeavyLoopCodeFix.OffloadKey, "await Task.Run(() => { loop })"),
                new("parallel", TW201CpuHeavyLoopCodeFix.ParallelizeKey, "await Task.Run(() => Parallel.For(...)) where the iterations are independent"),
            ],
            ["TW304"] =
            [
                new("await", TW304DroppedTaskCodeFix.AwaitKey, "await the task (the function becomes async)"),
                new("sync", TW304DroppedTaskCodeFix.SyncKey, "call the synchronous form (Flush, Thread.Sleep)"),
                new("discard", TW304DroppedTaskCodeFix.DiscardKey, "_ = task: fire and forget, made explicit"),
            ],
        };

    /// <summary>The equivalence key to apply for a rule: the chosen action's, else the default's, else the rule ID.</summary>
    public static string KeyFor(string ruleId, IReadOnlyDictionary<string, string> chosen)
    {
        if (!ByRule.TryGetValue(ruleId, out IReadOnlyList<FixChoice>? choices))
        {
            return ruleId;
        }

        string? name = chosen.GetValueOrDefault(ruleId);
        return (choices.FirstOrDefault(c => c.Name == name) ?? choices[0]).EquivalenceKey;
    }

    /// <summary>The name shown in the summary for the action applied to a rule ("offload"), or null for a single-fix rule.</summary>
    public static string? NameFor(string ruleId, IReadOnlyDictionary<string, string> chosen) =>
        ByRule.TryGetValue(ruleId, out IReadOnlyList<FixChoice>? choices)
            ? chosen.GetValueOrDefault(ruleId) ?? choices[0].Name
            : null;

    /// <summary>
    /// Parses <c>--fix</c> values (<c>TW201=parallel</c>, comma-separated or repeated) into rule → choice name; null with a
    /// message for an unknown rule, a rule without a fix or without a choice, or an unknown choice.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Parse(
        IEnumerable<string>? values, IEnumerable<string> knownRules, Func<string, bool> hasFix, out string? error)
    {
        error = null;
        var known = knownRules.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string value in (values ?? []).SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            int equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                error = $"--fix '{value}' is not RULE=choice (e.g. --fix TW201=parallel).";
                return null;
            }

            string rule = value[..equals].Trim().ToUpperInvariant();
            string name = value[(equals + 1)..].Trim().ToLowerInvariant();
            if (!known.Contains(rule))
            {
                error = $"--fix {value}: {rule} is not a Threadwise rule.";
                return null;
            }

            if (!ByRule.TryGetValue(rule, out IReadOnlyList<FixChoice>? choices))
            {
                error = hasFix(rule)
                    ? $"--fix {value}: {rule} has a single fix, there is nothing to choose. Rules with a choice: {string.Join("; ", ByRule.Select(r => $"{r.Key}={string.Join("|", r.Value.Select(c => c.Name))}"))}."
                    : $"--fix {value}: {rule} has no code fix.";
                return null;
            }

            if (!choices.Any(c => c.Name == name))
            {
                error = $"--fix {value}: '{name}' is not a fix of {rule}; choose {string.Join(" or ", choices.Select(c => c.Name))}.";
                return null;
            }

            if (result.TryGetValue(rule, out string? earlier) && earlier != name)
            {
                error = $"--fix names two fixes for {rule}: {earlier} and {name}.";
                return null;
            }

            result[rule] = name;
        }

        return result;
    }
}
