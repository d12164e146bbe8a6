using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Whether a project declares ConfigureAwait(false) as its convention for a file: one of the peers' "use
    /// ConfigureAwait" rules raised to warning or error there (.editorconfig, a global config, a rule set, or the project's
    /// warning options). The maintainers' own word, read even where that peer's analyzer is not installed (nats.net makes
    /// VSTHRD111 an error for every project; its JetStream library does not reference the VS threading analyzers). Fixes
    /// then always write ConfigureAwait(false); TW501 takes it as evidence beside the counts, not instead of them
    /// (JetStream configures 54 of its 161 awaits: its own habit). Roslynator's RCS1090 is not one of them: its option can
    /// ask for the opposite.
    /// </summary>
    internal static class DeclaredConfigureAwait
    {
        /// <summary>CA2007, VSTHRD111, MA0004 and S3216: each asks for ConfigureAwait on every await it sees.</summary>
        private static readonly ImmutableArray<string> PeerRules = ImmutableArray.Create("CA2007", "VSTHRD111", "MA0004", "S3216");

        /// <summary>Whether one of the peer rules is raised to warning or error for <paramref name="tree"/>.</summary>
        public static bool IsDeclared(SyntaxTree tree, CompilationOptions? options, AnalyzerConfigOptionsProvider? configOptions, CancellationToken cancellationToken)
        {
            foreach (var id in PeerRules)
            {
                if (IsRaised(tree, id, options, configOptions, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsRaised(SyntaxTree tree, string id, CompilationOptions? options, AnalyzerConfigOptionsProvider? configOptions, CancellationToken cancellationToken)
        {
            var provider = options?.SyntaxTreeOptionsProvider;
            if (provider != null
                && (provider.TryGetDiagnosticValue(tree, id, cancellationToken, out var severity)
                    || provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out severity)))
            {
                return IsWarning(severity);
            }

            if (options?.SpecificDiagnosticOptions.TryGetValue(id, out severity) == true)
            {
                return IsWarning(severity);
            }

            // Option providers that pass severities on as plain keys (hosts other than the compiler's).
            if (configOptions is null)
            {
                return false;
            }

            var key = "dotnet_diagnostic." + id + ".severity";
            return (configOptions.GetOptions(tree).TryGetValue(key, out var value) || configOptions.GlobalOptions.TryGetValue(key, out value))
                && (value.Trim().Equals("warning", StringComparison.OrdinalIgnoreCase) || value.Trim().Equals("error", StringComparison.OrdinalIgnoreCase));
        }

        private static bool IsWarning(ReportDiagnostic severity) => severity == ReportDiagnostic.Warn || severity == ReportDiagnostic.Error;
    }
}
