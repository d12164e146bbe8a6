using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A call whose constant arguments skip every <c>await</c> of its async callee, which is then complete when it returns:
    /// SharpZipLib's <c>Deflate() => DeflateSyncOrAsync(false, null).GetAwaiter().GetResult()</c>, where every await of
    /// <c>DeflateSyncOrAsync(bool flushing, CancellationToken? ct)</c> sits under <c>if (ct.HasValue)</c> and the other arm
    /// writes synchronously. The shared sync/async implementation of <see cref="SyncMode"/>, told by what the callee's body
    /// tests instead of by a name: a <c>null</c> for a parameter an await needs non-null (<c>p.HasValue</c>, <c>p != null</c>,
    /// <c>p is not null</c>), or <c>false</c> for a <c>bool</c> an await needs true. Read from syntax; only a callee whose
    /// body is known (not virtual) and that never assigns the parameter.
    /// </summary>
    internal static class SkippedAwaits
    {
        public static bool SkipsEveryAwait(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!method.IsAsync || !SourceBodies.RunsAsDeclared(method)
                || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax { Body: { } body }
                || OffArguments(invocation) is not { } off)
            {
                return false;
            }

            var awaits = 0;
            foreach (var node in body.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
            {
                if (AsyncPath.IsAwait(node))
                {
                    if (!IsSkipped(node, body, off))
                    {
                        return false;
                    }

                    awaits++;
                }
                else if (WritesOneOf(node, off))
                {
                    return false;
                }
            }

            return awaits > 0;
        }

        // The names of the parameters the call passes as null or false (literals, or defaults left out); null when none.
        private static HashSet<string>? OffArguments(IInvocationOperation invocation)
        {
            HashSet<string>? off = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { RefKind: RefKind.None } parameter && IsOff(argument, parameter))
                {
                    (off ??= new HashSet<string>()).Add(parameter.Name);
                }
            }

            return off;
        }

        private static bool IsOff(IArgumentOperation argument, IParameterSymbol parameter)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return parameter.HasExplicitDefaultValue && (parameter.ExplicitDefaultValue is null && CanBeNull(parameter.Type) || parameter.ExplicitDefaultValue is false);
            }

            var value = argument.Value.WalkDownConversions();
            return value.ConstantValue is { HasValue: true, Value: false }
                || value.ConstantValue is { HasValue: true, Value: null } && CanBeNull(parameter.Type)
                || value is IDefaultValueOperation && parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
        }

        private static bool CanBeNull(ITypeSymbol type) =>
            type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

        // Inside an if arm (or ?: branch) that runs only when one of the parameters is non-null or true.
        private static bool IsSkipped(SyntaxNode node, SyntaxNode body, HashSet<string> off)
        {
            var child = node;
            for (var parent = node.Parent; parent != null && child != body; child = parent, parent = parent.Parent)
            {
                var (condition, whenTrue) = parent switch
                {
                    IfStatementSyntax @if when child == @if.Statement => (@if.Condition, true),
                    ElseClauseSyntax { Parent: IfStatementSyntax @if } => (@if.Condition, false),
                    ConditionalExpressionSyntax conditional when child == conditional.WhenTrue => (conditional.Condition, true),
                    ConditionalExpressionSyntax conditional when child == conditional.WhenFalse => (conditional.Condition, false),
                    _ => (null, false),
                };
                if (condition != null && Requires(condition, whenTrue, off))
                {
                    return true;
                }
            }

            return false;
        }

        // Whether the condition being whenTrue needs one of the parameters non-null (or true): p.HasValue, p != null,
        // p is not null, p; when false: !p.HasValue, p == null, p is null, !p. Either side of && (when true) counts.
        private static bool Requires(ExpressionSyntax condition, bool whenTrue, HashSet<string> off)
        {
            switch (condition)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Requires(parenthesized.Expression, whenTrue, off);
                case PrefixUnaryExpressionSyntax negation when negation.IsKind(SyntaxKind.LogicalNotExpression):
                    return Requires(negation.Operand, !whenTrue, off);
                case BinaryExpressionSyntax both when both.IsKind(SyntaxKind.LogicalAndExpression) && whenTrue:
                    return Requires(both.Left, true, off) || Requires(both.Right, true, off);
                case BinaryExpressionSyntax either when either.IsKind(SyntaxKind.LogicalOrExpression) && !whenTrue:
                    return Requires(either.Left, false, off) || Requires(either.Right, false, off);
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "HasValue", Expression: IdentifierNameSyntax name }:
                    return whenTrue && off.Contains(name.Identifier.ValueText);
                case IdentifierNameSyntax name:
                    return whenTrue && off.Contains(name.Identifier.ValueText);
                case BinaryExpressionSyntax comparison when comparison.IsKind(SyntaxKind.NotEqualsExpression) || comparison.IsKind(SyntaxKind.EqualsExpression):
                    return whenTrue == comparison.IsKind(SyntaxKind.NotEqualsExpression) && ComparesWithNull(comparison.Left, comparison.Right, off);
                case IsPatternExpressionSyntax { Expression: IdentifierNameSyntax name, Pattern: var pattern }:
                    return off.Contains(name.Identifier.ValueText) && pattern switch
                    {
                        UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax nullLiteral } } => whenTrue && nullLiteral.IsKind(SyntaxKind.NullLiteralExpression),
                        ConstantPatternSyntax { Expression: LiteralExpressionSyntax nullLiteral } => !whenTrue && nullLiteral.IsKind(SyntaxKind.NullLiteralExpression),
                        _ => false,
                    };
                default:
                    return false;
            }
        }

        private static bool ComparesWithNull(ExpressionSyntax left, ExpressionSyntax right, HashSet<string> off) =>
            left is IdentifierNameSyntax l && right.IsKind(SyntaxKind.NullLiteralExpression) && off.Contains(l.Identifier.ValueText)
            || right is IdentifierNameSyntax r && left.IsKind(SyntaxKind.NullLiteralExpression) && off.Contains(r.Identifier.ValueText);

        // p = .., p ??= .., ref p, out p: the parameter's value at a test is then not the caller's.
        private static bool WritesOneOf(SyntaxNode node, HashSet<string> off) => node switch
        {
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } => off.Contains(name.Identifier.ValueText),
            ArgumentSyntax { Expression: IdentifierNameSyntax name } argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None) && off.Contains(name.Identifier.ValueText),
            PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax name } => off.Contains(name.Identifier.ValueText),
            PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax name } prefix => !prefix.IsKind(SyntaxKind.LogicalNotExpression) && off.Contains(name.Identifier.ValueText),
            _ => false,
        };
    }
}
