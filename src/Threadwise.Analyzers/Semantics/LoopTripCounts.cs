using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>The cost model's trip counts: constant bounds, known collection lengths, and which loops multiply their enclosing loop's count.</summary>
    internal sealed partial class LoopCostModel
    {
        private sealed partial class Walker
        {
            /// <summary>The loop's trip count and, when it is not known, what it iterates over (null when known).</summary>
            private (double Count, string? UnknownName) TripCount(ILoopOperation loop)
            {
                if (RetryLoops.IsRetry(loop, _model._types))
                {
                    return (1, null); // runs again only after a failed attempt
                }

                switch (loop)
                {
                    case IForLoopOperation forLoop:
                        if (ConstantForCount(forLoop) is { } constant)
                        {
                            // for (i = 0; i < 100000; i++) { if (!_queue.TryDequeue(out x)) break; .. }: the constant caps
                            // a drain, which runs as often as the queue has items (akka.net's timer wheel).
                            return DrainedBy(forLoop) is { } drained && Multiplies(loop, drained)
                                ? (_unknownCount, "'" + DisplayText.Of(drained.Syntax) + "'")
                                : (constant, null);
                        }

                        if (!Multiplies(loop, forLoop.Condition))
                        {
                            return (1, null);
                        }

                        return (_unknownCount, LoopSubject.Describe(loop));

                    case IForEachLoopOperation forEach:
                        var collection = forEach.Collection.WalkDownConversions();
                        if (KnownLength(collection) is { } length)
                        {
                            return (length, null);
                        }

                        if (!Multiplies(loop, collection))
                        {
                            return (1, null);
                        }

                        return (_unknownCount, LoopSubject.Describe(loop));

                    case IWhileLoopOperation whileLoop:
                        if (!Multiplies(loop, whileLoop.Condition))
                        {
                            return (1, null);
                        }

                        return (_unknownCount, LoopSubject.Describe(loop));

                    default:
                        return (_unknownCount, "a loop");
                }
            }

            /// <summary>
            /// Whether an inner loop multiplies the count of the loops around it: not when its bound comes from the outer
            /// iteration (a walk over parts), nor when it advances the outer loop's own cursor.
            /// </summary>
            private bool Multiplies(ILoopOperation loop, IOperation? bound)
            {
                if (_enclosing.Count == 0 || bound is null)
                {
                    return true;
                }

                var outermost = _enclosing[0].Syntax;
                foreach (var reference in bound.DescendantsAndSelf())
                {
                    if (reference is ILocalReferenceOperation local && !IsDeclaredWithin(local.Local, loop.Syntax) && IsDeclaredWithin(local.Local, outermost))
                    {
                        return false;
                    }
                }

                // A shared cursor: a variable this loop writes that an enclosing loop's condition reads.
                if (loop is IWhileLoopOperation || (loop is IForLoopOperation f && f.Locals.IsEmpty))
                {
                    foreach (var outer in _enclosing)
                    {
                        var outerCondition = outer switch
                        {
                            IWhileLoopOperation w => w.Condition,
                            IForLoopOperation o => o.Condition,
                            _ => null,
                        };
                        if (outerCondition != null && SharesWrittenVariable(loop, outerCondition))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }

            private static bool SharesWrittenVariable(ILoopOperation loop, IOperation outerCondition)
            {
                foreach (var operation in loop.Descendants())
                {
                    var target = operation switch
                    {
                        ISimpleAssignmentOperation a => a.Target,
                        ICompoundAssignmentOperation c => c.Target,
                        IIncrementOrDecrementOperation i => i.Target,
                        _ => null,
                    };
                    var written = target.ReferencedLocalOrParameter() ?? (target as IFieldReferenceOperation)?.Field;
                    if (written is null)
                    {
                        continue;
                    }

                    foreach (var read in outerCondition.DescendantsAndSelf())
                    {
                        var symbol = read.ReferencedLocalOrParameter() ?? (read as IFieldReferenceOperation)?.Field;
                        if (SymbolEqualityComparer.Default.Equals(symbol, written))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            private static bool IsDeclaredWithin(ISymbol symbol, SyntaxNode node)
            {
                var references = symbol.DeclaringSyntaxReferences;
                return references.Length > 0 && references[0].SyntaxTree == node.SyntaxTree && node.Span.Contains(references[0].Span);
            }

            /// <summary>
            /// The receiver a loop drains: its body starts with <c>if (!receiver.TryXxx(..)) break;</c> (<c>TryDequeue</c>,
            /// <c>TryTake</c>, <c>TryRead</c>, ..), so it stops as soon as the receiver has nothing left. Null otherwise.
            /// </summary>
            private static IOperation? DrainedBy(IForLoopOperation loop)
            {
                if (loop.Body is not IBlockOperation { Operations: { Length: > 0 } statements }
                    || statements[0] is not IConditionalOperation { WhenFalse: null, Condition: IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: var test }, WhenTrue: var whenTrue }
                    || !Exits(whenTrue)
                    || test.WalkDownConversions() is not IInvocationOperation { TargetMethod.Name: var name } attempt
                    || !name.StartsWith("Try", StringComparison.Ordinal))
                {
                    return null;
                }

                return attempt.Instance ?? (attempt.TargetMethod.IsExtensionMethod && attempt.Arguments.Length > 0 ? attempt.Arguments[0].Value : null);

                static bool Exits(IOperation operation) =>
                    operation is IBranchOperation { BranchKind: BranchKind.Break } or IReturnOperation
                    || operation is IBlockOperation { Operations: { Length: 1 } only } && Exits(only[0]);
            }

            /// <summary><c>for (int i = a; i &lt; b; i += s)</c> with constant a, b and s.</summary>
            private double? ConstantForCount(IForLoopOperation loop) => ConstantForCount(loop, loop.Condition);

            private double? ConstantForCount(IForLoopOperation loop, IOperation? conditionOperation)
            {
                if (loop.Locals.Length != 1 || conditionOperation is not IBinaryOperation condition || loop.AtLoopBottom.Length != 1)
                {
                    return null;
                }

                // i < n && i < 10: the loop ends at the first bound reached.
                if (condition.OperatorKind == BinaryOperatorKind.ConditionalAnd)
                {
                    var left = ConstantForCount(loop, condition.LeftOperand);
                    var right = ConstantForCount(loop, condition.RightOperand);
                    return left is null ? right : right is null ? left : Math.Min(left.Value, right.Value);
                }

                var variable = loop.Locals[0];
                double? start = null;
                foreach (var before in loop.Before)
                {
                    if (before is IVariableDeclarationGroupOperation group)
                    {
                        foreach (var declaration in group.Declarations)
                        {
                            foreach (var declarator in declaration.Declarators)
                            {
                                if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, variable))
                                {
                                    start = Number(declarator.Initializer?.Value ?? declaration.Initializer?.Value);
                                }
                            }
                        }
                    }
                }

                var leftOperand = condition.LeftOperand.WalkDownConversions();
                var rightOperand = condition.RightOperand.WalkDownConversions();
                var kind = condition.OperatorKind;
                IOperation bound;
                if (leftOperand is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, variable))
                {
                    bound = rightOperand;
                }
                else if (rightOperand is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, variable))
                {
                    bound = leftOperand;
                    kind = kind switch
                    {
                        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                        _ => kind,
                    };
                }
                else
                {
                    return null;
                }

                var end = Number(bound) ?? KnownLengthOfProperty(bound) ?? MinWithConstant(bound) ?? ReadonlyConstant(bound);
                var step = Step(loop.AtLoopBottom[0], variable);
                if (start is null || end is null || step is null || step == 0)
                {
                    return null;
                }

                double span;
                switch (kind)
                {
                    case BinaryOperatorKind.LessThan when step > 0:
                    case BinaryOperatorKind.NotEquals when step > 0:
                        span = end.Value - start.Value;
                        break;
                    case BinaryOperatorKind.LessThanOrEqual when step > 0:
                        span = end.Value - start.Value + 1;
                        break;
                    case BinaryOperatorKind.GreaterThan when step < 0:
                    case BinaryOperatorKind.NotEquals when step < 0:
                        span = start.Value - end.Value;
                        break;
                    case BinaryOperatorKind.GreaterThanOrEqual when step < 0:
                        span = start.Value - end.Value + 1;
                        break;
                    default:
                        return null;
                }

                return Math.Max(0, Math.Ceiling(span / Math.Abs(step.Value)));
            }

            /// <summary>
            /// A readonly field whose only value is a constant initializer: BBDown's
            /// <c>readonly int maxLine = MONITOR_HEIGHT * PROTECT_LENGTH / FONT_SIZE / 100;</c> (13), assigned nowhere else in
            /// its type. Read once per field.
            /// </summary>
            private double? ReadonlyConstant(IOperation bound) =>
                bound is IFieldReferenceOperation { Field: { IsReadOnly: true, DeclaringSyntaxReferences.Length: 1 } field }
                    ? _model._readonlyConstants.GetOrAdd(field.OriginalDefinition, f => InitializerOnly(f, _model._compilation))
                    : null;

            private static double? InitializerOnly(IFieldSymbol field, Compilation compilation)
            {
                if (field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
                    || !compilation.ContainsSyntaxTree(declarator.SyntaxTree)
                    || Number(DriverModels.Of(compilation, declarator.SyntaxTree).GetOperation(value)) is not { } number)
                {
                    return null;
                }

                foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
                {
                    foreach (var node in reference.GetSyntax().DescendantNodes())
                    {
                        // A constructor may assign it too (or pass it by ref): then its value is not only the initializer's.
                        if (node is IdentifierNameSyntax name && name.Identifier.ValueText == field.Name
                            && (name.Parent is AssignmentExpressionSyntax assignment && assignment.Left == name
                                || name.Parent is MemberAccessExpressionSyntax { Parent: AssignmentExpressionSyntax outer } access && access.Name == name && outer.Left == access
                                || name.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 }))
                        {
                            return null;
                        }
                    }
                }

                return number;
            }

            /// <summary><c>Math.Min(count, 16)</c>: at most the constant.</summary>
            private double? MinWithConstant(IOperation bound)
            {
                if (bound is IInvocationOperation { TargetMethod.Name: "Min", Arguments.Length: 2 } min && IsType(min.TargetMethod.ContainingType, _model._math))
                {
                    var a = Number(min.Arguments[0].Value);
                    var b = Number(min.Arguments[1].Value);
                    return a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
                }

                return null;
            }

            private static double? Step(IOperation bottom, ILocalSymbol variable)
            {
                var operation = bottom is IExpressionStatementOperation statement ? statement.Operation : bottom;
                switch (operation)
                {
                    case IIncrementOrDecrementOperation increment when IsVariable(increment.Target, variable):
                        return increment.Kind == OperationKind.Increment ? 1 : -1;
                    case ICompoundAssignmentOperation compound when IsVariable(compound.Target, variable) && Number(compound.Value) is { } value:
                        return compound.OperatorKind switch
                        {
                            BinaryOperatorKind.Add => value,
                            BinaryOperatorKind.Subtract => -value,
                            _ => (double?)null,
                        };
                    default:
                        return null;
                }
            }

            private static bool IsVariable(IOperation target, ILocalSymbol variable) =>
                target is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, variable);

            private static double? Number(IOperation? operation)
            {
                if (operation is null || !operation.ConstantValue.HasValue)
                {
                    return null;
                }

                switch (operation.ConstantValue.Value)
                {
                    case int i: return i;
                    case long l: return l;
                    case short s: return s;
                    case byte b: return b;
                    case sbyte sb: return sb;
                    case ushort us: return us;
                    case uint ui: return ui;
                    case ulong ul: return ul;
                    case char c: return c;
                    default: return null;
                }
            }

            /// <summary><c>values.Length</c> where <c>values</c> is known to hold a constant number of elements.</summary>
            private double? KnownLengthOfProperty(IOperation bound) =>
                bound is IPropertyReferenceOperation { Property.Name: "Length" or "Count", Instance: { } instance } ? KnownLength(instance.WalkDownConversions()) : null;

            /// <summary>Collections of a size known at compile time: constant strings, array creations, locals and readonly fields initialized with one.</summary>
            private double? KnownLength(IOperation collection)
            {
                if (collection.ConstantValue.HasValue && collection.ConstantValue.Value is string text)
                {
                    return text.Length;
                }

                switch (collection)
                {
                    case IArrayCreationOperation creation:
                        if (creation.Initializer != null)
                        {
                            return creation.Initializer.ElementValues.Length;
                        }

                        double total = 1;
                        foreach (var size in creation.DimensionSizes)
                        {
                            if (Number(size) is not { } dimension)
                            {
                                return null;
                            }

                            total *= dimension;
                        }

                        return total;

                    case IInvocationOperation { TargetMethod.Name: "Range", Arguments.Length: 2 } range when IsType(range.TargetMethod.ContainingType, _model._types.Enumerable):
                        return Number(range.Arguments[1].Value);

                    case ILocalReferenceOperation local:
                        return InitializerLength(local.Local);

                    case IFieldReferenceOperation field when field.Field.IsReadOnly || field.Field.IsConst:
                        return InitializerLength(field.Field);

                    default:
                        return null;
                }
            }

            /// <summary>From the declaration's syntax only: <c>= new[] { a, b }</c>, <c>= { a, b }</c>, <c>= [a, b]</c>, <c>= new int[16]</c>, <c>= "abc"</c>.</summary>
            private static double? InitializerLength(ISymbol symbol)
            {
                var references = symbol.DeclaringSyntaxReferences;
                if (references.Length != 1 || references[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
                {
                    return null;
                }

                if (symbol is ILocalSymbol { IsConst: false } && !IsNeverReassigned(symbol, value))
                {
                    return null;
                }

                switch (value)
                {
                    case ImplicitArrayCreationExpressionSyntax implicitArray:
                        return implicitArray.Initializer.Expressions.Count;
                    case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                        return initializer.Expressions.Count;
                    case ArrayCreationExpressionSyntax { Type.RankSpecifiers: { Count: 1 } ranks } when ranks[0].Sizes.Count == 1
                        && ranks[0].Sizes[0] is LiteralExpressionSyntax { Token.Value: int size }:
                        return size;
                    case InitializerExpressionSyntax initializer:
                        return initializer.Expressions.Count;
                    case CollectionExpressionSyntax collection:
                        foreach (var element in collection.Elements)
                        {
                            if (element is not ExpressionElementSyntax)
                            {
                                return null;
                            }
                        }

                        return collection.Elements.Count;
                    case LiteralExpressionSyntax { Token.Value: string text }:
                        return text.Length;
                    default:
                        return null;
                }
            }

            // A local whose declaration is its only assignment: checked on syntax, by name, in the enclosing block.
            private static bool IsNeverReassigned(ISymbol local, SyntaxNode initializer)
            {
                var scope = initializer.FirstAncestorOrSelf<BlockSyntax>();
                if (scope is null)
                {
                    return false;
                }

                foreach (var node in scope.DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } && name.Identifier.ValueText == local.Name)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
