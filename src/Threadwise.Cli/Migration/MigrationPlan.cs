namespace Threadwise.Cli.Migration;

/// <summary>What <c>migrate</c> does with one peer rule.</summary>
internal enum MigrationAction
{
    /// <summary>Threadwise covers it in this version: the peer rule goes into the <c>.editorconfig</c> section as <c>none</c>.</summary>
    SwitchOff,

    /// <summary>Keep the peer rule: Threadwise covers it only in part, not yet, or not at all.</summary>
    Keep,
}

/// <summary>One peer rule of a referenced package and what to do with it.</summary>
/// <param name="Reason">Why it is kept ("TW501 is planned", "no Threadwise rule"), empty when it is switched off.</param>
internal sealed record MigrationRow(PeerRule Rule, MigrationAction Action, string Reason);

/// <summary>The mapping, narrowed to the referenced peer packages and judged against the rules this Threadwise ships.</summary>
internal sealed record MigrationPlan(IReadOnlyList<DetectedPeer> Peers, IReadOnlyList<MigrationRow> Rows)
{
    public IEnumerable<MigrationRow> SwitchedOff => Rows.Where(r => r.Action == MigrationAction.SwitchOff);

    /// <param name="shipped">The rule IDs of the Threadwise analyzers in this tool.</param>
    public static MigrationPlan Create(IReadOnlyList<DetectedPeer> peers, IReadOnlySet<string> shipped)
    {
        var rows = PeerRuleMap.Rules
            .Where(rule => peers.Any(p => p.Package == rule.Package))
            .Select(rule => Judge(rule, shipped))
            .ToList();
        return new MigrationPlan(peers, rows);
    }

    internal static MigrationRow Judge(PeerRule rule, IReadOnlySet<string> shipped)
    {
        string missing = string.Join(", ", rule.Threadwise.Where(id => !shipped.Contains(id)));
        return rule.Coverage switch
        {
            // A covering rule that this build does not have (a newer mapping than analyzers) keeps the peer rule on.
            Coverage.Covered when missing.Length == 0 => new MigrationRow(rule, MigrationAction.SwitchOff, ""),
            Coverage.Covered => new MigrationRow(rule, MigrationAction.Keep, $"{missing} not in this version"),
            Coverage.Planned => new MigrationRow(rule, MigrationAction.Keep, $"{string.Join(", ", rule.Threadwise)} planned"),
            Coverage.Complement => new MigrationRow(rule, MigrationAction.Keep, "finds what Threadwise does not"),
            _ => new MigrationRow(rule, MigrationAction.Keep, "no Threadwise rule"),
        };
    }
}
