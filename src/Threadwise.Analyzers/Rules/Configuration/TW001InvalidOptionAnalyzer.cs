using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Threadwise.Options;

namespace Threadwise.Rules.Configuration
{
    /// <summary>
    /// TW001: a <c>threadwise.</c> key in .editorconfig that names no option, or whose value the option cannot read. Rules
    /// ignore such keys and fall back to their defaults, so a typo would otherwise change nothing without a word.
    /// Each problem is reported once per compilation, without a source location: it is in the configuration, not the code.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW001InvalidOptionAnalyzer : DiagnosticAnalyzer
    {
        private const string Title = "Threadwise option is not valid";
        private const string Description = "A threadwise.* key in .editorconfig or a global config that is not a Threadwise option, or whose value the option does not accept, is ignored: the rules keep their defaults. Fix the name or the value; docs/configuration.md lists the options.";

        internal static readonly DiagnosticDescriptor UnknownOption = new DiagnosticDescriptor(
            RuleIds.InvalidOption,
            title: Title,
            messageFormat: "'{0}' is not a Threadwise option and is ignored{1}",
            category: RuleCategories.Configuration,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: Description,
            helpLinkUri: HelpLinks.For(RuleIds.InvalidOption),
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        internal static readonly DiagnosticDescriptor InvalidValue = new DiagnosticDescriptor(
            RuleIds.InvalidOption,
            title: Title,
            messageFormat: "'{0} = {1}' is ignored: the option expects {2}",
            category: RuleCategories.Configuration,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: Description,
            helpLinkUri: HelpLinks.For(RuleIds.InvalidOption),
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(UnknownOption, InvalidValue);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationAction(Analyze);
        }

        private static void Analyze(CompilationAnalysisContext context)
        {
            var provider = context.Options.AnalyzerConfigOptionsProvider;

            // Global options (a .globalconfig, [*] of a global section) and each file's options (its .editorconfig sections,
            // global ones merged in): a key in a section that matches no file of the compilation applies to nothing.
            var entries = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            Collect(provider.GlobalOptions, entries);
            foreach (var tree in context.Compilation.SyntaxTrees)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                Collect(provider.GetOptions(tree), entries);
            }

            foreach (var entry in entries)
            {
                if (Problem(entry.Key, entry.Value) is { } diagnostic)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        /// <summary>Adds each threadwise.* key with its value; the same key with two values is kept once per value.</summary>
        private static void Collect(AnalyzerConfigOptions options, SortedDictionary<string, string> entries)
        {
            IEnumerable<string> keys;
            try
            {
                keys = options.Keys;
            }
            catch (NotImplementedException)
            {
                return; // a host whose options cannot list their keys: nothing to check
            }

            foreach (var key in keys)
            {
                if (key.StartsWith(ThreadwiseOptions.Prefix, StringComparison.OrdinalIgnoreCase) && options.TryGetValue(key, out var value))
                {
                    var trimmed = value.Trim();
                    entries[key + "\0" + trimmed] = trimmed;
                }
            }
        }

        private static Diagnostic? Problem(string entry, string value)
        {
            var key = entry.Substring(0, entry.IndexOf('\0'));
            var name = key.Substring(ThreadwiseOptions.Prefix.Length);
            foreach (var option in ThreadwiseOptions.Known)
            {
                if (string.Equals(option.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return option.Expectation(value) is { } expectation
                        ? Diagnostic.Create(InvalidValue, Location.None, key, value, expectation)
                        : null;
                }
            }

            var suggestion = Closest(name);
            return Diagnostic.Create(UnknownOption, Location.None, key, suggestion is null ? "" : $": did you mean '{ThreadwiseOptions.Prefix}{suggestion}'?");
        }

        /// <summary>The known option nearest to <paramref name="name"/> by edit distance, when it is near enough to be a typo.</summary>
        private static string? Closest(string name)
        {
            string? best = null;
            var bestDistance = int.MaxValue;
            foreach (var option in ThreadwiseOptions.Known)
            {
                var distance = EditDistance(name.ToLowerInvariant(), option.Name);
                if (distance < bestDistance)
                {
                    best = option.Name;
                    bestDistance = distance;
                }
            }

            return best != null && bestDistance <= Math.Max(2, best.Length / 3) ? best : null;
        }

        private static int EditDistance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                }

                var swap = previous;
                previous = current;
                current = swap;
            }

            return previous[b.Length];
        }
    }
}
