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
    /// A <c>SemaphoreSlim</c> that its type uses only as a mutex around synchronous work — the same thing as a <c>lock</c>,
    /// which no rule reports on an async path. Waiting on it is not a blocking call (TW102) nor a TW104 leaf. Strict
    /// conditions: a private field (or private get-only auto-property) of type <c>SemaphoreSlim</c>; every value it is
    /// given is <c>new SemaphoreSlim(1)</c> or <c>new SemaphoreSlim(1, 1)</c> (a free mutex, not a signal that starts at 0
    /// nor a throttle that admits several); inside its type (every partial declaration, nested types included) it is only
    /// waited on, released, disposed or its <c>CurrentCount</c> read, never handed to other code; and every section it
    /// guards (<c>Wait(); try { .. } finally { Release(); }</c>, or <c>await WaitAsync(..).ConfigureAwait(false)</c>
    /// before or first in such a <c>try</c>) awaits nothing, so no holder keeps it across I/O, no holder needs a context a
    /// blocked waiter could hold, and a blocked waiter waits microseconds (Lavalink4NET's player map, HiveMQtt's
    /// subscription list: in-memory edits under a semaphore that async holders take too).
    /// </summary>
    internal static class SyncMutexes
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<INamedTypeSymbol, ImmutableHashSet<ISymbol>>> s_byCompilation =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<INamedTypeSymbol, ImmutableHashSet<ISymbol>>>();

        /// <summary>Whether <paramref name="invocation"/> is <c>SemaphoreSlim.Wait(..)</c> on a sync-only mutex field (see the class summary).</summary>
        public static bool IsSyncMutexWait(IInvocationOperation invocation, KnownTypes types) =>
            invocation.TargetMethod.Name == "Wait" && IsOnSyncMutex(invocation, types);

        /// <summary>Whether <paramref name="invocation"/> is <c>SemaphoreSlim.WaitAsync(..)</c> on a sync-only mutex field.</summary>
        public static bool IsSyncMutexWaitAsync(IInvocationOperation invocation, KnownTypes types) =>
            invocation.TargetMethod.Name == "WaitAsync" && IsOnSyncMutex(invocation, types);

        private static bool IsOnSyncMutex(IInvocationOperation invocation, KnownTypes types)
        {
            ISymbol? gate = invocation.Instance?.WalkDownConversions() switch
            {
                IFieldReferenceOperation { Field: var field } => field,
                IPropertyReferenceOperation { Property: var property } => property,
                _ => null,
            };
            if (gate is null
                || !IsCandidate(gate, types)
                || invocation.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            var byType = s_byCompilation.GetValue(compilation, _ => new ConcurrentDictionary<INamedTypeSymbol, ImmutableHashSet<ISymbol>>(SymbolEqualityComparer.Default));
            var type = gate.ContainingType.OriginalDefinition;
            if (!byType.TryGetValue(type, out var mutexes))
            {
                mutexes = SyncMutexFields(type, compilation, types);
                byType.TryAdd(type, mutexes);
            }

            return mutexes.Contains(gate.OriginalDefinition);
        }

        // A private field, or a private get-only auto-property (its backing field is the gate).
        private static bool IsCandidate(ISymbol gate, KnownTypes types) =>
            gate.DeclaredAccessibility == Accessibility.Private
            && types.SemaphoreSlim != null
            && gate switch
            {
                IFieldSymbol field => SymbolEqualityComparer.Default.Equals(field.Type, types.SemaphoreSlim),
                IPropertySymbol { SetMethod: null, IsAbstract: false, IsVirtual: false, IsOverride: false } property =>
                    SymbolEqualityComparer.Default.Equals(property.Type, types.SemaphoreSlim) && AutoProperties.Is(property),
                _ => false,
            };

        /// <summary>The private semaphore fields and properties of <paramref name="type"/> that pass every condition; one scan per type and compilation.</summary>
        private static ImmutableHashSet<ISymbol> SyncMutexFields(INamedTypeSymbol type, Compilation compilation, KnownTypes types)
        {
            Dictionary<string, ISymbol>? candidates = null;
            foreach (var member in type.GetMembers())
            {
                if ((member is IFieldSymbol { IsImplicitlyDeclared: false } || member is IPropertySymbol) && IsCandidate(member, types))
                {
                    (candidates ??= new Dictionary<string, ISymbol>())[member.Name] = member;
                }
            }

            if (candidates is null)
            {
                return ImmutableHashSet<ISymbol>.Empty;
            }

            var rejected = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var assigned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var typeSyntax = reference.GetSyntax();
                if (!compilation.ContainsSyntaxTree(typeSyntax.SyntaxTree))
                {
                    return ImmutableHashSet<ISymbol>.Empty;
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
                                Initialized(declared, initializer.Value);
                            }

                            break;

                        // private SemaphoreSlim Gate { get; } = new(1, 1);
                        case PropertyDeclarationSyntax { Initializer: { } propertyInitializer } property
                            when candidates.TryGetValue(property.Identifier.ValueText, out var declaredProperty)
                            && SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(property), declaredProperty):
                            Initialized(declaredProperty, propertyInitializer.Value);
                            break;

                        // Judged from syntax first: a mutex use changes nothing, so only the others are bound to check
                        // that the name is the field (binding each method that names it was 0.2 s of a dense ×16 profile).
                        case IdentifierNameSyntax identifier when candidates.TryGetValue(identifier.Identifier.ValueText, out var used)
                            && !rejected.Contains(used)
                            && Judge(identifier, model, types) is var use && use != Use.Allowed
                            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier).Symbol?.OriginalDefinition, used):
                            switch (use)
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

            var builder = ImmutableHashSet.CreateBuilder<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var field in candidates.Values)
            {
                if (assigned.Contains(field) && !rejected.Contains(field))
                {
                    builder.Add(field);
                }
            }

            return builder.ToImmutable();

            void Initialized(ISymbol gate, ExpressionSyntax value)
            {
                assigned.Add(gate);
                if (!IsNewMutex(DriverModels.Of(compilation, value.SyntaxTree).GetOperation(value), types))
                {
                    rejected.Add(gate);
                }
            }
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
                                && (!IsInAsyncFunction(expression) || !AwaitsAfter(section.Block, wait))
                                ? Use.Allowed
                                : Use.Rejected;
                        case "WaitAsync" when access.Parent is InvocationExpressionSyntax waitAsync && waitAsync.Expression == access:
                            // await gate.WaitAsync(..).ConfigureAwait(false); as a statement, then a section that awaits nothing.
                            return AwaitedStatement(waitAsync) is { } awaited
                                && GuardedSection(awaited, identifier.Identifier.ValueText) is { } asyncSection
                                && !AwaitsAfter(asyncSection.Block, awaited)
                                ? Use.Allowed
                                : Use.Rejected;
                        case "Release" when access.Parent is InvocationExpressionSyntax release && release.Expression == access:
                            return !IsInAsyncFunction(expression) || EnclosingFinallyOfAwaitFreeTry(release, identifier.Identifier.ValueText) ? Use.Allowed : Use.Rejected;
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
        private static TryStatementSyntax? GuardedSection(ExpressionSyntax wait, string name)
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

        /// <summary>
        /// A release in the <c>finally</c> of a <c>try</c> whose block does not await, apart from an <c>await
        /// gate.WaitAsync()</c> that opens it: it ends a section that never spans an await.
        /// </summary>
        private static bool EnclosingFinallyOfAwaitFreeTry(SyntaxNode release, string name)
        {
            for (var current = release.Parent; current != null && !AsyncPath.IsFunction(current); current = current.Parent)
            {
                if (current is FinallyClauseSyntax { Parent: TryStatementSyntax @try })
                {
                    var opening = @try.Block.Statements.Count > 0 && @try.Block.Statements[0] is ExpressionStatementSyntax { Expression: AwaitExpressionSyntax first }
                        && IsWaitAsyncOf(first, name)
                        ? first
                        : null;
                    return !AwaitsAfter(@try.Block, opening);
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="block"/> awaits anywhere but in <paramref name="opening"/> (the wait that opens the section).</summary>
        private static bool AwaitsAfter(BlockSyntax block, SyntaxNode? opening)
        {
            foreach (var statement in block.Statements)
            {
                if (opening != null && statement.Span.Contains(opening.Span) && statement is ExpressionStatementSyntax { Expression: var expression } && expression == opening)
                {
                    continue;
                }

                if (AsyncPath.Awaits(statement))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The <c>await</c> of <c>await gate.WaitAsync(..).ConfigureAwait(false);</c> written as a statement; null otherwise.
        /// Only configured: the holder's continuation, which owns the slot, must not need a context that a thread blocked
        /// in <c>Wait()</c> may be holding (a UI thread waiting on a slot whose holder is queued to that very thread).
        /// </summary>
        private static AwaitExpressionSyntax? AwaitedStatement(InvocationExpressionSyntax waitAsync) =>
            waitAsync.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure
            && configure.Parent is InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } configured
            && arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression)
            && configured.Parent is AwaitExpressionSyntax { Parent: ExpressionStatementSyntax } awaited
                ? awaited
                : null;

        private static bool IsWaitAsyncOf(AwaitExpressionSyntax awaited, string name)
        {
            var operand = awaited.Expression;
            if (operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var inner } })
            {
                operand = inner;
            }

            return operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WaitAsync" } access }
                && Names(access.Expression, name);
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
                    && Names(access.Expression, name))
                {
                    return true;
                }
            }

            return false;
        }

        // _gate or this._gate
        private static bool Names(ExpressionSyntax expression, string name) =>
            expression is IdentifierNameSyntax { Identifier.ValueText: var target } && target == name
            || expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name.Identifier.ValueText: var member } && member == name;

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
