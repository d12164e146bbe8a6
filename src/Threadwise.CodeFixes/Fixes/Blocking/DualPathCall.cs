using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Threadwise.Semantics;

namespace Threadwise.Fixes.Blocking
{
    /// <summary>
    /// TW102's fix inside a method that takes a sync-mode parameter (<see cref="SyncModeParameter"/>): the synchronous
    /// mode must stay synchronous, so the call becomes both arms — <c>if (async) await s.ReadAsync(b); else s.Read(b);</c>
    /// for a statement, <c>(async ? await s.ReadAsync(b) : s.Read(b))</c> for a value. Where neither can be written (a
    /// lambda or local function, a <c>using</c> resource, a void call used as a value, results of different types, a
    /// conditional access), there is no plan and no fix.
    /// </summary>
    internal sealed class DualPathCall
    {
        private readonly ExpressionSyntax _condition;

        private DualPathCall(ExpressionSyntax condition, bool asStatement, string conditionText)
        {
            _condition = condition;
            AsStatement = asStatement;
            ConditionText = conditionText;
        }

        /// <summary>Writes <c>if (..) ..; else ..;</c> in place of the call's expression statement.</summary>
        public bool AsStatement { get; }

        /// <summary>The condition as written, for the title.</summary>
        public string ConditionText { get; }

        /// <summary>
        /// Whether the call is in a method with a sync-mode parameter, and if so the plan (null when the dual form cannot
        /// be written there). <paramref name="asyncCall"/> is the counterpart call built from the original call.
        /// </summary>
        public static bool InDualPathMethod(InvocationExpressionSyntax call, ExpressionSyntax asyncCall, SemanticModel model, out DualPathCall? plan)
        {
            plan = null;
            var member = call.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (member is not BaseMethodDeclarationSyntax declaration
                || model.GetDeclaredSymbol(declaration) is not IMethodSymbol method
                || DualPath.ModeParameter(method, out var asynchronous) is not { } parameter)
            {
                return false;
            }

            // Only in the method's own body: a lambda or local function may run in another mode, or later.
            for (var node = call.Parent; node != null && node != declaration; node = node.Parent)
            {
                switch (node)
                {
                    case var function when AsyncPath.IsFunction(function):
                    case UsingStatementSyntax @using when !IsBodyOf(@using, call):
                    case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 }:
                    case ConditionalAccessExpressionSyntax:
                        return true;
                }
            }

            if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol sync
                || model.GetSpeculativeSymbolInfo(call.SpanStart, asyncCall, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol counterpart
                || !SameResult(sync.ReturnType, counterpart.ReturnType))
            {
                return true;
            }

            var asStatement = call.Parent is ExpressionStatementSyntax;
            if (!asStatement && sync.ReturnsVoid)
            {
                return true;
            }

            var name = SyntaxFactory.IdentifierName(Escape(parameter.Name));
            ExpressionSyntax condition = name;
            if (asynchronous != null)
            {
                var enumType = SyntaxFactory.ParseTypeName(asynchronous.ContainingType.ToMinimalDisplayString(model, call.SpanStart));
                condition = SyntaxFactory.BinaryExpression(
                    SyntaxKind.EqualsExpression,
                    name,
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, enumType, SyntaxFactory.IdentifierName(asynchronous.Name)));
            }

            plan = new DualPathCall(condition, asStatement, condition.NormalizeWhitespace().ToString());
            return true;
        }

        /// <summary>The dual form of <paramref name="current"/> (the call, already edited inside) with its awaited counterpart.</summary>
        public SyntaxNode Expression(SyntaxNode current, ExpressionSyntax awaitedCounterpart) =>
            SyntaxFactory.ParenthesizedExpression(
                    SyntaxFactory.ConditionalExpression(_condition, awaitedCounterpart.WithoutTrivia(), ((ExpressionSyntax)current).WithoutTrivia()))
                .WithAdditionalAnnotations(Simplifier.Annotation)
                .WithTriviaFrom(current);

        /// <summary>The dual form of the call's expression statement; a block where the statement is embedded.</summary>
        public SyntaxNode Statement(ExpressionStatementSyntax current, ExpressionSyntax awaitedCounterpart)
        {
            var @if = SyntaxFactory.IfStatement(
                    _condition,
                    SyntaxFactory.ExpressionStatement(awaitedCounterpart.WithoutTrivia()),
                    SyntaxFactory.ElseClause(current.WithoutTrivia()))
                .WithTriviaFrom(current);
            return current.Parent is BlockSyntax or SwitchSectionSyntax
                ? @if
                : SyntaxFactory.Block(@if.WithoutTrivia()).WithTriviaFrom(current);
        }

        private static bool IsBodyOf(SyntaxNode usingStatement, SyntaxNode node) =>
            usingStatement is UsingStatementSyntax { Statement: { } body } && body.Span.Contains(node.Span);

        // Task<T>/ValueTask<T> of the sync method's type, or Task/ValueTask for a void one.
        private static bool SameResult(ITypeSymbol syncReturn, ITypeSymbol asyncReturn)
        {
            if (asyncReturn is not INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks" } } awaitable)
            {
                return false;
            }

            return awaitable.TypeArguments.Length == 0
                ? syncReturn.SpecialType == SpecialType.System_Void
                : SymbolEqualityComparer.Default.Equals(awaitable.TypeArguments[0], syncReturn);
        }

        private static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
