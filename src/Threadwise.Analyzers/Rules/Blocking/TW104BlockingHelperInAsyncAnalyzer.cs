using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Options;
using Threadwise.Semantics;

namespace Threadwise.Rules.Blocking
{
    /// <summary>
    /// TW104: an async path calls a synchronous source method that blocks, by itself or through any depth of other source
    /// methods: <c>'LoadSettings' blocks: LoadSettings → ReadFile → File.ReadAllText</c>. Leaves are exactly what TW101 and
    /// TW102 call blocking (<see cref="BlockingCalls.IsBlockingWaitOnPendingTask"/>, <see cref="BlockingCalls.IsBlockingCall"/>).
    /// Design: summaries computed on demand at the call sites and cached per compilation (<see cref="CallSummaries"/>), so
    /// the rule reports in the IDE without full-solution analysis; docs/rules/TW104.md records the measurements against a
    /// compilation-end design.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW104BlockingHelperInAsyncAnalyzer : DiagnosticAnalyzer
    {
        public const string MaxDepthOption = ThreadwiseOptions.Tw104MaxDepth;

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.BlockingHelperInAsync,
            title: "Do not call a method that blocks on an async path",
            messageFormat: "'{0}' blocks: {1}; {2}",
            category: RuleCategories.Blocking,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A synchronous helper that blocks (on a task, or in a synchronous I/O or waiting call) blocks every async method that calls it, however many methods lie in between. Make the chain asynchronous down to the blocking call and await its asynchronous counterpart.",
            helpLinkUri: HelpLinks.For(RuleIds.BlockingHelperInAsync));

        private const int MaxChainShown = 8;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.For(start.Compilation);
                var types = shared.Types;
                if (types.Task is null)
                {
                    return;
                }

