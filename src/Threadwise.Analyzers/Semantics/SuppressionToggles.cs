using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A disable or restore of diagnostic IDs from a point of a file onward: a <c>#pragma warning</c> directive, or a
    /// ReSharper <c>disable</c>/<c>restore</c> comment. The state of an ID at a position is set by the last toggle before it
    /// that names the ID or names all of them.
    /// </summary>
    internal sealed class SuppressionToggle
    {
        private readonly string[]? _ids;
        private readonly StringComparison _comparison;

        /// <param name="ids">The IDs it names; null for all of them (a bare <c>#pragma warning disable</c>, <c>ReSharper disable All</c>).</param>
        /// <param name="comparison">How names compare: the compiler reads diagnostic IDs in any case, ReSharper its inspection names exactly.</param>
        public SuppressionToggle(int position, bool disables, string[]? ids, StringComparison comparison)
        {
            Position = position;
            Disables = disables;
            _ids = ids;
            _comparison = comparison;
        }

        public int Position { get; }

        public bool Disables { get; }

        public bool Applies(string id) => Names(_ids, id, _comparison);

        /// <summary>Whether <paramref name="ids"/> (null for all of them) names <paramref name="id"/>.</summary>
        public static bool Names(string[]? ids, string id, StringComparison comparison)
        {
            if (ids is null)
            {
                return true;
            }

            foreach (var candidate in ids)
            {
                if (string.Equals(candidate, id, comparison))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether one of <paramref name="ids"/> is disabled at <paramref name="position"/> by <paramref name="toggles"/> (in source order).</summary>
        public static bool IsDisabled(IReadOnlyList<SuppressionToggle> toggles, ImmutableArray<string> ids, int position)
        {
            if (ids.IsDefaultOrEmpty)
            {
                return false;
            }

            foreach (var id in ids)
            {
                for (var i = toggles.Count - 1; i >= 0; i--)
                {
                    var toggle = toggles[i];
                    if (toggle.Position <= position && toggle.Applies(id))
                    {
                        if (toggle.Disables)
                        {
                            return true;
                        }

                        break;
                    }
                }
            }

            return false;
        }
    }
}
