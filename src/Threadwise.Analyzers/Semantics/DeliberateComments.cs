using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A comment in which the maintainer says a blocking call is synchronous on purpose: the comment lines right above
    /// the statement that holds the call (no blank line between), heading its paragraph of statements or above the local
    /// function that holds it, or a comment at the end of its last line, that speak
    /// of it as synchronous or blocking (<c>// call the synchronous provider-specific implementation</c>,
    /// <c>// trigger a blocking reconfigure</c>, <c>// sync-over-async: the interface is synchronous</c>), or say that it
    /// is meant to block (<c>// startup is sync. We want this to block so that ..</c>, <c>// have to block here</c>). Like a local
    /// suppression, it marks the one site as deliberate (TW101–TW104 and TW104's leaves). Negated words
    /// (<c>non-blocking</c>, <c>without blocking</c>, <c>not synchronous</c>, <c>don't want to block</c>) do not count, nor does a comment that names
    /// the blocking as a problem (<c>TODO</c>, <c>FIXME</c>, <c>HACK</c>, a deadlock, starvation, "should", "flagged").
    /// </summary>
    internal static class DeliberateComments
    {
        private static readonly Regex SaysSynchronous = new Regex(
            @"(?<!\b(?:non|not|no|never|without|avoid|avoids|avoiding)[\s-]+)\b(?:synchronous|synchronously|blocking|sync[\s-]+over[\s-]+async)\b"
            // "actually is sync", "runs sync": the short word only after a verb that says what the call is.
            + @"|\b(?:is|are|runs?|completes?)\s+(?:(?:actually|really|always|fully|effectively|purely)\s+)?sync\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // "We want this to block so that ..", "have to block here", "deliberately blocks": blocking as the stated intent.
        private static readonly Regex SaysBlocksOnPurpose = new Regex(
            @"(?<!\b(?:not|don't|do\s+not|doesn't|does\s+not|didn't|never|no)\s+)\b(?:want|wants|wanted|need|needs|has|have|had|expected|meant|intended|ok|okay|fine|safe)\s+(?:\w+\s+)?to\s+block\b"
            + @"|\b(?:deliberately|intentionally|purposely|purposefully)\s+block"
            + @"|\bblock(?:s|ed|ing)?\s+(?:\w+\s+)?(?:on\s+purpose|deliberately|intentionally)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // "actually is sync", "completes synchronously": the call finishes before it returns, not only that the code blocks.
        private static readonly Regex SaysCompletesSynchronously = new Regex(
            @"\b(?:is|are|runs?|completes?|completed|returns?|finishes)\s+(?:(?:actually|really|always|fully|effectively|purely)\s+)?(?:sync|synchronous|synchronously)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // "Will never block", "this won't block", "does not block": the author states that the wait finds its resource free
        // or its task complete. Not "never block forever" (a bound on the wait, not its absence).
        private static readonly Regex SaysDoesNotBlock = new Regex(
            @"\b(?:never|won't|will\s+not|does\s+not|doesn't|cannot|can't|can\s+not)\s+blocks?\b(?!\s+(?:forever|indefinitely))",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // Comment markers (//, ///, /* */) removed so that words on consecutive comment lines read as one sentence.
        private static readonly Regex CommentMarkers = new Regex(@"/{2,}|/\*+|\*+/", RegexOptions.CultureInvariant);

        private static readonly Regex NamesAProblem = new Regex(
            @"\b(?:todo|fixme|hack|bug|xxx|deadlocks?|deadlocking|starv\w*|should|must not|flagged|bad|wrong|problem\w*)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // "CompleteTcs doesn't use RunContinuationsAsynchronously because we want the caller to wait ..": the option named.
        private static readonly Regex NamesContinuationOption = new Regex(@"\bRunContinuationsAsynchronously\b", RegexOptions.CultureInvariant);

        /// <summary>
        /// The statement that creates a <c>TaskCompletionSource</c> (or the paragraph it is in) carries a comment that
        /// explains how its continuations run: one that calls them synchronous, or that names
        /// <c>RunContinuationsAsynchronously</c> (grpc-dotnet's "Run continuation synchronously so awaiters execute inside
        /// the lock"). The author chose (TW507).
        /// </summary>
        public static bool ExplainContinuations(SyntaxNode site)
        {
            System.Func<string, bool> says = comment => SaysOnPurpose(comment)
                || NamesContinuationOption.IsMatch(comment) && !NamesAProblem.IsMatch(CommentMarkers.Replace(comment, " "));
            return Holder(site) is { } holder && (SaysSoAbove(holder.GetFirstToken().LeadingTrivia, says) || HeadsParagraphOf(holder, says));
        }

        /// <summary>The statement (or expression-bodied member) around <paramref name="site"/> carries such a comment.</summary>
        public static bool MarkSynchronousOnPurpose(SyntaxNode site)
        {
            // A comment above an if/else covers its arms written without braces.
            for (var holder = Holder(site); holder != null; holder = BracelessParent(holder))
            {
                if (SaysSoAbove(holder.GetFirstToken().LeadingTrivia) || SaysSoAtLineEnd(holder.GetLastToken())
                    || HeadsParagraphOf(holder))
                {
                    return true;
                }
            }

            // A comment between an expression body's '=>' and its expression describes the expression (OpenTelemetry's
            // "SendAsync must be used with HTTP/2 because synchronous send is not supported" above a ?: of the two sends).
            if (EnclosingArrow(site) is { } arrow && SaysSoAbove(arrow.Expression.GetFirstToken().LeadingTrivia))
            {
                return true;
            }

            // A comment above a local function describes all of it: "// Trigger a blocking reconfigure" above
            // void TriggerReconfigure(..) { ..; ReconfigureAsync(..).Wait(); }.
            return EnclosingLocalFunction(site) is { } function && SaysSoAbove(function.GetFirstToken().LeadingTrivia);
        }

        /// <summary>
        /// The statement around <paramref name="site"/> carries a comment (above it or at its line's end) saying the wait does
        /// not block (DotPulsar's <c>_semaphoreSlim.Wait(cancellationToken); //Will never block</c> after checking the count
        /// under its lock): the maintainer knows the resource is free or the task complete. Not a comment that names a
        /// problem ("should not block") or bounds the wait ("can never block forever").
        /// </summary>
        public static bool SayDoesNotBlock(SyntaxNode site) => StatementSays(site, SaysDoesNotBlock);

        /// <summary>
        /// The statement around <paramref name="site"/> carries a comment (above it or at its line's end) saying the call
        /// completes synchronously (graphql-dotnet's <c>_sdlPrinter.PrintAsync(node, writer).GetAwaiter().GetResult(); //
        /// actually is sync</c>): the maintainer knows the ValueTask read there is complete (TW506). Saying it blocks is not enough.
        /// </summary>
        public static bool SayCompletesSynchronously(SyntaxNode site) => StatementSays(site, SaysCompletesSynchronously);

        // A comment above the statement around the site or at its line's end uses the phrase and names no problem.
        private static bool StatementSays(SyntaxNode site, Regex phrase)
        {
            System.Func<string, bool> says = comment =>
            {
                var text = CommentMarkers.Replace(comment, " ");
                return phrase.IsMatch(text) && !NamesAProblem.IsMatch(text);
            };
            return Holder(site) is { } holder
                && (SaysSoAbove(holder.GetFirstToken().LeadingTrivia, says) || SaysSoAtLineEnd(holder.GetLastToken(), says));
        }

        // The expression body (of a member or local function) that holds the site; not across a lambda.
        private static ArrowExpressionClauseSyntax? EnclosingArrow(SyntaxNode site)
        {
            for (var node = site.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case ArrowExpressionClauseSyntax arrow:
                        return arrow;
                    case AnonymousFunctionExpressionSyntax:
                    case StatementSyntax:
                    case MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        // The local function whose body holds the site; not across a lambda or another local function.
        private static LocalFunctionStatementSyntax? EnclosingLocalFunction(SyntaxNode site)
        {
            for (var node = site.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case LocalFunctionStatementSyntax function:
                        return function;
                    case AnonymousFunctionExpressionSyntax:
                    case MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        // A comment that heads a paragraph of statements (no blank line and no other comment between) covers all of them:
        // "// call the synchronous implementation" above a local that prepares the call and the if that makes it.
        private static bool HeadsParagraphOf(SyntaxNode statement) => HeadsParagraphOf(statement, SaysOnPurpose);

        private static bool HeadsParagraphOf(SyntaxNode statement, System.Func<string, bool> says)
        {
            if (statement.Parent is not BlockSyntax block)
            {
                return false;
            }

            var statements = block.Statements;
            for (var i = statements.IndexOf((StatementSyntax)statement); i > 0; i--)
            {
                if (StartsParagraph(statements[i].GetFirstToken().LeadingTrivia))
                {
                    return false;
                }

                if (SaysSoAbove(statements[i - 1].GetFirstToken().LeadingTrivia, says))
                {
                    return true;
                }
            }

            return false;
        }

        // A blank line (its line break is the statement's leading trivia), a comment or a directive starts a new paragraph.
        private static bool StartsParagraph(SyntaxTriviaList leading)
        {
            foreach (var trivia in leading)
            {
                if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    return true;
                }
            }

            return false;
        }

        private static SyntaxNode? BracelessParent(SyntaxNode statement) => statement.Parent switch
        {
            IfStatementSyntax parent => parent,
            ElseClauseSyntax { Parent: IfStatementSyntax parent } => parent,
            _ => null,
        };

        // The innermost statement that is not a block; for an expression-bodied member or local function, its declaration.
        private static SyntaxNode? Holder(SyntaxNode site)
        {
            for (var node = site; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case BlockSyntax:
                        return null;
                    case StatementSyntax statement:
                        return statement;
                    case ArrowExpressionClauseSyntax arrow:
                        return arrow.Parent;
                    case MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        // The comment lines directly above, read as one text: walking back from the token, a blank line ends them.
        private static bool SaysSoAbove(SyntaxTriviaList leading) => SaysSoAbove(leading, SaysOnPurpose);

        private static bool SaysSoAbove(SyntaxTriviaList leading, System.Func<string, bool> says)
        {
            var text = new StringBuilder();
            var lineBreaks = 0;
            for (var i = leading.Count - 1; i >= 0 && lineBreaks < 2; i--)
            {
                var trivia = leading[i];
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    lineBreaks++;
                }
                else if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
                {
                    text.Insert(0, trivia.ToString() + " ");
                    lineBreaks = 0;
                }
                else if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    break;
                }
            }

            return text.Length > 0 && says(text.ToString());
        }

        private static bool SaysOnPurpose(string comment)
        {
            var text = CommentMarkers.Replace(comment, " ");
            return (SaysSynchronous.IsMatch(text) || SaysBlocksOnPurpose.IsMatch(text)) && !NamesAProblem.IsMatch(text);
        }

        /// <summary>
        /// The member's documentation comment speaks of it as synchronous or blocking, in the same words and with the same
        /// exceptions as a comment at a site (<c>/// Synchronously flushes the buffered messages. This method blocks until
        /// they are enqueued.</c>): its published contract is the blocking one.
        /// </summary>
        public static bool DocumentedAsSynchronous(SyntaxNode declaration)
        {
            var text = DocumentationText(declaration);
            return text.Length > 0 && SaysOnPurpose(text);
        }

        /// <summary>The text of the declaration's documentation comment, markers included, or an empty string.</summary>
        public static string DocumentationText(SyntaxNode declaration)
        {
            var text = new StringBuilder();
            foreach (var trivia in declaration.GetLeadingTrivia())
            {
                // Structured when the project generates documentation, plain '///' comments when it does not.
                if (trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)
                    || trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && trivia.ToString().StartsWith("///", System.StringComparison.Ordinal))
                {
                    text.Append(trivia.ToFullString()).Append(' ');
                }
            }

            return text.ToString();
        }

        // A comment after the statement's last token, on the same line.
        private static bool SaysSoAtLineEnd(SyntaxToken last) => SaysSoAtLineEnd(last, SaysOnPurpose);

        private static bool SaysSoAtLineEnd(SyntaxToken last, System.Func<string, bool> says)
        {
            foreach (var trivia in last.TrailingTrivia)
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return false;
                }

                if ((trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
                    && says(trivia.ToString()))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
