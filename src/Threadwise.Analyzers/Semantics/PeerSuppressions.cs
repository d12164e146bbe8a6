using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Options;

namespace Threadwise.Semantics
{
    /// <summary>
    /// "The maintainer already said it is deliberate": a local suppression of an equivalent peer rule
    /// (<c>#pragma warning disable VSTHRD002</c> around the site, <c>[SuppressMessage(.., "CA1849")]</c> on its member
    /// or a containing type, or a ReSharper comment, <c>// ReSharper disable once MethodHasAsyncOverload</c>) suppresses the mapped Threadwise rule there. Only local suppressions count: a project-wide
    /// <c>.editorconfig</c> severity of a peer rule says nothing about one site. The table is published in
    /// docs/peer-suppressions.md; <c>threadwise.honor_peer_suppressions = false</c> turns the behaviour off.
    /// Only asked when a diagnostic is about to be reported, so it costs nothing on code that reports nothing.
    /// </summary>
    internal static class PeerSuppressions
    {
        public const string HonorOption = Threadwise.Options.ThreadwiseOptions.HonorPeerSuppressions;

        // The Azure SDK's analyzers (Azure.ClientSdk.Analyzers), which the SDK's own code and code vendored from it suppress
        // where it blocks on purpose: AZC0102 "Do not use GetAwaiter().GetResult()" anywhere, AZC0103 "Do not wait
        // synchronously in asynchronous scope", AZC0107 "DO NOT call public asynchronous method in synchronous scope",
        // AZC0100 "ConfigureAwait(false) must be used".
        private const string AzureGetResult = "AZC0102";
        private const string AzureWaitInAsync = "AZC0103";
        private const string AzureAsyncInSync = "AZC0107";
        private const string AzureConfigureAwait = "AZC0100";

        private static readonly ImmutableArray<string> TW101Peers = ImmutableArray.Create(
            "VSTHRD002", "VSTHRD103", "CA1849", "MA0042", "MA0045", "AsyncFixer02", "S4462", "S6966", AzureGetResult, AzureWaitInAsync);

        // ReSharper's and Rider's inspections are suppressed by comments (ResharperComments) or [SuppressMessage("ReSharper", ..)].
        private const string ResharperAsyncOverload = "MethodHasAsyncOverload";
        private const string ResharperAsyncOverloadWithCancellation = "MethodHasAsyncOverloadWithCancellation";

        private static readonly ImmutableArray<string> TW102Peers = ImmutableArray.Create(
            "VSTHRD103", "CA1849", "MA0042", "MA0045", "AsyncFixer02", "S6966", ResharperAsyncOverload, ResharperAsyncOverloadWithCancellation, "UseAwaitUsing");

        // Blocking waits in synchronous code: the peers that flag waits outside async methods.
        private static readonly ImmutableArray<string> TW103Peers = ImmutableArray.Create("VSTHRD002", "MA0045", "S4462", AzureGetResult, AzureAsyncInSync);

        private static readonly ImmutableArray<string> TW104Peers = ImmutableArray.Create(
            "VSTHRD002", "VSTHRD103", "CA1849", "MA0042", "MA0045", "AsyncFixer02", "S6966", ResharperAsyncOverload, ResharperAsyncOverloadWithCancellation);

        private static readonly ImmutableArray<string> TW301Peers = ImmutableArray.Create(
            "VSTHRD100", "MA0155", "S3168", "AsyncFixer03", "AsyncVoidMethod", "AsyncVoidEventHandlerMethod", "AsyncVoidThrowException");

        private static readonly ImmutableArray<string> TW302Peers = ImmutableArray.Create("VSTHRD101", "MA0147", "AsyncFixer03", "AsyncVoidLambda");

        // CS4014 is the compiler's own warning for the same drop inside async methods; around a call in synchronous code
        // it silences nothing, so a pragma for it there only says the drop is deliberate.
        private static readonly ImmutableArray<string> TW304Peers = ImmutableArray.Create("VSTHRD110", "MA0134", "CS4014");

        private static readonly ImmutableArray<string> TW501Peers = ImmutableArray.Create("CA2007", "VSTHRD111", "MA0004", "S3216", "RCS1090", AzureConfigureAwait);
        // A task returned from inside a using: the peers that report the same return (AsyncFixer04 also inside async methods).
        private static readonly ImmutableArray<string> TW502Peers = ImmutableArray.Create("MA0100", "CA2025", "AsyncFixer04");

        private static readonly ImmutableArray<string> TW503Peers = ImmutableArray.Create("VSTHRD114", "S4586", "RCS1210");

        // A token not passed on: MA0040 reports it too (CA2016 never reports TW504's calls, so its suppressions are elsewhere).
        private static readonly ImmutableArray<string> TW504Peers = ImmutableArray.Create("MA0040", "MethodSupportsCancellation");

        private static readonly ImmutableArray<string> TW505Peers = ImmutableArray.Create("VSTHRD107", "MA0129");

        private static readonly ImmutableArray<string> TW506Peers = ImmutableArray.Create("S5034");

