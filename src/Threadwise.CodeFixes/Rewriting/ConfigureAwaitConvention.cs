using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Threadwise.Options;
using Threadwise.Semantics;

namespace Threadwise.Rewriting
{
    /// <summary>
    /// Whether an await a fix inserts should read <c>await x.ConfigureAwait(false)</c>: the code around it decides.
    /// <c>threadwise.fix_configure_await = always</c> (or a peer's "use ConfigureAwait" rule raised to warning or error for the document) writes it
    /// wherever the awaited type has a <c>ConfigureAwait(bool)</c>; <c>never</c> never writes it; <c>auto</c> (the
    /// default) follows the majority of the existing awaits of the enclosing member, else of the document.
    /// </summary>
    internal sealed class ConfigureAwaitConvention
    {
        public const string OptionName = ThreadwiseOptions.FixConfigureAwait;

        private readonly SemanticModel _model;
        private readonly Mode _mode;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<SyntaxNode, (int Balance, int Counted)> _tallyByMember = new();
        private (int Balance, int Counted)? _documentTally;

        private ConfigureAwaitConvention(SemanticModel model, Mode mode, CancellationToken cancellationToken)
        {
            _model = model;
            _mode = mode;
            _cancellationToken = cancellationToken;
        }

        private enum Mode
        {
            Auto,
            Always,
            Never,
        }

        public static ConfigureAwaitConvention For(Document document, SemanticModel model, CancellationToken cancellationToken) =>
            new(model, ModeOf(document, model.SyntaxTree, cancellationToken), cancellationToken);

        /// <summary>
        /// Whether to append <c>.ConfigureAwait(false)</c> to <paramref name="awaited"/>, an operand written (or about to be
        /// written) at <paramref name="site"/> in the original tree. Never where the operand's type has no accessible
        /// <c>ConfigureAwait(bool)</c> (a custom awaitable, <c>Task.Yield()</c>).
        /// </summary>
        public bool AppliesTo(SyntaxNode site, ExpressionSyntax awaited)
        {
            if (_mode == Mode.Never || _mode == Mode.Auto && !ConventionAt(site))
            {
                return false;
            }

            var type = _model.GetSpeculativeTypeInfo(site.SpanStart, awaited.WithoutTrivia(), SpeculativeBindingOption.BindAsExpression).Type;
            return HasConfigureAwait(_model, site.SpanStart, type);
        }

        /// <summary>Whether to configure an await at <paramref name="site"/> of a value of <paramref name="type"/>.</summary>
        public bool AppliesTo(SyntaxNode site, ITypeSymbol? type) =>
            _mode != Mode.Never && (_mode == Mode.Always || ConventionAt(site)) && HasConfigureAwait(_model, site.SpanStart, type);

        /// <summary>Whether <paramref name="type"/> has an accessible <c>ConfigureAwait(bool)</c>, instance or extension.</summary>
        public static bool HasConfigureAwait(SemanticModel model, int position, ITypeSymbol? type)
        {
            if (type is null || type.TypeKind == TypeKind.Error || type.TypeKind == TypeKind.Dynamic)
            {
                return false;
            }

            foreach (var symbol in model.LookupSymbols(position, type, "ConfigureAwait", includeReducedExtensionMethods: true))
            {
                if (symbol is IMethodSymbol { IsStatic: false, Parameters: { Length: 1 } parameters } && parameters[0].Type.SpecialType == SpecialType.System_Boolean)
                {
                    return true;
                }
            }

            return false;
        }

        private static Mode ModeOf(Document document, SyntaxTree tree, CancellationToken cancellationToken)
        {
            switch (ThreadwiseOptions.GetString(document.Project.AnalyzerOptions, tree, OptionName)?.ToLowerInvariant())
            {
                case "always":
                case "true":
                    return Mode.Always;
                case "never":
                case "false":
                    return Mode.Never;
            }

            return RequiresConfigureAwait(document, tree, cancellationToken) ? Mode.Always : Mode.Auto;
        }

        /// <summary>
        /// A peer's "use ConfigureAwait" rule (CA2007, VSTHRD111, MA0004, S3216) raised to warning or error for this document:
        /// the project's declared convention, which TW501 also takes as evidence.
        /// </summary>
        private static bool RequiresConfigureAwait(Document document, SyntaxTree tree, CancellationToken cancellationToken) =>
            DeclaredConfigureAwait.IsDeclared(tree, document.Project.CompilationOptions, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider, cancellationToken);

        private bool ConventionAt(SyntaxNode site)
        {
            var member = EnclosingMember(site);
            if (member != null)
            {
                if (!_tallyByMember.TryGetValue(member, out var tally))
                {
                    tally = Tally(member);
                    _tallyByMember[member] = tally;
                }

                if (tally.Counted > 0)
                {
                    return tally.Balance > 0;
                }
            }

            _documentTally ??= Tally(_model.SyntaxTree.GetRoot(_cancellationToken));
            return _documentTally.Value.Balance > 0;
        }

        private static SyntaxNode? EnclosingMember(SyntaxNode node)
        {
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                if (ancestor is MemberDeclarationSyntax and not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax
                    || ancestor is GlobalStatementSyntax)
                {
                    return ancestor;
                }
            }

            return null;
        }

        // Awaits written with ConfigureAwait(false) minus awaits that could have had it and do not.
        private (int Balance, int Counted) Tally(SyntaxNode scope)
        {
            var balance = 0;
            var counted = 0;
            foreach (var node in scope.DescendantNodes())
            {
                var vote = Vote(node);
                balance += vote;
                counted += vote == 0 ? 0 : 1;
            }

            return (balance, counted);
        }

        private int Vote(SyntaxNode node)
        {
            ExpressionSyntax? operand = node switch
            {
                AwaitExpressionSyntax awaitExpression => awaitExpression.Expression,
                CommonForEachStatementSyntax { AwaitKeyword.RawKind: not 0 } forEach => forEach.Expression,
                _ => null,
            };
            if (operand is null)
            {
                return 0;
            }

            if (operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } } configured)
            {
                var arguments = configured.ArgumentList.Arguments;
                return arguments.Count == 1 && arguments[0].Expression.IsKind(SyntaxKind.TrueLiteralExpression) ? -1 : 1;
            }

            return HasConfigureAwait(_model, operand.SpanStart, _model.GetTypeInfo(operand, _cancellationToken).Type) ? -1 : 0;
        }
    }
}
