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
    /// warning options). The maintainers' own word, which holds even where that peer's analyzer is not installed (nats.net
    /// makes VSTHRD111 an error for every project; its JetStream library does not reference the VS threading analyzers).
    /// Roslynator's RCS1090 is not one of them: its option can ask for the opposite.
    /// </summary>
    internal static class DeclaredConfigureAwait
    {
        /// <summary>CA2007, VSTHRD111, MA0004 and S3216: each asks for ConfigureAwait on every await it sees.</summary>
        public static readonly ImmutableArray<string> PeerRules = ImmutableArray.Create("CA2007", "VSTHRD111", "MA0004", "S3216");

        /// <summary>The first of <paramref name="ids"/> raised to warning or error for <paramref name="tree"/>, or null.</summary>
        public static string? RaisedFor(SyntaxTree tree, CompilationOptions? options, AnalyzerConfigOptionsProvider? configOptions, ImmutableArray<string> ids, CancellationToken cancellationToken)
        {
            foreach (var id in ids)
            {
                if (IsRaised(tree, id, options, configOptions, cancellationToken))
                {
                    return id;
                }
            }

            return null;
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
