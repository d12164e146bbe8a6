using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// One member declaration of a type read for names only, for <see cref="LeafFreeBodies"/>: every name its code (local
    /// functions and lambdas included) can call or read a member by, and the implicit ones (<c>this[]</c> for an element
    /// access, <c>Add</c> for a collection initializer, the query operators for a query, <c>Invoke</c> for a delegate call,
    /// the append methods for an interpolated string); the <c>…Async</c> names it declares or uses; the local functions
    /// whose parameters can select a synchronous mode (<see cref="SyncMode"/>). No binding. Cached per declaration, so an
    /// IDE's next compilation reads only the members that changed.
    /// </summary>
    internal sealed class BodyNames
    {
        /// <summary>The name of an indexer as the compiler's name lookups hold it (<c>WellKnownMemberNames.Indexer</c>).</summary>
        public const string Indexer = "this[]";

        /// <summary>The method a delegate call runs.</summary>
        public const string DelegateInvoke = "Invoke";

        private const string AsyncSuffix = "Async";

        private static readonly ConditionalWeakTable<MemberDeclarationSyntax, BodyNames> Members =
            new ConditionalWeakTable<MemberDeclarationSyntax, BodyNames>();

        private static readonly string[] QueryOperators =
        {
            "Select", "SelectMany", "Where", "Join", "GroupJoin", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending",
            "GroupBy", "Cast",
        };

        private static readonly string[] InterpolationAppends = { "AppendLiteral", "AppendFormatted" };

        private BodyNames(MemberDeclarationSyntax member)
        {
            var calledByName = new HashSet<string>(StringComparer.Ordinal);
            var usedOtherwise = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in member.DescendantNodesAndTokens())
            {
                if (item.IsToken)
                {
                    var text = item.AsToken().ValueText;
                    if (item.IsKind(SyntaxKind.IdentifierToken) && text.EndsWith(AsyncSuffix, StringComparison.Ordinal))
                    {
                        AsyncStems.Add(text.Substring(0, text.Length - AsyncSuffix.Length));
                    }

                    continue;
                }

                switch (item.AsNode())
                {
                    case SimpleNameSyntax simple when !SyntaxFacts.IsInTypeOnlyContext(simple):
                        Referenced.Add(simple.Identifier.ValueText);
                        var onReceiver = simple.Parent is MemberAccessExpressionSyntax or MemberBindingExpressionSyntax;
                        if (IsInvoked(simple))
                        {
                            Invoked.Add(simple.Identifier.ValueText);
                            (onReceiver ? InvokedOnReceiver : calledByName).Add(simple.Identifier.ValueText);
                        }
                        else
                        {
                            usedOtherwise.Add(simple.Identifier.ValueText);
                        }

                        break;
                    case ElementAccessExpressionSyntax or ElementBindingExpressionSyntax or ImplicitElementAccessSyntax:
                        Referenced.Add(Indexer);
                        break;
                    case InvocationExpressionSyntax:
                        Invoked.Add(DelegateInvoke);
                        InvokedOnReceiver.Add(DelegateInvoke);
                        break;
                    case InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.CollectionInitializerExpression)
                        || initializer.IsKind(SyntaxKind.ComplexElementInitializerExpression):
                    case CollectionExpressionSyntax:
                        Invoked.Add("Add");
                        InvokedOnReceiver.Add("Add");
                        break;
                    case QueryExpressionSyntax:
                        Invoked.UnionWith(QueryOperators);
                        InvokedOnReceiver.UnionWith(QueryOperators);
                        break;
                    case InterpolatedStringExpressionSyntax:
                        Invoked.UnionWith(InterpolationAppends);
                        InvokedOnReceiver.UnionWith(InterpolationAppends);
                        break;
                    case ParameterSyntax { Parent.Parent: LocalFunctionStatementSyntax local } parameter
                        when SyncMode.IsAsyncFlagName(parameter.Identifier.ValueText):
                        LocalModeSelecting.Add(local.Identifier.ValueText);
                        break;
                }
            }

            Referenced.UnionWith(Invoked);
            calledByName.ExceptWith(InvokedOnReceiver);
            calledByName.ExceptWith(usedOtherwise);
            CalledByNameOnly = calledByName;
        }

        /// <summary>The names of everything the member's code may call or read (not those that can only name a type), over-approximated.</summary>
        public HashSet<string> Referenced { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The names of the methods the member's code may call (<see cref="Referenced"/> has them too).</summary>
        public HashSet<string> Invoked { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// The names of <see cref="Invoked"/> called on a receiver (<c>x.M(..)</c>, <c>x?.M(..)</c>) or implicitly; the others
        /// are only called by their simple name (<c>M(..)</c>), where name lookup, not a receiver's type, finds them.
        /// </summary>
        public HashSet<string> InvokedOnReceiver { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// The names of <see cref="Invoked"/> used only as <c>M(..)</c>, never on a receiver nor otherwise (read, passed as a
        /// method group, an initializer's target): name lookup finds them in the enclosing types, a local function, or behind
        /// a <c>using static</c>.
        /// </summary>
        public HashSet<string> CalledByNameOnly { get; }

        /// <summary>Names <c>N</c> for which the member has an identifier <c>NAsync</c> (a local function or variable one may bind to).</summary>
        public HashSet<string> AsyncStems { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The member's local functions with a parameter that can select a synchronous mode.</summary>
        public HashSet<string> LocalModeSelecting { get; } = new HashSet<string>(StringComparer.Ordinal);

        public static BodyNames Of(MemberDeclarationSyntax member) => Members.GetValue(member, m => new BodyNames(m));

        /// <summary>
        /// The member declaration of a type that holds <paramref name="node"/> (for a local function or accessor, the member it
        /// is in), or null: top-level statements, or no member at all.
        /// </summary>
        public static MemberDeclarationSyntax? MemberOf(SyntaxNode node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                if (current is MemberDeclarationSyntax member and not BaseTypeDeclarationSyntax and not DelegateDeclarationSyntax
                    and not BaseNamespaceDeclarationSyntax and not GlobalStatementSyntax
                    && current.Parent is TypeDeclarationSyntax)
                {
                    return member;
                }
            }

            return null;
        }

        /// <summary><c>M(..)</c>, <c>x.M(..)</c>, <c>x?.M(..)</c>, with or without type arguments.</summary>
        private static bool IsInvoked(SimpleNameSyntax name)
        {
            var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                || name.Parent is MemberBindingExpressionSyntax
                ? name.Parent
                : name;
            return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee;
        }
    }
}
