using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// An async lock (a type with <c>Lock(..)</c> returning a disposable and <c>LockAsync(..)</c>, as Foundatio's and
    /// Nito's <c>AsyncLock</c>) that its type never holds across an await: the synchronous <c>Lock()</c> then waits only for
    /// other holders' synchronous sections, the same wait as a <c>lock</c> statement's, which no rule reports. Strict
    /// conditions: a private field declared in source; inside its type (every partial declaration, nested types included)
    /// it is only given a value where it is declared, and only taken as <c>using (_lock.Lock(..)) { .. }</c>,
    /// <c>using (await _lock.LockAsync(..)[.ConfigureAwait(..)]) { .. }</c> or the same as a <c>using</c> declaration,
    /// and no such section contains an await. Handed to other code, taken any other way, or held across an await, the
    /// lock's wait may last as long as someone's I/O, and <c>Lock()</c> stays a blocking call.
    /// </summary>
    internal static class ShortLockHolds
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IFieldSymbol, bool>> s_byCompilation =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<IFieldSymbol, bool>>();

        /// <summary>Whether <paramref name="invocation"/> is <c>Lock(..)</c> on such a field (see the class summary).</summary>
        public static bool IsShortHoldLock(IInvocationOperation invocation)
        {
            if (invocation.TargetMethod is not { Name: "Lock", IsStatic: false } method
                || method.ReturnType.SpecialType == SpecialType.System_Void
                || invocation.Instance?.WalkDownConversions() is not IFieldReferenceOperation { Field: var field }
                || field.DeclaredAccessibility != Accessibility.Private || field.IsImplicitlyDeclared
                || !HasLockAsync(field.Type)
                || invocation.SemanticModel?.Compilation is not { } compilation)
            {
                return false;
            }

            var byField = s_byCompilation.GetValue(compilation, _ => new ConcurrentDictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default));
            field = field.OriginalDefinition;
            if (!byField.TryGetValue(field, out var shortHolds))
            {
                shortHolds = NeverHeldAcrossAwait(field, compilation);
                byField.TryAdd(field, shortHolds);
            }

            return shortHolds;
        }

        private static bool HasLockAsync(ITypeSymbol type)
        {
            foreach (var member in type.GetMembers("LockAsync"))
            {
                if (member is IMethodSymbol { IsStatic: false })
                {
                    return true;
                }
            }

            return false;
        }

        private static bool NeverHeldAcrossAwait(IFieldSymbol field, Compilation compilation)
        {
            if (FieldUses.InOwnType(field, compilation) is not { } uses)
            {
                return false;
            }

            var held = false;
            foreach (var (name, _) in uses)
            {
                if (HeldAcrossAwait(name) is not false)
                {
                    return false;
                }

                held = true;
            }

            return held;
        }

        /// <summary>Whether a use of the field holds the lock across an await; null when the use is not a hold at all.</summary>
        private static bool? HeldAcrossAwait(IdentifierNameSyntax identifier)
        {
            // _lock, this._lock, or owner._lock from a nested type.
            ExpressionSyntax expression = identifier.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == identifier
                ? qualified
                : identifier;
            if (expression.Parent is not MemberAccessExpressionSyntax access || access.Expression != expression
                || access.Parent is not InvocationExpressionSyntax taken || taken.Expression != access)
            {
                return null;
            }

            ExpressionSyntax acquired;
            switch (access.Name.Identifier.ValueText)
            {
                case "Lock":
                    acquired = taken;
                    break;
                case "LockAsync":
                    // await _lock.LockAsync(token), .ConfigureAwait(false), .AnyContext()
                    ExpressionSyntax awaited = taken;
                    while (awaited.Parent is MemberAccessExpressionSyntax configure && configure.Expression == awaited
                        && configure.Parent is InvocationExpressionSyntax configured && configured.Expression == configure)
                    {
                        awaited = configured;
                    }

                    if (awaited.Parent is not AwaitExpressionSyntax await)
                    {
                        return null;
                    }

                    acquired = await;
                    break;
                default:
                    return null;
            }

            switch (acquired.Parent)
            {
                case UsingStatementSyntax statement when statement.Expression == acquired:
                    return AsyncPath.Awaits(statement.Statement);

                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } } }
                    when declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) && declaration.Parent is BlockSyntax block:
                    // using var handle = _lock.Lock(); holds it to the end of the block.
                    for (var i = block.Statements.IndexOf(declaration) + 1; i < block.Statements.Count; i++)
                    {
                        if (AsyncPath.Awaits(block.Statements[i]))
                        {
                            return true;
                        }
                    }

                    return false;

                default:
                    return null;
            }
        }
    }
}
