using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW506: a <c>ValueTask</c>/<c>ValueTask&lt;T&gt;</c> consumed twice (a local or parameter awaited, read with
    /// <c>.Result</c>/<c>GetAwaiter().GetResult()</c>, or turned into a task with <c>AsTask()</c>, and then consumed again on
    /// a path where the first consumption always ran), or read with <c>.Result</c>/<c>GetAwaiter().GetResult()</c> when it
    /// is not known to be completed. A ValueTask over a pooled <c>IValueTaskSource</c> may be reused for another operation
    /// once its result is taken, and need not support blocking. Not reported: consumptions in exclusive branches
    /// (<c>v.IsCompleted ? v.Result : await v</c>), a variable assigned again, reads inside lambdas, ValueTasks made from a
    /// result or a Task (<c>new ValueTask&lt;T&gt;(x)</c>, <c>ValueTask.FromResult</c>, <c>Preserve()</c>, a source method that
    /// is <c>async</c>), and the completed-task shapes of <see cref="TaskFacts"/>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW506ValueTaskMisuseAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>
        /// The fix: <see cref="FixStoreAsTask"/> (the variable is initialised with <c>.AsTask()</c>) or <see cref="FixAsTask"/>
        /// (block on <c>x.AsTask()</c>); absent where neither is clearly right. The places to edit are text spans
        /// (<c>start:length</c>, several separated by <c>;</c>) in <see cref="SpansProperty"/>: the receiver for
        /// <see cref="FixAsTask"/>; the declarator, then each <c>v.AsTask()</c> to unwrap, for <see cref="FixStoreAsTask"/>.
        /// </summary>
        public const string FixProperty = "Fix";
        public const string SpansProperty = "Spans";
        public const string FixStoreAsTask = "StoreAsTask";
        public const string FixAsTask = "AsTask";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.ValueTaskMisuse,
            title: "Consume a ValueTask once, and only when it has completed",
            messageFormat: "{0}",
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A ValueTask may be consumed once: awaited, or its result read, a single time. Its source may be pooled and reused for another operation as soon as the first result is taken, so a second await or read can return another operation's result, hang or throw. Nor does a ValueTask support blocking until it completes: .Result and GetAwaiter().GetResult() are only valid on a completed one. Store AsTask() to use the result twice, and block (if at all) on AsTask().",
            helpLinkUri: HelpLinks.For(RuleIds.ValueTaskMisuse));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                if (types.ValueTask is null && types.ValueTaskOfT is null)
                {
                    return;
                }

                // The body's ValueTask declarators and reads, collected as the driver visits them (it walks every body for
                // the operation actions anyway) and judged at the body's end: a diagnostic there is local to the body, so
                // the fix works in the IDE.
                start.RegisterOperationBlockStartAction(block =>
                {
                    var variables = new BlockVariables();
                    block.RegisterOperationAction(c => variables.Add(c.Operation, types), OperationKind.VariableDeclarator, OperationKind.LocalReference, OperationKind.ParameterReference);
                    block.RegisterOperationBlockEndAction(c => variables.Analyze(c, types));
                });
                start.RegisterOperationAction(c => AnalyzeRead(c, types), OperationKind.PropertyReference, OperationKind.Invocation);
            });
        }

        /// <summary>The ValueTask locals and parameters of a body: each one's declarator and reads, in the driver's order.</summary>
        private sealed class BlockVariables
        {
            private Dictionary<ISymbol, List<IOperation>>? _references;
            private Dictionary<ISymbol, IVariableDeclaratorOperation>? _declarators;

            public void Add(IOperation operation, KnownTypes types)
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when ValueTaskUses.IsValueTask(declarator.Symbol.Type, types):
                        (_declarators ??= new Dictionary<ISymbol, IVariableDeclaratorOperation>(SymbolEqualityComparer.Default))[declarator.Symbol] = declarator;
                        break;
                    case ILocalReferenceOperation or IParameterReferenceOperation when ValueTaskUses.IsValueTask(operation.Type, types):
                        var variable = operation.ReferencedLocalOrParameter()!;
                        _references ??= new Dictionary<ISymbol, List<IOperation>>(SymbolEqualityComparer.Default);
                        if (!_references.TryGetValue(variable, out var list))
                        {
                            _references[variable] = list = new List<IOperation>();
                        }

                        list.Add(operation);
                        break;
                }
            }

            public void Analyze(OperationBlockAnalysisContext context, KnownTypes types)
            {
                if (_references is null)
                {
                    return;
                }

                foreach (var pair in _references)
                {
                    IVariableDeclaratorOperation? declarator = null;
                    _declarators?.TryGetValue(pair.Key, out declarator);
                    AnalyzeVariable((diagnostic, site, peers) => context.ReportUnlessPeerSuppressed(diagnostic, site, peers), pair.Key, pair.Value, declarator, types);
                }
            }
        }

        /// <summary><c>x.Result</c> or <c>x.GetAwaiter().GetResult()</c> (also through <c>ConfigureAwait</c>) on a ValueTask that is not a variable (variables are judged at the block's end).</summary>
        private static void AnalyzeRead(OperationAnalysisContext context, KnownTypes types)
        {
            if (!ValueTaskReads.IsUnsafeDirectRead(context.Operation, types, out var receiver))
            {
                return;
            }

            context.ReportUnlessPeerSuppressed(EarlyRead(context.Operation, receiver), PeerSuppressions.ValueTaskWaitPeers);
        }

        private static Diagnostic EarlyRead(IOperation read, IOperation receiver)
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (receiver.Syntax is ExpressionSyntax { Parent: MemberAccessExpressionSyntax access } expression && access.Expression == expression)
            {
                properties = properties.Add(FixProperty, FixAsTask).Add(SpansProperty, SpanText(expression));
            }

            return Diagnostic.Create(
                Rule,
                read.Syntax.GetLocation(),
                properties,
                "'" + DisplayText.Of(read.Syntax) + "' blocks on a ValueTask that may not have completed: a ValueTask does not support waiting; await it, or block on AsTask()");
        }

        private static string SpanText(SyntaxNode node) =>
            node.SpanStart.ToString(CultureInfo.InvariantCulture) + ":" + node.Span.Length.ToString(CultureInfo.InvariantCulture);

        /// <summary>Reports a second consumption of the variable, and blocking reads of it that may come before it completes.</summary>
        /// <param name="report">Reports a diagnostic found at a site, with the peer rules whose suppression there silences it.</param>
        private static void AnalyzeVariable(Action<Diagnostic, IOperation, ImmutableArray<string>> report, ISymbol variable, List<IOperation> references, IVariableDeclaratorOperation? declarator, KnownTypes types)
        {
            references.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
            var origin = declarator?.Initializer?.Value;
            var backed = origin != null && ValueTaskReads.IsResultOrTaskBacked(origin, types);
            var function = AsyncPath.EnclosingFunction(references[0]);
            var sameFunction = true;
            var written = false;
            var consumptions = new List<(IOperation Reference, IOperation Site)>();
            foreach (var reference in references)
            {
                sameFunction &= AsyncPath.EnclosingFunction(reference) == function;
                var (kind, site) = ValueTaskUses.Classify(reference);
                written |= kind == ValueTaskUseKind.Write;
                if (kind == ValueTaskUseKind.Consume)
                {
                    consumptions.Add((reference, site));
                }
            }

            IOperation? twice = null;
            if (!backed && sameFunction && !written)
            {
                twice = SecondConsumption(consumptions, out var first);
                if (twice != null)
                {
                    report(ConsumedTwice(variable, first!, twice, declarator, references, types), twice, default);
                }
            }

            foreach (var (reference, site) in consumptions)
            {
                if (site != twice && ValueTaskReads.BlockingRead(site, types) != null && !backed && ValueTaskReads.MayBeIncomplete(reference, null, types))
                {
                    report(EarlyRead(site, reference), site, PeerSuppressions.ValueTaskWaitPeers);
                }
            }
        }

        /// <summary>The first consumption that always follows an earlier one; <paramref name="first"/> is that earlier one.</summary>
        private static IOperation? SecondConsumption(List<(IOperation Reference, IOperation Site)> consumptions, out IOperation? first)
        {
            for (var j = 1; j < consumptions.Count; j++)
            {
                for (var i = 0; i < j; i++)
                {
                    if (RunsBefore.AlwaysRunsBefore(consumptions[i].Site.Syntax, consumptions[j].Site.Syntax))
                    {
                        first = consumptions[i].Site;
                        return consumptions[j].Site;
                    }
                }
            }

            first = null;
            return null;
        }

        private static Diagnostic ConsumedTwice(ISymbol variable, IOperation first, IOperation second, IVariableDeclaratorOperation? declarator, List<IOperation> references, KnownTypes types)
        {
            var line = first.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            var message = "ValueTask '" + variable.Name + "' is consumed again after '" + DisplayText.Of(first.Syntax) + "' (line " + line
                + "): a ValueTask may be awaited or read only once; store AsTask() to use it twice";
            var spans = new StringBuilder();
            var properties = StoreAsTaskFixable(declarator, references, types, spans)
                ? ImmutableDictionary<string, string?>.Empty.Add(FixProperty, FixStoreAsTask).Add(SpansProperty, spans.ToString())
                : ImmutableDictionary<string, string?>.Empty;
            return Diagnostic.Create(Rule, second.Syntax.GetLocation(), properties, message);
        }

        /// <summary>
        /// Whether the variable can become a Task: declared alone with <c>var</c> or a written <c>ValueTask</c> type, and used
        /// only in ways a Task allows too. Writes the declarator's and each <c>v.AsTask()</c>'s spans.
        /// </summary>
        private static bool StoreAsTaskFixable(IVariableDeclaratorOperation? declarator, List<IOperation> references, KnownTypes types, StringBuilder spans)
        {
            if (declarator?.Initializer is null
                || declarator.Syntax is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax } declaration }
                || !(declaration.Type.IsVar || declaration.Type is IdentifierNameSyntax { Identifier.Text: "ValueTask" } || declaration.Type is GenericNameSyntax { Identifier.Text: "ValueTask" }))
            {
                return false;
            }

            spans.Append(SpanText(declarator.Syntax));
            foreach (var reference in references)
            {
                var (kind, site) = ValueTaskUses.Classify(reference);
                switch (kind)
                {
                    case ValueTaskUseKind.Consume when site is IInvocationOperation { TargetMethod.Name: "AsTask" }:
                        spans.Append(';').Append(SpanText(site.Syntax));
                        break;
                    case ValueTaskUseKind.Consume when site is not IInvocationOperation { TargetMethod.Name: "Preserve" }:
                        break;
                    case ValueTaskUseKind.Query when site is IPropertyReferenceOperation property && types.Task != null
                        && !types.Task.GetMembers(property.Property.Name).IsEmpty:
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }
    }
}
