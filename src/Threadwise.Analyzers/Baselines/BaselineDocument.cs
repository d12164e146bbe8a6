using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Threadwise.Baselines
{
    /// <summary>
    /// A baseline file (<c>threadwise.baseline.json</c>, format documented in docs/cli.md): a format name, a version and the
    /// entries, sorted by path, rule, member, code and ordinal so the same diagnostics always give the same bytes.
    /// </summary>
    public sealed class BaselineDocument
    {
        public const string FormatName = "threadwise-baseline";
        public const int CurrentVersion = 1;
        public const string DefaultFileName = "threadwise.baseline.json";

        public BaselineDocument(IEnumerable<BaselineEntry> entries)
        {
            Entries = entries
                .OrderBy(e => e.Path ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(e => e.Fingerprint.RuleId, StringComparer.Ordinal)
                .ThenBy(e => e.Fingerprint.Member, StringComparer.Ordinal)
                .ThenBy(e => e.Fingerprint.Code, StringComparer.Ordinal)
                .ThenBy(e => e.Fingerprint.Ordinal)
                .ToImmutableArray();
        }

        public ImmutableArray<BaselineEntry> Entries { get; }

        /// <summary>The distinct fingerprints (entries of two projects can share one).</summary>
        public ImmutableHashSet<BaselineFingerprint> Fingerprints() => Entries.Select(e => e.Fingerprint).ToImmutableHashSet();

        /// <summary>Reads a baseline; throws <see cref="FormatException"/> saying what is wrong.</summary>
        public static BaselineDocument Parse(string json)
        {
            if (BaselineJson.Parse(json) is not Dictionary<string, object?> root)
            {
                throw new FormatException("a baseline is a JSON object");
            }

            if (!root.TryGetValue("format", out var format) || !string.Equals(format as string, FormatName, StringComparison.Ordinal))
            {
                throw new FormatException($"\"format\" must be \"{FormatName}\"");
            }

            if (!root.TryGetValue("version", out var version) || version is not double number || number != CurrentVersion)
            {
                throw new FormatException($"\"version\" must be {CurrentVersion} (this Threadwise reads version {CurrentVersion} baselines)");
            }

            if (!root.TryGetValue("entries", out var entries) || entries is not List<object?> list)
            {
                throw new FormatException("\"entries\" must be an array");
            }

            var result = new List<BaselineEntry>(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not Dictionary<string, object?> entry ||
                    !(entry.TryGetValue("ruleId", out var rule) && rule is string ruleId && ruleId.Length > 0) ||
                    !(entry.TryGetValue("member", out var member) && member is string memberId) ||
                    !(entry.TryGetValue("code", out var code) && code is string codeText) ||
                    !(entry.TryGetValue("ordinal", out var ordinal) && ordinal is double ordinalNumber && ordinalNumber >= 0 && ordinalNumber == Math.Floor(ordinalNumber)))
                {
                    throw new FormatException($"entry {i} needs \"ruleId\", \"member\", \"code\" (strings) and \"ordinal\" (a whole number of 0 or more)");
                }

                entry.TryGetValue("path", out var path);
                result.Add(new BaselineEntry(new BaselineFingerprint(ruleId, memberId, codeText, (int)ordinalNumber), path as string));
            }

            return new BaselineDocument(result);
        }

        /// <summary>The file's text: indented JSON, one entry per line, '\n' line ends, a final line end.</summary>
        public string ToJson()
        {
            var builder = new StringBuilder();
            builder.Append("{\n  \"format\": ");
            BaselineJson.WriteString(builder, FormatName);
            builder.Append(",\n  \"version\": ").Append(CurrentVersion.ToString(CultureInfo.InvariantCulture)).Append(",\n  \"entries\": [");
            for (var i = 0; i < Entries.Length; i++)
            {
                var entry = Entries[i];
                builder.Append(i == 0 ? "\n" : ",\n").Append("    { \"ruleId\": ");
                BaselineJson.WriteString(builder, entry.Fingerprint.RuleId);
                builder.Append(", \"member\": ");
                BaselineJson.WriteString(builder, entry.Fingerprint.Member);
                builder.Append(", \"code\": ");
                BaselineJson.WriteString(builder, entry.Fingerprint.Code);
                builder.Append(", \"ordinal\": ").Append(entry.Fingerprint.Ordinal.ToString(CultureInfo.InvariantCulture));
                if (entry.Path is not null)
                {
                    builder.Append(", \"path\": ");
                    BaselineJson.WriteString(builder, entry.Path);
                }

                builder.Append(" }");
            }

            builder.Append(Entries.Length == 0 ? "]\n}\n" : "\n  ]\n}\n");
            return builder.ToString();
        }
    }
}
