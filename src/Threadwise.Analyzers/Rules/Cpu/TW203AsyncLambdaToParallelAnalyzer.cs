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
    /// TW203: an <c>async</c> lambda or <c>async</c> method passed to <c>Parallel.For</c>, <c>Parallel.ForEach</c> or
    /// <c>Parallel.Invoke</c>. Their delegates return void, so the lambda is <c>async void</c>: the loop ends at each
    /// body's first await, and an exception after it crashes the process.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW203AsyncLambdaToParallelAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The rewrite the code fix applies; absent when none is offered.</summary>
        public const string FixProperty = "Fix";

        /// <summary><c>Parallel.ForEach(s, [o,] async x => ..)</c> → <c>await Parallel.ForEachAsync(s, [o,] async (x, ct) => ..)</c>.</summary>
        public const string FixForEachAsync = "ForEachAsync";

        /// <summary><c>Parallel.For(a, b, [o,] async i => ..)</c> → <c>await Parallel.ForAsync(a, b, [o,] async (i, ct) => ..)</c>.</summary>
        public const string FixForAsync = "ForAsync";

        /// <summary><c>Parallel.For(a, b, [o,] async i => ..)</c> → <c>await Parallel.ForEachAsync(Enumerable.Range(a, b - a), [o,] async (i, ct) => ..)</c>.</summary>
        public const string FixForEachAsyncOverRange = "ForEachAsyncOverRange";

        /// <summary><c>Parallel.ForEach(s, async x => ..)</c> → <c>await Task.WhenAll(s.Select(async x => ..))</c>.</summary>
        public const string FixWhenAllSelect = "WhenAllSelect";

        /// <summary><c>Parallel.Invoke(a, b)</c> → <c>await Task.WhenAll(Task.Run(a), Task.Run(b))</c>.</summary>
        public const string FixWhenAllTaskRun = "WhenAllTaskRun";

        /// <summary>The name of the <c>CancellationToken</c> parameter the fix adds to the lambda (free at that point).</summary>
        public const string TokenNameProperty = "TokenName";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.AsyncLambdaToParallel,
            title: "Do not pass async lambdas to Parallel.For, ForEach or Invoke",
            messageFormat: "{0} passed to 'Parallel.{1}' runs as 'async void': 'Parallel.{1}' returns before its work ends, and an exception in it crashes the process",
            category: RuleCategories.Cpu,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Parallel.For, Parallel.ForEach and Parallel.Invoke take void-returning delegates, so an async lambda passed to them is async void. Each iteration counts as finished at its first await: the loop returns while the work is still running, nothing awaits it, and an exception thrown after the first await is rethrown on the thread pool, which ends the process. Use Parallel.ForEachAsync or Parallel.ForAsync, or Task.WhenAll.",
            helpLinkUri: HelpLinks.For(RuleIds.AsyncLambdaToParallel));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                if (types.Task is null || types.Parallel is null)
                {
                    return;
                }

                var hasForEachAsync = !types.Parallel.GetMembers("ForEachAsync").IsEmpty;
                var hasForAsync = !types.Parallel.GetMembers("ForAsync").IsEmpty;
                start.RegisterOperationAction(c => Analyze(c, types, hasForEachAsync, hasForAsync), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, bool hasForEachAsync, bool hasForAsync)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (!KnownTypes.Is(method.ContainingType, types.Parallel)
                || (method.Name != "For" && method.Name != "ForEach" && method.Name != "Invoke"))
            {
                return;
            }

            ImmutableDictionary<string, string?>? properties = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value is IArrayCreationOperation { Initializer: { } initializer } && argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        Report(context, element, invocation, types, hasForEachAsync, hasForAsync, ref properties);
                    }
                }
                else
                {
                    Report(context, argument.Value, invocation, types, hasForEachAsync, hasForAsync, ref properties);
                }
            }
        }

        private static void Report(
            OperationAnalysisContext context,
            IOperation value,
            IInvocationOperation invocation,
            KnownTypes types,
            bool hasForEachAsync,
            bool hasForAsync,
            ref ImmutableDictionary<string, string?>? properties)
        {
            string what;
            Location location;
            switch (value.WalkDownConversions())
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.IsAsync: true } lambda }:
                    what = "The async lambda";
                    location = HeaderOf(lambda.Syntax);
                    break;
                case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.IsAsync: true } reference }:
                    what = "The async method '" + reference.Method.Name + "'";
                    location = reference.Syntax.GetLocation();
                    break;
                default:
                    return;
            }

            properties ??= FixFor(invocation, context.ContainingSymbol, types, hasForEachAsync, hasForAsync);
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, what, invocation.TargetMethod.Name));
        }

        private static ImmutableDictionary<string, string?> FixFor(IInvocationOperation invocation, ISymbol containingSymbol, KnownTypes types, bool hasForEachAsync, bool hasForAsync)
        {
            var none = ImmutableDictionary<string, string?>.Empty;
            if (invocation.Parent is not IExpressionStatementOperation
                || invocation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax }
                || !AsyncPath.IsOnAsyncPath(invocation, containingSymbol)
                || !AsyncPath.CanAwaitAt(invocation))
            {
                return none;
            }

            var method = invocation.TargetMethod;
            var parameters = method.Parameters;
            if (method.Name == "Invoke")
            {
                return parameters.Length == 1 && AllInvokeActionsAreLambdas(invocation) ? none.Add(FixProperty, FixWhenAllTaskRun) : none;
            }

            // Only the overloads whose body is Action<T> (no ParallelLoopState, no index, no thread-local state).
            var hasOptions = parameters.Length >= 2 && KnownTypes.Is(parameters[parameters.Length - 2].Type, types.ParallelOptions);
            var expectedLength = (method.Name == "For" ? 3 : 2) + (hasOptions ? 1 : 0);
            if (parameters.Length != expectedLength
                || invocation.Arguments.Length != expectedLength
                || LambdaOf(invocation.Arguments[expectedLength - 1].Value) is not { Symbol.Parameters.Length: 1 } body
                || (method.Name == "For" && parameters[0].Type.SpecialType != SpecialType.System_Int32)
                || (method.Name == "ForEach" && parameters[0].Type.OriginalDefinition.SpecialType != SpecialType.System_Collections_Generic_IEnumerable_T))
            {
                return none;
            }

            string? fix;
            if (method.Name == "For")
            {
                fix = hasForAsync ? FixForAsync : hasForEachAsync ? FixForEachAsyncOverRange : null;
            }
            else
            {
                fix = hasForEachAsync ? FixForEachAsync : !hasOptions ? FixWhenAllSelect : null;
            }

            if (fix is null || (fix == FixWhenAllSelect && !SelectBinds(invocation.Arguments[0].Value, types)))
            {
                return none;
            }

            var result = none.Add(FixProperty, fix);
            return fix == FixWhenAllSelect ? result : result.Add(TokenNameProperty, FreeTokenName(body));
        }

        private static IAnonymousFunctionOperation? LambdaOf(IOperation value) =>
            value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } ? lambda : null;

        private static bool AllInvokeActionsAreLambdas(IInvocationOperation invocation)
        {
            if (invocation.Arguments.Length != 1
                || invocation.Arguments[0].Value is not IArrayCreationOperation { Initializer: { } initializer }
                || invocation.Arguments[0].ArgumentKind != ArgumentKind.ParamArray)
            {
                return false;
            }

            foreach (var element in initializer.ElementValues)
            {
                if (LambdaOf(element) is null)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A name for the added token parameter that no symbol in scope of the lambda body already has.</summary>
        private static string FreeTokenName(IAnonymousFunctionOperation lambda)
        {
            var model = lambda.SemanticModel;
            var position = lambda.Body.Syntax.SpanStart;
            foreach (var candidate in new[] { "cancellationToken", "ct", "token", "loopCancellationToken" })
            {
                if (model is null || model.LookupSymbols(position, name: candidate).IsEmpty)
                {
                    return candidate;
                }
            }

            return "loopCancellationToken" + lambda.Syntax.SpanStart;
        }

        /// <summary>Whether <c>source.Select(..)</c> binds to <c>Enumerable.Select</c> where the source is written.</summary>
        private static bool SelectBinds(IOperation source, KnownTypes types)
        {
            source = source.WalkDownConversions();
            if (source.SemanticModel is not { } model || source.Syntax is not ExpressionSyntax expression || types.Enumerable is null)
            {
                return false;
            }

            var probe = SyntaxFactory.ParseExpression("(" + expression.WithoutTrivia().ToFullString() + ").Select(_ => 0)");
            var symbol = model.GetSpeculativeSymbolInfo(expression.SpanStart, probe, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
            return KnownTypes.Is(symbol?.ReducedFrom?.ContainingType, types.Enumerable);
        }

        /// <summary><c>async x =></c>, <c>async (x, y) =></c>, <c>async delegate (x)</c>: the lambda up to its arrow or parameters.</summary>
        private static Location HeaderOf(SyntaxNode lambda)
        {
            var end = lambda switch
            {
                SimpleLambdaExpressionSyntax simple => simple.ArrowToken.Span.End,
                ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ArrowToken.Span.End,
                AnonymousMethodExpressionSyntax anonymous => anonymous.ParameterList?.Span.End ?? anonymous.DelegateKeyword.Span.End,
                _ => lambda.Span.End,
            };

            return end > lambda.SpanStart && end <= lambda.Span.End
                ? Location.Create(lambda.SyntaxTree, TextSpan.FromBounds(lambda.SpanStart, end))
                : lambda.GetLocation();
        }
    }
}
