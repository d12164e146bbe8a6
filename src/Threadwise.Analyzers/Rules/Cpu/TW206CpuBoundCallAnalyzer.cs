using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Options;
using Threadwise.Semantics;

namespace Threadwise.Rules.Cpu
{
    /// <summary>
    /// TW206: a call on an async path to a method that the user declared CPU-bound, with an attribute named
    /// <c>CpuBoundAttribute</c> or in the <c>threadwise.cpu_bound_methods</c> list of documentation-comment IDs.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW206CpuBoundCallAnalyzer : DiagnosticAnalyzer
    {
        public const string OptionName = ThreadwiseOptions.CpuBoundMethods;
        public const string AttributeName = "CpuBoundAttribute";

        /// <summary>Present (value "TaskRun") when <c>await Task.Run(() => call)</c> compiles in place of the call.</summary>
        public const string FixProperty = "Fix";
        public const string FixTaskRun = "TaskRun";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.CpuBoundCallOnAsyncPath,
            title: "Do not run CPU-bound methods inline on an async path",
            messageFormat: "'{0}' is CPU-bound ({1}) and holds {2} while it runs; {3}",
            category: RuleCategories.Cpu,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A method declared CPU-bound (an attribute named CpuBoundAttribute, or listed in threadwise.cpu_bound_methods) runs on the thread of the async code that calls it, until it returns. Where that thread is a UI thread, moving the call to the thread pool with 'await Task.Run' keeps the UI responsive; on a server it only moves the work to another pool thread.",
            helpLinkUri: HelpLinks.For(RuleIds.CpuBoundCallOnAsyncPath));

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

                var host = shared.Host;
                var lists = new ConcurrentDictionary<SyntaxTree, MethodList>();
                var pool = shared.PoolOnly;
                start.RegisterOperationAction(c => Analyze(c, types, host, pool, lists), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, HostKind host, PoolOnlyCode pool, ConcurrentDictionary<SyntaxTree, MethodList> lists)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
            if ((method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.LocalFunction) || types.IsAwaitable(method.ReturnType))
            {
                return;
            }

            var tree = invocation.Syntax.SyntaxTree;
            if (!lists.TryGetValue(tree, out var list))
            {
                // The shared matcher (Semantics/MethodList) also reads threadwise.excluded_async_counterparts.
                list = lists.GetOrAdd(tree, MethodList.Create(ThreadwiseOptions.GetList(context.Options, tree, OptionName)));
            }

            var reason = HasCpuBoundAttribute(method) ? "marked [CpuBound]"
                : list.Contains(method) ? "listed in threadwise." + OptionName
                : null;
            if (reason is null
                || !AsyncPath.IsOnAsyncPath(invocation, context.ContainingSymbol)
                || !AsyncPath.CanAwaitAt(invocation)
                || Offloading.IsInsideThreadPoolDelegate(invocation, types)
                || pool.RunsOnlyOnPool(invocation, context.ContainingSymbol))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (CanOffload(invocation))
            {
                properties = properties.Add(FixProperty, FixTaskRun);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                invocation.Syntax.GetLocation(),
                properties,
                DisplayText.Member(invocation.TargetMethod.IsStatic ? null : invocation.Instance?.Type, invocation.TargetMethod),
                reason,
                HostContext.CpuThread(host),
                HostContext.OffloadAdvice(host)));
        }

        private static bool HasCpuBoundAttribute(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == AttributeName)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>await Task.Run(() => call)</c> compiles in place of the call: a plain (not conditional) invocation, not in a
        /// <c>catch</c> filter, that a lambda can hold.
        /// </summary>
        private static bool CanOffload(IInvocationOperation invocation)
        {
            if (invocation.Syntax is not InvocationExpressionSyntax syntax
                || syntax.Expression is MemberBindingExpressionSyntax
                || !Offloading.CanMoveIntoLambda(invocation))
            {
                return false;
            }

            for (var node = syntax.Parent; node != null; node = node.Parent)
            {
                switch (node.Kind())
                {
                    case SyntaxKind.CatchFilterClause:
                    case SyntaxKind.RefExpression:
                        return false;
                    case SyntaxKind.ParenthesizedLambdaExpression:
                    case SyntaxKind.SimpleLambdaExpression:
                    case SyntaxKind.AnonymousMethodExpression:
                    case SyntaxKind.LocalFunctionStatement:
                    case SyntaxKind.MethodDeclaration:
                        return true;
                }
            }

            return true;
        }
    }
}
