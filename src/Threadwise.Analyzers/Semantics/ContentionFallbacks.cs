using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The slow path of a non-blocking attempt: a wait on a synchronization primitive that runs only after a visible
    /// attempt to take a resource failed — <c>if (TryAcquireEntry(ref e)) return; semaphore.Wait();</c>,
    /// <c>if (!TryLock()) { .. Wait .. }</c>, <c>while (!TryReserve()) Thread.Yield();</c>,
    /// <c>while ((address = TryAllocate(n)) &lt; 0) BackOff();</c>. Such a wait blocks only under contention, as a
    /// <c>lock</c> does, and no rule reports a <c>lock</c> on an async path; the fast path (the attempt) never blocks, and
    /// whether the attempt itself blocks is judged on its own, as a call. TW104 does not take such a wait as a leaf, nor a
    /// call to a helper whose every blocking leaf is such a wait (a back-off helper called in the retry loop).
    /// Strict on purpose: only waits on primitives (<c>SemaphoreSlim</c>, events, <c>WaitHandle</c>, <c>Monitor</c>,
    /// <c>Thread.Sleep</c>, <c>SpinWait</c>) or a one-line wrapper of one count; a task wait or an I/O call after a failed
    /// attempt is a fallback to real work and stays reported. The attempt is a source method whose body the analyzer reads
    /// (so its own blocking is followed), named for taking a resource (<c>TryAcquire..</c>, <c>TryEnter..</c>,
    /// <c>TryLock..</c>, <c>TryReserve..</c>, <c>TryClaim..</c>, <c>TryAllocate..</c>, <c>TryRent..</c>), not for taking work
    /// (<c>TryDequeue</c>, <c>TryTake</c>, <c>TryRead</c>): a consumer that waits after finding its queue empty waits for
    /// work, for as long as no producer comes, and stays reported.
    /// </summary>
    internal static class ContentionFallbacks
    {
        private static readonly string[] s_resourceVerbs = { "Acquire", "Enter", "Lock", "Reserve", "Claim", "Allocate", "Rent" };

        /// <summary>A call named like a resource attempt (<c>TryAcquireEntry</c>): a cheap first test before <see cref="RunsAfterFailedAttempt"/>.</summary>
        public static bool IsAttemptName(string name)
        {
            if (!name.StartsWith("Try", System.StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var verb in s_resourceVerbs)
            {
                if (string.CompareOrdinal(name, 3, verb, 0, verb.Length) == 0
                    && (name.Length == 3 + verb.Length || !char.IsLower(name[3 + verb.Length])))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A wait on a synchronization primitive, a pause or a spin, or a source method whose whole body is one of these.</summary>
        public static bool IsContentionWait(IOperation operation, KnownTypes types) =>
            operation is IInvocationOperation invocation
            && (IsPrimitiveWait(invocation.TargetMethod, types) || IsPrimitiveWaitWrapper(invocation.TargetMethod, invocation.SemanticModel?.Compilation, types));

        /// <summary>
        /// <paramref name="operation"/> runs only after a resource attempt failed, in the same function, without crossing a
        /// loop other than the attempt's own retry loop: in the body of <c>while (!TryX(..))</c> or
        /// <c>while ((r = TryX(..)) &lt; 0)</c> (any comparison of the attempt's result with a constant: the body runs until
        /// the attempt succeeds), in the <c>then</c> branch of <c>if (!TryX(..))</c> (or of a <c>&amp;&amp;</c> with that
        /// operand), in the <c>else</c> branch of <c>if (TryX(..))</c>, or after <c>if (TryX(..)) return/break/continue/throw;</c>
        /// earlier in an enclosing block.
        /// </summary>
        public static bool RunsAfterFailedAttempt(IOperation operation, KnownTypes types)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null && !parent.IsFunctionBoundary(); child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IBlockOperation block when ExitsEarlierOnSuccess(block, child, types):
                        return true;

                    case IConditionalOperation negative when child == negative.WhenTrue && IsFailedAttemptTest(negative.Condition, types):
                        return true;

                    case IConditionalOperation positive when child == positive.WhenFalse && IsAttemptCall(positive.Condition, types, requireBool: true):
                        return true;

                    case IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false, Condition: { } condition } loop when child == loop.Body:
                        return IsFailedAttemptTest(condition, types) || IsRetryStatusTest(condition, types);

                    case IForLoopOperation { Condition: { } condition } loop when child == loop.Body:
                        return IsFailedAttemptTest(condition, types) || IsRetryStatusTest(condition, types);

                    case ILoopOperation:
                        // A wait in some other loop after the attempt may wait for anything, as often as that loop says.
                        return false;
                }
            }

            return false;
        }

        /// <summary>An earlier statement of <paramref name="block"/> is <c>if (TryX(..)) return/break/continue/throw;</c>.</summary>
        private static bool ExitsEarlierOnSuccess(IBlockOperation block, IOperation statement, KnownTypes types)
        {
            foreach (var sibling in block.Operations)
            {
                if (sibling == statement)
                {
                    return false;
                }

                if (sibling is IConditionalOperation { WhenFalse: null } conditional
                    && IsAttemptCall(conditional.Condition, types, requireBool: true)
                    && AlwaysLeaves(conditional.WhenTrue))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AlwaysLeaves(IOperation branch)
        {
            if (branch is IBlockOperation { Operations.Length: > 0 } block)
            {
                branch = block.Operations[block.Operations.Length - 1];
            }

            return branch is IReturnOperation { Kind: OperationKind.Return }
                || branch is IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue }
                || branch is IExpressionStatementOperation { Operation: IThrowOperation }
                || branch is IThrowOperation;
        }

        /// <summary><c>!TryX(..)</c>, <c>TryX(..) == false</c>, or a <c>&amp;&amp;</c> with such an operand: true only while the attempt failed.</summary>
        private static bool IsFailedAttemptTest(IOperation condition, KnownTypes types)
        {
            condition = condition.WalkDownConversions();
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return IsAttemptCall(not.Operand, types, requireBool: true);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                    return IsFailedAttemptTest(and.LeftOperand, types) || IsFailedAttemptTest(and.RightOperand, types);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                    return IsAttemptCall(equals.LeftOperand, types, requireBool: true) && equals.RightOperand.ConstantValue is { HasValue: true, Value: false }
                        || IsAttemptCall(equals.RightOperand, types, requireBool: true) && equals.LeftOperand.ConstantValue is { HasValue: true, Value: false };
                default:
                    return false;
            }
        }

        /// <summary>
        /// A loop condition that compares an attempt's status with a constant (<c>(address = TryAllocate(n)) &lt; 0</c>): the
        /// loop runs its body only while the attempt asks to be retried, whichever value means that.
        /// </summary>
        private static bool IsRetryStatusTest(IOperation condition, KnownTypes types) =>
            condition.WalkDownConversions() is IBinaryOperation binary
            && binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
            && (IsAttemptCall(binary.LeftOperand, types, requireBool: false) && binary.RightOperand.WalkDownConversions().ConstantValue.HasValue
                || IsAttemptCall(binary.RightOperand, types, requireBool: false) && binary.LeftOperand.WalkDownConversions().ConstantValue.HasValue);

        /// <summary>A call (or the value of an assignment of a call) to a followed source method named like a resource attempt.</summary>
        private static bool IsAttemptCall(IOperation value, KnownTypes types, bool requireBool)
        {
            value = value.WalkDownConversions();
            if (value is ISimpleAssignmentOperation assignment)
            {
                value = assignment.Value.WalkDownConversions();
            }

            return value is IInvocationOperation invocation
                && IsAttemptName(invocation.TargetMethod.Name)
                && (!requireBool || invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean)
                && CallSummaries.FollowedTarget(invocation, types) != null;
        }

        private static bool IsPrimitiveWait(IMethodSymbol method, KnownTypes types)
        {
            var type = method.ContainingType;
            return method.Name switch
            {
                "Wait" => KnownTypes.Is(type, types.SemaphoreSlim) || KnownTypes.InheritsFrom(type, types.ManualResetEventSlim)
                    || KnownTypes.InheritsFrom(type, types.CountdownEvent) || KnownTypes.Is(type, types.Monitor),
                "WaitOne" or "WaitAny" or "WaitAll" => KnownTypes.InheritsFrom(type, types.WaitHandle),
                "Enter" => KnownTypes.Is(type, types.Monitor) || KnownTypes.Is(type, types.SpinLock),
                "EnterReadLock" or "EnterWriteLock" or "EnterUpgradeableReadLock" => KnownTypes.Is(type, types.ReaderWriterLockSlim),
                "Sleep" or "Yield" or "SpinWait" => KnownTypes.Is(type, types.Thread),
                "SpinOnce" or "SpinUntil" => KnownTypes.Is(type, types.SpinWait),
                _ => false,
            };
        }

        /// <summary>
        /// A source method whose whole body is one call to a primitive wait (<c>void Wait(CancellationToken token) =&gt;
        /// semaphore.Wait(token);</c>): an event type that wraps a semaphore waits the same way.
        /// </summary>
        private static bool IsPrimitiveWaitWrapper(IMethodSymbol method, Compilation? compilation, KnownTypes types)
        {
            if (compilation is null || method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration
                || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                return false;
            }

            var expression = declaration.ExpressionBody?.Expression
                ?? (declaration.Body is { Statements.Count: 1 } body
                    ? body.Statements[0] switch
                    {
                        ExpressionStatementSyntax statement => statement.Expression,
                        ReturnStatementSyntax { Expression: { } returned } => returned,
                        _ => null,
                    }
                    : null);
            if (expression is not InvocationExpressionSyntax call)
            {
                return false;
            }

            var model = DriverModels.Of(compilation, call.SyntaxTree);
            return model.GetSymbolInfo(call).Symbol is IMethodSymbol target && IsPrimitiveWait(target, types);
        }
    }
}
