using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>What a scope releases when a <c>return</c> leaves it.</summary>
    internal enum ReleaseKind
    {
        Using,
        UsingDeclaration,
        Finally,
        Lock,
    }

    /// <summary>
    /// One scope a <c>return</c> leaves and what leaving it releases: the variables a <c>using</c> disposes (empty for an
    /// unnamed resource such as <c>using (Lock())</c>), what a <c>finally</c> block disposes or returns to a pool, whether
    /// it releases a lock, and the statement whose body holds the return (where derived variables are looked for).
    /// </summary>
    internal sealed class ScopeRelease
    {
        public ScopeRelease(ReleaseKind kind, IOperation scope, IOperation body, ImmutableArray<ISymbol> released, IOperation? unnamedResource, bool releasesLock)
        {
            Kind = kind;
            Scope = scope;
            Body = body;
            Released = released;
            UnnamedResource = unnamedResource;
            ReleasesLock = releasesLock;
        }

        public ReleaseKind Kind { get; }

        public IOperation Scope { get; }

        public IOperation Body { get; }

        public ImmutableArray<ISymbol> Released { get; }

        public IOperation? UnnamedResource { get; }

        public bool ReleasesLock { get; }
    }

    /// <summary>
    /// The scopes a <c>return</c> leaves inside its own function (never past a lambda or local function boundary), innermost
    /// first: a <c>using</c> statement whose body holds it, <c>using</c> declarations earlier in an enclosing block, a
    /// <c>try</c> with a <c>finally</c> (from its body or a catch), a <c>lock</c>. Everything each releases runs as the
    /// function returns, before any task it returns has finished.
    /// </summary>
    internal static class ScopeExits
    {
        public static List<ScopeRelease> LeftBy(IOperation @return, KnownTypes types)
        {
            var scopes = new List<ScopeRelease>();
            var child = @return;
            for (var current = @return.Parent; current != null && !current.IsFunctionBoundary(); child = current, current = current.Parent)
            {
                switch (current)
                {
                    case IUsingOperation { IsAsynchronous: false } @using when child == @using.Body:
                        scopes.Add(ForUsing(@using));
                        break;
                    case IBlockOperation block:
                        AddUsingDeclarations(block, child, scopes);
                        break;
                    case ITryOperation { Finally: { } @finally } @try when child != @finally:
                        var (released, releasesLock) = ReleasedIn(@finally, types);
                        if (!released.IsEmpty || releasesLock)
                        {
                            scopes.Add(new ScopeRelease(ReleaseKind.Finally, @try, @try.Body, HandedOff(released, @finally, @try.Body), null, releasesLock));
                        }

                        break;
                    case ILockOperation @lock when child == @lock.Body:
                        scopes.Add(new ScopeRelease(ReleaseKind.Lock, @lock, @lock.Body, ImmutableArray<ISymbol>.Empty, null, releasesLock: true));
                        break;
                }
            }

            return scopes;
        }

        private static ScopeRelease ForUsing(IUsingOperation @using)
        {
            var released = ImmutableArray.CreateBuilder<ISymbol>();
            IOperation? unnamed = null;
            if (@using.Resources is IVariableDeclarationGroupOperation group)
            {
                AddDeclared(group, released);
            }
            else if (@using.Resources.ReferencedVariable() is { } variable)
            {
                released.Add(variable);
            }
            else
            {
                unnamed = @using.Resources.WalkDownConversions();
            }

            return new ScopeRelease(ReleaseKind.Using, @using, @using.Body, released.ToImmutable(), unnamed, releasesLock: false);
        }

        /// <summary><c>using var x = ...;</c> statements of the block that come before the statement holding the return.</summary>
        private static void AddUsingDeclarations(IBlockOperation block, IOperation child, List<ScopeRelease> scopes)
        {
            var index = block.Operations.IndexOf(child);
            for (var i = index - 1; i >= 0; i--)
            {
                if (block.Operations[i] is IUsingDeclarationOperation { IsAsynchronous: false } declaration)
                {
                    var released = ImmutableArray.CreateBuilder<ISymbol>();
                    AddDeclared(declaration.DeclarationGroup, released);
                    scopes.Add(new ScopeRelease(ReleaseKind.UsingDeclaration, declaration, block, released.ToImmutable(), null, releasesLock: false));
                }
            }
        }

        private static void AddDeclared(IVariableDeclarationGroupOperation group, ImmutableArray<ISymbol>.Builder released)
        {
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    released.Add(declarator.Symbol);
                }
            }
        }

        /// <summary>
        /// What a finally block releases: the variables it disposes or closes (<c>x.Dispose()</c>, <c>x?.Dispose()</c>),
        /// the arrays it returns to an <c>ArrayPool</c>, and whether it releases a lock (<c>SemaphoreSlim.Release</c>,
        /// <c>Monitor.Exit</c>, a reader/writer lock's <c>Exit…Lock</c>, <c>Mutex.ReleaseMutex</c>, <c>Lock.Exit</c>).
        /// </summary>
        private static (ImmutableArray<ISymbol> Released, bool ReleasesLock) ReleasedIn(IOperation @finally, KnownTypes types)
        {
            var released = ImmutableArray.CreateBuilder<ISymbol>();
            var releasesLock = false;
            foreach (var operation in @finally.Descendants())
            {
                if (operation is not IInvocationOperation invocation || invocation.IsInNestedFunction(@finally))
                {
                    continue;
                }

                var method = invocation.TargetMethod;
                if (IsLockRelease(method, types))
                {
                    releasesLock = true;
                }
                else if (method.Name is "Dispose" or "Close" && method.Parameters.IsEmpty && invocation.Receiver().ReferencedVariable() is { } disposed)
                {
                    released.Add(disposed);
                }
                else if (method.Name == "Return" && KnownTypes.Is(method.ContainingType?.OriginalDefinition, types.ArrayPoolOfT)
                    && invocation.Arguments.Length > 0 && invocation.Arguments[0].Value.ReferencedVariable() is { } array)
                {
                    released.Add(array);
                }
            }

            return (released.ToImmutable(), releasesLock);
        }

        private static bool IsLockRelease(IMethodSymbol method, KnownTypes types)
        {
            var type = method.ContainingType?.OriginalDefinition;
            return method.Name == "Release" && KnownTypes.Is(type, types.SemaphoreSlim)
                || method.Name == "Exit" && (KnownTypes.Is(type, types.Monitor) || KnownTypes.Is(type, types.Lock) || KnownTypes.Is(type, types.SpinLock))
                || method.Name is "ExitReadLock" or "ExitWriteLock" or "ExitUpgradeableReadLock" && KnownTypes.Is(type, types.ReaderWriterLockSlim)
                || method.Name == "ReleaseMutex" && KnownTypes.Is(type, types.Mutex);
        }

        /// <summary>
        /// Leaves out the variables the try body assigns (<c>owned = null;</c> after handing the resource to the task), and
        /// those the finally disposes only under a <c>bool</c> local the try body sets to <c>false</c> (<c>dispose = false;
        /// return ConvertAsync(enumerator, ..);</c> with <c>finally { if (dispose) enumerator.Dispose(); }</c>): the finally
        /// then disposes only what was not handed over.
        /// </summary>
        private static ImmutableArray<ISymbol> HandedOff(ImmutableArray<ISymbol> released, IOperation @finally, IOperation body)
        {
            if (released.IsEmpty)
            {
                return released;
            }

            var kept = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var symbol in released)
            {
                if (!IsAssignedIn(body, symbol) && !(DisposalFlag(@finally, symbol) is { } flag && IsAssignedIn(body, flag, IsFalse)))
                {
                    kept.Add(symbol);
                }
            }

            return kept.ToImmutable();
        }

        /// <summary>The <c>bool</c> local whose <c>if (flag)</c> encloses every disposal of <paramref name="symbol"/> in the finally, or null.</summary>
        private static ILocalSymbol? DisposalFlag(IOperation @finally, ISymbol symbol)
        {
            ILocalSymbol? flag = null;
            foreach (var operation in @finally.Descendants())
            {
                if (operation is not IInvocationOperation { TargetMethod.Name: "Dispose" or "Close" } invocation
                    || !KnownTypes.Is(invocation.Receiver().ReferencedVariable(), symbol))
                {
                    continue;
                }

                var guard = GuardingLocal(invocation, @finally);
                if (guard is null || flag != null && !SymbolEqualityComparer.Default.Equals(flag, guard))
                {
                    return null;
                }

                flag = guard;
            }

            return flag;
        }

        private static ILocalSymbol? GuardingLocal(IOperation operation, IOperation root)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null && child != root; child = parent, parent = parent.Parent)
            {
                if (parent is IConditionalOperation conditional && child == conditional.WhenTrue
                    && conditional.Condition.WalkDownConversions() is ILocalReferenceOperation { Local: { Type.SpecialType: SpecialType.System_Boolean } local })
                {
                    return local;
                }
            }

            return null;
        }

        private static bool IsFalse(IOperation value) => value.ConstantValue is { HasValue: true, Value: false };

        /// <summary>Whether the body assigns the variable, with a value <paramref name="valueMatches"/> accepts if given.</summary>
        private static bool IsAssignedIn(IOperation body, ISymbol symbol, Func<IOperation, bool>? valueMatches = null)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is ISimpleAssignmentOperation assignment && KnownTypes.Is(assignment.Target.ReferencedVariable(), symbol)
                    && (valueMatches is null || valueMatches(assignment.Value)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
