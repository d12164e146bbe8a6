using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A set of methods named by documentation-comment IDs, as users write them in <c>.editorconfig</c> lists
    /// (<c>threadwise.cpu_bound_methods</c>, <c>threadwise.excluded_async_counterparts</c>) and as built-in lists are written.
    /// <c>M:Ns.Type.Method(System.Int32)</c> names one overload; without the parameter list (<c>M:Ns.Type.Method</c>) it
    /// names every overload; <c>T:Ns.Type</c> names every method of the type. The <c>M:</c> prefix may be left out, and so
    /// may generic arities (<c>Ns.DbSet.Add</c> matches <c>M:Ns.DbSet`1.Add(`0)</c>). Matching is by the symbol's own ID,
    /// so a type declared in source with the same namespace and name matches like the one in a package.
    /// </summary>
    internal sealed class MethodList
    {
        public static readonly MethodList Empty = new MethodList(ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty);

        private static readonly char[] Separators = { '.', ':' };

        private readonly ImmutableHashSet<string> _overloads;
        private readonly ImmutableHashSet<string> _methodNames;
        private readonly ImmutableHashSet<string> _types;

        // The simple names in the entries (Method, .ctor; Type): a symbol whose own name is not among them cannot match, so
        // its documentation ID (a string built per call) is computed only when it is. Most calls asked about match nothing.
        private readonly HashSet<string> _simpleMemberNames = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _simpleTypeNames = new HashSet<string>(StringComparer.Ordinal);

        private MethodList(ImmutableHashSet<string> overloads, ImmutableHashSet<string> methodNames, ImmutableHashSet<string> types)
        {
            _overloads = overloads;
            _methodNames = methodNames;
            _types = types;
            foreach (var id in overloads)
            {
                _simpleMemberNames.Add(SimpleMemberName(id));
            }

            foreach (var id in types)
            {
                _simpleTypeNames.Add(LastSegment(id));
            }
        }

        public bool IsEmpty => ReferenceEquals(this, Empty);

        public static MethodList Create(IEnumerable<string> entries)
        {
            var overloads = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            var methodNames = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            var types = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (entry.StartsWith("T:", StringComparison.Ordinal))
                {
                    types.Add(WithoutArity(entry));
                    continue;
                }

                if (entry.Length > 1 && entry[1] == ':' && entry[0] != 'M')
                {
                    continue; // P:, F:, E:, N: name no method
                }

                var id = entry.StartsWith("M:", StringComparison.Ordinal) ? entry : "M:" + entry;
                if (id.IndexOf('(') >= 0)
                {
                    overloads.Add(id);
                }
                else
                {
                    overloads.Add(id); // a method without parameters has no parameter list in its ID
                    methodNames.Add(WithoutArity(id));
                }
            }

            return overloads.Count == 0 && types.Count == 0
                ? Empty
                : new MethodList(overloads.ToImmutable(), methodNames.ToImmutable(), types.ToImmutable());
        }

        /// <summary>This list and <paramref name="other"/> together.</summary>
        public MethodList Union(MethodList other) =>
            other.IsEmpty ? this
            : IsEmpty ? other
            : new MethodList(_overloads.Union(other._overloads), _methodNames.Union(other._methodNames), _types.Union(other._types));

        /// <summary>The method (its original definition) is listed, by overload, by name, or through its containing type.</summary>
        public bool Contains(IMethodSymbol method)
        {
            if (IsEmpty)
            {
                return false;
            }

            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (method.Name.IndexOf('.') < 0 && !_simpleMemberNames.Contains(method.Name))
            {
                // Not listed by overload or name (an explicit implementation's name, I.M, is always read in full).
                return ContainsType(method.ContainingType);
            }

            var id = method.GetDocumentationCommentId();
            if (id is null)
            {
                return false;
            }

            if (_overloads.Contains(id) || !_methodNames.IsEmpty && _methodNames.Contains(NameOnly(id)))
            {
                return true;
            }

            return ContainsType(method.ContainingType);
        }

        /// <summary>The type itself (not its base types) is listed with a <c>T:</c> entry.</summary>
        public bool ContainsType(ITypeSymbol? type) =>
            !_types.IsEmpty && type != null && _simpleTypeNames.Contains(type.Name)
            && type.OriginalDefinition.GetDocumentationCommentId() is { } typeId && _types.Contains(WithoutArity(typeId));

        /// <summary>The type or one of its base types is listed with a <c>T:</c> entry.</summary>
        public bool ContainsTypeOrBase(ITypeSymbol? type)
        {
            if (_types.IsEmpty)
            {
                return false;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                if (ContainsType(current))
                {
                    return true;
                }
            }

            return false;
        }

        // M:Ns.Type`1.Method``1(``0) → Method; M:Ns.Type.#ctor(System.Int32) → .ctor, as IMethodSymbol.Name spells it.
        private static string SimpleMemberName(string id)
        {
            var name = LastSegment(NameOnly(id));
            return name.Length > 0 && name[0] == '#' ? "." + name.Substring(1) : name;
        }

        // T:Ns.Outer.Inner → Inner; T:GlobalType → GlobalType (a type in the global namespace has no dot after the prefix).
        private static string LastSegment(string id) => id.Substring(id.LastIndexOfAny(Separators) + 1);

        // M:Ns.Type`1.Method``1(``0) → M:Ns.Type.Method
        private static string NameOnly(string id)
        {
            var end = id.IndexOf('(');
            return WithoutArity(end < 0 ? id : id.Substring(0, end));
        }

        // Ns.Type`1.Method``2 → Ns.Type.Method: users rarely write arities, and a type's ID has no parameter list.
        private static string WithoutArity(string id)
        {
            if (id.IndexOf('`') < 0)
            {
                return id;
            }

            var builder = new StringBuilder(id.Length);
            for (var i = 0; i < id.Length; i++)
            {
                if (id[i] == '`')
                {
                    while (i + 1 < id.Length && (id[i + 1] == '`' || char.IsDigit(id[i + 1])))
                    {
                        i++;
                    }

                    continue;
                }

                builder.Append(id[i]);
            }

            return builder.ToString();
        }
    }
}
