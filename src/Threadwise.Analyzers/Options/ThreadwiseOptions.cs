using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Options
{
    /// <summary>
    /// Reads rule options from .editorconfig. Every Threadwise option is named <c>threadwise.&lt;name&gt;</c>; values are
    /// read per syntax tree (editorconfig sections can differ by folder), falling back to the global options.
    /// </summary>
    internal static class ThreadwiseOptions
    {
        public const string Prefix = "threadwise.";

        public const string CpuLoopThreshold = "cpu_loop_threshold";
        public const string CpuLoopUnknownCount = "cpu_loop_unknown_count";
        public const string CpuBoundMethods = "cpu_bound_methods";
        public const string ExcludedAsyncCounterparts = "excluded_async_counterparts";
        public const string FixConfigureAwait = "fix_configure_await";
        public const string Tw103ReportSyncContractBridges = "tw103_report_sync_contract_bridges";
        public const string Tw104MaxDepth = "tw104_max_depth";
        public const string Tw501RequireConfigureAwait = "tw501_require_configure_await";
        public const string HonorPeerSuppressions = "honor_peer_suppressions";
        public const string ReportLocalFileIOInApps = "report_local_file_io_in_apps";
        public const string ReportChildProcessWaitsInConsoleApps = "report_child_process_waits_in_console_apps";
        public const string BaselineFile = "baseline_file";

        /// <summary>
        /// Every option Threadwise reads, with the values it accepts: the one table TW001 checks .editorconfig keys against
        /// (documented in docs/configuration.md; a test keeps the two in line).
        /// </summary>
        public static readonly ImmutableArray<OptionDefinition> Known = ImmutableArray.Create(
            new OptionDefinition(CpuLoopThreshold, OptionKind.PositiveNumber),
            new OptionDefinition(CpuLoopUnknownCount, OptionKind.PositiveNumber),
            new OptionDefinition(CpuBoundMethods, OptionKind.List),
            new OptionDefinition(ExcludedAsyncCounterparts, OptionKind.List),
            new OptionDefinition(FixConfigureAwait, OptionKind.ConfigureAwaitMode),
            new OptionDefinition(Tw103ReportSyncContractBridges, OptionKind.Boolean),
            new OptionDefinition(Tw104MaxDepth, OptionKind.WholeNumber),
            new OptionDefinition(Tw501RequireConfigureAwait, OptionKind.ConfigureAwaitMode),
            new OptionDefinition(HonorPeerSuppressions, OptionKind.Boolean),
            new OptionDefinition(ReportLocalFileIOInApps, OptionKind.Boolean),
            new OptionDefinition(ReportChildProcessWaitsInConsoleApps, OptionKind.Boolean),
            new OptionDefinition(BaselineFile, OptionKind.List));

        public static string? GetString(AnalyzerOptions options, SyntaxTree tree, string name)
        {
            var provider = options.AnalyzerConfigOptionsProvider;
            var key = Prefix + name;
            if (provider.GetOptions(tree).TryGetValue(key, out var value) || provider.GlobalOptions.TryGetValue(key, out value))
            {
                value = value.Trim();
                return value.Length == 0 ? null : value;
            }

            return null;
        }

        /// <summary><c>true</c> or <c>false</c> (any case), or <paramref name="defaultValue"/> when the option is absent or neither.</summary>
        public static bool GetBoolean(AnalyzerOptions options, SyntaxTree tree, string name, bool defaultValue)
        {
            var value = GetString(options, tree, name);
            return string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)
                || !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) && defaultValue;
        }

        /// <summary>A whole number, or <paramref name="defaultValue"/> when the option is absent or not a number.</summary>
        public static long GetInt64(AnalyzerOptions options, SyntaxTree tree, string name, long defaultValue) =>
            long.TryParse(GetString(options, tree, name)?.Replace("_", string.Empty), out var parsed) ? parsed : defaultValue;

        /// <summary>
        /// A comma-separated list, entries trimmed, empty entries dropped. Semicolons separate too, for hosts that pass them
        /// through; an .editorconfig file never does (a <c>;</c> starts a comment there), so the docs name only commas.
        /// </summary>
        public static ImmutableArray<string> GetList(AnalyzerOptions options, SyntaxTree tree, string name)
        {
            var value = GetString(options, tree, name);
            if (value is null)
            {
                return ImmutableArray<string>.Empty;
            }

            var builder = ImmutableArray.CreateBuilder<string>();
            foreach (var entry in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var trimmed = entry.Trim();
                if (trimmed.Length > 0)
                {
                    builder.Add(trimmed);
                }
            }

            return builder.ToImmutable();
        }
    }
}
