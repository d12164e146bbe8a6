namespace Threadwise.Cli.Migration;

/// <summary>How a Threadwise rule relates to a peer rule; it decides whether <c>migrate</c> switches the peer rule off.</summary>
internal enum Coverage
{
    /// <summary>Threadwise reports what the peer rule is for: the peer rule is a duplicate and can be switched off.</summary>
    Covered,

    /// <summary>A planned Threadwise rule (issue 14) will cover it; keep the peer rule until that rule ships.</summary>
    Planned,

    /// <summary>A Threadwise rule is related but the peer rule finds something else too: keep both.</summary>
    Complement,

    /// <summary>No Threadwise rule covers it; the note says why.</summary>
    None,
}

/// <summary>One row of the mapping: a peer rule, the Threadwise rules that cover it, and what differs.</summary>
/// <param name="Title">The peer rule's title, as its analyzer assembly declares it.</param>
/// <param name="Threadwise">The Threadwise rule IDs; empty for <see cref="Coverage.None"/>.</param>
/// <param name="Note">What Threadwise does differently, or why no rule covers it.</param>
internal sealed record PeerRule(PeerPackage Package, string Id, string Title, Coverage Coverage, IReadOnlyList<string> Threadwise, string Note);
