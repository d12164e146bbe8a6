using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Which part of a property or indexer accessor runs on every call. An accessor cannot be made async, and a getter that
    /// blocks only behind a guard is lazy initialisation (<c>if (_cached != null) return _cached;</c>, then connect) or a
    /// rare-state path (<c>if (state == Unknown) { Thread.Sleep(..); }</c>): TW104 follows an accessor only for blocking on
    /// its unconditional path. <c>public string Config =&gt; File.ReadAllText(_path);</c> and a getter that always does
    /// <c>_client.GetAsync(u).Result</c> still block on every read and are followed.
    /// </summary>
    internal static class AccessorPaths
    {
        /// <summary>A property or indexer getter or setter (also init): the members whose bodies only their unconditional path counts for.</summary>
        public static bool IsAccessor(ISymbol member) =>
            member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet };

        /// <summary>
        /// Whether <paramref name="operation"/> runs every time <paramref name="body"/> (an accessor's body) runs: it lies at
        /// the top level of the body or inside <c>using</c>, <c>lock</c>, <c>try</c> or <c>finally</c> blocks, or in the
        /// condition of an <c>if</c> or <c>?:</c> or the value of a <c>switch</c>; not in an arm of one, not in a loop, a
        /// catch, the right side of <c>&amp;&amp;</c>, <c>||</c>, <c>??</c> or <c>??=</c>, after <c>?.</c>; and not after a
        /// statement that may return early (<c>if (_cached != null) return _cached;</c>).
        /// </summary>
        public static bool IsUnconditional(IOperation operation, IOperation body)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null && child != body; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when child != conditional.Condition:
                    case ISwitchOperation @switch when child != @switch.Value:
                    case ISwitchExpressionOperation switchExpression when child != switchExpression.Value:
                    case IForEachLoopOperation forEach when child != forEach.Collection:
                    case ICoalesceOperation coalesce when child != coalesce.Value:
                    case ICoalesceAssignmentOperation coalesceAssignment when child == coalesceAssignment.Value:
                    case IConditionalAccessOperation conditionalAccess when child == conditionalAccess.WhenNotNull:
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical
                        when child == logical.RightOperand:
                        return false;

                    case ILoopOperation and not IForEachLoopOperation:
                    case ICatchClauseOperation:
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        return false;

                    case IBlockOperation block when ReturnsBefore(block, child):
                        return false;
                }
            }

            return child == body;
        }

        /// <summary>A statement before <paramref name="child"/> in <paramref name="block"/> holds a <c>return</c>: the rest may not run.</summary>
        private static bool ReturnsBefore(IBlockOperation block, IOperation child)
        {
            foreach (var statement in block.Operations)
            {
                if (statement == child)
                {
                    return false;
                }

                if (ContainsReturn(statement.Syntax))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ContainsReturn(SyntaxNode statement)
        {
            if (statement.IsKind(SyntaxKind.ReturnStatement))
            {
                return true;
            }

            foreach (var node in statement.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax && n is not LocalFunctionStatementSyntax))
            {
                if (node.IsKind(SyntaxKind.ReturnStatement))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
