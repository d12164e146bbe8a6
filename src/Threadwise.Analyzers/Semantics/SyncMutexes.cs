using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A <c>SemaphoreSlim</c> that its type uses only as a synchronous mutex — the same thing as a <c>lock</c>, which no
    /// rule reports on an async path. Waiting on it is not a blocking call (TW102) nor a TW104 leaf. Strict conditions:
    /// a private field of type <c>SemaphoreSlim</c>; every value it is given is <c>new SemaphoreSlim(1)</c> or
    /// <c>new SemaphoreSlim(1, 1)</c> (a free mutex, not a signal that starts at 0 nor a throttle that admits several);
    /// inside its type (every partial declaration, nested types included) it is only waited on with <c>Wait(..)</c>,
    /// released, disposed or its <c>CurrentCount</c> read — never <c>WaitAsync</c> (async waiters would queue behind
    /// blocked threads), never handed to other code, and never touched inside an <c>async</c> method, lambda or local
    /// function (where the section it guards could span an await and the wait would last as long as that I/O).
    /// </summary>
    internal static class SyncMutexes
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<INamedTypeSymbol, ImmutableHashSet<IFieldSymbol>>> s_byCompilation =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<INamedTypeSymbol, ImmutableHashSet<IFieldSymbol>>>();

        /// <summary>Whether <paramref name="invocation"/> is <c>SemaphoreSlim.Wait(..)</c> on a sync-only mutex field (see the class summary).</summary>
        public static bool IsSyncMutexWait(IInvocationOperation invocation, KnownTypes types)
        {
            if (invocation.TargetMethod.Name != "Wait"
                || invocation.Instance?.WalkDownConversions() is not IFieldReferenceOperation { Field: var field }
                || !IsCandidate(field, types)
                || invocation.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            var byType = s_byCompilation.GetValue(compilation, _ => new ConcurrentDictionary<INamedTypeSymbol, ImmutableHashSet<IFieldSymbol>>(SymbolEqualityComparer.Default));
            var type = field.ContainingType.OriginalDefinition;
            if (!byType.TryGetValue(type, out var mutexes))
            {
                mutexes = SyncMutexFields(type, compilation, types);
                byType.TryAdd(type, mutexes);
            }

            return mutexes.Contains(field.OriginalDefinition);
        }

        private static bool IsCandidate(IFieldSymbol field, KnownTypes types) =>
            field.DeclaredAccessibility == Accessibility.Private
            && types.SemaphoreSlim != null
            && SymbolEqualityComparer.Default.Equals(field.Type, types.SemaphoreSlim);

        /// <summary>The private semaphore fields of <paramref name="type"/> that pass every condition; one scan per type and compilation.</summary>
        private static ImmutableHashSet<IFieldSymbol> SyncMutexFields(INamedTypeSymbol type, Compilation compilation, KnownTypes types)
        {
            Dictionary<string, IFieldSymbol>? candidates = null;
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol field && !field.IsImplicitlyDeclared && IsCandidate(field, types))
                {
                    (candidates ??= new Dictionary<string, IFieldSymbol>())[field.Name] = field;
                }
            }

            if (candidates is null)
            {
                return ImmutableHashSet<IFieldSymbol>.Empty;
            }

            var rejected = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
            var assigned = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var typeSyntax = reference.GetSyntax();
                if (!compilation.ContainsSyntaxTree(typeSyntax.SyntaxTree))
                {
                    return ImmutableHashSet<IFieldSymbol>.Empty;
                }

                var model = DriverModels.Of(compilation, typeSyntax.SyntaxTree);
                foreach (var node in typeSyntax.DescendantNodes())
                {
                    switch (node)
                    {
                        // private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                        case VariableDeclaratorSyntax declarator when candidates.TryGetValue(declarator.Identifier.ValueText, out var declared)
                            && declarator.Parent?.Parent is FieldDeclarationSyntax:
                            if (model.GetDeclaredSymbol(declarator) is IFieldSymbol declaredField && SymbolEqualityComparer.Default.Equals(declaredField, declared)
                                && declarator.Initializer is { } initializer)
                            {
                                assigned.Add(declared);
                                if (!IsNewMutex(model.GetOperation(initializer.Value), types))
                                {
                                    rejected.Add(declared);
                                }
                            }

                            break;

                        case IdentifierNameSyntax identifier when candidates.TryGetValue(identifier.Identifier.ValueText, out var used)
                            && !rejected.Contains(used)
                            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier).Symbol?.OriginalDefinition, used):
                            switch (Judge(identifier, model, types))
                            {
                                case Use.Assigned:
                                    assigned.Add(used);
                                    break;
                                case Use.Rejected:
                                    rejected.Add(used);
                                    break;
                            }

                            break;
                    }
                }
            }

            var builder = ImmutableHashSet.CreateBuilder<IFieldSymbol>(SymbolEqualityComparer.Default);
            foreach (var field in candidates.Values)
            {
                if (assigned.Contains(field) && !rejected.Contains(field))
                {
                    builder.Add(field);
                }
            }

            return builder.ToImmutable();
        }

        private enum Use
        {
            Allowed,
            Assigned,
            Rejected,
        }

        /// <summary>One use of the field inside its type: a mutex use, a mutex assignment, or anything that disqualifies it.</summary>
        private static Use Judge(IdentifierNameSyntax identifier, SemanticModel model, KnownTypes types)
        {
            // _gate or this._gate
            ExpressionSyntax expression = identifier.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == identifier
                && qualified.Expression is ThisExpressionSyntax
                ? qualified
                : identifier;

            switch (expression.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == expression:
                    return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsNewMutex(model.GetOperation(assignment.Right), types)
                        ? Use.Assigned
                        : Use.Rejected;

                case MemberAccessExpressionSyntax access when access.Expression == expression:
                    switch (access.Name.Identifier.ValueText)
                    {
                        case "Wait" when access.Parent is InvocationExpressionSyntax wait && wait.Expression == access:
                            return GuardedSection(wait, identifier.Identifier.ValueText) is { } section
                                && (!IsInAsyncFunction(expression) || !AsyncPath.Awaits(section.Block))
                                ? Use.Allowed
                                : Use.Rejected;
                        case "Release" when access.Parent is InvocationExpressionSyntax release && release.Expression == access:
                            return !IsInAsyncFunction(expression) || EnclosingFinallyOfAwaitFreeTry(release) ? Use.Allowed : Use.Rejected;
                        case "Dispose" when access.Parent is InvocationExpressionSyntax dispose && dispose.Expression == access:
                            return Use.Allowed;
                        case "CurrentCount":
                            return Use.Allowed;
                        default:
                            // WaitAsync, AvailableWaitHandle: async waiters or other waiters the type cannot see.
                            return Use.Rejected;
                    }

                case ConditionalAccessExpressionSyntax { WhenNotNull: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" } } conditional
                    when conditional.Expression == expression:
                    return Use.Allowed;

                default:
                    // Passed, returned, stored elsewhere, captured by ref: other code may wait on it in other ways.
                    return Use.Rejected;
            }
        }

        /// <summary>
        /// The shape <c>lock</c> compiles to: <c>gate.Wait(); try { .. } finally { gate.Release(); }</c>, the wait as the first
        /// statement of such a <c>try</c>, or <c>if (gate.Wait(timeout)) { try { .. } finally { gate.Release(); } }</c>. A wait
        /// that is not paired with a release in a <c>finally</c> may be waiting for something else (a reply, a signal).
        /// </summary>
        private static TryStatementSyntax? GuardedSection(InvocationExpressionSyntax wait, string name)
        {
            switch (wait.Parent)
            {
                case ExpressionStatementSyntax { Parent: BlockSyntax block } statement:
                    var index = block.Statements.IndexOf(statement);
                    if (index + 1 < block.Statements.Count && block.Statements[index + 1] is TryStatementSyntax next && ReleasesIn(next, name))
                    {
                        return next;
                    }

                    return index == 0 && block.Parent is TryStatementSyntax enclosing && enclosing.Block == block && ReleasesIn(enclosing, name)
                        ? enclosing
                        : null;

                case IfStatementSyntax conditional when conditional.Condition == wait:
                    var body = conditional.Statement is BlockSyntax { Statements.Count: > 0 } thenBlock ? thenBlock.Statements[0] : conditional.Statement;
                    return body is TryStatementSyntax guarded && ReleasesIn(guarded, name) ? guarded : null;

                default:
                    return null;
            }
        }

        /// <summary>A release in the <c>finally</c> of a <c>try</c> whose block does not await: it ends a section that never spans an await.</summary>
        private static bool EnclosingFinallyOfAwaitFreeTry(SyntaxNode release)
        {
            for (var current = release.Parent; current != null && !AsyncPath.IsFunction(current); current = current.Parent)
            {
                if (current is FinallyClauseSyntax { Parent: TryStatementSyntax @try })
                {
                    return !AsyncPath.Awaits(@try.Block);
                }
            }

            return false;
        }

        private static bool ReleasesIn(TryStatementSyntax @try, string name)
        {
            if (@try.Finally is null)
            {
                return false;
            }

            foreach (var node in @try.Finally.Block.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Release" } access }
                    && (access.Expression is IdentifierNameSyntax { Identifier.ValueText: var target } && target == name
                        || access.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name.Identifier.ValueText: var member } && member == name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>new SemaphoreSlim(1)</c> or <c>new SemaphoreSlim(1, 1)</c>: one free slot, at most one holder.</summary>
        private static bool IsNewMutex(IOperation? value, KnownTypes types)
        {
            if (value?.WalkDownConversions() is not IObjectCreationOperation creation
                || !KnownTypes.Is(creation.Type, types.SemaphoreSlim)
                || creation.Arguments.Length == 0)
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.Value.WalkDownConversions().ConstantValue is not { HasValue: true, Value: 1 })
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsInAsyncFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                    case LocalFunctionStatementSyntax local:
                        return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case BaseMethodDeclarationSyntax method:
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case AccessorDeclarationSyntax or BasePropertyDeclarationSyntax or BaseFieldDeclarationSyntax or TypeDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }
    }
}
