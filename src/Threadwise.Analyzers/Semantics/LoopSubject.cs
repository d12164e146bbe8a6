using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// What a loop of unknown count iterates over, as a message names it: <c>items</c> for <c>i &lt; items.Count</c> or
    /// <c>foreach (var x in items)</c>, <c>queue</c> for <c>while (queue.Count &gt; 0)</c>, <c>n</c> for
    /// <c>for (int i = n; i &gt; 0; i--)</c>. Never a bare constant or a piece of the header: when nothing can be named,
    /// the loop itself is (<c>a 'while (true)' loop</c>).
    /// </summary>
    internal static class LoopSubject
    {
        private const int MaxConditionText = 24;

        /// <summary>The name, quoted (<c>'items'</c>), or a phrase naming the loop's passes (<c>the passes of 'while (true)'</c>).</summary>
        public static string Describe(ILoopOperation loop)
        {
            switch (loop)
            {
                case IForEachLoopOperation forEach:
                    // foreach (var c in manager.ListCommits()): the call's result is the collection, not 'manager'.
                    var collection = forEach.Collection.WalkDownConversions();
                    return Quote(collection is IInvocationOperation { Instance: { } }
                        ? DisplayText.Of(collection.Syntax)
                        : Name(collection) ?? DisplayText.Of(collection.Syntax));

                case IForLoopOperation forLoop:
                    var bound = ForBound(forLoop);
                    return bound != null ? Quote(bound) : Phrase("for", forLoop.Condition);

                case IWhileLoopOperation whileLoop:
                    var subject = CursorBound(whileLoop) ?? Name(whileLoop.Condition);
                    return subject != null ? Quote(subject) : Phrase(whileLoop.ConditionIsTop ? "while" : "do", whileLoop.ConditionIsTop ? whileLoop.Condition : null);

                default:
                    return "the passes of a loop";
            }
        }

        /// <summary>One unit of what <see cref="Describe"/> said: <c>element of 'items'</c>, <c>pass of 'while (true)'</c>.</summary>
        public static string Each(string description) =>
            description.StartsWith(PassesOf, System.StringComparison.Ordinal) ? "pass of " + description.Substring(PassesOf.Length) : "element of " + description;

        private const string PassesOf = "the passes of ";

        private static string Quote(string name) => "'" + name + "'";

        private static string Phrase(string keyword, IOperation? condition)
        {
            if (condition != null)
            {
                var text = DisplayText.Of(condition.Syntax);
                if (text.Length <= MaxConditionText)
                {
                    return PassesOf + "'" + keyword + " (" + text + ")'";
                }
            }

            return PassesOf + "a '" + keyword + "' loop";
        }

        /// <summary>
        /// <c>for</c>: the side of the condition that does not read the loop variable (<c>n</c> in <c>i &lt; n</c>,
        /// <c>data</c> in <c>offset + size &lt;= data.Length</c>); when that side is a constant the loop counts down or walks
        /// a chain from its start (<c>for (int i = n; i &gt; 0; i--)</c>, <c>for (var node = head; node != null; ...)</c>).
        /// </summary>
        private static string? ForBound(IForLoopOperation loop)
        {
            var comparison = FirstComparison(loop.Condition, loop.Locals);
            if (comparison is null)
            {
                return Name(loop.Condition);
            }

            var left = comparison.LeftOperand.WalkDownConversions();
            var right = comparison.RightOperand.WalkDownConversions();
            var leftReads = ReadsAny(left, loop.Locals);
            var rightReads = ReadsAny(right, loop.Locals);
            var other = leftReads && !rightReads ? right : rightReads && !leftReads ? left : null;
            if (other != null && !other.ConstantValue.HasValue)
            {
                return Name(other);
            }

            // A constant (or no) bound: the count comes from where the variable starts.
            foreach (var local in loop.Locals)
            {
                if (Start(loop, local) is { } start && !start.ConstantValue.HasValue)
                {
                    return Name(start);
                }
            }

            return other is null ? Name(left.ConstantValue.HasValue ? right : left) : null;
        }

        /// <summary>The first comparison in a condition that reads one of the loop's variables (<c>i &lt; n</c> in <c>i &lt; n &amp;&amp; !done</c>).</summary>
        private static IBinaryOperation? FirstComparison(IOperation? condition, ImmutableArray<ILocalSymbol> locals)
        {
            if (condition?.WalkDownConversions() is not IBinaryOperation binary)
            {
                return null;
            }

            if (binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr)
            {
                return FirstComparison(binary.LeftOperand, locals) ?? FirstComparison(binary.RightOperand, locals);
            }

            return IsComparison(binary.OperatorKind) && (locals.IsEmpty || ReadsAny(binary, locals)) ? binary : null;
        }

        private static IOperation? Start(IForLoopOperation loop, ILocalSymbol local)
        {
            foreach (var before in loop.Before)
            {
                if (before is not IVariableDeclarationGroupOperation group)
                {
                    continue;
                }

                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                        {
                            return (declarator.Initializer?.Value ?? declaration.Initializer?.Value)?.WalkDownConversions();
                        }
                    }
                }
            }

            return null;
        }

        private static bool ReadsAny(IOperation operation, ImmutableArray<ILocalSymbol> locals)
        {
            if (locals.IsEmpty)
            {
                return operation is ILocalReferenceOperation;
            }

            foreach (var node in operation.DescendantsAndSelf())
            {
                if (node is ILocalReferenceOperation reference && locals.Contains(reference.Local, SymbolEqualityComparer.Default))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The thing an expression counts or walks: <c>items</c> for <c>items.Length</c>, <c>reader</c> for <c>reader.Read()</c>.</summary>
        public static string? Name(IOperation? operation)
        {
            switch (operation?.WalkDownConversions())
            {
                case null:
                    return null;
                case { ConstantValue.HasValue: true }:
                    return null;
                case IParenthesizedOperation parenthesized:
                    return Name(parenthesized.Operand);
                case IPropertyReferenceOperation { Instance: { } instance, Property.Name: "Length" or "Count" or "LongLength" or "IsEmpty" }:
                    return DisplayText.Of(instance.Syntax);
                case IInvocationOperation { TargetMethod.Name: "Count" or "GetLength" or "GetLongLength", Instance: { } countOf }:
                    return DisplayText.Of(countOf.Syntax);
                case IInvocationOperation { TargetMethod.Name: "Count" or "Any", TargetMethod.IsExtensionMethod: true, Arguments.Length: >= 1 } countExtension:
                    return DisplayText.Of(countExtension.Arguments[0].Value.Syntax);
                case IInvocationOperation { Instance: { } receiver } call when receiver is not IInstanceReferenceOperation:
                    // reader.Read(), queue.TryDequeue(out var item), enumerator.MoveNext()
                    return Name(receiver) ?? DisplayText.Of(call.Syntax);
                case IBinaryOperation binary when binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr:
                    // !token.IsCancellationRequested && frontier.Count > 0 iterates over frontier.
                    return CountName(binary) ?? Name(binary.LeftOperand) ?? Name(binary.RightOperand);
                case IBinaryOperation binary when IsComparison(binary.OperatorKind):
                    return CompareSubject(binary);
                case IBinaryOperation arithmetic:
                    // items.Length - 1 counts items; height - 1 is what it says.
                    var left = arithmetic.LeftOperand.WalkDownConversions();
                    var right = arithmetic.RightOperand.WalkDownConversions();
                    if (right.ConstantValue.HasValue && IsCount(left))
                    {
                        return Name(left);
                    }

                    return DisplayText.Of(arithmetic.Syntax);
                case IUnaryOperation unary:
                    return Name(unary.Operand);
                case IIncrementOrDecrementOperation step:
                    return Name(step.Target);
                case IAssignmentOperation assignment:
                    // (line = reader.ReadLine()) != null
                    return Name(assignment.Value) ?? Name(assignment.Target);
                case IIsPatternOperation pattern:
                    return Name(pattern.Value);
                case { } other:
                    return other is IInstanceReferenceOperation || other.Syntax is null ? null : DisplayText.Of(other.Syntax);
            }
        }

        /// <summary>
        /// <c>while (cursor + 4 * sizeof(ulong) &lt;= end)</c>: the side that reads no variable the loop writes is the bound
        /// the cursor walks to (<c>end</c>); the other side is the cursor's step, not a subject.
        /// </summary>
        private static string? CursorBound(IWhileLoopOperation loop)
        {
            if (loop.Condition?.WalkDownConversions() is not IBinaryOperation comparison || !IsComparison(comparison.OperatorKind))
            {
                return null;
            }

            var left = comparison.LeftOperand.WalkDownConversions();
            var right = comparison.RightOperand.WalkDownConversions();
            var leftMoves = ReadsWritten(left, loop.Body);
            var rightMoves = ReadsWritten(right, loop.Body);
            var bound = leftMoves && !rightMoves ? right : rightMoves && !leftMoves ? left : null;
            return bound is null || bound.ConstantValue.HasValue || (bound == right ? left : right) is not IBinaryOperation ? null : Name(bound);
        }

        private static bool ReadsWritten(IOperation side, IOperation body)
        {
            foreach (var node in side.DescendantsAndSelf())
            {
                if (node.ReferencedLocalOrParameter() is { } variable && IsWrittenIn(variable, body))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsWrittenIn(ISymbol variable, IOperation body)
        {
            foreach (var operation in body.Descendants())
            {
                var target = operation switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IIncrementOrDecrementOperation step => step.Target,
                    _ => null,
                };
                if (KnownTypes.Is(target.ReferencedLocalOrParameter(), variable))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>pos &lt; line.Length</c> counts <c>line</c>; <c>queue.Count &gt; 0</c> and <c>node != null</c> name the non-constant side.</summary>
        private static string? CompareSubject(IBinaryOperation comparison)
        {
            var left = comparison.LeftOperand.WalkDownConversions();
            var right = comparison.RightOperand.WalkDownConversions();
            if (IsCount(right) && !IsCount(left))
            {
                return Name(right);
            }

            if (left.ConstantValue.HasValue)
            {
                return Name(right);
            }

            return Name(left) ?? Name(right);
        }

        private static string? CountName(IOperation condition)
        {
            foreach (var node in condition.DescendantsAndSelf())
            {
                if (IsCount(node))
                {
                    return Name(node);
                }
            }

            return null;
        }

        private static bool IsCount(IOperation operation) => operation.WalkDownConversions() switch
        {
            IPropertyReferenceOperation { Instance: not null, Property.Name: "Length" or "Count" or "LongLength" } => true,
            IInvocationOperation { TargetMethod.Name: "Count" or "GetLength" or "GetLongLength" } => true,
            _ => false,
        };

        private static bool IsComparison(BinaryOperatorKind kind) => kind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
            or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals;
    }
}