        /// <summary>
        /// TW506's blocking read of a ValueTask is also a synchronous wait, which VSTHRD002 (and the Azure SDK's AZC0102) flag on ValueTasks too: a
        /// helper that blocks on purpose (<c>#pragma warning disable VSTHRD002</c> around <c>BlockingWait(ValueTask t)</c>) is deliberate;
        /// so is a read under a local suppression of CA2012 (see <see cref="ValueTaskReadPeer"/>).
        /// </summary>
        public static readonly ImmutableArray<string> ValueTaskWaitPeers = TW506Peers.Add("VSTHRD002").Add(AzureGetResult).Add(ValueTaskReadPeer);

        /// <summary>
        /// TW103's peers for a blocking read of a ValueTask: its own, and CA2012, whose local suppression at the read says
        /// the maintainer knows this ValueTask is read synchronously (graphql-dotnet's <c>schema.PrintAsync(writer,
        /// options).GetAwaiter().GetResult()</c> under <c>#pragma warning disable CA2012</c>).
        /// </summary>
        public static readonly ImmutableArray<string> ValueTaskReadPeersOfTW103 = TW103Peers.Add(ValueTaskReadPeer);

        /// <summary>
        /// CA2012 flags every ValueTask that is not awaited at once (stored, dropped, read), so it maps to no rule as a
        /// whole; only a local suppression at a blocking read of a ValueTask counts, for that read.
        /// </summary>
        private const string ValueTaskReadPeer = "CA2012";

        /// <summary>
        /// What marks a blocking leaf of TW104 as deliberate: Threadwise's own blocking rules and every peer of them.
        /// A leaf in a synchronous helper is what TW103 or MA0045 would flag; the same call on an async path, TW101/TW102's peers.
        /// </summary>
        private static readonly ImmutableArray<string> LeafOwnIds = ImmutableArray.Create(
            RuleIds.BlockingWaitInAsync, RuleIds.SyncApiInAsync, RuleIds.BlockingWaitInSync, RuleIds.BlockingHelperInAsync);

        private static readonly ImmutableArray<string> LeafPeers = ImmutableArray.Create(
            "VSTHRD002", "VSTHRD103", "CA1849", "MA0042", "MA0045", "AsyncFixer02", "S4462", "S6966", ResharperAsyncOverload, ResharperAsyncOverloadWithCancellation,
            AzureGetResult, AzureWaitInAsync, AzureAsyncInSync);

        /// <summary>The peer rules whose local suppression suppresses <paramref name="ruleId"/>; empty for rules without peers.</summary>
        public static ImmutableArray<string> PeersOf(string ruleId) => ruleId switch
        {
            RuleIds.BlockingWaitInAsync => TW101Peers,
            RuleIds.SyncApiInAsync => TW102Peers,
            RuleIds.BlockingWaitInSync => TW103Peers,
            RuleIds.BlockingHelperInAsync => TW104Peers,
            RuleIds.AsyncVoidMethod => TW301Peers,
            RuleIds.AsyncVoidDelegate => TW302Peers,
            RuleIds.DroppedTask => TW304Peers,
            RuleIds.ConfigureAwaitInLibrary => TW501Peers,
            RuleIds.TaskEscapesScope => TW502Peers,
            RuleIds.NullTaskReturn => TW503Peers,
            RuleIds.TokenNotForwarded => TW504Peers,
            RuleIds.TaskInUsing => TW505Peers,
            RuleIds.ValueTaskMisuse => TW506Peers,
            _ => ImmutableArray<string>.Empty,
        };

        /// <summary>
        /// Whether <paramref name="diagnostic"/> is suppressed by a local suppression of one of its rule's peers, stands in
        /// code compiled only into debug builds (<see cref="DebugOnlyCode"/>), run only in the Development environment
        /// (<see cref="DevelopmentOnlyCode"/>) or shipped as test support (<see cref="TestSupportCode"/>), or, for the blocking rules, under a comment
        /// that calls the site synchronous or blocking (<see cref="DeliberateComments"/>), or (TW102, TW104) in an async
        /// function whose CS1998 is suppressed (<see cref="SynchronousOnPurpose"/>): all say the maintainer meant the site.
        /// </summary>
        /// <param name="symbol">The innermost symbol around the site (a local function, lambda, accessor or member).</param>
        /// <param name="peers">The peer rules to honour where they differ by finding within a rule; default: the rule's own.</param>
        public static bool IsSuppressed(Diagnostic diagnostic, ISymbol? symbol, Compilation compilation, AnalyzerOptions options, ImmutableArray<string> peers = default)
        {
            var location = diagnostic.Location;
            if (!location.IsInSource || location.SourceTree is not { } tree)
            {
                return false;
            }

            var node = tree.GetRoot().FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            if (DebugOnlyCode.Contains(tree, location.SourceSpan.Start) || DevelopmentOnlyCode.Contains(node, compilation)
                || TestSupportCode.Contains(symbol))
            {
                return true;
            }

            peers = peers.IsDefault ? PeersOf(diagnostic.Id) : peers;
            if (peers.IsEmpty || !Honors(options, tree))
            {
                return false;
            }

            if ((diagnostic.Id == RuleIds.SyncApiInAsync || diagnostic.Id == RuleIds.BlockingHelperInAsync)
                && SynchronousOnPurpose.IsDeclared(symbol, compilation))
            {
                return true;
            }

            if (LeafOwnIds.Contains(diagnostic.Id)
                && CommentMarksDeliberate(node))
            {
                return true;
            }

            return LocalSuppressions.IsSuppressed(tree, location.SourceSpan.Start, symbol, compilation, peers, default);
        }

