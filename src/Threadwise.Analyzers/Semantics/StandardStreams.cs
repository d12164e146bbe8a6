using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The process's standard streams: <c>Console.Out</c>, <c>Console.Error</c>, <c>Console.In</c>, the streams of
    /// <c>Console.OpenStandardOutput()</c>, <c>OpenStandardError()</c> and <c>OpenStandardInput()</c>, a reader or writer
    /// over one of them (<c>new StreamWriter(Console.OpenStandardError())</c>), and a field or property of the program's
    /// own that only ever holds one: a <c>private</c> or <c>readonly</c> field whose every store is one
    /// (<see cref="FieldStores"/>, lazy <c>if (_err == null) _err = ..</c> included), a property whose every getter in the
    /// compilation returns one (an interface property counts through its implementations here: git-credential-manager's
    /// <c>Context.Streams.Error</c>), and a property of another assembly that nothing in source implements or overrides
    /// when it is named as one (<c>Out</c>, <c>Error</c>, <c>In</c> of <c>IStandardStreams</c> or an <c>IConsole</c>: the same
    /// <c>Context.Streams.Error</c> read from git-credential-manager's provider assemblies). The console's streams do no asynchronous I/O: their <c>…Async</c> methods write or
    /// read synchronously, so awaiting them frees no thread (TW102's console exemption, TW104's leaves alike).
    /// </summary>
    internal static class StandardStreams
    {
        private const int MaxDepth = 2 * StreamWrappers.MaxDepth;

        // A source property belongs to one compilation; another assembly's is shared by every compilation that references
        // it (the IDE's next edit, other projects), while what implements it in source differs: cached per compilation.
        private static readonly ConditionalWeakTable<IPropertySymbol, StrongBox<bool>> Properties = new ConditionalWeakTable<IPropertySymbol, StrongBox<bool>>();

        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IPropertySymbol, bool>> ReferencedProperties =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<IPropertySymbol, bool>>();

        public static bool IsStandardStream(IOperation value, KnownTypes types) => Is(value, types, 0);

        private static bool Is(IOperation value, KnownTypes types, int depth)
        {
            if (depth > MaxDepth || types.Console is null)
            {
                return false;
            }

            value = value.WalkDownConversions();
            switch (value)
            {
                // Console.Out.WriteLine(..), Console.Error, Console.In.
                case IPropertyReferenceOperation property when KnownTypes.Is(property.Property.ContainingType, types.Console):
                    return true;

                case IInvocationOperation { TargetMethod.Name: "OpenStandardOutput" or "OpenStandardError" or "OpenStandardInput" } open:
                    return KnownTypes.Is(open.TargetMethod.ContainingType, types.Console);

                case IFieldReferenceOperation { Field: var field } when types.IsStreamReaderOrWriter(field.Type) && value.SemanticModel is { } model:
                    return FieldHoldsOnly(field, model, types, depth);

                case IPropertyReferenceOperation { Property: var property } when types.IsStreamReaderOrWriter(property.Type) && value.SemanticModel is { } model:
                    return property.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty
                        ? ReferencedProperties.GetValue(model.Compilation, _ => new ConcurrentDictionary<IPropertySymbol, bool>(SymbolEqualityComparer.Default))
                            .GetOrAdd(property.OriginalDefinition, p => GettersReturnOnly(p, model.Compilation, types, depth))
                        : Properties.GetValue(property.OriginalDefinition, p => new StrongBox<bool>(GettersReturnOnly(p, model.Compilation, types, depth))).Value;

                // _out ??= new StreamWriter(Console.OpenStandardOutput()): the field and what it is given.
                case ICoalesceAssignmentOperation lazy:
                    return Is(lazy.Value, types, depth + 1) && Is(lazy.Target, types, depth + 1);

                // new StreamWriter(Console.OpenStandardError()), a local initialized with one.
                default:
                    return StreamWrappers.Inner(value, types) is { } inner && Is(inner, types, depth + 1);
            }
        }

        // Every value the field is given is a standard stream (lazy stores included), and there is at least one.
        private static bool FieldHoldsOnly(IFieldSymbol field, SemanticModel model, KnownTypes types, int depth) =>
            FieldStores.HoldsOnly(field, model, lazyStores: true, value => Is(value, types, depth + 1));

        // The property itself, or for an interface property every implementation in the compilation: each getter, written
        // in source, returns only standard streams (at least one getter). A property of another assembly that nothing in
        // source implements or overrides has no getter to read: its names say it (NamedAsStandardStream).
        private static bool GettersReturnOnly(IPropertySymbol property, Compilation compilation, KnownTypes types, int depth)
        {
            if (property.DeclaringSyntaxReferences.IsEmpty && NamedAsStandardStream(property))
            {
                return !HasSourceImplementation(property, compilation);
            }

            var getters = 0;
            foreach (var implementation in Implementations(property, compilation))
            {
                if (implementation.GetMethod is not { } getter || getter.DeclaringSyntaxReferences.IsEmpty)
                {
                    return false;
                }

                foreach (var reference in getter.DeclaringSyntaxReferences)
                {
                    var returned = ReturnedExpressions(reference.GetSyntax());
                    if (returned is null || returned.Count == 0 || !compilation.ContainsSyntaxTree(reference.SyntaxTree))
                    {
                        return false;
                    }

                    var model = DriverModels.Of(compilation, reference.SyntaxTree);
                    foreach (var expression in returned)
                    {
                        if (model.GetOperation(expression) is not { } value || !Is(value, types, depth + 1))
                        {
                            return false;
                        }
                    }

                    getters++;
                }
            }

            return getters > 0;
        }

        /// <summary>
        /// <c>Out</c>, <c>Error</c> or <c>In</c> of a type named for the standard streams or the console
        /// (git-credential-manager's <c>IStandardStreams</c>, read by its provider assemblies; CommandLineUtils'
        /// <c>IConsole</c>): the convention such abstractions follow, and the only thing another assembly's property shows.
        /// <c>Process.StandardOutput</c> and its kin (a child's pipes) do not match.
        /// </summary>
        private static bool NamedAsStandardStream(IPropertySymbol property) =>
            property.Name is "Out" or "Error" or "In"
            && property.ContainingType is { Name: var type }
            && (type.IndexOf("StandardStream", StringComparison.Ordinal) >= 0 || type.IndexOf("Console", StringComparison.Ordinal) >= 0);

        // A source property that implements or overrides it: a test double or a program's own console may hand out anything.
        private static bool HasSourceImplementation(IPropertySymbol property, Compilation compilation)
        {
            foreach (var symbol in compilation.GetSymbolsWithName(property.Name, SymbolFilter.Member))
            {
                if (symbol is IPropertySymbol candidate
                    && (Overrides(candidate, property) || KnownTypes.Is(candidate.ContainingType.FindImplementationForInterfaceMember(property), candidate)))
                {
                    return true;
                }
            }

            return false;
        }

        // A property of a class or struct is its own implementation when no override can replace it; an interface
        // property's implementations are the source properties of the same name that implement it.
        private static IEnumerable<IPropertySymbol> Implementations(IPropertySymbol property, Compilation compilation)
        {
            if (property.ContainingType.TypeKind != TypeKind.Interface)
            {
                if (!property.IsVirtual && !property.IsAbstract && !(property.IsOverride && !property.IsSealed))
                {
                    yield return property;
                }

                yield break;
            }

            foreach (var symbol in compilation.GetSymbolsWithName(property.Name, SymbolFilter.Member))
            {
                if (symbol is IPropertySymbol candidate
                    && KnownTypes.Is(candidate.ContainingType.FindImplementationForInterfaceMember(property), candidate))
                {
                    yield return candidate;
                }
            }
        }

        private static bool Overrides(IPropertySymbol candidate, IPropertySymbol property)
        {
            for (var overridden = candidate.OverriddenProperty; overridden != null; overridden = overridden.OverriddenProperty)
            {
                if (KnownTypes.Is(overridden.OriginalDefinition, property.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        // What a getter returns: the arrow expression, or every return of its block (not of nested functions); null for an
        // auto-property or a getter that returns nothing it can show.
        private static List<ExpressionSyntax>? ReturnedExpressions(SyntaxNode getter)
        {
            switch (getter)
            {
                case ArrowExpressionClauseSyntax arrow:
                    return new List<ExpressionSyntax> { arrow.Expression };
                case AccessorDeclarationSyntax { ExpressionBody: { } body }:
                    return new List<ExpressionSyntax> { body.Expression };
                case AccessorDeclarationSyntax { Body: { } block }:
                    var returned = new List<ExpressionSyntax>();
                    foreach (var node in block.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
                    {
                        if (node is ReturnStatementSyntax { Expression: { } expression })
                        {
                            returned.Add(expression);
                        }
                    }

                    return returned;
                default:
                    return null;
            }
        }
    }
}
