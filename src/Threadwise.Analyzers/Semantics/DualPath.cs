using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>The I/O mode a dual sync/async implementation runs in at some point of its body.</summary>
    internal enum IOMode
    {
        Unknown,
        Synchronous,
        Asynchronous,
    }

    /// <summary>
    /// Dual sync/async implementations choose their arm with a mode flag: a <c>bool</c> named like async (<c>async</c>,
    /// <c>isAsync</c>, <c>useAsync</c>, <c>runAsync</c>, <c>doAsync</c>) or an enum value that names a mode
    /// (<c>IOBehavior.Asynchronous</c>, <c>SyncMode.Sync</c>). The arm that runs in synchronous mode is the library's
    /// synchronous API: whatever it calls is deliberate there, whether or not the other arm calls a same-named method.
    /// Recognised: if/else, <c>?:</c>, <c>&amp;&amp;</c>/<c>||</c>, switch statements and expressions, and the code after
    /// <c>if (async) { ...; return; }</c>.
    /// </summary>
    internal static class DualPath
    {
        /// <summary>Is the operation in an arm that runs only in synchronous mode (within its own function)?</summary>
        public static bool IsInSyncArm(IOperation operation) => IsInSyncArm(operation, null);

        /// <summary>As <see cref="IsInSyncArm(IOperation)"/>, but only for arms chosen by <paramref name="flag"/> when it is not null.</summary>
        public static bool IsInSyncArm(IOperation operation, ISymbol? flag)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null && !child.IsFunctionBoundary(); child = parent, parent = parent.Parent)
            {
                var mode = IOMode.Unknown;
                ISymbol? chosenBy = null;
                switch (parent)
                {
                    case IConditionalOperation conditional when child == conditional.WhenTrue:
                        mode = ModeWhen(conditional.Condition, true, out chosenBy);
                        break;
                    case IConditionalOperation conditional when child == conditional.WhenFalse:
                        mode = ModeWhen(conditional.Condition, false, out chosenBy);
                        break;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when child == conjunction.RightOperand:
                        mode = ModeWhen(conjunction.LeftOperand, true, out chosenBy);
                        break;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction when child == disjunction.RightOperand:
                        mode = ModeWhen(disjunction.LeftOperand, false, out chosenBy);
                        break;
                    case ISwitchCaseOperation switchCase when switchCase.Parent is ISwitchOperation @switch:
                        mode = CaseMode(@switch, switchCase, out chosenBy);
                        break;
                    case ISwitchExpressionArmOperation arm when child == arm.Value && arm.Parent is ISwitchExpressionOperation switchExpression:
                        mode = ArmMode(switchExpression, arm, out chosenBy);
                        break;
                    case IBlockOperation block:
                        mode = ModeAfterEarlierGuards(block, child, out chosenBy);
                        break;
                }

                if (mode == IOMode.Synchronous && (flag is null || KnownTypes.Is(chosenBy, flag)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The mode known when <paramref name="condition"/> evaluates to <paramref name="whenValue"/>, and the flag it reads:
        /// <c>async</c>, <c>!isAsync</c>, <c>ioBehavior == IOBehavior.Asynchronous</c>, <c>mode is SyncMode.Sync</c>,
        /// <c>async &amp;&amp; x</c> (when true).
        /// </summary>
        public static IOMode ModeWhen(IOperation condition, bool whenValue, out ISymbol? flag)
        {
            flag = null;
            var value = condition.WalkDownConversions();
            switch (value)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return ModeWhen(not.Operand, !whenValue, out flag);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary:
                    // a && b true (a || b false): both sides have that value, either one decides. Otherwise both must agree.
                    var bothHaveValue = binary.OperatorKind == BinaryOperatorKind.ConditionalAnd == whenValue;
                    var left = ModeWhen(binary.LeftOperand, whenValue, out var leftFlag);
                    var right = ModeWhen(binary.RightOperand, whenValue, out var rightFlag);
                    if (bothHaveValue)
                    {
                        flag = left != IOMode.Unknown ? leftFlag : rightFlag;
                        return left != IOMode.Unknown ? left : right;
                    }

                    flag = leftFlag;
                    return left == right ? left : IOMode.Unknown;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    var equal = comparison.OperatorKind == BinaryOperatorKind.Equals == whenValue;
                    var mode = ModeByComparison(comparison.LeftOperand, comparison.RightOperand, equal, out flag);
                    return mode != IOMode.Unknown ? mode : ModeByComparison(comparison.RightOperand, comparison.LeftOperand, equal, out flag);

                case IIsPatternOperation isPattern:
                    return ModeByPattern(isPattern.Value, isPattern.Pattern, whenValue, out flag);

                default:
                    if (value.Type?.SpecialType != SpecialType.System_Boolean || FlagName(value) is not { } name)
                    {
                        return IOMode.Unknown;
                    }

                    var named = ModeOfName(name);
                    if (named == IOMode.Unknown)
                    {
                        return IOMode.Unknown;
                    }

                    flag = FlagSymbol(value);
                    return whenValue ? named : Opposite(named);
            }
        }

        /// <summary>
        /// The parameter of <paramref name="method"/> that selects its I/O mode: a <c>bool</c> named like async, or an enum
        /// whose type has a member named <c>Asynchronous</c>/<c>Async</c> (returned in <paramref name="asyncValue"/>).
        /// Null when the method takes none. Code fixes use it to write the dual branch
        /// (<c>async ? await OpenAsync(ct) : Open()</c>, <c>ioBehavior == IOBehavior.Asynchronous ? ... : ...</c>).
        /// </summary>
        public static IParameterSymbol? ModeParameter(IMethodSymbol method, out IFieldSymbol? asyncValue)
        {
            asyncValue = null;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None)
                {
                    continue;
                }

                if (parameter.Type.SpecialType == SpecialType.System_Boolean && ModeOfName(parameter.Name) == IOMode.Asynchronous)
                {
                    return parameter;
                }

                if (parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType && ModeMember(enumType, IOMode.Asynchronous) is { } member)
                {
                    asyncValue = member;
                    return parameter;
                }
            }

            return null;
        }

        /// <summary>The mode a name says: <c>async</c>, <c>isAsync</c>, <c>_useAsync</c> → async; <c>sync</c>, <c>isSynchronous</c> → sync.</summary>
        public static IOMode ModeOfName(string name)
        {
            if (name.EndsWith("async", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith("asynchronous", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith("asynchronously", StringComparison.OrdinalIgnoreCase))
            {
                return IOMode.Asynchronous;
            }

            if (name.EndsWith("sync", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith("synchronous", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith("synchronously", StringComparison.OrdinalIgnoreCase))
            {
                return IOMode.Synchronous;
            }

            return IOMode.Unknown;
        }

        /// <summary>The mode an enum constant names: <c>IOBehavior.Asynchronous</c>, <c>SyncMode.Sync</c>.</summary>
        public static IOMode ModeOfEnumValue(IOperation value) =>
            value.WalkDownConversions() is IFieldReferenceOperation { Field: { HasConstantValue: true, ContainingType.TypeKind: TypeKind.Enum } field }
                ? ModeOfMemberName(field.Name)
                : IOMode.Unknown;

        private static IOMode ModeOfMemberName(string name) => name switch
        {
            "Asynchronous" or "Async" => IOMode.Asynchronous,
            "Synchronous" or "Sync" => IOMode.Synchronous,
            _ => IOMode.Unknown,
        };

        private static IFieldSymbol? ModeMember(INamedTypeSymbol enumType, IOMode mode)
        {
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && ModeOfMemberName(field.Name) == mode)
                {
                    return field;
                }
            }

            return null;
        }

        private static IOMode Opposite(IOMode mode) => mode switch
        {
            IOMode.Synchronous => IOMode.Asynchronous,
            IOMode.Asynchronous => IOMode.Synchronous,
            _ => IOMode.Unknown,
        };

        // async == true, useAsync != false, ioBehavior == IOBehavior.Asynchronous, IOBehavior.Synchronous != behavior
        private static IOMode ModeByComparison(IOperation side, IOperation other, bool equal, out ISymbol? flag)
        {
            flag = null;
            var constant = other.WalkDownConversions().ConstantValue;
            if (constant is { HasValue: true, Value: bool boolean })
            {
                return ModeWhen(side, equal ? boolean : !boolean, out flag);
            }

            var named = ModeOfEnumValue(other);
            if (named == IOMode.Unknown || side.WalkDownConversions().Type?.TypeKind != TypeKind.Enum)
            {
                return IOMode.Unknown;
            }

            flag = FlagSymbol(side.WalkDownConversions());
            return equal ? named : Opposite(named);
        }

        private static IOMode ModeByPattern(IOperation value, IPatternOperation pattern, bool whenValue, out ISymbol? flag)
        {
            flag = null;
            switch (pattern)
            {
                case INegatedPatternOperation negated:
                    return ModeByPattern(value, negated.Pattern, !whenValue, out flag);
                case IConstantPatternOperation constant:
                    var named = ModeOfEnumValue(constant.Value);
                    if (named == IOMode.Unknown && constant.Value.ConstantValue is { HasValue: true, Value: bool boolean })
                    {
                        return ModeWhen(value, whenValue ? boolean : !boolean, out flag);
                    }

                    flag = FlagSymbol(value.WalkDownConversions());
                    return whenValue ? named : Opposite(named);
                default:
                    return IOMode.Unknown;
            }
        }

        // case IOBehavior.Synchronous: ... — or default: when another case takes the asynchronous value.
        private static IOMode CaseMode(ISwitchOperation @switch, ISwitchCaseOperation switchCase, out ISymbol? flag)
        {
            flag = FlagSymbol(@switch.Value.WalkDownConversions());
            var own = ClausesMode(switchCase, out var isDefault);
            if (own != IOMode.Unknown || !isDefault)
            {
                return own;
            }

            var othersAsync = false;
            foreach (var other in @switch.Cases)
            {
                if (other == switchCase)
                {
                    continue;
                }

                var mode = ClausesMode(other, out _);
                if (mode == IOMode.Synchronous)
                {
                    return IOMode.Unknown;
                }

                othersAsync |= mode == IOMode.Asynchronous;
            }

            return othersAsync ? IOMode.Synchronous : IOMode.Unknown;
        }

        private static IOMode ClausesMode(ISwitchCaseOperation switchCase, out bool isDefault)
        {
            isDefault = false;
            var mode = IOMode.Unknown;
            foreach (var clause in switchCase.Clauses)
            {
                var value = clause switch
                {
                    ISingleValueCaseClauseOperation single => single.Value,
                    IPatternCaseClauseOperation { Guard: null, Pattern: IConstantPatternOperation constant } => constant.Value,
                    _ => null,
                };
                if (clause is IDefaultCaseClauseOperation)
                {
                    isDefault = true;
                    continue;
                }

                var clauseMode = value is null ? IOMode.Unknown : ModeOfEnumValue(value);
                if (clauseMode == IOMode.Unknown || mode != IOMode.Unknown && mode != clauseMode)
                {
                    return IOMode.Unknown;
                }

                mode = clauseMode;
            }

            return isDefault ? IOMode.Unknown : mode;
        }

        // behavior switch { IOBehavior.Asynchronous => await ..., _ => ... }
        private static IOMode ArmMode(ISwitchExpressionOperation switchExpression, ISwitchExpressionArmOperation arm, out ISymbol? flag)
        {
            flag = FlagSymbol(switchExpression.Value.WalkDownConversions());
            if (arm.Guard != null)
            {
                return IOMode.Unknown;
            }

            if (arm.Pattern is IConstantPatternOperation constant)
            {
                return ModeOfEnumValue(constant.Value);
            }

            if (arm.Pattern is not IDiscardPatternOperation)
            {
                return IOMode.Unknown;
            }

            var othersAsync = false;
            foreach (var other in switchExpression.Arms)
            {
                if (other != arm && other.Pattern is IConstantPatternOperation otherConstant)
                {
                    var mode = ModeOfEnumValue(otherConstant.Value);
                    if (mode == IOMode.Synchronous)
                    {
                        return IOMode.Unknown;
                    }

                    othersAsync |= mode == IOMode.Asynchronous;
                }
            }

            return othersAsync ? IOMode.Synchronous : IOMode.Unknown;
        }

        // if (async) { await ...; return; }  — everything after it runs in synchronous mode.
        private static IOMode ModeAfterEarlierGuards(IBlockOperation block, IOperation child, out ISymbol? flag)
        {
            flag = null;
            foreach (var statement in block.Operations)
            {
                if (statement == child)
                {
                    break;
                }

                if (statement is IConditionalOperation { WhenFalse: null } guard && FlowFacts.AlwaysExits(guard.WhenTrue)
                    && ModeWhen(guard.Condition, true, out flag) == IOMode.Asynchronous)
                {
                    return IOMode.Synchronous;
                }
            }

            flag = null;
            return IOMode.Unknown;
        }

        private static string? FlagName(IOperation value) => value switch
        {
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation { Arguments.IsEmpty: true } property => property.Property.Name,
            _ => null,
        };

        private static ISymbol? FlagSymbol(IOperation value) => value switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
    }
}
