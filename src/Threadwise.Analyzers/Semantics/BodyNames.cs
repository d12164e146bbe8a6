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

        /// <summary>Whether <paramref name="name"/> may be called with no call written: a delegate call, an initializer's or a
        /// collection expression's <c>Add</c>, a query operator, an interpolated string's appends.</summary>
        public static bool MayBeCalledImplicitly(string name) =>
            name == DelegateInvoke || name == "Add" || System.Array.IndexOf(QueryOperators, name) >= 0 || System.Array.IndexOf(InterpolationAppends, name) >= 0;

        // One table of flags per name, not a set per kind of use: members are read by the thousand, and growing six sets
        // per member was most of the read.
        private readonly Dictionary<string, Use> _uses = new Dictionary<string, Use>(StringComparer.Ordinal);

        // int.Parse(..): the names called on a predefined type, with that type.
        private List<(string Name, SpecialType Type)>? _predefinedCalls;

        private BodyNames(MemberDeclarationSyntax member)
        {
            foreach (var item in member.DescendantNodesAndTokens())
            {
                if (item.IsToken)
                {
                    if (item.IsKind(SyntaxKind.IdentifierToken) && item.AsToken().ValueText is var text && text.EndsWith(AsyncSuffix, StringComparison.Ordinal))
                    {
                        Mark(text.Substring(0, text.Length - AsyncSuffix.Length), Use.AsyncStem);
                    }

                    continue;
                }

                switch (item.AsNode())
                {
                    case SimpleNameSyntax simple when !SyntaxFacts.IsInTypeOnlyContext(simple):
                        var name = simple.Identifier.ValueText;
                        if (!IsInvoked(simple))
                        {
                            Mark(name, Use.Referenced | Use.Otherwise);
                        }
                        else if (PredefinedQualifier(simple) is var special && special != SpecialType.None)
                        {
                            Mark(name, Use.Referenced | Use.Invoked | Use.OnPredefinedType);
                            (_predefinedCalls ??= new List<(string, SpecialType)>()).Add((name, special));
                        }
                        else
                        {
                            var onReceiver = simple.Parent is MemberAccessExpressionSyntax or MemberBindingExpressionSyntax;
                            Mark(name, Use.Referenced | Use.Invoked | (onReceiver ? Use.OnReceiver : Use.ByName));
                        }

                        break;
                    case ElementAccessExpressionSyntax or ElementBindingExpressionSyntax or ImplicitElementAccessSyntax:
                        Mark(Indexer, Use.Referenced);
                        break;
                    case InvocationExpressionSyntax:
                        Mark(DelegateInvoke, Use.Implicit);
                        break;
                    case InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.CollectionInitializerExpression)
                        || initializer.IsKind(SyntaxKind.ComplexElementInitializerExpression):
                    case CollectionExpressionSyntax:
                        Mark("Add", Use.Implicit);
                        break;
                    case QueryExpressionSyntax:
                        MarkAll(QueryOperators, Use.Implicit);
                        break;
                    case InterpolatedStringExpressionSyntax:
                        MarkAll(InterpolationAppends, Use.Implicit);
                        break;
                    case ParameterSyntax { Parent.Parent: LocalFunctionStatementSyntax local } parameter
                        when SyncMode.IsAsyncFlagName(parameter.Identifier.ValueText):
                        Mark(local.Identifier.ValueText, Use.ModeSelecting);
                        break;
                }
            }

            foreach (var pair in _uses)
            {
                if ((pair.Value & Use.Referenced) != 0)
                {
                    Referenced.Add(pair.Key);
                }

                if ((pair.Value & Use.Invoked) != 0)
                {
                    Invoked.Add(pair.Key);
                }
            }
        }

        [Flags]
        private enum Use : byte
        {
            Referenced = 1,
            Invoked = 2,

            /// <summary>Called on a receiver (<c>x.M(..)</c>, <c>x?.M(..)</c>).</summary>
            OnReceiver = 4,

            /// <summary>Called by its simple name (<c>M(..)</c>).</summary>
            ByName = 8,

            /// <summary>Read, passed as a method group, an initializer's target: anything but a call.</summary>
            Otherwise = 16,

            /// <summary>Called on a predefined type (<c>int.Parse(..)</c>): a static member of that type, or a static extension member on it.</summary>
            OnPredefinedType = 128,

            /// <summary>The member has an identifier named so plus <c>Async</c>.</summary>
            AsyncStem = 32,

            /// <summary>A local function with a parameter that can select a synchronous mode.</summary>
            ModeSelecting = 64,

            /// <summary>Called implicitly, on a receiver: an element access, an initializer, a query, an interpolated string.</summary>
            Implicit = Referenced | Invoked | OnReceiver,
        }

        /// <summary>The names of everything the member's code may call or read (not those that can only name a type), over-approximated.</summary>
        public List<string> Referenced { get; } = new List<string>();

        /// <summary>The names of the methods the member's code may call (<see cref="Referenced"/> has them too).</summary>
        public List<string> Invoked { get; } = new List<string>();

        /// <summary>
        /// Whether <paramref name="name"/> is among <see cref="Invoked"/> called on a receiver (<c>x.M(..)</c>, <c>x?.M(..)</c>) or
        /// implicitly; the others are only called by their simple name (<c>M(..)</c>), where name lookup, not a receiver's type, finds them.
        /// </summary>
        public bool IsInvokedOnReceiver(string name) => Has(name, Use.OnReceiver);

        /// <summary>
        /// Whether <paramref name="name"/> is among <see cref="Invoked"/> used only as <c>M(..)</c>, never on a receiver nor otherwise
        /// (read, passed as a method group, an initializer's target): name lookup finds it in the enclosing types, a local function,
        /// or behind a <c>using static</c>.
        /// </summary>
        public bool IsCalledByNameOnly(string name) =>
            _uses.TryGetValue(name, out var use) && (use & (Use.ByName | Use.OnReceiver | Use.OnPredefinedType | Use.Otherwise)) == Use.ByName;

        /// <summary>Whether <paramref name="name"/> is among <see cref="Invoked"/> called by its simple name (<c>M(..)</c>).</summary>
        public bool IsCalledByName(string name) => Has(name, Use.ByName);

        /// <summary>
        /// The predefined types <paramref name="name"/> is called on (<c>int.Parse(..)</c>: <see cref="SpecialType.System_Int32"/>);
        /// such calls are not among <see cref="IsInvokedOnReceiver"/>'s.
        /// </summary>
        public IEnumerable<SpecialType> PredefinedQualifiers(string name)
        {
            if (_predefinedCalls is null || !Has(name, Use.OnPredefinedType))
            {
                yield break;
            }

            foreach (var call in _predefinedCalls)
            {
                if (call.Name == name)
                {
                    yield return call.Type;
                }
            }
        }

        /// <summary>Whether the member has an identifier <paramref name="name"/><c>Async</c> (a local function or variable one may bind to).</summary>
        public bool HasAsyncStem(string name) => Has(name, Use.AsyncStem);

        /// <summary>Whether <paramref name="name"/> is a local function of the member with a parameter that can select a synchronous mode.</summary>
        public bool IsLocalModeSelecting(string name) => Has(name, Use.ModeSelecting);

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

        /// <summary>The type <c>int.M(..)</c> is qualified with, as a special type; None for any other name or qualifier.</summary>
        private static SpecialType PredefinedQualifier(SimpleNameSyntax name)
        {
            if (name.Parent is not MemberAccessExpressionSyntax { Expression: PredefinedTypeSyntax predefined } access || access.Name != name)
            {
                return SpecialType.None;
            }

            switch (predefined.Keyword.Kind())
            {
                case SyntaxKind.BoolKeyword: return SpecialType.System_Boolean;
                case SyntaxKind.ByteKeyword: return SpecialType.System_Byte;
                case SyntaxKind.SByteKeyword: return SpecialType.System_SByte;
                case SyntaxKind.ShortKeyword: return SpecialType.System_Int16;
                case SyntaxKind.UShortKeyword: return SpecialType.System_UInt16;
                case SyntaxKind.IntKeyword: return SpecialType.System_Int32;
                case SyntaxKind.UIntKeyword: return SpecialType.System_UInt32;
                case SyntaxKind.LongKeyword: return SpecialType.System_Int64;
                case SyntaxKind.ULongKeyword: return SpecialType.System_UInt64;
                case SyntaxKind.CharKeyword: return SpecialType.System_Char;
                case SyntaxKind.FloatKeyword: return SpecialType.System_Single;
                case SyntaxKind.DoubleKeyword: return SpecialType.System_Double;
                case SyntaxKind.DecimalKeyword: return SpecialType.System_Decimal;
                case SyntaxKind.StringKeyword: return SpecialType.System_String;
                case SyntaxKind.ObjectKeyword: return SpecialType.System_Object;
                default: return SpecialType.None;
            }
        }

        private bool Has(string name, Use use) => _uses.TryGetValue(name, out var found) && (found & use) != 0;

        private void Mark(string name, Use use) => _uses[name] = _uses.TryGetValue(name, out var found) ? found | use : use;

        private void MarkAll(string[] names, Use use)
        {
            foreach (var name in names)
            {
                Mark(name, use);
            }
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
