using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// "This runs only when the <c>bool</c> parameter at <see cref="Ordinal"/> is <see cref="RunsWhen"/>":
    /// <c>if (spinWait) Wait();</c>, <c>if (!spinWait) return; .. Wait();</c>, <c>spinWait &amp;&amp; Wait()</c>. A caller that passes
    /// the other value as a constant (a literal, a <c>const</c>, or the default of an optional parameter it leaves out) never
    /// reaches it: <c>Commit()</c> with <c>Commit(bool spinWait = false)</c> does not wait. With a <see cref="Type"/>, the
    /// parameter is a <c>System.Type</c> and the test is its equality to <c>typeof(Type)</c>: <c>if (type == typeof(Stream))
    /// File.WriteAllBytes(..)</c> in an OpenAPI-generated client's <c>Deserialize(response, Type type)</c> does not run for a
    /// call passing <c>typeof(Bucket)</c>. TW104 uses this to keep call summaries argument-sensitive at the cost of one guard
    /// per guarded leaf and the constants of each call edge.
    /// </summary>
    internal readonly struct ParameterGuard
    {
        public ParameterGuard(int ordinal, bool runsWhen, ITypeSymbol? type = null)
        {
            Ordinal = ordinal;
            RunsWhen = runsWhen;
            Type = type;
        }

        public int Ordinal { get; }

        public bool RunsWhen { get; }

        /// <summary>For a <c>System.Type</c> parameter: the type it is compared with; null for a <c>bool</c> parameter.</summary>
        public ITypeSymbol? Type { get; }

        public bool SameAs(ParameterGuard other) =>
            Ordinal == other.Ordinal && RunsWhen == other.RunsWhen && SymbolEqualityComparer.Default.Equals(Type, other.Type);
    }

    internal static class ParameterGuards
    {
        /// <summary>Only the first 64 parameters are tracked (a bit each in <see cref="ConstantArguments"/>).</summary>
        private const int MaxOrdinal = 63;

        /// <summary>Whether <paramref name="method"/> has a <c>bool</c> or <c>Type</c> parameter a guard could test (else nothing here applies).</summary>
        public static bool HasGuardableParameter(IMethodSymbol? method, KnownTypes types) =>
            method != null && method.Parameters.Any(p => IsGuardable(p, types));

        /// <summary>
        /// The guard on a <c>bool</c> parameter of <paramref name="owner"/> under which <paramref name="operation"/> runs
        /// inside <paramref name="body"/>, or null. The parameter must be a by-value one the body never assigns
        /// (<paramref name="assigned"/>: the body's assigned parameters, computed once per body by the caller).
        /// </summary>
        public static ParameterGuard? Of(IOperation operation, IOperation body, IMethodSymbol owner, KnownTypes types, ref HashSet<IParameterSymbol>? assigned)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null && child != body; child = parent, parent = parent.Parent)
            {
                IParameterSymbol? parameter = null;
                var runsWhen = false;
                ITypeSymbol? type = null;
                switch (parent)
                {
                    case IConditionalOperation conditional when child == conditional.WhenTrue:
                        parameter = Tested(conditional.Condition, conjunctsToo: true, types, out runsWhen, out type);
                        break;

                    case IConditionalOperation conditional when child == conditional.WhenFalse:
                        parameter = Tested(conditional.Condition, conjunctsToo: false, types, out runsWhen, out type);
                        runsWhen = !runsWhen;
                        break;

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when child == conjunction.RightOperand:
                        parameter = Tested(conjunction.LeftOperand, conjunctsToo: true, types, out runsWhen, out type);
                        break;

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction when child == disjunction.RightOperand:
                        parameter = Tested(disjunction.LeftOperand, conjunctsToo: false, types, out runsWhen, out type);
                        runsWhen = !runsWhen;
                        break;

                    case IBlockOperation block:
                        parameter = ExitedBefore(block, child, types, out runsWhen, out type);
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
                    return new ParameterGuard(parameter.Ordinal, runsWhen, type);
                }
            }

            return null;
        }

        /// <summary>
        /// The constants a call passes to the parameters a guard can test: its <c>bool</c> constants as two bit sets by
        /// parameter ordinal (literals, <c>const</c>s and the defaults of optional parameters left out), and its
        /// <c>typeof(..)</c> arguments.
        /// </summary>
        public static ConstantArguments ConstantsOf(IOperation call, KnownTypes types)
        {
            if (call is not IInvocationOperation invocation || !HasGuardableParameter(invocation.TargetMethod, types))
            {
                return default;
            }

            ulong falses = 0, trues = 0;
            ImmutableArray<(int Ordinal, ITypeSymbol Type)>.Builder? typeOfs = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } typed && IsTypeParameter(typed, types) && typed.Ordinal <= MaxOrdinal
                    && argument.Value.WalkDownConversions() is ITypeOfOperation { TypeOperand: var operand })
                {
                    (typeOfs ??= ImmutableArray.CreateBuilder<(int, ITypeSymbol)>()).Add((typed.Ordinal, operand));
                }
                else if (argument.Parameter is { } parameter && IsGuardable(parameter, types) && parameter.Ordinal <= MaxOrdinal
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

            return new ConstantArguments(falses, trues, typeOfs?.ToImmutable() ?? ImmutableArray<(int, ITypeSymbol)>.Empty);
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

        private static bool IsGuardable(IParameterSymbol parameter, KnownTypes types) => IsBoolParameter(parameter) || IsTypeParameter(parameter, types);

        private static bool IsBoolParameter(IParameterSymbol parameter) =>
            parameter.RefKind == RefKind.None && parameter.Type.SpecialType == SpecialType.System_Boolean;

        // A by-value System.Type parameter (not a generic type parameter).
        private static bool IsTypeParameter(IParameterSymbol parameter, KnownTypes types) =>
            parameter.RefKind == RefKind.None && KnownTypes.Is(parameter.Type, types.SystemType);

        /// <summary>
        /// <c>p</c> (true) or <c>!p</c> (false) for a <c>bool</c> parameter; <c>p == typeof(T)</c> (true) or <c>p != typeof(T)</c>
        /// (false) for a <c>Type</c> parameter, <paramref name="type"/> then <c>T</c>; with <paramref name="conjunctsToo"/>,
        /// also either side of <c>&amp;&amp;</c>.
        /// </summary>
        private static IParameterSymbol? Tested(IOperation condition, bool conjunctsToo, KnownTypes types, out bool runsWhen, out ITypeSymbol? type)
        {
            runsWhen = true;
            type = null;
            switch (condition.WalkDownConversions())
            {
                case IParameterReferenceOperation reference when IsBoolParameter(reference.Parameter):
                    return reference.Parameter;

                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: var operand }
                    when operand.WalkDownConversions() is IParameterReferenceOperation negated && IsBoolParameter(negated.Parameter):
                    runsWhen = false;
                    return negated.Parameter;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                    when ComparedWithTypeOf(comparison, types, out type) is { } compared:
                    runsWhen = comparison.OperatorKind == BinaryOperatorKind.Equals;
                    return compared;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when conjunctsToo:
                    return Tested(both.LeftOperand, true, types, out runsWhen, out type) ?? Tested(both.RightOperand, true, types, out runsWhen, out type);

                default:
                    return null;
            }
        }

        // p == typeof(T) or typeof(T) == p, p a Type parameter.
        private static IParameterSymbol? ComparedWithTypeOf(IBinaryOperation comparison, KnownTypes types, out ITypeSymbol? type)
        {
            type = null;
            var (left, right) = (comparison.LeftOperand.WalkDownConversions(), comparison.RightOperand.WalkDownConversions());
            var (reference, typeOf) = left is IParameterReferenceOperation l ? (l, right as ITypeOfOperation) : (right as IParameterReferenceOperation, left as ITypeOfOperation);
            if (reference is null || typeOf is null || !IsTypeParameter(reference.Parameter, types))
            {
                return null;
            }

            type = typeOf.TypeOperand;
            return reference.Parameter;
        }

        /// <summary><c>if (!p) return;</c> (or <c>throw</c>) earlier in the block: the rest runs only when <c>p</c> is true.</summary>
        private static IParameterSymbol? ExitedBefore(IBlockOperation block, IOperation child, KnownTypes types, out bool runsWhen, out ITypeSymbol? type)
        {
            runsWhen = false;
            type = null;
            foreach (var statement in block.Operations)
            {
                if (statement == child)
                {
                    return null;
                }

                if (statement is IConditionalOperation { WhenFalse: null } exit && AlwaysExits(exit.WhenTrue)
                    && Tested(exit.Condition, conjunctsToo: false, types, out var exitsWhen, out type) is { } parameter)
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

    /// <summary>
    /// The constants a call passes to guardable parameters: one bit per parameter ordinal for a <c>bool</c> <c>false</c> and
    /// one for <c>true</c>, and the <c>typeof(..)</c> arguments by ordinal.
    /// </summary>
    internal readonly struct ConstantArguments
    {
        private readonly ImmutableArray<(int Ordinal, ITypeSymbol Type)> _typeOfs;

        public ConstantArguments(ulong falses, ulong trues, ImmutableArray<(int Ordinal, ITypeSymbol Type)> typeOfs)
        {
            Falses = falses;
            Trues = trues;
            _typeOfs = typeOfs;
        }

        public ulong Falses { get; }

        public ulong Trues { get; }

        /// <summary>The call passes, at the guard's parameter, the constant under which the guarded code does not run.</summary>
        public bool Defeats(ParameterGuard guard)
        {
            if (guard.Type is null)
            {
                return ((guard.RunsWhen ? Falses : Trues) & (1UL << guard.Ordinal)) != 0;
            }

            return TypeOfAt(guard.Ordinal) is { } passed && SymbolEqualityComparer.Default.Equals(passed, guard.Type) != guard.RunsWhen;
        }

        /// <summary>What two call sites of the same method both pass (a merged edge is dead only if every site is).</summary>
        public ConstantArguments Intersect(ConstantArguments other)
        {
            var both = ImmutableArray.CreateBuilder<(int, ITypeSymbol)>();
            foreach (var (ordinal, type) in _typeOfs.IsDefault ? ImmutableArray<(int, ITypeSymbol)>.Empty : _typeOfs)
            {
                if (other.TypeOfAt(ordinal) is { } theirs && SymbolEqualityComparer.Default.Equals(theirs, type))
                {
                    both.Add((ordinal, type));
                }
            }

            return new ConstantArguments(Falses & other.Falses, Trues & other.Trues, both.ToImmutable());
        }

        private ITypeSymbol? TypeOfAt(int ordinal)
        {
            foreach (var (at, type) in _typeOfs.IsDefault ? ImmutableArray<(int, ITypeSymbol)>.Empty : _typeOfs)
            {
                if (at == ordinal)
                {
                    return type;
                }
            }

            return null;
        }
    }
}
