using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// How many of a compilation's awaits (<c>await</c>, <c>await foreach</c>, <c>await using</c>) are written with
    /// <c>ConfigureAwait</c>: a library's own convention (TW501). Read from syntax, so that it is known before any await
    /// is analyzed and the diagnostics stay local (a fix is offered in the IDE): <c>x.ConfigureAwait(false)</c> (any
    /// argument but <c>true</c>), and calls of the library's own helpers declared to return a configured awaitable
    /// (StackExchange.Redis's <c>x.ForAwait()</c>), count as configured; <c>ConfigureAwait(true)</c> counts as neither; every
    /// other await as not configured (Task.Yield() included: the count errs towards "no convention"). Each tree's count is
    /// kept as long as the tree lives, so an edit recounts only the edited file. Where the library has no convention, a
    /// file may have its own (<see cref="FileConfiguresByConvention"/>).
    /// </summary>
    internal sealed class AwaitTally
    {
        /// <summary>A convention needs at least this many configured awaits: two of three is no habit yet.</summary>
        private const int Minimum = 3;

        private static readonly ConditionalWeakTable<SyntaxTree, TreeCount> Trees = new ConditionalWeakTable<SyntaxTree, TreeCount>();

        private readonly HashSet<string> _helpers;
        private readonly ConcurrentDictionary<SyntaxTree, (int Configured, int Total)> _files = new ConcurrentDictionary<SyntaxTree, (int Configured, int Total)>();

        private AwaitTally(int configured, int total, HashSet<string> helpers)
        {
            Configured = configured;
            Total = total;
            _helpers = helpers;
        }

        public int Configured { get; }

        /// <summary>Every await counted, configured or not (not those configured to keep the context).</summary>
        public int Total { get; }

        /// <summary>Whether configured awaits (at least three) outnumber the others: the library's convention is ConfigureAwait(false).</summary>
        public bool ConfiguresByConvention => Holds(Configured, Total);

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

            var configured = 0;
            var total = 0;
            foreach (var count in counts)
            {
                configured += count.ConfiguredWith(helpers);
                total += count.Total;
            }

            return new AwaitTally(configured, total, helpers);
        }

        /// <summary>
        /// The convention of one file, where the library as a whole has none: a file that writes ConfigureAwait(false)
        /// on most of its awaits (at least three) has adopted it. Configured and total awaits of the file.
        /// </summary>
        public bool FileConfiguresByConvention(SyntaxTree tree, out int configured, out int total)
        {
            (configured, total) = _files.GetOrAdd(tree, t =>
            {
                var count = CountOf(t);
                return (count.ConfiguredWith(_helpers), count.Total);
            });
            return Holds(configured, total);
        }

        /// <summary>At least <see cref="Minimum"/> configured awaits, and more than half of all.</summary>
        private static bool Holds(int configured, int total) => configured >= Minimum && configured * 2 > total;

        private static TreeCount CountOf(SyntaxTree tree) => Trees.GetValue(tree, t => TreeCount.Of(t.GetRoot()));

        private sealed class TreeCount
        {
            private TreeCount(int configured, int total, Dictionary<string, int> callsByName, List<string> helpers)
            {
                Configured = configured;
                Total = total;
                CallsByName = callsByName;
                Helpers = helpers;
            }

            public int Configured { get; }

            public int Total { get; }

            /// <summary>Awaits of <c>x.Name(..)</c> not named ConfigureAwait, by name: configured when Name is a helper.</summary>
            public Dictionary<string, int> CallsByName { get; }

            /// <summary>Methods declared here that return ConfiguredTaskAwaitable, ConfiguredValueTaskAwaitable (or their T forms).</summary>
            public List<string> Helpers { get; }

            public int ConfiguredWith(HashSet<string> helpers)
            {
                var configured = Configured;
                foreach (var call in CallsByName)
                {
                    if (helpers.Contains(call.Key))
                    {
                        configured += call.Value;
                    }
                }

                return configured;
            }

            public static TreeCount Of(SyntaxNode root)
            {
                var configured = 0;
                var total = 0;
                var calls = new Dictionary<string, int>(StringComparer.Ordinal);
                var helpers = new List<string>();
                foreach (var node in root.DescendantNodes())
                {
                    switch (node)
                    {
                        case AwaitExpressionSyntax awaitExpression:
                            Count(awaitExpression.Expression, ref configured, ref total, calls);
                            break;
                        case CommonForEachStatementSyntax { AwaitKeyword.RawKind: not 0 } forEach:
                            Count(forEach.Expression, ref configured, ref total, calls);
                            break;
                        case UsingStatementSyntax { AwaitKeyword.RawKind: not 0 } @using:
                            if (@using.Expression != null)
                            {
                                Count(@using.Expression, ref configured, ref total, calls);
                            }
                            else
                            {
                                CountDeclarators(@using.Declaration, ref configured, ref total, calls);
                            }

                            break;
                        case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 } declaration:
                            CountDeclarators(declaration.Declaration, ref configured, ref total, calls);
                            break;
                        case MethodDeclarationSyntax method when ReturnsConfiguredAwaitable(method.ReturnType):
                            helpers.Add(method.Identifier.ValueText);
                            break;
                    }
                }

                return new TreeCount(configured, total, calls, helpers);
            }

            private static void CountDeclarators(VariableDeclarationSyntax? declaration, ref int configured, ref int total, Dictionary<string, int> calls)
            {
                if (declaration is null)
                {
                    return;
                }

                foreach (var variable in declaration.Variables)
                {
                    if (variable.Initializer?.Value is { } value)
                    {
                        Count(value, ref configured, ref total, calls);
                    }
                }
            }

            private static void Count(ExpressionSyntax operand, ref int configured, ref int total, Dictionary<string, int> calls)
            {
                // x.ConfigureAwait(..) anywhere in a chain: source.ConfigureAwait(false).WithCancellation(ct) is configured.
                for (var current = Unparenthesized(operand); current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation;
                     current = Unparenthesized(access.Expression))
                {
                    if (access.Name.Identifier.ValueText == "ConfigureAwait")
                    {
                        var arguments = invocation.ArgumentList.Arguments;
                        if (arguments.Count == 1 && arguments[0].Expression.IsKind(SyntaxKind.TrueLiteralExpression))
                        {
                            return;
                        }

                        configured++;
                        total++;
                        return;
                    }
                }

                total++;
                if (Unparenthesized(operand) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } })
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
    }
}
