using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Threadwise.Rewriting;
using Threadwise.Rules.Correctness;

namespace Threadwise.Fixes.Correctness
{
    /// <summary>
    /// TW504: passes the token the analyzer found as the call's last argument: <c>ReadAsync(buffer)</c> →
    /// <c>ReadAsync(buffer, cancellationToken)</c>, by name where arguments before it were left to their defaults
    /// (<c>SendAsync(message, cancellationToken: HttpContext.RequestAborted)</c>). A <c>CancellationToken?</c> the code
    /// holds is passed as <c>token.GetValueOrDefault()</c> to a <c>CancellationToken</c> parameter.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TW504TokenNotForwardedCodeFix)), Shared]
    public sealed class TW504TokenNotForwardedCodeFix : SyntaxEditingCodeFix
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.TokenNotForwarded);

        protected override string EquivalenceKey => RuleIds.TokenNotForwarded;

        protected override string? TitleFor(Diagnostic diagnostic, SyntaxNode node) =>
            node is InvocationExpressionSyntax && diagnostic.Properties.TryGetValue(TW504TokenNotForwardedAnalyzer.TokenProperty, out var token) && token != null
                ? "Pass '" + token + "'"
                : null;

        protected override void Edit(SyntaxEditor editor, SyntaxNode node, Diagnostic diagnostic)
        {
            if (node is not InvocationExpressionSyntax
                || !diagnostic.Properties.TryGetValue(TW504TokenNotForwardedAnalyzer.TokenProperty, out var token) || token is null)
            {
                return;
            }

            var argument = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token));
            if (diagnostic.Properties.TryGetValue(TW504TokenNotForwardedAnalyzer.ParameterProperty, out var name) && name != null)
            {
                argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(name)));
            }

            editor.ReplaceNode(node, (current, _) => current is InvocationExpressionSyntax invocation
                ? invocation.WithArgumentList(invocation.ArgumentList.AddArguments(argument))
                : current);
        }
    }
}
