using System;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Threadwise.Options;

namespace Threadwise.Baselines
{
    /// <summary>
    /// Finds the baseline among a compilation's AdditionalFiles (the only way an analyzer may read a file, RS1035): every
    /// additional file named <c>threadwise.baseline.json</c>, or, when <c>threadwise.baseline_file</c> is set, every one
    /// whose path ends with one of its comma-separated values. Parsed baselines are cached by their (immutable) text.
    /// </summary>
    internal static class BaselineFiles
    {
        private static readonly ConditionalWeakTable<SourceText, Parsed> s_cache = new ConditionalWeakTable<SourceText, Parsed>();

        /// <summary>The union of the fingerprints of every matching, well-formed baseline; empty when there is none.</summary>
        public static ImmutableHashSet<BaselineFingerprint> Load(AnalyzerOptions options, Compilation compilation, CancellationToken cancellationToken)
        {
            if (options.AdditionalFiles.IsDefaultOrEmpty)
            {
                return ImmutableHashSet<BaselineFingerprint>.Empty;
            }

            var suffixes = ConfiguredSuffixes(options, compilation);
            ImmutableHashSet<BaselineFingerprint>? result = null;
            foreach (var file in options.AdditionalFiles)
            {
                if (!Matches(file.Path, suffixes) || file.GetText(cancellationToken) is not { } text)
                {
                    continue;
                }

                var parsed = s_cache.GetValue(text, t => Parsed.From(t));
                if (parsed.Fingerprints is { } fingerprints)
                {
                    result = result is null ? fingerprints : result.Union(fingerprints);
                }
            }

            return result ?? ImmutableHashSet<BaselineFingerprint>.Empty;
        }

        /// <summary>Whether <paramref name="path"/> is a baseline: named threadwise.baseline.json, or ending with a configured suffix.</summary>
        public static bool Matches(string? path, ImmutableArray<string> suffixes)
        {
            if (string.IsNullOrEmpty(path))
            {
                return false;
            }

            var normalized = path!.Replace('\\', '/');
            if (suffixes.IsDefaultOrEmpty)
            {
                var slash = normalized.LastIndexOf('/');
                return string.Equals(normalized.Substring(slash + 1), BaselineDocument.DefaultFileName, StringComparison.OrdinalIgnoreCase);
            }

            foreach (var suffix in suffixes)
            {
                var wanted = suffix.Replace('\\', '/').TrimStart('.', '/');
                if (wanted.Length > 0 &&
                    normalized.EndsWith(wanted, StringComparison.OrdinalIgnoreCase) &&
                    (normalized.Length == wanted.Length || normalized[normalized.Length - wanted.Length - 1] == '/'))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>threadwise.baseline_file from a global config, else from the .editorconfig section of the first source file.</summary>
        private static ImmutableArray<string> ConfiguredSuffixes(AnalyzerOptions options, Compilation compilation)
        {
            var provider = options.AnalyzerConfigOptionsProvider;
            var key = ThreadwiseOptions.Prefix + ThreadwiseOptions.BaselineFile;
            if (!provider.GlobalOptions.TryGetValue(key, out var value))
            {
                var tree = compilation.SyntaxTrees.FirstOrDefault();
                if (tree is null || !provider.GetOptions(tree).TryGetValue(key, out value))
                {
                    return ImmutableArray<string>.Empty;
                }
            }

            return value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.Trim())
                .Where(s => s.Length > 0)
                .ToImmutableArray();
        }

        /// <summary>A parsed baseline, or null fingerprints when the file is malformed (the command line reports why).</summary>
        private sealed class Parsed
        {
            private Parsed(ImmutableHashSet<BaselineFingerprint>? fingerprints) => Fingerprints = fingerprints;

            public ImmutableHashSet<BaselineFingerprint>? Fingerprints { get; }

            public static Parsed From(SourceText text)
            {
                try
                {
                    return new Parsed(BaselineDocument.Parse(text.ToString()).Fingerprints());
                }
                catch (FormatException)
                {
                    return new Parsed(null);
                }
            }
        }
    }
}
