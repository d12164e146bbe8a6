using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace Threadwise.Rewriting
{
    /// <summary>
    /// <c>using</c> → <c>await using</c>, following the ConfigureAwait convention. <c>await using (var s = x.ConfigureAwait(false))</c>
    /// would change the variable's type to <c>ConfiguredAsyncDisposable</c>, so a configured disposal keeps the variable
    /// and disposes it separately: <c>using (expr)</c> → <c>await using (expr.ConfigureAwait(false))</c>;
    /// <c>using (var s = x) body</c> → <c>var s = x; await using (s.ConfigureAwait(false)) body</c> (inside braces where
    /// <c>s</c> would clash or the statement is embedded); <c>using var s = x;</c> → <c>var s = x;
    /// await using var configuredS = s.ConfigureAwait(false);</c>.
    /// </summary>
    internal static class AwaitUsingRewriter
    {
        public static void Rewrite(SyntaxEditor editor, SyntaxNode statement, FixContext? context)
        {
            if (context != null && WantsConfiguredDisposal(statement, context))
            {
                ConfigureDisposal(editor, statement);
                return;
            }

            editor.ReplaceNode(statement, (current, _) => AddAwaitKeyword(current));
        }

        /// <summary>Whether <see cref="ConfigureDisposal"/> can rewrite this <c>using</c> (one resource; a declaration inside a block).</summary>
        public static bool CanConfigureDisposal(SyntaxNode statement) => statement switch
        {
            UsingStatementSyntax { Expression: not null } => true,
            UsingStatementSyntax { Declaration.Variables.Count: 1 } => true,
            LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1, UsingKeyword.RawKind: not 0, Parent: BlockSyntax or SwitchSectionSyntax } => true,
            _ => false,
        };

        /// <summary>
        /// Makes a <c>using</c> (or an <c>await using</c> that lacks it, TW501) an <c>await using</c> whose disposal is
        /// configured with <c>ConfigureAwait(false)</c>, keeping the variable's type (see the class summary).
        /// </summary>
        public static void ConfigureDisposal(SyntaxEditor editor, SyntaxNode statement)
        {
            switch (statement)
            {
                case UsingStatementSyntax { Expression: not null }:
                    editor.ReplaceNode(statement, (current, _) => current is UsingStatementSyntax { Expression: { } resource } @using
                        ? AddAwaitKeyword(@using.WithExpression(AwaitRewriter.ConfigureAwaitFalse(resource)))
                        : current);
                    return;

                case UsingStatementSyntax { Declaration.Variables: { Count: 1 } variables }:
                    var name = variables[0].Identifier.ValueText;
                    if (statement.Parent is BlockSyntax or SwitchSectionSyntax && DeclarationsNamed(name, statement) == 1)
                    {
                        var marker = new SyntaxAnnotation();
                        editor.ReplaceNode(statement, (current, _) => current.WithAdditionalAnnotations(marker));
                        editor.ReplaceNode(statement.Parent, (current, _) => SplitStatement(current, marker, name));
                    }
                    else
                    {
                        editor.ReplaceNode(statement, (current, _) => current is UsingStatementSyntax u
                            ? SyntaxFactory.Block(Split(u.WithoutLeadingTrivia(), name)).WithTriviaFrom(u).WithAdditionalAnnotations(Formatter.Annotation)
                            : current);
                    }

                    return;

                case LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } declared, Parent: BlockSyntax or SwitchSectionSyntax }:
                    var variable = declared[0].Identifier.ValueText;
                    var configured = FreshName("configured" + char.ToUpperInvariant(variable[0]) + variable.Substring(1), statement);
                    var declarationMarker = new SyntaxAnnotation();
                    editor.ReplaceNode(statement, (current, _) => current.WithAdditionalAnnotations(declarationMarker));
                    editor.ReplaceNode(statement.Parent!, (current, _) => SplitDeclaration(current, declarationMarker, variable, configured));
                    return;
            }
        }

        /// <summary>Whether the code's ConfigureAwait convention asks for this <c>using</c>'s disposal to be configured (<see cref="ConfigureDisposal"/>).</summary>
        public static bool WantsConfiguredDisposal(SyntaxNode statement, FixContext context) => statement switch
        {
            UsingStatementSyntax { Expression: { } expression } =>
                context.ConfigureAwait.AppliesTo(statement, context.Model.GetTypeInfo(expression, context.CancellationToken).Type),
            UsingStatementSyntax { Declaration.Variables: { Count: 1 } variables } => Configures(variables[0], context),
            LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } declared, Parent: BlockSyntax or SwitchSectionSyntax } =>
                Configures(declared[0], context),
            _ => false,
        };

        /// <summary><c>using</c> → <c>await using</c>; a statement that already awaits its disposal is returned as it is.</summary>
        public static SyntaxNode AddAwaitKeyword(SyntaxNode statement)
        {
            switch (statement)
            {
                case UsingStatementSyntax { AwaitKeyword.RawKind: not 0 }:
                case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 }:
                    return statement;
                case UsingStatementSyntax @using:
                    return @using
                        .WithUsingKeyword(@using.UsingKeyword.WithLeadingTrivia(SyntaxFactory.Space))
                        .WithAwaitKeyword(SyntaxFactory.Token(@using.UsingKeyword.LeadingTrivia, SyntaxKind.AwaitKeyword, default));
                case LocalDeclarationStatementSyntax declaration:
                    return declaration
                        .WithUsingKeyword(declaration.UsingKeyword.WithLeadingTrivia(SyntaxFactory.Space))
                        .WithAwaitKeyword(SyntaxFactory.Token(declaration.UsingKeyword.LeadingTrivia, SyntaxKind.AwaitKeyword, default));
                default:
                    return statement;
            }
        }

        private static bool Configures(VariableDeclaratorSyntax declarator, FixContext context) =>
            declarator.Initializer != null
            && context.Model.GetDeclaredSymbol(declarator, context.CancellationToken) is ILocalSymbol local
            && context.ConfigureAwait.AppliesTo(declarator, local.Type);

        // using (T s = x) body  →  T s = x;  await using (s.ConfigureAwait(false)) body
        private static StatementSyntax[] Split(UsingStatementSyntax @using, string name)
        {
            var declaration = SyntaxFactory.LocalDeclarationStatement(@using.Declaration!.WithoutTrivia())
                .WithLeadingTrivia(@using.GetLeadingTrivia());
            var configured = @using
                .WithDeclaration(null)
                .WithExpression(AwaitRewriter.ConfigureAwaitFalse(SyntaxFactory.IdentifierName(name)))
                .WithLeadingTrivia(SyntaxFactory.ElasticMarker);
            return new StatementSyntax[] { declaration, (StatementSyntax)AddAwaitKeyword(configured) };
        }

        private static SyntaxNode SplitStatement(SyntaxNode parent, SyntaxAnnotation marker, string name) =>
            ReplaceMarked(parent, marker, statement => statement is UsingStatementSyntax @using ? Split(@using, name) : null);

        // using T s = x;  →  T s = x;  await using var configuredS = s.ConfigureAwait(false);
        private static SyntaxNode SplitDeclaration(SyntaxNode parent, SyntaxAnnotation marker, string variable, string configured) =>
            ReplaceMarked(parent, marker, statement =>
            {
                if (statement is not LocalDeclarationStatementSyntax declaration)
                {
                    return null;
                }

                var plain = declaration.WithAwaitKeyword(default).WithUsingKeyword(default).WithLeadingTrivia(declaration.GetLeadingTrivia());
                var disposal = SyntaxFactory.LocalDeclarationStatement(
                        SyntaxFactory.VariableDeclaration(
                            SyntaxFactory.IdentifierName("var"),
                            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(
                                SyntaxFactory.Identifier(configured),
                                null,
                                SyntaxFactory.EqualsValueClause(AwaitRewriter.ConfigureAwaitFalse(SyntaxFactory.IdentifierName(variable)))))))
                    .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
                    .WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword))
                    .WithTrailingTrivia(declaration.GetTrailingTrivia());
                return new StatementSyntax[] { plain.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed), disposal };
            });

        private static SyntaxNode ReplaceMarked(SyntaxNode parent, SyntaxAnnotation marker, System.Func<StatementSyntax, StatementSyntax[]?> split)
        {
            var statements = parent switch
            {
                BlockSyntax block => block.Statements,
                SwitchSectionSyntax section => section.Statements,
                _ => default,
            };
            for (var i = 0; i < statements.Count; i++)
            {
                if (statements[i].HasAnnotation(marker) && split(statements[i]) is { } replacement)
                {
                    var updated = statements.RemoveAt(i).InsertRange(i, replacement);
                    return parent is BlockSyntax b ? b.WithStatements(updated) : ((SwitchSectionSyntax)parent).WithStatements(updated);
                }
            }

            return parent;
        }

        private static SyntaxNode Member(SyntaxNode node) =>
            node.AncestorsAndSelf().FirstOrDefault(n => n is MemberDeclarationSyntax and not BaseTypeDeclarationSyntax || n is GlobalStatementSyntax)
            ?? node.SyntaxTree.GetRoot();

        private static int DeclarationsNamed(string name, SyntaxNode node) =>
            Member(node).DescendantNodes().Count(n =>
                n is VariableDeclaratorSyntax v && v.Identifier.ValueText == name
                || n is SingleVariableDesignationSyntax d && d.Identifier.ValueText == name
                || n is ParameterSyntax p && p.Identifier.ValueText == name
                || n is ForEachStatementSyntax f && f.Identifier.ValueText == name
                || n is CatchDeclarationSyntax c && c.Identifier.ValueText == name
                || n is LocalFunctionStatementSyntax l && l.Identifier.ValueText == name);

        // A name no token of the member uses.
        private static string FreshName(string candidate, SyntaxNode node)
        {
            var used = Member(node).DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToList();
            var name = candidate;
            for (var i = 2; used.Contains(name); i++)
            {
                name = candidate + i;
            }

            return name;
        }
    }
}
