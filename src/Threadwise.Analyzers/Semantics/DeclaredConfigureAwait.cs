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
    /// (JetStream configures 54 of its 161 awaits: its own habit). A peer turned off outright is the opposite word: TW501
    /// then takes no single file's habit as the convention. Roslynator's RCS1090 is not one of them: its option can ask for
    /// the opposite.
    /// </summary>
    internal static class DeclaredConfigureAwait
    {
        /// <summary>CA2007, VSTHRD111, MA0004 and S3216: each asks for ConfigureAwait on every await it sees.</summary>
        private static readonly ImmutableArray<string> PeerRules = ImmutableArray.Create("CA2007", "VSTHRD111", "MA0004", "S3216");

        /// <summary>Whether one of the peer rules is raised to warning or error for <paramref name="tree"/>.</summary>
        public static bool IsDeclared(SyntaxTree tree, CompilationOptions? options, AnalyzerConfigOptionsProvider? configOptions, CancellationToken cancellationToken) =>
            StanceOf(tree, options, configOptions, cancellationToken) == ConfigureAwaitStance.Declared;

        /// <summary>
        /// What the project says about ConfigureAwait for <paramref name="tree"/>: declared when one of the peer rules is
        /// raised to warning or error there; declined when none is and one is turned off outright (<c>none</c> or
        /// <c>silent</c>, or <c>NoWarn</c>): NetDaemon writes <c>dotnet_diagnostic.CA2007.severity = none</c> for the whole
        /// repository, whose <c>AnalysisMode</c> would otherwise raise it. A peer left at its default says nothing.
        /// </summary>
        public static ConfigureAwaitStance StanceOf(SyntaxTree tree, CompilationOptions? options, AnalyzerConfigOptionsProvider? configOptions, CancellationToken cancellationToken)
        {
            var declined = false;
            foreach (var id in PeerRules)
            {
                switch (ConfiguredSeverity.Of(tree, id, options, configOptions, cancellationToken))
                {
                    case ReportDiagnostic.Warn:
                    case ReportDiagnostic.Error:
                        return ConfigureAwaitStance.Declared;
                    case ReportDiagnostic.Suppress:
                    case ReportDiagnostic.Hidden:
                        declined = true;
                        break;
                }
            }

            return declined ? ConfigureAwaitStance.Declined : ConfigureAwaitStance.Unsaid;
        }
    }

    /// <summary>What a project's configuration says about ConfigureAwait(false) (<see cref="DeclaredConfigureAwait.StanceOf"/>).</summary>
    internal enum ConfigureAwaitStance
    {
        Unsaid,
        Declared,
        Declined,
    }
}
