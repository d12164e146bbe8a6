using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Semantics
{
    /// <summary>
    /// What a project's configuration makes of a rule for one file: .editorconfig, a global config, a rule set or the
    /// project's warning options, as the compiler reads them, and the plain <c>dotnet_diagnostic.ID.severity</c> keys of
    /// hosts that pass them on as options.
    /// </summary>
    internal static class ConfiguredSeverity
    {
        /// <summary>The severity the project gives the rule for the tree, Default where it gives none.</summary>
        public static ReportDiagnostic Of(SyntaxTree tree, string id, CompilationOptions? options, AnalyzerConfigOptionsProvider? configOptions, CancellationToken cancellationToken)
        {
            var provider = options?.SyntaxTreeOptionsProvider;
            if (provider != null
                && (provider.TryGetDiagnosticValue(tree, id, cancellationToken, out var severity)
                    || provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out severity)))
            {
                return severity;
            }

            if (options?.SpecificDiagnosticOptions.TryGetValue(id, out severity) == true)
            {
                return severity;
            }

            // Option providers that pass severities on as plain keys (hosts other than the compiler's).
            var key = "dotnet_diagnostic." + id + ".severity";
            if (configOptions is null
                || !(configOptions.GetOptions(tree).TryGetValue(key, out var value) || configOptions.GlobalOptions.TryGetValue(key, out value)))
            {
                return ReportDiagnostic.Default;
            }

            switch (value.Trim().ToLowerInvariant())
            {
                case "error":
                    return ReportDiagnostic.Error;
                case "warning":
                    return ReportDiagnostic.Warn;
                case "none":
                    return ReportDiagnostic.Suppress;
                case "silent":
                    return ReportDiagnostic.Hidden;
                default:
                    return ReportDiagnostic.Default;
            }
        }

        /// <summary>Whether the project turns the rule off for the tree (<c>none</c>, <c>silent</c>, or <c>NoWarn</c>).</summary>
        public static bool IsOff(SyntaxTree tree, string id, CompilationOptions? options, AnalyzerConfigOptionsProvider? configOptions, CancellationToken cancellationToken) =>
            Of(tree, id, options, configOptions, cancellationToken) is ReportDiagnostic.Suppress or ReportDiagnostic.Hidden;
    }
}
