using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Is an operation part of the one-time initialisation of a field of this type? Recognised shapes, where the region
    /// that runs also assigns the field (plain, <c>??=</c>, <c>Interlocked</c>/<c>Volatile</c> by <c>ref</c>):
    /// <c>if (_f == null) { .. _f = ..; }</c> (also <c>is null</c>, <c>!_f.HasValue</c>, <c>!_initialized</c>, or one side
    /// of <c>&amp;&amp;</c>), inside or around the <c>lock</c> (the double-checked form has both); <c>_f ??= ..</c>; and
    /// <c>if (_f != null) return _f;</c> earlier in the <c>lock</c> body that assigns <c>_f</c>. Threads that queue on such
    /// a lock want the value being built: holding them is what the lock is for.
    /// </summary>
    internal static class LazyInitialization
    {
        public static bool IsPartOf(IOperation operation) => FieldInitialized(operation) != null;

        /// <summary>
        /// Part of the one-time initialisation of a static field: it runs once per process
        /// (<c>s_version ??= File.ReadAllText("/etc/os-release")</c>). TW104 follows no such code (the first caller pays once,
        /// whatever it blocks on; a wait there is still TW103's at its own site, see <see cref="StaticOneTimeRegions"/>); TW102
        /// leaves only its local file I/O unreported (<see cref="LocalFiles"/>), where one <c>await</c> fixes the rest.
        /// An instance field is initialised once per object, and an object may be made per request: not counted.
        /// </summary>
        public static bool RunsOncePerProcess(IOperation operation) => FieldInitialized(operation) is { IsStatic: true };

        /// <summary>
        /// The field whose one-time initialisation <paramref name="operation"/> is part of; for a static field that runs once
        /// per process.
        /// </summary>
        public static IFieldSymbol? FieldInitialized(IOperation operation)
        {
            ILockOperation? passedLock = null;
            var child = operation;
            for (var parent = operation.Parent; parent != null && !parent.IsFunctionBoundary(); child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case ICoalesceAssignmentOperation coalesce when passedLock is null && child == coalesce.Value:
                        if (OwnField(coalesce.Target) is { } lazy)
                        {
                            return lazy;
                        }

                        break;

                    // if (_f == null) { .. _f = ..; } inside the lock, or if (_f == null) { lock (..) { .. _f = ..; } } around it.
                    case IConditionalOperation conditional when child == conditional.WhenTrue:
                        if (FieldTested(conditional.Condition, initialized: false) is { } field
                            && Assigns(passedLock?.Body ?? conditional.WhenTrue, field))
                        {
                            return field;
                        }

                        break;

                    // lock (..) { if (_f != null) return _f; .. _f = ..; }
                    case IBlockOperation block when passedLock is null && block.Parent is ILockOperation:
                        if (EarlierExitWhenInitialized(block, child) is { } initialized)
                        {
                            return initialized;
                        }

                        break;

                    case ILockOperation @lock when passedLock is null:
                        passedLock = @lock;
                        break;
                }
            }

            return null;
        }

        /// <summary>
        /// Read from the top down: the parts of <paramref name="operation"/> that run only while a static field is not yet
        /// initialised, once per process — the value of <c>s_f ??= ..</c>, the body of <c>if (s_f == null) { .. s_f = ..; }</c>
        /// (the double-checked form around a <c>lock</c> included), the statements of a <c>lock</c> body after
        /// <c>if (s_f != null) return s_f;</c> when the body assigns <c>s_f</c>; empty otherwise.
        /// </summary>
        public static ImmutableArray<IOperation> StaticOneTimeRegions(IOperation operation)
        {
            switch (operation)
            {
                case ICoalesceAssignmentOperation coalesce when OwnField(coalesce.Target) is { IsStatic: true }:
                    return ImmutableArray.Create(coalesce.Value);
                case IConditionalOperation { WhenTrue: { } whenTrue } conditional
                    when FieldTested(conditional.Condition, initialized: false) is { IsStatic: true } field && Assigns(whenTrue, field):
                    return ImmutableArray.Create(whenTrue);
                case IBlockOperation { Parent: ILockOperation } block:
                    return StatementsAfterStaticExit(block);
                default:
                    return ImmutableArray<IOperation>.Empty;
            }
        }

        // lock (s_gate) { if (s_f != null) return s_f; .. s_f = ..; }: what follows the exit runs once per process.
        private static ImmutableArray<IOperation> StatementsAfterStaticExit(IBlockOperation block)
        {
            for (var i = 0; i < block.Operations.Length; i++)
            {
                if (IsExitWhenInitialized(block.Operations[i], block) is { IsStatic: true })
                {
                    return ImmutableArray.Create(block.Operations, i + 1, block.Operations.Length - i - 1);
                }
            }

            return ImmutableArray<IOperation>.Empty;
        }

        private static IFieldSymbol? EarlierExitWhenInitialized(IBlockOperation block, IOperation child)
        {
            foreach (var statement in block.Operations)
            {
                if (statement == child)
                {
                    return null;
                }

                if (IsExitWhenInitialized(statement, block) is { } field)
                {
                    return field;
                }
            }

            return null;
        }

        // if (_f != null) return _f; in a block that assigns _f: the field.
        private static IFieldSymbol? IsExitWhenInitialized(IOperation statement, IBlockOperation block) =>
            statement is IConditionalOperation { WhenFalse: null } guard
            && FlowFacts.AlwaysExits(guard.WhenTrue)
            && FieldTested(guard.Condition, initialized: true) is { } field
            && Assigns(block, field)
                ? field
                : null;

        /// <summary>The field that <paramref name="condition"/> being true says is (or is not) initialised.</summary>
        private static IFieldSymbol? FieldTested(IOperation condition, bool initialized)
        {
            switch (condition.WalkDownConversions())
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction:
                    return FieldTested(conjunction.LeftOperand, initialized) ?? FieldTested(conjunction.RightOperand, initialized);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    if ((comparison.OperatorKind == BinaryOperatorKind.Equals) == initialized)
                    {
                        return null;
                    }

                    return IsNull(comparison.RightOperand) ? OwnField(comparison.LeftOperand)
                        : IsNull(comparison.LeftOperand) ? OwnField(comparison.RightOperand)
                        : null;

                case IIsPatternOperation isPattern:
                    return PatternSaysInitialized(isPattern.Pattern) == initialized ? OwnField(isPattern.Value) : null;

                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return FlagOrHasValue(not.Operand, initialized: !initialized);

                default:
                    return FlagOrHasValue(condition, initialized);
            }
        }

        // _initialized, _port.HasValue
        private static IFieldSymbol? FlagOrHasValue(IOperation operand, bool initialized)
        {
            if (!initialized)
            {
                return null;
            }

            var value = operand.WalkDownConversions();
            if (value is IPropertyReferenceOperation { Property.Name: "HasValue", Instance: { } nullable })
            {
                return OwnField(nullable);
            }

            return value.Type?.SpecialType == SpecialType.System_Boolean ? OwnField(value) : null;
        }

        // is null → false; is not null, is { }, is T x → true; anything else → null.
        private static bool? PatternSaysInitialized(IPatternOperation pattern) =>
            pattern switch
            {
                IConstantPatternOperation constant when IsNull(constant.Value) => false,
                INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsNull(constant.Value) => true,
                IRecursivePatternOperation or IDeclarationPatternOperation or ITypePatternOperation => true,
                _ => null,
            };

        private static bool IsNull(IOperation operation)
        {
            var value = operation.WalkDownConversions();
            return value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation { Type.IsValueType: false };
        }

        // A field of this instance or a static field: ReferencedVariable only answers fields read through 'this'.
        private static IFieldSymbol? OwnField(IOperation operation) => operation.ReferencedVariable() as IFieldSymbol;

        private static bool Assigns(IOperation region, IFieldSymbol field)
        {
            foreach (var operation in region.DescendantsAndSelf())
            {
                var target = operation switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                    _ => null,
                };
                if (target != null && VariableReferences.IsReferenceTo(target, field))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