                var counterparts = shared.Counterparts(start.Options);
                var summaries = shared.Summaries(start.Options);
                var host = shared.Host;
                var maxDepths = new ConcurrentDictionary<SyntaxTree, int>();
                start.RegisterOperationBlockStartAction(block =>
                {
                    // Reported at the end of the block, in source order: one leaf gives at most one TW104 per async function.
                    var found = new List<Finding>();
                    block.RegisterOperationAction(
                        c => Analyze(c, types, host, counterparts, summaries, maxDepths, found),
                        OperationKind.Invocation,
                        OperationKind.PropertyReference);
                    block.RegisterOperationBlockEndAction(end => ReportOncePerLeaf(end, found));
                });
            });
        }

        /// <summary>A call that would be reported, before the one-per-leaf pass.</summary>
        private sealed class Finding
        {
            public Finding(Diagnostic diagnostic, IOperation? function, IMethodSymbol leafHolder)
            {
                Diagnostic = diagnostic;
                Function = function;
                LeafHolder = leafHolder;
            }

            public Diagnostic Diagnostic { get; }

            /// <summary>The async lambda or local function around the call; null for the member body.</summary>
            public IOperation? Function { get; }

            /// <summary>The method of the chain that holds the blocking leaf: calls reaching it are one problem.</summary>
            public IMethodSymbol LeafHolder { get; }
        }

        private static void Analyze(
            OperationAnalysisContext context,
            KnownTypes types,
            HostKind host,
            AsyncCounterpart counterparts,
            CallSummaries summaries,
            ConcurrentDictionary<SyntaxTree, int> maxDepths,
            List<Finding> found)
        {
            var operation = context.Operation;
            if (CallSummaries.FollowedTarget(operation, types) is not { } callee
                || !AsyncPath.IsOnAsyncPath(operation, context.ContainingSymbol)
                || !AsyncPath.CanAwaitAt(operation))
            {
                return;
            }

            var summary = summaries.Get(callee, context.CancellationToken);
            if (!summary.Blocks || summary.Depth > MaxDepth(context, maxDepths) || ErrorPaths.IsOnErrorPath(operation)
                || HostContext.BlocksOnlyAUiAppsPool(host, operation, types) || LazyInitialization.RunsOncePerProcess(operation)
                || Offloading.IsInAwaitlessPoolWorkItem(operation, types))
            {
                return;
            }

            // Commit() where Commit(bool spinWait = false) waits only under 'if (spinWait)': this call never reaches the wait.
            if (summary.Guard is { } guard && ParameterGuards.ConstantsOf(operation, types).Defeats(guard))
            {
                return;
            }

            // while (!TryAcquire()) BackOff(); where BackOff only waits on a primitive: it blocks only under contention.
            if (summary.Contention && ContentionFallbacks.RunsAfterFailedAttempt(operation, types))
            {
                return;
            }

            if (operation is IInvocationOperation invocation)
            {
                // RunAsync built on its own Run(): TW102's overload-chain exemption, kept here.
                if (context.ContainingSymbol.Name == callee.Name + "Async"
                    && KnownTypes.InheritsFrom(context.ContainingSymbol.ContainingType, callee.ContainingType))
                {
                    return;
                }

                // The helper has an async counterpart: TW102 reports the call (or it is the sync arm of a dual branch).
                if (counterparts.Find(invocation, context.ContainingSymbol) != null
                    || SyncAsyncBranches.IsSyncArmOfAsyncBranch(invocation, callee.Name + "Async"))
                {
                    return;
                }
            }

            var callerType = context.ContainingSymbol.ContainingType;
            var name = MethodName(callee, callerType);
            var diagnostic = Diagnostic.Create(
                Rule,
                operation.Syntax.GetLocation(),
                name,
                Chain(callee, summary, callerType, summaries),
                Advice(summary, summaries, callee, callerType));
            if (PeerSuppressions.IsSuppressed(diagnostic, PeerSuppressions.InnermostSymbol(operation, context.ContainingSymbol), context.Compilation, context.Options))
            {
                return;
            }

            var finding = new Finding(diagnostic, AsyncPath.EnclosingFunction(operation), LeafHolder(callee, summary, summaries));
            lock (found)
            {
                found.Add(finding);
            }
        }

        /// <summary>
        /// Within one async function, the first call in source order that reaches a leaf is reported; later calls that reach
        /// the same leaf add nothing (one deliberate wait must not become a warning at every call of every helper above it).
        /// </summary>
        private static void ReportOncePerLeaf(OperationBlockAnalysisContext context, List<Finding> found)
        {
            if (found.Count == 0)
            {
                return;
            }

            found.Sort((a, b) => a.Diagnostic.Location.SourceSpan.Start.CompareTo(b.Diagnostic.Location.SourceSpan.Start));
            var reported = new HashSet<(IOperation?, IMethodSymbol)>(new FunctionAndLeaf());
            foreach (var finding in found)
            {
                if (reported.Add((finding.Function, finding.LeafHolder)))
                {
                    context.ReportDiagnostic(finding.Diagnostic);
                }
            }
        }

        private sealed class FunctionAndLeaf : IEqualityComparer<(IOperation?, IMethodSymbol)>
        {
            public bool Equals((IOperation?, IMethodSymbol) x, (IOperation?, IMethodSymbol) y) =>
                ReferenceEquals(x.Item1, y.Item1) && SymbolEqualityComparer.Default.Equals(x.Item2, y.Item2);

            public int GetHashCode((IOperation?, IMethodSymbol) obj) =>
                ((obj.Item1?.GetHashCode() ?? 0) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(obj.Item2);
        }

        /// <summary>The last method of the chain, the one whose own body holds the leaf.</summary>
        private static IMethodSymbol LeafHolder(IMethodSymbol first, CallSummary summary, CallSummaries summaries)
        {
            var method = first;
            var current = summary;
            for (var steps = 0; current.Next != null && steps <= summary.Depth; steps++)
            {
                method = current.Next;
                if (summaries.Peek(method) is not { } next)
                {
                    break;
                }

                current = next;
            }

            return method;
        }

        private static int MaxDepth(OperationAnalysisContext context, ConcurrentDictionary<SyntaxTree, int> maxDepths)
        {
            var tree = context.Operation.Syntax.SyntaxTree;
            if (maxDepths.TryGetValue(tree, out var known))
            {
                return known;
            }

            var value = ThreadwiseOptions.GetInt64(context.Options, tree, MaxDepthOption, 0);
            var depth = value >= 1 && value < int.MaxValue ? (int)value : int.MaxValue;
            maxDepths.TryAdd(tree, depth);
            return depth;
        }

        /// <summary><c>LoadSettings</c>, or <c>SettingsStore.LoadSettings</c> when it lives in another type than the code before it.</summary>
        private static string MethodName(IMethodSymbol method, INamedTypeSymbol? previousType)
        {
            var name = method.MethodKind == MethodKind.PropertyGet && method.AssociatedSymbol is { } property ? property.Name : method.Name;
            if (method.MethodKind == MethodKind.LocalFunction || method.ContainingType is null
                || SymbolEqualityComparer.Default.Equals(method.ContainingType, previousType))
            {
                return name;
            }

            return method.ContainingType.Name + "." + name;
        }

        /// <summary><c>LoadSettings → ReadFile → File.ReadAllText</c>; long chains keep their ends and say how many steps are left out.</summary>
        private static string Chain(IMethodSymbol first, CallSummary summary, INamedTypeSymbol? callerType, CallSummaries summaries)
        {
            var parts = new List<string>();
            var method = first;
            var previousType = callerType;
            var current = summary;
            while (true)
            {
                parts.Add(MethodName(method, previousType));
                previousType = method.ContainingType;
                if (current.Next is null)
                {
                    parts.Add(current.Leaf ?? "?");
                    break;
                }

                method = current.Next;
                if (summaries.Peek(method) is not { } next || parts.Count > summary.Depth)
                {
                    break;
                }

                current = next;
            }

            var builder = new StringBuilder();
            if (parts.Count <= MaxChainShown)
            {
                Join(builder, parts, 0, parts.Count);
            }
            else
            {
                const int Head = 3;
                const int Tail = 4;
                Join(builder, parts, 0, Head);
                builder.Append(" → … ").Append(parts.Count - Head - Tail).Append(" more … → ");
                Join(builder, parts, parts.Count - Tail, Tail);
            }

            return builder.ToString();
        }

        private static void Join(StringBuilder builder, List<string> parts, int start, int count)
        {
            for (var i = start; i < start + count; i++)
            {
                if (i > start)
                {
                    builder.Append(" → ");
                }

                builder.Append(parts[i]);
            }
        }

        /// <summary>
        /// <c>make these methods async and await 'File.ReadAllTextAsync'</c>. A property or indexer cannot be async: where the
        /// chain goes through one, the advice says to turn it into an async method (<c>turn 'Capabilities' into an async method
        /// and await the task</c>) instead of telling the reader to make it async.
        /// </summary>
        private static string Advice(CallSummary summary, CallSummaries summaries, IMethodSymbol first, INamedTypeSymbol? callerType)
        {
            var leafSummary = summary;
            var method = first;
            var previousType = callerType;
            var members = 1;
            List<string>? accessors = null;
            while (true)
            {
                if (AccessorPaths.IsAccessor(method))
                {
                    (accessors ??= new List<string>()).Add("'" + MethodName(method, previousType) + "'");
                }

                if (leafSummary.Next is null || members > summary.Depth)
                {
                    break;
                }

                previousType = method.ContainingType;
                method = leafSummary.Next;
                members++;
                if (summaries.Peek(method) is not { } next)
                {
                    break;
                }

                leafSummary = next;
            }

            string who;
            if (accessors is null)
            {
                who = summary.Depth == 1 ? "make it async" : "make these methods async";
            }
            else
            {
                who = "turn " + JoinNames(accessors) + (accessors.Count == 1 ? " into an async method" : " into async methods");
                if (accessors.Count < members)
                {
                    who += ", make the other methods async";
                }
            }

            return leafSummary.LeafHint is { } hint
                ? who + " and await '" + hint + "'"
                : who + " and await the task";
        }

        // 'A', 'A' and 'B', 'A', 'B' and 'C'.
        private static string JoinNames(List<string> names)
        {
            var builder = new StringBuilder(names[0]);
            for (var i = 1; i < names.Count; i++)
            {
                builder.Append(i == names.Count - 1 ? " and " : ", ").Append(names[i]);
            }

            return builder.ToString();
        }
    }
}
