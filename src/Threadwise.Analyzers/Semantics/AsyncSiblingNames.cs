using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The cheap test before <see cref="AsyncCounterpart"/> looks a name up: could <c>MAsync</c> bind at this call at all?
    /// Most calls (<c>list.Add</c>, <c>Path.Combine</c>) have no such sibling anywhere, and a hash lookup in a few name sets
    /// says so, where <c>SemanticModel.LookupSymbols</c> was a third of the rules' time. "No" is exact: the sets hold every
    /// name the rewritten call could bind to — the members of the receiver's type and its bases and interfaces, the
    /// extension methods and extension block members of every type that can declare them (source and references; one that only extends
    /// <c>IAsyncEnumerable&lt;T&gt;</c>, as .NET 10's LINQ twins do, only for a receiver that is one; none for a call by
    /// simple name), and, for an unqualified call, the members of the enclosing types and the words of the file's text
    /// that can declare its locals, local functions and parameters. "Maybe"
    /// goes on to the lookup. One instance per compilation (<see cref="CompilationContext"/>).
    /// </summary>
    internal sealed class AsyncSiblingNames
    {
        private const string AsyncSuffix = "Async";

        private readonly Lazy<ExtensionNameSets?> _extensionNames;
        private readonly INamedTypeSymbol? _asyncEnumerable;
        private readonly Lazy<bool> _hasGlobalUsingStatic;
        private readonly ConcurrentDictionary<SyntaxTree, FileNames> _files = new ConcurrentDictionary<SyntaxTree, FileNames>();

        public AsyncSiblingNames(Compilation compilation, KnownTypes types)
        {
            _asyncEnumerable = types.IAsyncEnumerableOfT;
            _extensionNames = new Lazy<ExtensionNameSets?>(() => ExtensionNames(compilation));
            _hasGlobalUsingStatic = new Lazy<bool>(() => HasGlobalUsingStatic(compilation));
        }

        /// <summary>
        /// Whether a call by simple name in <paramref name="tree"/> may bind a member that a <c>using static</c> imports: the
        /// file has one, or some file has a <c>global using static</c>.
        /// </summary>
        public bool ImportsStatically(SyntaxTree tree) =>
            _hasGlobalUsingStatic.Value || _files.GetOrAdd(tree, t => new FileNames(t)).HasUsingStatic;

        /// <summary>
        /// False when no member named <paramref name="name"/> can be what <c>receiver.name(..)</c> (or, for a call without
        /// receiver, <c>name(..)</c>) binds to at <paramref name="call"/>; true when it might.
        /// </summary>
        /// <param name="receiverType">The type the call is made on (instance, or extension receiver), or null.</param>
        /// <param name="qualifier">For a static call, the type it is qualified with, or null.</param>
        /// <param name="containingSymbol">The member the call is in.</param>
        public bool MightBind(string name, ITypeSymbol? receiverType, ITypeSymbol? qualifier, IMethodSymbol method, ExpressionSyntax callee, ISymbol containingSymbol)
        {
            var enclosingType = containingSymbol as INamedTypeSymbol ?? containingSymbol.ContainingType;
            if (!(receiverType is null && IsSimpleNameOutsideExtensionBlock(callee, enclosingType))
                && ExtensionsMightHave(name, receiverType ?? (IsQualifiedWithStaticClass(callee, method) ? method.ContainingType : null)))
            {
                return true;
            }

            if (receiverType != null)
            {
                return HierarchyMightHave(receiverType, name);
            }

            if (callee is MemberAccessExpressionSyntax)
            {
                // Type.M(..) becomes Type.MAsync(..): the qualifying type's static members (with its bases).
                return HierarchyMightHave(qualifier ?? method.ContainingType, name);
            }

            // M(..) becomes MAsync(..): whatever is in scope there. Locals, local functions and parameters are words of the
            // file; members come from the enclosing types; a 'using static' import could bring anything.
            var file = _files.GetOrAdd(callee.SyntaxTree, tree => new FileNames(tree));
            if (file.Identifiers.Contains(name) || file.HasUsingStatic || _hasGlobalUsingStatic.Value
                || HierarchyMightHave(method.ContainingType, name))
            {
                return true;
            }

            for (var type = enclosingType; type != null; type = type.ContainingType)
            {
                if (HierarchyMightHave(type, name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether an extension method or extension block member named <paramref name="name"/> might be found on
        /// <paramref name="receiverType"/> (null: not read).
        /// </summary>
        public bool ExtensionsMightHave(string name, ITypeSymbol? receiverType) =>
            _extensionNames.Value is not { } extensionNames || extensionNames.Names.Contains(name)
            || extensionNames.AsyncEnumerableOnly.Contains(name) && MightBeAsyncEnumerable(receiverType);

        /// <summary>
        /// Whether <c>Type.name(..)</c>, a call qualified with <paramref name="type"/> (a predefined type: no value can stand
        /// for it), might bind: a static member of the type or its bases, or an extension member (as <see cref="MightBind"/> reads a
        /// call with no receiver).
        /// </summary>
        public bool QualifiedCallMightBind(string name, ITypeSymbol type) =>
            ExtensionsMightHave(name, null) || HierarchyMightHave(type, name);

        /// <summary>
        /// <c>Math.Max(..)</c>: a static method of a static class, called qualified. The qualifier is that class, not a value
        /// (no value has a static class's type, so it cannot be a <c>Color Color</c> name either), and the binder tries the
        /// extensions in scope on it as on a receiver of that type (<c>Math.MaxAsync(1, 2)</c> binds an extension on
        /// <c>object</c>): an extension on <c>IAsyncEnumerable&lt;T&gt;</c>, which a static class does not implement, does not.
        /// </summary>
        private static bool IsQualifiedWithStaticClass(ExpressionSyntax callee, IMethodSymbol method) =>
            callee.IsKind(SyntaxKind.SimpleMemberAccessExpression) && method.IsStatic && !method.IsExtensionMethod
            && method.ContainingType is { TypeKind: TypeKind.Class, IsStatic: true };

        /// <summary>
        /// <c>M(..)</c> by simple name in a class, struct or interface: name lookup there finds no extension method or
        /// extension member, which needs a receiver (<c>this.MAsync()</c>); nor does a <c>using static</c> import one as a
        /// simple name. Inside a C# 14 extension block (a type of another kind) that is not read here.
        /// </summary>
        private static bool IsSimpleNameOutsideExtensionBlock(ExpressionSyntax callee, INamedTypeSymbol? enclosingType)
        {
            if (callee is not SimpleNameSyntax || enclosingType is null)
            {
                return false;
            }

            for (var type = enclosingType; type != null; type = type.ContainingType)
            {
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether an extension method on <c>IAsyncEnumerable&lt;T&gt;</c> could take <paramref name="receiverType"/>: it is, or
        /// implements, that interface; true where that is not read here (no receiver, a type parameter, an error type).
        /// </summary>
        private bool MightBeAsyncEnumerable(ITypeSymbol? receiverType) =>
            receiverType is not INamedTypeSymbol named || named.TypeKind == TypeKind.Error || _asyncEnumerable is null
            || KnownTypes.Implements(named, _asyncEnumerable);

        /// <summary>A type's members with those of its bases and interfaces, by name; true for types whose members are not read here.</summary>
        private static bool HierarchyMightHave(ITypeSymbol? type, string name)
        {
            if (type is not INamedTypeSymbol named || type.TypeKind == TypeKind.Error)
            {
                // Type parameters (constraints), arrays, pointers, dynamic: let the lookup answer.
                return true;
            }

            for (var current = named; current != null; current = current.BaseType)
            {
                if (Has(current, name))
                {
                    return true;
                }
            }

            foreach (var @interface in named.AllInterfaces)
            {
                if (Has(@interface, name))
                {
                    return true;
                }
            }

            return false;
        }

        // MemberNames is a set in the compiler's source and metadata symbols: Enumerable.Contains uses its own Contains.
        private static bool Has(INamedTypeSymbol type, string name) => type.MemberNames.Contains(name);

        private static ExtensionNameSets? ExtensionNames(Compilation compilation)
        {
            var sets = new ExtensionNameSets();
            AddExtensionNames(compilation.Assembly.GlobalNamespace, sets);
            // A referenced assembly's names are read from its metadata tables once per reference (ReferencedNames), not by
            // walking its symbols, which each new compilation (each csc run) builds again.
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                var referenced = ReferencedNames.Of(assembly);
                if (referenced.Unreadable)
                {
                    // Its names are not known: every name might bind.
                    return null;
                }

                sets.Names.UnionWith(referenced.ExtensionAsyncNames);
                sets.AsyncEnumerableOnly.UnionWith(referenced.AsyncEnumerableExtensionNames);
            }

            sets.AsyncEnumerableOnly.ExceptWith(sets.Names);
            return sets;
        }

        /// <summary>
        /// The <c>…Async</c> names of the extension methods and extension block members in the compilation and its references,
        /// and apart from them those borne only by extension methods on <c>IAsyncEnumerable&lt;T&gt;</c> (which bind only on such a receiver).
        /// </summary>
        private sealed class ExtensionNameSets
        {
            public HashSet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal);

            public HashSet<string> AsyncEnumerableOnly { get; } = new HashSet<string>(StringComparer.Ordinal);
        }

        /// <summary>
        /// The <c>…Async</c> member names of the top-level types that can hold extension methods (static classes, or
        /// types marked as holding them), with those of their nested types (C# 14 extension blocks).
        /// </summary>
        private static void AddExtensionNames(INamespaceSymbol root, ExtensionNameSets sets)
        {
            var namespaces = new Stack<INamespaceSymbol>();
            namespaces.Push(root);
            while (namespaces.Count > 0)
            {
                var current = namespaces.Pop();
                foreach (var nested in current.GetNamespaceMembers())
                {
                    namespaces.Push(nested);
                }

                foreach (var type in current.GetTypeMembers())
                {
                    AddHolderNames(type, sets.Names, sets.AsyncEnumerableOnly);
                }
            }
        }

        /// <summary>
        /// For a top-level <paramref name="type"/> that can hold extension methods (a static class, or a type marked as holding
        /// them): adds the <c>…Async</c> names of its extension methods and of the members of its nested types (C# 14 extension
        /// blocks), and returns true. Its other members (<c>File.ReadAllTextAsync</c>) bind only qualified with it or imported
        /// with <c>using static</c>, which <see cref="MightBind"/> reads apart. Also how <see cref="ReferencedNames"/> reads an
        /// assembly it has no metadata for.
        /// </summary>
        /// <param name="asyncEnumerableOnly">Receives the names borne only by extension methods on <c>IAsyncEnumerable&lt;T&gt;</c>
        /// (<see cref="AsyncEnumerableTwins"/>) instead of <paramref name="names"/>; the caller removes those also in <paramref name="names"/>.</param>
        internal static bool AddHolderNames(INamedTypeSymbol type, HashSet<string> names, HashSet<string> asyncEnumerableOnly)
        {
            if (!type.IsStatic && !type.MightContainExtensionMethods)
            {
                return false;
            }

            AddAsyncNames(type, names, asyncEnumerableOnly, extensionsOnly: true);
            foreach (var block in type.GetTypeMembers())
            {
                AddAsyncNames(block, names, asyncEnumerableOnly, extensionsOnly: false);
            }

            return true;
        }

        private static void AddAsyncNames(INamedTypeSymbol type, HashSet<string> names, HashSet<string> asyncEnumerableOnly, bool extensionsOnly)
        {
            foreach (var name in type.MemberNames)
            {
                if (!name.EndsWith(AsyncSuffix, StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var member in type.GetMembers(name))
                {
                    if (AsyncEnumerableTwins.IsAsyncEnumerableOnly(member))
                    {
                        asyncEnumerableOnly.Add(name);
                    }
                    else if (!extensionsOnly || member is IMethodSymbol { IsExtensionMethod: true })
                    {
                        names.Add(name);
                    }
                }
            }
        }

        private static bool HasGlobalUsingStatic(Compilation compilation)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.GetRoot() is CompilationUnitSyntax unit)
                {
                    foreach (var directive in unit.Usings)
                    {
                        if (directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// One file's <c>…Async</c> words that can declare a local, local function or parameter, and whether it imports a
        /// type's members with <c>using static</c>. The words are read from the text, not the tokens (a token walk of every
        /// file was a fifth of TW102's time): every identifier is a word of the text, so a name missing from the words is
        /// missing from the identifiers; words in comments and strings only make the answer "might" more often. A word right
        /// of a dot (<c>reader.ReadAsync</c>) is left out: a declared name never stands there, and a file's own
        /// <c>ReadAsync</c> calls made <c>Read(row)</c> look up a twin in scope for nothing.
        /// </summary>
        private sealed class FileNames
        {
            public FileNames(SyntaxTree tree)
            {
                var text = tree.GetText().ToString();
                if (text.IndexOf("\\u", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    // A Unicode escape may spell an identifier the text does not show: read the tokens.
                    foreach (var token in tree.GetRoot().DescendantTokens())
                    {
                        if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText.EndsWith(AsyncSuffix, StringComparison.Ordinal))
                        {
                            Identifiers.Add(token.ValueText);
                        }
                    }
                }
                else
                {
                    AddWords(text);
                }

                HasUsingStatic = tree.GetRoot() is CompilationUnitSyntax unit && HasUsingStaticIn(unit.Usings, unit.Members);
            }

            private void AddWords(string text)
            {
                for (var end = text.IndexOf(AsyncSuffix, StringComparison.Ordinal); end >= 0; end = text.IndexOf(AsyncSuffix, end + 1, StringComparison.Ordinal))
                {
                    var after = end + AsyncSuffix.Length;
                    if (after < text.Length && IsWordPart(text[after]))
                    {
                        continue;
                    }

                    var first = end;
                    while (first > 0 && IsWordPart(text[first - 1]))
                    {
                        first--;
                    }

                    if (!FollowsDot(text, first))
                    {
                        Identifiers.Add(text.Substring(first, after - first));
                    }
                }
            }

            // reader.ReadAsync, Foo.ReadAsync: a word right of a dot names a member; it declares no local, parameter or local function.
            private static bool FollowsDot(string text, int first)
            {
                var before = first - 1;
                while (before >= 0 && char.IsWhiteSpace(text[before]))
                {
                    before--;
                }

                return before >= 0 && text[before] == '.';
            }

            // The characters an identifier can continue with (letters, digits, connectors, combining and format characters).
            private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c == '_' || CharUnicodeInfo.GetUnicodeCategory(c) is
                UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.Format;

            private static bool HasUsingStaticIn(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<MemberDeclarationSyntax> members)
            {
                foreach (var directive in usings)
                {
                    if (directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                    {
                        return true;
                    }
                }

                foreach (var member in members)
                {
                    if (member is BaseNamespaceDeclarationSyntax space && HasUsingStaticIn(space.Usings, space.Members))
                    {
                        return true;
                    }
                }

                return false;
            }

            public HashSet<string> Identifiers { get; } = new HashSet<string>(StringComparer.Ordinal);

            public bool HasUsingStatic { get; }
        }
    }
}
