using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Threadwise.Semantics;

namespace Threadwise.Rules.Cpu
{
    /// <summary>
    /// TW202: <c>Parallel.For/ForEach/Invoke</c>, or a PLINQ query that is executed (<c>ToList</c>, <c>Sum</c>,
    /// <c>ForAll</c>, <c>foreach</c>, ...), run synchronously on an async path: the calling thread waits for every iteration.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW202ParallelOnAsyncPathAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>How the code fix offloads the work; absent when no rewrite compiles.</summary>
        public const string FixProperty = "Fix";

        /// <summary><c>call</c> → <c>await Task.Run(() => call)</c>.</summary>
        public const string FixTaskRun = "TaskRun";

        /// <summary><c>foreach (x in query)</c> → <c>foreach (x in await Task.Run(() => query.ToList()))</c>.</summary>
        public const string FixTaskRunToList = "TaskRunToList";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.ParallelOnAsyncPath,
            title: "Do not run Parallel loops or PLINQ queries synchronously on an async path",
            messageFormat: "{0} blocks {1} until {2}; {3}",
            category: RuleCategories.Cpu,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Parallel.For, Parallel.ForEach, Parallel.Invoke and executed PLINQ queries use the calling thread as one of their workers and return only when every iteration has ended. On an async path that thread is the caller's: a UI thread freezes. Run the loop with 'await Task.Run' where the caller must stay responsive; on a server that frees the request thread but adds no throughput.",
            helpLinkUri: HelpLinks.For(RuleIds.ParallelOnAsyncPath));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.For(start.Compilation);
                var types = shared.Types;
                if (types.Task is null || (types.Parallel is null && types.ParallelEnumerable is null))
                {
                    return;
                }

                var host = shared.Host;
                start.RegisterOperationAction(c => AnalyzeInvocation(c, types, host), OperationKind.Invocation);
                if (types.ParallelQuery != null)
                {
                    start.RegisterOperationAction(c => AnalyzeForEach(c, types, host), OperationKind.Loop);
                }
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types, HostKind host)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
            var type = method.ContainingType;
            string what;
            string until;
            if (KnownTypes.Is(type, types.Parallel))
            {
                if ((method.Name != "For" && method.Name != "ForEach" && method.Name != "Invoke") || HasAsyncDelegate(invocation))
                {
                    return; // an async lambda makes the loop return at once: TW203's case
                }

                what = "'Parallel." + method.Name + "'";
                until = "every iteration ends";
            }
            else if (KnownTypes.Is(type, types.ParallelEnumerable))
            {
                if (!ExecutesQuery(method, types))
                {
                    return;
                }

                what = "PLINQ '" + method.Name + "'";
                until = "the parallel query finishes";
            }
            else
            {
                return;
            }

            if (!IsReportable(invocation, context.ContainingSymbol, types))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (invocation.Syntax is InvocationExpressionSyntax { Expression: not MemberBindingExpressionSyntax } && Offloading.CanMoveIntoLambda(invocation))
            {
                properties = properties.Add(FixProperty, FixTaskRun);
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, LocationOf(invocation.Syntax, KnownTypes.Is(type, types.Parallel)), properties, what, HostContext.CpuThread(host), until, HostContext.OffloadAdvice(host)));
        }

        private static void AnalyzeForEach(OperationAnalysisContext context, KnownTypes types, HostKind host)
        {
            if (context.Operation is not IForEachLoopOperation { IsAsynchronous: false } loop)
            {
                return;
            }

            var collection = loop.Collection.WalkDownConversions();
            if (!KnownTypes.InheritsFrom(collection.Type, types.ParallelQuery) || !IsReportable(loop, context.ContainingSymbol, types))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (collection.Syntax is ExpressionSyntax expression && Offloading.CanMoveIntoLambda(collection) && ToListBinds(collection, expression, types))
            {
                properties = properties.Add(FixProperty, FixTaskRunToList);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                collection.Syntax.GetLocation(),
                properties,
                "'foreach' over the PLINQ query '" + DisplayText.Of(collection.Syntax) + "'",
                HostContext.CpuThread(host),
                "the parallel query finishes",
                HostContext.OffloadAdvice(host)));
        }

        private static bool IsReportable(IOperation operation, ISymbol containingSymbol, KnownTypes types) =>
            AsyncPath.IsOnAsyncPath(operation, containingSymbol)
            && AsyncPath.CanAwaitAt(operation)
            && !Offloading.IsInsideThreadPoolDelegate(operation, types);

        /// <summary>
        /// A <c>ParallelEnumerable</c> operator that runs the query: one that returns neither a <c>ParallelQuery</c>
        /// (<c>Where</c>, <c>Select</c>, <c>WithDegreeOfParallelism</c>, ...) nor a lazy <c>IEnumerable&lt;T&gt;</c>
        /// (<c>AsSequential</c>, <c>AsEnumerable</c>).
        /// </summary>
        private static bool ExecutesQuery(IMethodSymbol method, KnownTypes types)
        {
            var returnType = method.ReturnType;
            return !KnownTypes.InheritsFrom(returnType, types.ParallelQuery)
                && returnType.OriginalDefinition.SpecialType != SpecialType.System_Collections_Generic_IEnumerable_T
                && returnType.SpecialType != SpecialType.System_Collections_IEnumerable
                && method.Name != "AsParallel"
                && method.Name != "GetEnumerator";
        }

        private static bool HasAsyncDelegate(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        if (IsAsyncDelegate(element))
                        {
                            return true;
                        }
                    }
                }
                else if (IsAsyncDelegate(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsAsyncDelegate(IOperation value)
        {
            switch (value.WalkDownConversions())
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.IsAsync: true } }:
                case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.IsAsync: true } }:
                case IAnonymousFunctionOperation { Symbol.IsAsync: true }:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary><c>Parallel.For</c> for a Parallel call; from the operator's name to the end for PLINQ (<c>ToList()</c>).</summary>
        private static Location LocationOf(SyntaxNode syntax, bool isParallelClass)
        {
            if (syntax is InvocationExpressionSyntax invocation)
            {
                if (isParallelClass)
                {
                    return invocation.Expression.GetLocation();
                }

                if (invocation.Expression is MemberAccessExpressionSyntax member)
                {
                    return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(member.Name.SpanStart, syntax.Span.End));
                }

                if (invocation.Expression is MemberBindingExpressionSyntax binding)
                {
                    return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(binding.Name.SpanStart, syntax.Span.End));
                }
            }

            return syntax.GetLocation();
        }

        /// <summary>Whether <c>(collection).ToList()</c> binds to <c>ParallelEnumerable.ToList</c> where the collection is written.</summary>
        private static bool ToListBinds(IOperation collection, ExpressionSyntax expression, KnownTypes types)
        {
            var model = collection.SemanticModel;
            if (model is null)
            {
                return false;
            }

            var probe = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia()),
                    SyntaxFactory.IdentifierName("ToList")));
            var symbol = model.GetSpeculativeSymbolInfo(expression.SpanStart, probe, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
            return KnownTypes.Is(symbol?.ReducedFrom?.ContainingType, types.ParallelEnumerable);
        }
    }
}
