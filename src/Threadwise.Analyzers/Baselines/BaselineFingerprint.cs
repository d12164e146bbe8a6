using System;

namespace Threadwise.Baselines
{
    /// <summary>
    /// What identifies one accepted diagnostic in a baseline, stable under edits elsewhere in the file: the rule, the
    /// documentation-comment ID of the member (or type) that holds it, the flagged code with its whitespace and comments normalized away, and
    /// its ordinal among diagnostics equal in those three. No line numbers, no file path: inserting lines above, editing
    /// another member or moving the file leaves it unchanged; changing the flagged code changes it.
    /// </summary>
    public sealed class BaselineFingerprint : IEquatable<BaselineFingerprint>
    {
        public BaselineFingerprint(string ruleId, string member, string code, int ordinal)
        {
            RuleId = ruleId ?? string.Empty;
            Member = member ?? string.Empty;
            Code = code ?? string.Empty;
            Ordinal = ordinal;
        }

        /// <summary>The diagnostic ID, e.g. <c>TW101</c>.</summary>
        public string RuleId { get; }

        /// <summary>
        /// The enclosing member's documentation-comment ID (<c>M:Shop.Orders.SaveAsync(System.Int32)</c>), the type's when the
        /// diagnostic is outside members, <c>&lt;top-level statements&gt;</c> in a top-level program, empty without one.
        /// </summary>
        public string Member { get; }

        /// <summary>
        /// The diagnostic span's code, normalized: its tokens without whitespace or comments, one space only between two
        /// words (<see cref="BaselineFingerprints.Code"/>).
        /// </summary>
        public string Code { get; }

        /// <summary>0 for the first diagnostic with this rule, member and code (in file and position order), 1 for the next...</summary>
        public int Ordinal { get; }

        public bool Equals(BaselineFingerprint? other) =>
            other is not null &&
            Ordinal == other.Ordinal &&
            string.Equals(RuleId, other.RuleId, StringComparison.Ordinal) &&
            string.Equals(Member, other.Member, StringComparison.Ordinal) &&
            string.Equals(Code, other.Code, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as BaselineFingerprint);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = StringComparer.Ordinal.GetHashCode(RuleId);
                hash = (hash * 397) ^ StringComparer.Ordinal.GetHashCode(Member);
                hash = (hash * 397) ^ StringComparer.Ordinal.GetHashCode(Code);
                return (hash * 397) ^ Ordinal;
            }
        }

        public override string ToString() => RuleId + " " + Member + " `" + Code + "` #" + Ordinal;
    }
}
