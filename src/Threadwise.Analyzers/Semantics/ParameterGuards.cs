using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// "This runs only when the <c>bool</c> parameter at <see cref="Ordinal"/> is <see cref="RunsWhen"/>":
    /// <c>if (spinWait) Wait();</c>, <c>if (!spinWait) return; .. Wait();</c>, <c>spinWait &amp;&amp; Wait()</c>. A caller that passes
    /// the other value as a constant (a literal, a <c>const</c>, or the default of an optional parameter it leaves out) never
    /// reaches it: <c>Commit()</c> with <c>Commit(bool spinWait = false)</c> does not wait. TW104 uses this to keep call
    /// summaries argument-sensitive at the cost of one bit per guarded leaf and per call edge.
    /// </summary>
    internal readonly struct ParameterGuard
    {
        public ParameterGuard(int ordinal, bool runsWhen)
        {
            Ordinal = ordinal;
            RunsWhen = runsWhen;
        }

        public int Ordinal { get; }

        public bool RunsWhen { get; }

        public bool SameAs(ParameterGuard other) => Ordinal == other.Ordinal && RunsWhen == other.RunsWhen;
    }

    internal static class ParameterGuards
    {
        /// <summary>Only the first 64 parameters are tracked (a bit each in <see cref="ConstantBools"/>).</summary>
        private const int MaxOrdinal = 63;

        /// <summary>Whether <paramref name="method"/> has a <c>bool</c> parameter a guard could test (else nothing here applies).</summary>
        public static bool HasBoolParameter(IMethodSymbol? method) =>
            method != null && method.Parameters.Any(p => IsGuardable(p));

        /// <summary>
        /// The guard on a <c>bool</c> parameter of <paramref name="owner"/> under which <paramref name="operation"/> runs
        /// inside <paramref name="body"/>, or null. The parameter must be a by-value one the body never assigns
        /// (<paramref name="assigned"/>: the body's assigned parameters, computed once per body by the caller).
        /// </summary>
        public static ParameterGuard? Of(IOperation operation, IOperation body, IMethodSymbol owner, ref HashSet<IParameterSymbol>? assigned)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null && child != body; child = parent, parent = parent.Parent)
            {
                IParameterSymbol? parameter = null;
                var runsWhen = false;
                switch (parent)
                {
                    case IConditionalOperation conditional when child == conditional.WhenTrue:
                        parameter = Tested(conditional.Condition, conjunctsToo: true, out runsWhen);
                        break;

                    case IConditionalOperation conditional when child == conditional.WhenFalse:
                        parameter = Tested(conditional.Condition, conjunctsToo: false, out runsWhen);
                        runsWhen = !runsWhen;
                        break;

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when child == conjunction.RightOperand:
                        parameter = Tested(conjunction.LeftOperand, conjunctsToo: true, out runsWhen);
                        break;

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction when child == disjunction.RightOperand:
                        parameter = Tested(disjunction.LeftOperand, conjunctsToo: false, out runsWhen);
                        runsWhen = !runsWhen;
                        break;

                    case IBlockOperation block:
                        parameter = ExitedBefore(block, child, out runsWhen);
                        break;

                    default:
                        // A lambda or local function body runs on its own terms: the guard around its declaration says nothing.
                        if (parent.IsFunctionBoundary())
                        {
                            return null;
                        }

                        break;
                }

                if (parameter != null && parameter.Ordinal <= MaxOrdinal
                    && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, owner)
                    && !(assigned ??= AssignedParameters(body)).Contains(parameter))
                {
                    return new ParameterGuard(parameter.Ordinal, runsWhen);
                }
            }

            return null;
        }

        /// <summary>
        /// The <c>bool</c> constants a call passes, as two bit sets by parameter ordinal: literals, <c>const</c>s and the
        /// defaults of optional parameters left out.
        /// </summary>
        public static ConstantBools ConstantsOf(IOperation call)
        {
            if (call is not IInvocationOperation invocation || !HasBoolParameter(invocation.TargetMethod))
            {
                return default;
            }

            ulong falses = 0, trues = 0;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && IsGuardable(parameter) && parameter.Ordinal <= MaxOrdinal
                    && ConstantOf(argument) is { } value)
                {
                    if (value)
                    {
                        trues |= 1UL << parameter.Ordinal;
                    }
                    else
                    {
                        falses |= 1UL << parameter.Ordinal;
                    }
                }
            }

            return new ConstantBools(falses, trues);
        }

        private static bool? ConstantOf(IArgumentOperation argument)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return argument.Parameter is { HasExplicitDefaultValue: true, ExplicitDefaultValue: bool value } ? value : null;
            }

            var constant = argument.Value.ConstantValue;
            return constant.HasValue && constant.Value is bool b ? b : null;
        }

        private static bool IsGuardable(IParameterSymbol parameter) =>
            parameter.RefKind == RefKind.None && parameter.Type.SpecialType == SpecialType.System_Boolean;

        /// <summary><c>p</c> (true) or <c>!p</c> (false); with <paramref name="conjunctsToo"/>, also either side of <c>&amp;&amp;</c>.</summary>
        private static IParameterSymbol? Tested(IOperation condition, bool conjunctsToo, out bool runsWhen)
        {
            runsWhen = true;
            switch (condition.WalkDownConversions())
            {
                case IParameterReferenceOperation reference when IsGuardable(reference.Parameter):
                    return reference.Parameter;

                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: var operand }
                    when operand.WalkDownConversions() is IParameterReferenceOperation negated && IsGuardable(negated.Parameter):
                    runsWhen = false;
                    return negated.Parameter;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when conjunctsToo:
                    return Tested(both.LeftOperand, true, out runsWhen) ?? Tested(both.RightOperand, true, out runsWhen);

                default:
                    return null;
            }
        }

        /// <summary><c>if (!p) return;</c> (or <c>throw</c>) earlier in the block: the rest runs only when <c>p</c> is true.</summary>
        private static IParameterSymbol? ExitedBefore(IBlockOperation block, IOperation child, out bool runsWhen)
        {
            runsWhen = false;
            foreach (var statement in block.Operations)
            {
                if (statement == child)
                {
                    return null;
                }

                if (statement is IConditionalOperation { WhenFalse: null } exit && AlwaysExits(exit.WhenTrue)
                    && Tested(exit.Condition, conjunctsToo: false, out var exitsWhen) is { } parameter)
                {
                    runsWhen = !exitsWhen;
                    return parameter;
                }
            }

            return null;
        }

        private static bool AlwaysExits(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IReturnOperation { Kind: OperationKind.Return }:
                    case IThrowOperation:
                        return true;
                    case IExpressionStatementOperation statement:
                        operation = statement.Operation;
                        continue;
                    case IBlockOperation { Operations.Length: > 0 } block:
                        operation = block.Operations[block.Operations.Length - 1];
                        continue;
                    default:
                        return false;
                }
            }
        }

        /// <summary>The parameters the body (lambdas and local functions in it too) writes: their value at a guard is not the caller's.</summary>
        private static HashSet<IParameterSymbol> AssignedParameters(IOperation body)
        {
            var assigned = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in body.Descendants())
            {
                // Plain, compound and ??= assignments, deconstructions ((p, q) = ..), and ref or out arguments.
                var target = operation switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                    _ => null,
                };
                if (target != null)
                {
                    foreach (var written in target.DescendantsAndSelf().OfType<IParameterReferenceOperation>())
                    {
                        assigned.Add(written.Parameter);
                    }
                }
            }

            return assigned;
        }
    }

    /// <summary>The <c>bool</c> constants a call passes, one bit per parameter ordinal for <c>false</c> and one for <c>true</c>.</summary>
    internal readonly struct ConstantBools
    {
        public ConstantBools(ulong falses, ulong trues)
        {
            Falses = falses;
            Trues = trues;
        }

        public ulong Falses { get; }

        public ulong Trues { get; }

        /// <summary>The call passes, at the guard's parameter, the constant under which the guarded code does not run.</summary>
        public bool Defeats(ParameterGuard guard) =>
            ((guard.RunsWhen ? Falses : Trues) & (1UL << guard.Ordinal)) != 0;

        /// <summary>What two call sites of the same method both pass (a merged edge is dead only if every site is).</summary>
        public ConstantBools Intersect(ConstantBools other) => new ConstantBools(Falses & other.Falses, Trues & other.Trues);
    }
}
