using System;

namespace Threadwise.Options
{
    /// <summary>What values an option accepts.</summary>
    internal enum OptionKind
    {
        /// <summary>A whole number above 0 (<c>1_000_000</c>; underscores allowed); 0 or less would be ignored.</summary>
        PositiveNumber,

        /// <summary>Any whole number (underscores allowed).</summary>
        WholeNumber,

        /// <summary><c>true</c> or <c>false</c>.</summary>
        Boolean,

        /// <summary><c>auto</c>, <c>always</c> or <c>never</c> (<c>true</c>/<c>false</c> as aliases).</summary>
        ConfigureAwaitMode,

        /// <summary>A comma-separated list of documentation-comment IDs: any text.</summary>
        List,
    }

    /// <summary>One Threadwise option: its name without the <c>threadwise.</c> prefix and the values it accepts.</summary>
    internal readonly struct OptionDefinition
    {
        public OptionDefinition(string name, OptionKind kind)
        {
            Name = name;
            Kind = kind;
        }

        public string Name { get; }

        public OptionKind Kind { get; }

        /// <summary>What the option expects when <paramref name="value"/> is not one of its values; null when it is.</summary>
        public string? Expectation(string value)
        {
            var trimmed = value.Trim();
            if (trimmed.Length == 0)
            {
                return null; // an empty value leaves the option unset
            }

            switch (Kind)
            {
                case OptionKind.PositiveNumber:
                    return long.TryParse(trimmed.Replace("_", string.Empty), out var positive) && positive > 0 ? null : "a whole number greater than 0";
                case OptionKind.WholeNumber:
                    return long.TryParse(trimmed.Replace("_", string.Empty), out _) ? null : "a whole number";
                case OptionKind.Boolean:
                    return IsOneOf(trimmed, "true", "false") ? null : "true or false";
                case OptionKind.ConfigureAwaitMode:
                    return IsOneOf(trimmed, "auto", "always", "never", "true", "false") ? null : "auto, always or never";
                default:
                    return null;
            }
        }

        private static bool IsOneOf(string value, params string[] accepted)
        {
            foreach (var candidate in accepted)
            {
                if (string.Equals(value, candidate, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
