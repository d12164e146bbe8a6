using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Cpu
{
    /// <summary>
    /// TW204: <c>await Task.Run(() => http.GetStringAsync(u))</c> or <c>await Task.Run(async () => await ReadAsync())</c>
    /// on an async path: the lambda does nothing but start asynchronous I/O, so the thread-pool hop buys nothing.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW204NeedlessTaskRunAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.NeedlessTaskRun,
            title: "Do not wrap asynchronous calls in Task.Run",
            messageFormat: "'Task.Run' only wraps the asynchronous call '{0}'; await it directly",
            category: RuleCategories.Cpu,
            defaultSeverity: DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "Task.Run moves work to a thread-pool thread. When the lambda does nothing but start an asynchronous call, that thread only starts the I/O and is given back: the hop costs a thread-pool work item and a context switch and frees nothing. Await the call directly.",
            helpLinkUri: HelpLinks.For(RuleIds.NeedlessTaskRun));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                if (types.Task is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.Arguments.Length != 1
                || !Offloading.IsTaskRun(invocation.TargetMethod, types)
                || invocation.Syntax is not InvocationExpressionSyntax syntax
                || invocation.Arguments[0].Value.WalkDownConversions() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
            {
                return;
            }

            var awaitedWithConfigureAwait = false;
            if (!IsAwaitedDirectly(invocation, types, ref awaitedWithConfigureAwait)
                || !AsyncPath.IsOnAsyncPath(invocation, context.ContainingSymbol)
                || WrappedCall(lambda, types) is not { } call
                || (awaitedWithConfigureAwait && !types.IsTaskLike(call.Type))
                || (!lambda.Symbol.IsAsync && !KnownTypes.Is(call.Type, invocation.Type))
                || !IsCheap(call.Instance)
                || !ArgumentsAreCheap(call)
                || !IsAsynchronousCall(call.TargetMethod, context.CancellationToken))
            {
                return;
            }

            var receiverType = call.TargetMethod.IsStatic ? null : call.Instance?.Type;
            context.ReportDiagnostic(Diagnostic.Create(Rule, syntax.Expression.GetLocation(), DisplayText.Member(receiverType, call.TargetMethod)));
        }

        /// <summary><c>await Task.Run(..)</c> or <c>await Task.Run(..).ConfigureAwait(x)</c>; not stored, discarded, returned or blocked on.</summary>
        private static bool IsAwaitedDirectly(IInvocationOperation taskRun, KnownTypes types, ref bool withConfigureAwait)
        {
            var parent = taskRun.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait
                && configureAwait.Instance?.WalkDownConversions() == taskRun
                && types.IsConfiguredAwaitable(configureAwait.Type))
            {
                withConfigureAwait = true;
                parent = configureAwait.Parent;
            }

            return parent is IAwaitOperation;
        }

        /// <summary>
        /// The one call the lambda consists of: <c>() => X(..)</c>, <c>() => { return X(..); }</c>,
        /// <c>async () => await X(..)</c>, <c>async () => { await X(..); }</c>, <c>async () => { return await X(..); }</c>,
        /// with an optional <c>.ConfigureAwait(..)</c> on the awaited call. Null for anything else.
        /// </summary>
        private static IInvocationOperation? WrappedCall(IAnonymousFunctionOperation lambda, KnownTypes types)
        {
            IOperation? single = null;
            foreach (var statement in lambda.Body.Operations)
            {
                if (statement is IReturnOperation { ReturnedValue: null, IsImplicit: true })
                {
                    continue;
                }

                if (single != null)
                {
                    return null;
                }

                single = statement;
            }

            var value = single switch
            {
                IReturnOperation { ReturnedValue: { } returned } => returned,
                IExpressionStatementOperation statement when lambda.Symbol.IsAsync => statement.Operation,
                _ => null,
            };

            if (lambda.Symbol.IsAsync)
            {
                if (value is not IAwaitOperation { Operation: var awaited })
                {
                    return null;
                }

                if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } inner } configure
                    && types.IsConfiguredAwaitable(configure.Type))
                {
                    awaited = inner;
                }

                return awaited as IInvocationOperation;
            }

            // Non-async: the returned task is the call's own, without a conversion that would change what is awaited.
            return value is IInvocationOperation call && types.IsTaskLike(call.Type) ? call : null;
        }

        private static bool ArgumentsAreCheap(IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        if (!IsCheap(element))
                        {
                            return false;
                        }
                    }
                }
                else if (!IsCheap(argument.Value))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A value whose evaluation does no work worth a thread: constants, locals, parameters, <c>this</c>, fields and
        /// parameterless property reads of such values, <c>nameof</c>/<c>typeof</c>/<c>default</c>, built-in operators and
        /// interpolated strings over them. Any call, object creation, lambda or indexer is work.
        /// </summary>
        private static bool IsCheap(IOperation? operation)
        {
            switch (operation)
            {
                case null:
                    return true;
                case IConversionOperation conversion:
                    return conversion.OperatorMethod is null && IsCheap(conversion.Operand);
                case IParenthesizedOperation parenthesized:
                    return IsCheap(parenthesized.Operand);
                case ILiteralOperation:
                case IDefaultValueOperation:
                case ILocalReferenceOperation:
                case IParameterReferenceOperation:
                case IInstanceReferenceOperation:
                case INameOfOperation:
                case ITypeOfOperation:
                    return true;
                case IFieldReferenceOperation field:
                    return IsCheap(field.Instance);
                case IPropertyReferenceOperation property:
                    return property.Arguments.IsEmpty && IsCheap(property.Instance);
                case IBinaryOperation binary:
                    return binary.OperatorMethod is null && IsCheap(binary.LeftOperand) && IsCheap(binary.RightOperand);
                case IUnaryOperation unary:
                    return unary.OperatorMethod is null && IsCheap(unary.Operand);
                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation interpolation
                            && (!IsCheap(interpolation.Expression) || !IsCheap(interpolation.Alignment) || !IsCheap(interpolation.FormatString)))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Whether the called method is taken to start asynchronous work without doing synchronous work first. A method
        /// from a referenced assembly is (its contract is asynchronous; <c>HttpClient.GetStringAsync</c>). A method declared
        /// in source is judged by its body: it returns a call's task directly (<c>=> _inner.GetAsync(id)</c>,
        /// <c>{ return _inner.GetAsync(id); }</c>), or it is <c>async</c> and its first statement awaits a call
        /// (<c>var text = await reader.ReadToEndAsync();</c>), in both cases with only names, constants, member reads,
        /// operators and interpolated strings over them as arguments. Abstract and interface methods of the source are
        /// contracts, taken at their word like a library's; partial methods without a body are not judged.
        /// </summary>
        private static bool IsAsynchronousCall(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.IsEmpty)
            {
                return definition.Locations.IsEmpty || !definition.Locations[0].IsInSource;
            }

            // An interface or abstract method is a contract, like a library's: taken at its word.
            if (definition.IsAbstract || definition.IsExtern)
            {
                return true;
            }

            if (definition.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var declaration = definition.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            var (isAsync, body, expressionBody) = declaration switch
            {
                MethodDeclarationSyntax m => (m.Modifiers.Any(SyntaxKind.AsyncKeyword), m.Body, m.ExpressionBody?.Expression),
                LocalFunctionStatementSyntax f => (f.Modifiers.Any(SyntaxKind.AsyncKeyword), f.Body, f.ExpressionBody?.Expression),
                _ => (false, null, null),
            };

            ExpressionSyntax? first = expressionBody;
            if (first is null && body is { Statements.Count: > 0 })
            {
                first = body.Statements[0] switch
                {
                    ReturnStatementSyntax r => r.Expression,
                    ExpressionStatementSyntax e => e.Expression,
                    LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } d => d.Declaration.Variables[0].Initializer?.Value,
                    _ => null,
                };

                if (!isAsync && body.Statements.Count != 1)
                {
                    return false;
                }
            }

            if (first is AssignmentExpressionSyntax assignment && isAsync)
            {
                first = assignment.Right;
            }

            if (isAsync)
            {
                if (first is not AwaitExpressionSyntax awaitExpression)
                {
                    return false;
                }

                first = awaitExpression.Expression;
                if (first is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
                {
                    first = configure.Expression;
                }
            }

            return first is InvocationExpressionSyntax call && IsSimpleSyntax(call.Expression) && ArgumentsAreSimpleSyntax(call.ArgumentList);
        }

        private static bool ArgumentsAreSimpleSyntax(ArgumentListSyntax arguments)
        {
            foreach (var argument in arguments.Arguments)
            {
                if (!IsSimpleSyntax(argument.Expression))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsSimpleSyntax(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax or GenericNameSyntax or LiteralExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax or PredefinedTypeSyntax => true,
            MemberAccessExpressionSyntax member => IsSimpleSyntax(member.Expression),
            ParenthesizedExpressionSyntax parenthesized => IsSimpleSyntax(parenthesized.Expression),
            BinaryExpressionSyntax binary => IsSimpleSyntax(binary.Left) && IsSimpleSyntax(binary.Right),
            InterpolatedStringExpressionSyntax interpolated => InterpolationsAreSimple(interpolated),
            _ => false,
        };

        private static bool InterpolationsAreSimple(InterpolatedStringExpressionSyntax interpolated)
        {
            foreach (var content in interpolated.Contents)
            {
                if (content is InterpolationSyntax interpolation && !IsSimpleSyntax(interpolation.Expression))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
