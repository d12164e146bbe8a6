using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW503: a non-async method, local function or lambda whose return type is <c>Task</c> or <c>Task&lt;T&gt;</c> returns
    /// null (<c>null</c>, <c>default</c>, <c>null!</c>, <c>(Task)null</c>, or such an arm of <c>?:</c>, a switch expression
    /// or <c>??</c>). The caller's <c>await</c> throws NullReferenceException. Not reported where the contract allows null
    /// (<c>Task?</c>, or overriding/implementing a member returning <c>Task?</c>, or a documentation comment that says the
    /// method returns null), in async functions (there null is the
    /// result, not the task), in lambdas converted to expression trees, or for <c>ValueTask</c> (a struct: its default is a
    /// completed task).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW503NullTaskReturnAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The completed task the fix writes: absent where no replacement keeps the code compiling.</summary>
        public const string FixProperty = "Fix";
        public const string FixCompletedTask = "CompletedTask";
        public const string FixFromResultNull = "FromResultNull";
        public const string FixFromResultDefault = "FromResultDefault";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.NullTaskReturn,
            title: "Do not return null from a method that returns a Task",
            messageFormat: "{0} returns null as its '{1}': awaiting it throws NullReferenceException; return {2}",
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A method that is not async and returns Task or Task<T> hands its caller the task itself. When that task is null, the caller's await throws NullReferenceException, far from the return that caused it. Return a completed task instead: Task.CompletedTask, or Task.FromResult for Task<T>. Where null is part of the contract, say so with Task? and the compiler makes callers check.",
            helpLinkUri: HelpLinks.For(RuleIds.NullTaskReturn));

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

                var hasCompletedTask = !types.Task.GetMembers("CompletedTask").IsEmpty;
                start.RegisterOperationAction(c => Analyze(c, types, hasCompletedTask), OperationKind.Return);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, bool hasCompletedTask)
        {
            var @return = (IReturnOperation)context.Operation;
            if (@return.Kind != OperationKind.Return || !MayBeNull(@return.Syntax) || @return.ReturnedValue is not { } value)
            {
                return;
            }

            // Cheap first: almost no return statement returns null.
            List<IOperation>? nulls = null;
            CollectNulls(value, ref nulls);
            if (nulls is null || ReturningFunction(@return, context.ContainingSymbol) is not { } function)
            {
                return;
            }

            var returnType = function.Method.ReturnType as INamedTypeSymbol;
            var isTask = KnownTypes.Is(returnType, types.Task);
            if (returnType is null
                || !isTask && !KnownTypes.Is(returnType.OriginalDefinition, types.TaskOfT)
                || function.Method.IsAsync
                || NullableReturns.MayReturnNull(function.Method)
                || NullableReturns.DocumentsNullReturn(function.Method))
            {
                return;
            }

            var fix = FixFor(returnType, isTask, hasCompletedTask);
            var suggestion = isTask ? "Task.CompletedTask" : "a completed task from Task.FromResult";
            foreach (var found in nulls)
            {
                var properties = fix != null && KnownTypes.Is(ArmType(found), returnType)
                    ? ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix)
                    : ImmutableDictionary<string, string?>.Empty;
                context.ReportUnlessPeerSuppressed(Diagnostic.Create(
                    Rule,
                    ReplacedSyntax(found).GetLocation(),
                    properties,
                    function.Description,
                    returnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    suggestion));
            }
        }

        /// <summary>
        /// Whether the returned expression, as written, can be a null: a null or default literal, or an expression that
        /// passes one of its operands through (cast, <c>as</c>, parentheses, <c>!</c>, <c>?:</c>, switch, <c>??</c>). Decided on the
        /// syntax so that the common returns (calls, names, awaits) cost no operation tree.
        /// </summary>
        private static bool MayBeNull(SyntaxNode returned)
        {
            var expression = returned is ReturnStatementSyntax statement ? statement.Expression : returned as ExpressionSyntax;
            switch (expression?.Kind())
            {
                case SyntaxKind.NullLiteralExpression:
                case SyntaxKind.DefaultLiteralExpression:
                case SyntaxKind.DefaultExpression:
                case SyntaxKind.CastExpression:
                case SyntaxKind.AsExpression:
                case SyntaxKind.ParenthesizedExpression:
                case SyntaxKind.SuppressNullableWarningExpression:
                case SyntaxKind.ConditionalExpression:
                case SyntaxKind.SwitchExpression:
                case SyntaxKind.CoalesceExpression:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The null values among the value's possible results: the value itself, or arms of <c>?:</c>, switch expressions
        /// and the right side of <c>??</c>. User-defined conversions are not looked through: their operator decides.
        /// </summary>
        private static void CollectNulls(IOperation value, ref List<IOperation>? nulls)
        {
            switch (value)
            {
                case IConversionOperation { OperatorMethod: null } conversion:
                    CollectNulls(conversion.Operand, ref nulls);
                    return;
                case IParenthesizedOperation parenthesized:
                    CollectNulls(parenthesized.Operand, ref nulls);
                    return;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    CollectNulls(conditional.WhenTrue, ref nulls);
                    CollectNulls(whenFalse, ref nulls);
                    return;
                case ISwitchExpressionOperation switchExpression:
                    foreach (var arm in switchExpression.Arms)
                    {
                        CollectNulls(arm.Value, ref nulls);
                    }

                    return;
                case ICoalesceOperation coalesce:
                    CollectNulls(coalesce.WhenNull, ref nulls);
                    return;
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                case IDefaultValueOperation { Type.IsReferenceType: true }:
                    (nulls ??= new List<IOperation>()).Add(value);
                    return;
            }
        }

        /// <summary>The type the null has where it meets the rest of the expression: past its own conversions and parentheses.</summary>
        private static ITypeSymbol? ArmType(IOperation found)
        {
            var current = found;
            while (current.Parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            return current.Type;
        }

        /// <summary>The text to report and replace: the null with the <c>!</c>, casts and parentheses written around it.</summary>
        internal static SyntaxNode ReplacedSyntax(IOperation found)
        {
            var syntax = found.Syntax;
            while (syntax.Parent is ParenthesizedExpressionSyntax
                || syntax.Parent is CastExpressionSyntax
                || syntax.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AsExpression } asExpression && asExpression.Left == syntax
                || syntax.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
            {
                syntax = syntax.Parent;
            }

            return syntax;
        }

        /// <summary>The method, local function or lambda the return leaves, with how a message names it; null for expression trees.</summary>
        private static (IMethodSymbol Method, string Description)? ReturningFunction(IReturnOperation @return, ISymbol containingSymbol)
        {
            switch (AsyncPath.EnclosingFunction(@return))
            {
                case IAnonymousFunctionOperation lambda:
                    // A lambda converted to Expression<...> is data: nothing awaits what it "returns".
                    return lambda.Parent is IDelegateCreationOperation ? (lambda.Symbol, "The lambda") : null;
                case ILocalFunctionOperation localFunction:
                    return (localFunction.Symbol, "Local function '" + localFunction.Symbol.Name + "'");
                default:
                    return containingSymbol is IMethodSymbol method ? (method, Describe(method)) : null;
            }
        }

        private static string Describe(IMethodSymbol method) => method.AssociatedSymbol is IPropertySymbol property
            ? "'" + property.Name + "'"
            : "'" + method.Name + "'";

        private static string? FixFor(INamedTypeSymbol returnType, bool isTask, bool hasCompletedTask)
        {
            if (isTask)
            {
                return hasCompletedTask ? FixCompletedTask : null;
            }

            var result = returnType.TypeArguments[0];
            if (!CanBeWritten(result))
            {
                return null;
            }

            return result.IsReferenceType || result.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
                ? FixFromResultNull
                : FixFromResultDefault;
        }

        /// <summary>Whether the fix can spell the type: no error or anonymous type anywhere in it.</summary>
        private static bool CanBeWritten(ITypeSymbol type)
        {
            switch (type)
            {
                case { TypeKind: TypeKind.Error } or { IsAnonymousType: true }:
                    return false;
                case IArrayTypeSymbol array:
                    return CanBeWritten(array.ElementType);
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments)
                    {
                        if (!CanBeWritten(argument))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
    }
}