        /// <summary>
        /// Whether a TW104 leaf (a blocking wait or call in a helper) is marked deliberate at its own site: a local
        /// suppression of TW101–TW104, or, unless the option turns it off, of an equivalent peer rule or a comment that calls
        /// it synchronous (<see cref="DeliberateComments"/>); or debug-only or development-only code (<see cref="DebugOnlyCode"/>,
        /// <see cref="DevelopmentOnlyCode"/>).
        /// </summary>
        /// <param name="member">The member whose body holds the leaf (local functions and lambdas are found from the operation).</param>
        /// <param name="options">Where <c>threadwise.honor_peer_suppressions</c> is read; null means its default (peers count).</param>
        public static bool IsDeliberateLeaf(IOperation leaf, ISymbol member, Compilation compilation, AnalyzerOptions? options)
        {
            var tree = leaf.Syntax.SyntaxTree;
            if (DebugOnlyCode.Contains(tree, leaf.Syntax.SpanStart) || DevelopmentOnlyCode.Contains(leaf.Syntax, compilation))
            {
                return true;
            }

            var honors = options is null || Honors(options, tree);
            if (honors && CommentMarksDeliberate(leaf.Syntax))
            {
                return true;
            }

            var peers = honors ? LeafPeers : ImmutableArray<string>.Empty;
            return LocalSuppressions.IsSuppressed(tree, leaf.Syntax.SpanStart, InnermostSymbol(leaf, member), compilation, LeafOwnIds, peers);
        }

        /// <summary>
        /// A wait whose statement carries a comment saying it does not block (<see cref="DeliberateComments.SayDoesNotBlock"/>),
        /// unless <c>threadwise.honor_peer_suppressions = false</c> turns the maintainer's markers off (TW402, which has no peers).
        /// </summary>
        public static bool IsMarkedNonBlocking(SyntaxNode site, AnalyzerOptions options) =>
            Honors(options, site.SyntaxTree) && DeliberateComments.SayDoesNotBlock(site);

        // A comment at the site that calls it synchronous or blocking on purpose, or says it does not block.
        private static bool CommentMarksDeliberate(SyntaxNode site) =>
            DeliberateComments.MarkSynchronousOnPurpose(site) || DeliberateComments.SayDoesNotBlock(site);

        /// <summary>Reports <paramref name="diagnostic"/> unless a peer rule is suppressed locally at its site or the site is debug-only code.</summary>
        public static void ReportUnlessPeerSuppressed(this OperationAnalysisContext context, Diagnostic diagnostic, ImmutableArray<string> peers = default)
        {
            if (!IsSuppressed(diagnostic, InnermostSymbol(context.Operation, context.ContainingSymbol), context.Compilation, context.Options, peers))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        /// <summary>Reports <paramref name="diagnostic"/> unless a peer rule is suppressed locally at its site or on <paramref name="symbol"/>.</summary>
        public static void ReportUnlessPeerSuppressed(this OperationAnalysisContext context, Diagnostic diagnostic, ISymbol symbol)
        {
            if (!IsSuppressed(diagnostic, symbol, context.Compilation, context.Options))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        /// <summary>Reports <paramref name="diagnostic"/>, found at <paramref name="site"/> at a block's end, unless a peer rule is suppressed locally there.</summary>
        public static void ReportUnlessPeerSuppressed(
            this OperationBlockAnalysisContext context, Diagnostic diagnostic, IOperation site, ImmutableArray<string> peers = default)
        {
            if (!IsSuppressed(diagnostic, InnermostSymbol(site, context.OwningSymbol), context.Compilation, context.Options, peers))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        /// <inheritdoc cref="ReportUnlessPeerSuppressed(OperationAnalysisContext, Diagnostic, ISymbol)"/>
        public static void ReportUnlessPeerSuppressed(this SymbolAnalysisContext context, Diagnostic diagnostic, ISymbol symbol)
        {
            if (!IsSuppressed(diagnostic, symbol, context.Compilation, context.Options))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        /// <summary>The lambda or local function around the operation, else the member.</summary>
        public static ISymbol InnermostSymbol(IOperation operation, ISymbol member)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol;
                    case IAnonymousFunctionOperation lambda:
                        return lambda.Symbol;
                }
            }

            return member;
        }

        private static bool Honors(AnalyzerOptions options, SyntaxTree tree) =>
            ThreadwiseOptions.GetBoolean(options, tree, HonorOption, defaultValue: true);
    }
}
