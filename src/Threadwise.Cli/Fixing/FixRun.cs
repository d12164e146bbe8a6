using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Fixing;

/// <summary>What the fixes did to one rule.</summary>
/// <param name="Choice">The readable name of the action applied (<c>offload</c>), or null for a rule with a single fix.</param>
/// <param name="HasFix">Whether Threadwise has a code fix for the rule at all.</param>
/// <param name="Found">Diagnostics before any fix.</param>
/// <param name="Fixed">Diagnostics of the rule that its Fix All removed.</param>
/// <param name="Files">Files the rule's Fix All changed.</param>
/// <param name="Left">Diagnostics after every fix (some may have been exposed by another rule's fix).</param>
internal sealed record RuleOutcome(string RuleId, string? Choice, bool HasFix, int Found, int Fixed, IReadOnlySet<string> Files, int Left);

/// <summary>The outcome of <c>threadwise fix</c> before anything is written.</summary>
/// <param name="Original">The solution as loaded.</param>
/// <param name="Fixed">The solution with every fix applied, line endings and encodings kept.</param>
/// <param name="ChangedDocuments">One document per changed file, in path order.</param>
/// <param name="Left">The diagnostics the fixes left, detached from Roslyn.</param>
internal sealed record FixRun(
    Solution Original,
    Solution Fixed,
    IReadOnlyList<DocumentId> ChangedDocuments,
    IReadOnlyList<RuleOutcome> Rules,
    IReadOnlyList<Finding> Left,
    IReadOnlyList<string> ProjectsAnalyzed,
    IReadOnlyList<string> Problems,
    TimeSpan Elapsed);
