using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>The three places an await is written: <c>await x</c>, <c>await foreach</c>, <c>await using</c>.</summary>
    internal enum AwaitSite
    {
        Await,
        ForEach,
        Using,
    }

    /// <summary>
    /// How many of a compilation's awaits (<c>await</c>, <c>await foreach</c>, <c>await using</c>) are written with
    /// <c>ConfigureAwait</c>: a library's own convention (TW501). Read from syntax, so that it is known before any await
    /// is analyzed and the diagnostics stay local (a fix is offered in the IDE): <c>x.ConfigureAwait(false)</c> (any
    /// argument but <c>true</c> or a variable), and calls of the library's own helpers declared to return a configured awaitable
    /// (StackExchange.Redis's <c>x.ForAwait()</c>), count as configured; <c>ConfigureAwait(true)</c> and
    /// <c>ConfigureAwait(retainContext)</c>, a setting's choice, count as neither; every
    /// other await as not configured (Task.Yield() included: the count errs towards "no convention"). Each tree's count is
    /// kept as long as the tree lives, so an edit recounts only the edited file. The nearest convention wins: where the
    /// library has none, a file may have its own (<see cref="FileConfiguresByConvention"/>); where it has one, a file may
    /// keep the opposite habit (<see cref="FileLeavesMostUnconfigured"/>).
    /// </summary>
    internal sealed class AwaitTally
    {
        /// <summary>A convention needs at least this many configured awaits: two of three is no habit yet.</summary>
        private const int Minimum = 3;

        private static readonly ConditionalWeakTable<SyntaxTree, TreeCount> Trees = new ConditionalWeakTable<SyntaxTree, TreeCount>();

        private readonly HashSet<string> _helpers;
        private readonly Count _forEach;
        private readonly Count _using;
        private readonly ConcurrentDictionary<SyntaxTree, Count> _files = new ConcurrentDictionary<SyntaxTree, Count>();

        private AwaitTally(Count all, Count forEach, Count @using, HashSet<string> helpers)
        {
            Configured = all.Configured;
            Total = all.Total;
            _forEach = forEach;
            _using = @using;
            _helpers = helpers;
        }

        public int Configured { get; }

        /// <summary>Every await counted, configured or not (not those configured to keep the context).</summary>
        public int Total { get; }

        /// <summary>
        /// Whether configured awaits (at least three) outnumber the others two to one, or merely outnumber them where the
        /// project <paramref name="declared"/> the convention: the library's convention is ConfigureAwait(false).
        /// </summary>
        public bool ConfiguresByConvention(bool declared) => Holds(Configured, Total, declared);

        public static AwaitTally Of(Compilation compilation)
        {
            var helpers = new HashSet<string>(StringComparer.Ordinal);
            var counts = new List<TreeCount>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                var count = CountOf(tree);
                counts.Add(count);
                helpers.UnionWith(count.Helpers);
            }

            var all = default(Count);
            var forEach = default(Count);
            var @using = default(Count);
            foreach (var count in counts)
            {
                all = all.Add(count.AllWith(helpers));
                forEach = forEach.Add(count.ForEach);
                @using = @using.Add(count.Using);
            }

            return new AwaitTally(all, forEach, @using, helpers);
        }

        /// <summary>
        /// The convention of one file, where the library as a whole has none: a file that writes ConfigureAwait(false)
        /// on two of every three of its awaits (at least three; most of them where <paramref name="declared"/>) has adopted it. Configured and total awaits of the file.
        /// </summary>
        public bool FileConfiguresByConvention(SyntaxTree tree, bool declared, out int configured, out int total)
        {
            var count = _files.GetOrAdd(tree, t => CountOf(t).AllWith(_helpers));
            configured = count.Configured;
            total = count.Total;
            return Holds(configured, total, declared);
        }

        /// <summary>
        /// Whether a file of a library that has the convention leaves most of its awaits (three or more) unconfigured:
        /// its authors do not write ConfigureAwait (a newer part of the library, an application's client code kept in the
        /// library), and the nearest convention, the file's, is followed.
        /// </summary>
        public bool FileLeavesMostUnconfigured(SyntaxTree tree)
        {
            var count = _files.GetOrAdd(tree, t => CountOf(t).AllWith(_helpers));
            return count.Total >= Minimum && count.Configured * 2 < count.Total;
        }

        /// <summary>
        /// Whether the library (or, with <paramref name="file"/>, the file) writes two or more <c>await foreach</c> or
        /// <c>await using</c> and configures none of them: a habit of its own for that construct (configuring a disposal
        /// means splitting the declaration), which TW501 follows even where the library configures its plain awaits.
        /// </summary>
        public bool LeavesUnconfigured(AwaitSite site, SyntaxTree? file)
        {
            if (site == AwaitSite.Await)
            {
                return false;
            }

            var count = file is null
                ? site == AwaitSite.ForEach ? _forEach : _using
                : site == AwaitSite.ForEach ? CountOf(file).ForEach : CountOf(file).Using;
            return count.Total >= 2 && count.Configured == 0;
        }

        /// <summary>
        /// At least <see cref="Minimum"/> configured awaits, and at least two for each one left unconfigured: where more than a
        /// third of the awaits resume on the caller's context (NetDaemon's runtime: 15 of 26 configured) the missing ones
        /// are a habit, not an oversight. Where the project <paramref name="declared"/> the convention (a peer's
        /// ConfigureAwait rule raised, <see cref="DeclaredConfigureAwait"/>), more than half is enough: its own word and
        /// its code agree.
        /// </summary>
        private static bool Holds(int configured, int total, bool declared) =>
            configured >= Minimum && (declared ? configured * 2 > total : configured * 3 >= total * 2);

        private static TreeCount CountOf(SyntaxTree tree) => Trees.GetValue(tree, TreeCount.Of);

        private readonly struct Count
        {
            public Count(int configured, int total)
            {
                Configured = configured;
                Total = total;
            }

            public int Configured { get; }

            public int Total { get; }

            public Count Add(Count other) => new Count(Configured + other.Configured, Total + other.Total);
        }

        private sealed class TreeCount
        {
            private readonly Count _await;
            private readonly Dictionary<string, int> _callsByName;

            private TreeCount(Count await, Count forEach, Count @using, Dictionary<string, int> callsByName, List<string> helpers)
            {
                _await = await;
                ForEach = forEach;
                Using = @using;
                _callsByName = callsByName;
                Helpers = helpers;
            }

            public Count ForEach { get; }

            public Count Using { get; }

            /// <summary>Methods declared here that return ConfiguredTaskAwaitable, ConfiguredValueTaskAwaitable (or their T forms).</summary>
            public List<string> Helpers { get; }

            /// <summary>Every await of the tree, awaits of <paramref name="helpers"/> (by name) counted as configured.</summary>
            public Count AllWith(HashSet<string> helpers)
            {
                var configured = _await.Configured + ForEach.Configured + Using.Configured;
                foreach (var call in _callsByName)
                {
                    if (helpers.Contains(call.Key))
                    {
                        configured += call.Value;
                    }
                }

                return new Count(configured, _await.Total + ForEach.Total + Using.Total);
            }

            /// <summary>
            /// Read from the text: each <c>await</c> keyword, and each return type named <c>Configured…Awaitable</c>, is found
            /// by a search of the file's text and looked up as a token, so the file's nodes are not all walked.
            /// </summary>
            public static TreeCount Of(SyntaxTree tree)
            {
                var await = new Counter();
                var forEach = new Counter();
                var @using = new Counter();
                var calls = new Dictionary<string, int>(StringComparer.Ordinal);
                var helpers = new List<string>();
                var text = tree.GetText().ToString();
                SyntaxNode? root = null;
                var awaits = new List<int>();
                for (var at = text.IndexOf("await", StringComparison.Ordinal); at >= 0; at = text.IndexOf("await", at + 5, StringComparison.Ordinal))
                {
                    awaits.Add(at);
                }

                // One descent for all of them, into the nodes that hold one: a FindToken per await walked the same path from
                // the root each time, scanning long member and statement lists again at every level.
                var tokens = awaits.Count == 0
                    ? Array.Empty<SyntaxToken>()
                    : (root = tree.GetRoot()).DescendantTokens(node => HoldsAny(node.FullSpan, awaits));
                foreach (var token in tokens)
                {
                    if (!token.IsKind(SyntaxKind.AwaitKeyword))
                    {
                        continue;
                    }

                    switch (token.Parent)
                    {
                        case AwaitExpressionSyntax awaitExpression:
                            await.Add(awaitExpression.Expression, calls);
                            break;
                        case CommonForEachStatementSyntax forEachStatement when forEachStatement.AwaitKeyword == token:
                            forEach.Add(forEachStatement.Expression, null);
                            break;
                        case UsingStatementSyntax usingStatement when usingStatement.AwaitKeyword == token:
                            if (usingStatement.Expression != null)
                            {
                                @using.Add(usingStatement.Expression, null);
                            }
                            else
                            {
                                @using.AddDeclarators(usingStatement.Declaration);
                            }

                            break;
                        case LocalDeclarationStatementSyntax declaration when declaration.AwaitKeyword == token:
                            @using.AddDeclarators(declaration.Declaration);
                            break;
                    }
                }

                for (var at = text.IndexOf("Configured", StringComparison.Ordinal); at >= 0; at = text.IndexOf("Configured", at + 10, StringComparison.Ordinal))
                {
                    root ??= tree.GetRoot();
                    var start = at > 0 && text[at - 1] == '@' ? at - 1 : at;
                    if (root.FindToken(start) is var token && token.SpanStart == start
                        && token.Parent is SimpleNameSyntax name && name.Identifier == token
                        && ReturnTypeOf(name) is { } method && ReturnsConfiguredAwaitable(method.ReturnType))
                    {
                        helpers.Add(method.Identifier.ValueText);
                    }
                }

                return new TreeCount(await.Count, forEach.Count, @using.Count, calls, helpers);
            }

            // Whether a position of the sorted list lies in the span.
            private static bool HoldsAny(Microsoft.CodeAnalysis.Text.TextSpan span, List<int> sorted)
            {
                var index = sorted.BinarySearch(span.Start);
                if (index < 0)
                {
                    index = ~index;
                }

                return index < sorted.Count && sorted[index] < span.End;
            }

            // The method whose return type is this name (ConfiguredTaskAwaitable<T>, or the last part of a qualified name).
            private static MethodDeclarationSyntax? ReturnTypeOf(SimpleNameSyntax name)
            {
                TypeSyntax type = name.Parent is QualifiedNameSyntax qualified && qualified.Right == name ? qualified : name;
                return type.Parent is MethodDeclarationSyntax method && method.ReturnType == type ? method : null;
            }

            private static bool ReturnsConfiguredAwaitable(TypeSyntax type)
            {
                var name = type switch
                {
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => null,
                };
                return name is "ConfiguredTaskAwaitable" or "ConfiguredValueTaskAwaitable";
            }
        }

        private sealed class Counter
        {
            private int _configured;
            private int _total;

            public Count Count => new Count(_configured, _total);

            public void AddDeclarators(VariableDeclarationSyntax? declaration)
            {
                if (declaration is null)
                {
                    return;
                }

                foreach (var variable in declaration.Variables)
                {
                    if (variable.Initializer?.Value is { } value)
                    {
                        Add(value, null);
                    }
                }
            }

            /// <param name="calls">Where awaits of <c>x.Name(..)</c> are counted by name, for the helpers; null where none apply.</param>
            public void Add(ExpressionSyntax operand, Dictionary<string, int>? calls)
            {
                // x.ConfigureAwait(..) anywhere in a chain: source.ConfigureAwait(false).WithCancellation(ct) is configured.
                for (var current = Unparenthesized(operand); current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation;
                     current = Unparenthesized(access.Expression))
                {
                    if (access.Name.Identifier.ValueText == "ConfigureAwait")
                    {
                        // ConfigureAwait(true) keeps the context on purpose, and ConfigureAwait(_retainContext) leaves the choice
                        // to a setting (Stateless's RetainSynchronizationContext): neither is a convention of ConfigureAwait(false).
                        var arguments = invocation.ArgumentList.Arguments;
                        if (arguments.Count == 1 && arguments[0].Expression is var argument
                            && (argument.IsKind(SyntaxKind.TrueLiteralExpression) || argument is IdentifierNameSyntax))
                        {
                            return;
                        }

                        _configured++;
                        _total++;
                        return;
                    }
                }

                _total++;
                if (calls != null && Unparenthesized(operand) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } })
                {
                    calls[name] = calls.TryGetValue(name, out var seen) ? seen + 1 : 1;
                }
            }

            private static ExpressionSyntax Unparenthesized(ExpressionSyntax expression)
            {
                while (expression is ParenthesizedExpressionSyntax parenthesized)
                {
                    expression = parenthesized.Expression;
                }

                return expression;
            }
        }
    }
}
