using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise.Semantics
{
    /// <summary>
    /// What several rules need about one compilation, built once and shared by every analyzer (sixteen analyzers each
    /// resolving the known types, the counterpart lookup and the loop cost model was a measurable share of their time):
    /// the known types, the host kind, the loop cost model, the names that may have an <c>…Async</c> sibling, the bodies that cannot block and, per
    /// <see cref="AnalyzerOptions"/>, the counterpart lookup and TW104's call summaries (both read options).
    /// Weakly keyed on the compilation, as roslyn-analyzers' <c>WellKnownTypeProvider.GetOrCreate</c> is, so it lives
    /// exactly as long as the compilation. Thread-safe: every piece is created lazily, once, on first use; analyzers run
    /// concurrently and may ask in any order.
    /// </summary>
    internal sealed class CompilationContext
    {
        private static readonly ConditionalWeakTable<Compilation, CompilationContext> Contexts =
            new ConditionalWeakTable<Compilation, CompilationContext>();

        private readonly Lazy<KnownTypes> _types;
        private readonly Lazy<HostKind> _host;
        private readonly Lazy<LoopCostModel> _loopCosts;
        private readonly Lazy<AsyncSiblingNames> _asyncNames;
        private readonly Lazy<LeafFreeBodies> _leafFree;
        private readonly Lazy<InMemoryLookups> _inMemoryLookups;
        private readonly Lazy<AwaitTally> _awaitTally;
        private readonly Lazy<PoolOnlyCode> _poolOnly;
        private readonly Lazy<ConcurrentDictionary<(IParameterSymbol, int), bool>> _inMemoryParameters =
            new Lazy<ConcurrentDictionary<(IParameterSymbol, int), bool>>(() => new ConcurrentDictionary<(IParameterSymbol, int), bool>(ParameterAtDepth.Comparer));
        private readonly ConditionalWeakTable<AnalyzerOptions, OptionsBound> _byOptions = new ConditionalWeakTable<AnalyzerOptions, OptionsBound>();

        private CompilationContext(Compilation compilation)
        {
            // Only cheap fields here: ConditionalWeakTable may run the factory twice under a race and keep one result.
            Compilation = compilation;
            _types = new Lazy<KnownTypes>(() => KnownTypes.Create(compilation));
            _host = new Lazy<HostKind>(() => HostContext.Kind(compilation));
            _loopCosts = new Lazy<LoopCostModel>(() => new LoopCostModel(compilation, Types));
            _asyncNames = new Lazy<AsyncSiblingNames>(() => new AsyncSiblingNames(compilation, Types));
            _leafFree = new Lazy<LeafFreeBodies>(() => new LeafFreeBodies(compilation, AsyncNames));
            _inMemoryLookups = new Lazy<InMemoryLookups>(() => new InMemoryLookups(compilation, Types));
            _awaitTally = new Lazy<AwaitTally>(() => AwaitTally.Of(compilation));
            _poolOnly = new Lazy<PoolOnlyCode>(() => new PoolOnlyCode(Types));
        }

        public static CompilationContext For(Compilation compilation) => Contexts.GetValue(compilation, c => new CompilationContext(c));

        public Compilation Compilation { get; }

        public KnownTypes Types => _types.Value;

        public HostKind Host => _host.Value;

        /// <summary>The loop cost model of TW201, TW205 and TW206's loops: its per-method cost cache is shared too.</summary>
        public LoopCostModel LoopCosts => _loopCosts.Value;

        /// <summary>Which names could have an <c>…Async</c> sibling at a call: the hash test before any symbol lookup.</summary>
        public AsyncSiblingNames AsyncNames => _asyncNames.Value;

        /// <summary>Which source methods provably cannot block, from names alone: TW104 does not bind their bodies.</summary>
        public LeafFreeBodies LeafFree => _leafFree.Value;

        /// <summary>Which source methods only touch in-memory collections: their <c>…Async</c> siblings say nothing of them (TW102, TW104).</summary>
        public InMemoryLookups InMemoryLookups => _inMemoryLookups.Value;

        /// <summary>How many of the compilation's awaits are configured: its ConfigureAwait convention (TW501, TW103's sync twins).</summary>
        public AwaitTally AwaitTally => _awaitTally.Value;

        /// <summary>Which code only ever runs on the thread pool (TW501's awaits, TW201's loops, TW206's calls): its per-method answers are shared.</summary>
        public PoolOnlyCode PoolOnly => _poolOnly.Value;

        /// <summary>Whether every call passes a stream over memory to a stream parameter, asked at a depth of <see cref="InMemory"/>'s walk.</summary>
        public ConcurrentDictionary<(IParameterSymbol, int), bool> InMemoryParameters => _inMemoryParameters.Value;

        /// <summary>The counterpart lookup, with the user's excluded counterparts from <paramref name="options"/>; one cache for all rules.</summary>
        public AsyncCounterpart Counterparts(AnalyzerOptions options) => Bound(options).Counterparts;

        /// <summary>TW104's call summaries (facts read with <paramref name="options"/>'s peer suppressions), once per method.</summary>
        public CallSummaries Summaries(AnalyzerOptions options) => Bound(options).Summaries;

        private OptionsBound Bound(AnalyzerOptions options) => _byOptions.GetValue(options, o => new OptionsBound(this, o));

        private sealed class ParameterAtDepth : IEqualityComparer<(IParameterSymbol Parameter, int Depth)>
        {
            public static readonly ParameterAtDepth Comparer = new ParameterAtDepth();

            public bool Equals((IParameterSymbol Parameter, int Depth) x, (IParameterSymbol Parameter, int Depth) y) =>
                x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter);

            public int GetHashCode((IParameterSymbol Parameter, int Depth) key) =>
                SymbolEqualityComparer.Default.GetHashCode(key.Parameter) * 31 + key.Depth;
        }

        /// <summary>The pieces that read options. Every analyzer of a compilation is normally given the same options instance.</summary>
        private sealed class OptionsBound
        {
            private readonly Lazy<AsyncCounterpart> _counterparts;
            private readonly Lazy<CallSummaries> _summaries;

            public OptionsBound(CompilationContext context, AnalyzerOptions options)
            {
                _counterparts = new Lazy<AsyncCounterpart>(() => new AsyncCounterpart(context.Types, options, context.AsyncNames));
                _summaries = new Lazy<CallSummaries>(() =>
                {
                    var compilation = context.Compilation;
                    var types = context.Types;
                    var counterparts = Counterparts;
                    var leafFree = context.LeafFree;
                    return new CallSummaries((method, token) =>
                        leafFree.CannotBlock(method) ? MethodFacts.Empty : MethodFacts.Read(method, compilation, types, counterparts, token, options));
                });
            }

            public AsyncCounterpart Counterparts => _counterparts.Value;

            public CallSummaries Summaries => _summaries.Value;
        }
    }
}
