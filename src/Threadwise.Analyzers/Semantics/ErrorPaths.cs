using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that runs only when something has already failed: the operand of <c>throw</c>
    /// (<c>throw connector.Break(ex)</c>), an exception filter (<c>catch (..) when (Log(ex))</c>), and a call to a method that
    /// always throws (a throw helper: <c>[DoesNotReturn]</c>, <c>=&gt; throw ..</c>, or a body whose every path ends in
    /// <c>throw</c>), arguments included, and a block that always ends in a throw, such as cleanup in a catch clause that
    /// rethrows (<c>catch { socket.Disconnect(false); throw; }</c>, <see cref="IsFailureBlock"/>), the statements of a block
    /// from which every path throws (<c>var dump = DebugReadAll(); throw new ProtocolViolationException(..);</c>), and a call that hands the
    /// caught exception to its handler (<c>catch (SocketException e) { connection.SignalDisconnected(e); }</c>,
    /// <see cref="HandsOnCaughtException"/>), and the part of a method that runs only once its exception parameter holds an
    /// exception (<see cref="IsUnderFailedExceptionGuard"/>). Blocking there stalls a request that is failing anyway, so TW104 does not
    /// follow it and TW102 does not report it. Other code in a catch that swallows the exception (recovers, retries, falls
    /// back) is not an error path: the method goes on as if nothing had failed.
    /// </summary>
    internal static class ErrorPaths
    {
        private static readonly ConditionalWeakTable<Compilation, StrongBox<INamedTypeSymbol?>> s_doesNotReturn =
            new ConditionalWeakTable<Compilation, StrongBox<INamedTypeSymbol?>>();

        /// <summary>Whether <paramref name="operation"/> itself opens an error path: a <c>throw</c>, or a call to a method that always throws.</summary>
        public static bool StartsErrorPath(IOperation operation, Compilation? compilation) => operation switch
        {
            IThrowOperation => true,
            IInvocationOperation invocation => AlwaysThrows(invocation.TargetMethod, compilation),
            _ => false,
        };

        /// <summary>Whether <paramref name="operation"/> is an exception filter (the <c>when</c> clause of a catch).</summary>
        public static bool IsExceptionFilter(IOperation operation) =>
            operation.Parent is ICatchClauseOperation clause && clause.Filter == operation;

        /// <summary>Whether <paramref name="operation"/> lies on an error path of its own function (see the class summary).</summary>
        public static bool IsOnErrorPath(IOperation operation)
        {
            var compilation = operation.SemanticModel?.Compilation;
            for (var current = operation; current != null && !current.IsFunctionBoundary(); current = current.Parent)
            {
                if (IsExceptionFilter(current) || current != operation && StartsErrorPath(current, compilation)
                    || current is IBlockOperation block && IsFailureBlock(block)
                    || IsInFailureTail(current, compilation)
                    || IsUnderFailedExceptionGuard(current)
                    || current is IInvocationOperation call && HandsOnCaughtException(call))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A call that is given the exception its catch clause caught, or something read from it (<c>OnError(ex)</c>,
        /// <c>connection.Break(ex)</c>, <c>SignalDisconnected(e.InnerException)</c>, <c>ex.Report()</c>): the callee is the
        /// failure's handler, and runs only once something has failed. A call in the same catch that is not given the
        /// exception (<c>catch (IOException) { return Fallback(); }</c>) is the method going on, and is followed as before.
        /// </summary>
        public static bool HandsOnCaughtException(IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (IsCaughtException(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        // ex, ex.InnerException, ex.GetBaseException(), (IOException)ex: rooted at a local declared by a catch clause.
        private static bool IsCaughtException(IOperation value)
        {
            while (true)
            {
                switch (value)
                {
                    case IConversionOperation conversion:
                        value = conversion.Operand;
                        break;
                    case IPropertyReferenceOperation { Instance: { } instance }:
                        value = instance;
                        break;
                    case IFieldReferenceOperation { Instance: { } instance }:
                        value = instance;
                        break;
                    case IInvocationOperation { Instance: { } instance }:
                        value = instance;
                        break;
                    case ILocalReferenceOperation { Local: var local }:
                        return local.DeclaringSyntaxReferences.Length == 1
                            && local.DeclaringSyntaxReferences[0].GetSyntax() is CatchDeclarationSyntax;
                    default:
                        return false;
                }
            }
        }

        /// <summary>
        /// Code that runs only once an exception parameter holds an exception: the arm of <c>if (error != null)</c> (or
        /// <c>is not null</c>, <c>is { }</c>), the <c>else</c> of <c>if (error == null)</c>, and the statements after
        /// <c>if (error == null) { ..; return; }</c> in the same block, where <c>error</c> is a parameter of an exception
        /// type: the method is the handler of a failure its caller may hand it, as <see cref="HandsOnCaughtException"/>'s
        /// callee is. FreeSql's <c>LoggerException(pool, pc, ex, ..)</c>, called after every command: the success case logs
        /// and returns, and only a failed command rolls back the thread's transaction. A local set in a catch that
        /// swallows the exception is the method recovering, not an error path.
        /// </summary>
        public static bool IsUnderFailedExceptionGuard(IOperation statement)
        {
            if (statement.Parent is IConditionalOperation conditional && conditional.Condition != statement)
            {
                var failed = ExceptionVariableTest(conditional.Condition);
                if (failed == true && conditional.WhenTrue == statement || failed == false && conditional.WhenFalse == statement)
                {
                    return true;
                }
            }

            if (statement.Parent is not IBlockOperation block)
            {
                return false;
            }

            var index = block.Operations.IndexOf(statement);
            for (var i = 0; i < index; i++)
            {
                if (block.Operations[i] is IConditionalOperation { WhenFalse: null } earlyExit
                    && ExceptionVariableTest(earlyExit.Condition) == false
                    && EndsInReturnOrThrow(earlyExit.WhenTrue))
                {
                    return true;
                }
            }

            return false;
        }

        // true for 'error != null' (the variable holds an exception), false for 'error == null', null for anything else.
        private static bool? ExceptionVariableTest(IOperation condition)
        {
            condition = condition.WalkDownConversions();
            switch (condition)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                    when IsExceptionVariable(comparison.LeftOperand) && IsNull(comparison.RightOperand)
                        || IsExceptionVariable(comparison.RightOperand) && IsNull(comparison.LeftOperand):
                    return comparison.OperatorKind == BinaryOperatorKind.NotEquals;
                case IIsPatternOperation { Value: var value, Pattern: var pattern } when IsExceptionVariable(value):
                    return pattern switch
                    {
                        IConstantPatternOperation constant when IsNull(constant.Value) => false,
                        INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsNull(constant.Value) => true,
                        IRecursivePatternOperation { DeclaredSymbol: null, PropertySubpatterns.Length: 0, DeconstructionSubpatterns.Length: 0 } => true,
                        _ => null,
                    };
                default:
                    return null;
            }
        }

        // A parameter only: the method is handed a failure to handle. A local set in a catch that swallows is recovery code.
        private static bool IsExceptionVariable(IOperation value) =>
            value.WalkDownConversions() is IParameterReferenceOperation
            && value.SemanticModel?.Compilation is { } compilation
            && KnownTypes.InheritsFrom(value.WalkDownConversions().Type, CompilationContext.For(compilation).Types.Exception);

        private static bool IsNull(IOperation value) =>
            value.WalkDownConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };

        private static bool EndsInReturnOrThrow(IOperation statement) => statement switch
        {
            IBlockOperation { Operations.Length: > 0 } block => EndsInReturnOrThrow(block.Operations[block.Operations.Length - 1]),
            IReturnOperation => true,
            IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation } => true,
            _ => false,
        };

        /// <summary>
        /// A block whose every path ends in a throw: its last statement is <c>throw;</c>, <c>throw new X(..)</c>, a call to a
        /// method that always throws, or an <c>if</c>/<c>else</c> whose arms both do; and nothing in it leaves the block another
        /// way (<c>return</c>, <c>goto</c>, a <c>break</c>/<c>continue</c> of an outer loop). Everything in it runs only on the way
        /// out of a failure: <c>catch { socket.Disconnect(false); socket.Dispose(); throw; }</c>,
        /// <c>catch (Exception ex) { if (IsPermanent(ex)) { connection.Dispose(); throw; } }</c> (the inner block),
        /// <c>if (read == 0) { var error = new EndOfStreamException(); connection.Break(error); throw error; }</c>. Not a
        /// function's own body (a throw helper: its callers are the error path) and not the body of a <c>try</c>, whose
        /// throw its own catch may take as control flow.
        /// </summary>
        public static bool IsFailureBlock(IBlockOperation block) =>
            block.Parent is { } parent && !parent.IsFunctionBoundary() && parent is not IMethodBodyBaseOperation
            && !(parent is ITryOperation @try && @try.Body == block)
            && AlwaysEndsInThrow(block, block.SemanticModel?.Compilation);

        /// <summary>
        /// A statement from which every path ends in a throw: it and the statements after it in its block or switch section
        /// leave no other way, and the last one always throws. FreeRedis's reply reader:
        /// <c>default: if (b == -1) return ..; var allBytes = DebugReadAll(); throw new ProtocolViolationException(..);</c>:
        /// the read that fills the message runs only on the way out of a protocol failure. The same limits as
        /// <see cref="IsFailureBlock"/>: not in a function's own body, nor in the body of a <c>try</c>.
        /// </summary>
        private static bool IsInFailureTail(IOperation statement, Compilation? compilation)
        {
            System.Collections.Immutable.ImmutableArray<IOperation> statements;
            switch (statement.Parent)
            {
                case IBlockOperation block when block.Parent is { } parent && !parent.IsFunctionBoundary() && parent is not IMethodBodyBaseOperation
                    && !(parent is ITryOperation @try && @try.Body == block):
                    statements = block.Operations;
                    break;
                case ISwitchCaseOperation section:
                    statements = section.Body;
                    break;
                default:
                    return false;
            }

            var index = statements.IndexOf(statement);
            if (index < 0 || !StatementAlwaysThrows(statements[statements.Length - 1], compilation))
            {
                return false;
            }

            for (var i = index; i < statements.Length; i++)
            {
                if (statements[i].Syntax.Kind() is SyntaxKind.ReturnStatement or SyntaxKind.YieldBreakStatement or SyntaxKind.BreakStatement
                        or SyntaxKind.ContinueStatement or SyntaxKind.GotoStatement or SyntaxKind.GotoCaseStatement or SyntaxKind.GotoDefaultStatement
                    || LeavesOtherwise(statements[i].Syntax))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AlwaysEndsInThrow(IBlockOperation block, Compilation? compilation) =>
            StatementAlwaysThrows(block, compilation) && !LeavesOtherwise(block.Syntax);

        private static bool StatementAlwaysThrows(IOperation statement, Compilation? compilation)
        {
            switch (statement)
            {
                case IBlockOperation block:
                    return block.Operations.Length > 0 && StatementAlwaysThrows(block.Operations[block.Operations.Length - 1], compilation);
                case IThrowOperation:
                    return true;
                case IExpressionStatementOperation { Operation: IThrowOperation }:
                    return true;
                case IExpressionStatementOperation { Operation: IInvocationOperation invocation }:
                    return AlwaysThrows(invocation.TargetMethod, compilation);
                case IConditionalOperation { WhenFalse: { } otherwise } conditional:
                    return StatementAlwaysThrows(conditional.WhenTrue, compilation) && StatementAlwaysThrows(otherwise, compilation);
                case ILockOperation @lock:
                    return StatementAlwaysThrows(@lock.Body, compilation);
                case IUsingOperation @using:
                    return StatementAlwaysThrows(@using.Body, compilation);
                default:
                    return false;
            }
        }

        /// <summary>
        /// A way out of <paramref name="block"/> that does not throw: <c>return</c>, <c>yield break</c>, <c>goto</c>, or a
        /// <c>break</c>/<c>continue</c> whose loop or switch lies outside the block. Nested functions are not the block's.
        /// </summary>
        private static bool LeavesOtherwise(SyntaxNode block)
        {
            foreach (var node in block.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax && n is not LocalFunctionStatementSyntax))
            {
                switch (node.Kind())
                {
                    case SyntaxKind.ReturnStatement:
                    case SyntaxKind.YieldBreakStatement:
                    case SyntaxKind.GotoStatement:
                    case SyntaxKind.GotoCaseStatement:
                    case SyntaxKind.GotoDefaultStatement:
                        return true;
                    case SyntaxKind.BreakStatement:
                    case SyntaxKind.ContinueStatement:
                        if (!TargetIsInside(node, block))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        // The loop (or, for break, switch) a break/continue jumps out of lies inside the block.
        private static bool TargetIsInside(SyntaxNode jump, SyntaxNode block)
        {
            var isBreak = jump.IsKind(SyntaxKind.BreakStatement);
            for (var current = jump.Parent; current != null && current != block; current = current.Parent)
            {
                switch (current)
                {
                    case ForStatementSyntax:
                    case CommonForEachStatementSyntax:
                    case WhileStatementSyntax:
                    case DoStatementSyntax:
                        return true;
                    case SwitchStatementSyntax when isBreak:
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A method that never returns normally: marked <c>[DoesNotReturn]</c>, or declared in source with an expression body
        /// that is a <c>throw</c>, or a block body whose last statement always throws (a <c>throw</c>, an <c>if</c>/<c>else</c> or a <c>try</c> whose body and catches all
        /// throw) and that has no <c>return</c>.
        /// Read from syntax; no binding. A method that loops forever is not a throw helper (a worker loop still blocks).
        /// </summary>
        public static bool AlwaysThrows(IMethodSymbol method, Compilation? compilation)
        {
            method = method.ReducedFrom ?? method;
            if (compilation != null && DoesNotReturnAttribute(compilation) is { } doesNotReturn)
            {
                foreach (var attribute in method.GetAttributes())
                {
                    if (KnownTypes.Is(attribute.AttributeClass, doesNotReturn))
                    {
                        return true;
                    }
                }
            }

            var references = method.OriginalDefinition.DeclaringSyntaxReferences;
            if (references.Length != 1)
            {
                return false;
            }

            switch (references[0].GetSyntax())
            {
                case BaseMethodDeclarationSyntax declaration:
                    return BodyAlwaysThrows(declaration.Body, declaration.ExpressionBody);
                case LocalFunctionStatementSyntax local:
                    return BodyAlwaysThrows(local.Body, local.ExpressionBody);
                default:
                    return false;
            }
        }

        private static bool BodyAlwaysThrows(BlockSyntax? body, ArrowExpressionClauseSyntax? expressionBody)
        {
            if (expressionBody != null)
            {
                return expressionBody.Expression is ThrowExpressionSyntax;
            }

            return body != null && StatementAlwaysThrows(body) && !ContainsReturn(body);
        }

        private static bool StatementAlwaysThrows(StatementSyntax statement) => statement switch
        {
            ThrowStatementSyntax => true,
            BlockSyntax block => block.Statements.Count > 0 && StatementAlwaysThrows(block.Statements[block.Statements.Count - 1]),
            IfStatementSyntax { Else: { } otherwise } @if => StatementAlwaysThrows(@if.Statement) && StatementAlwaysThrows(otherwise.Statement),
            // try { throw Create(..); } catch (Exception ex) { Annotate(ex); throw; }
            TryStatementSyntax @try => StatementAlwaysThrows(@try.Block) && CatchesAlwaysThrow(@try),
            _ => false,
        };

        private static bool CatchesAlwaysThrow(TryStatementSyntax @try)
        {
            foreach (var @catch in @try.Catches)
            {
                if (!StatementAlwaysThrows(@catch.Block))
                {
                    return false;
                }
            }

            return true;
        }

        // A return anywhere in the body (outside nested functions) is a way out that does not throw.
        private static bool ContainsReturn(BlockSyntax body)
        {
            foreach (var node in body.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax && n is not LocalFunctionStatementSyntax))
            {
                if (node.IsKind(SyntaxKind.ReturnStatement) || node.IsKind(SyntaxKind.YieldBreakStatement))
                {
                    return true;
                }
            }

            return false;
        }

        private static INamedTypeSymbol? DoesNotReturnAttribute(Compilation compilation) =>
            s_doesNotReturn.GetValue(
                compilation,
                c => new StrongBox<INamedTypeSymbol?>(c.GetBestTypeByMetadataName("System.Diagnostics.CodeAnalysis.DoesNotReturnAttribute"))).Value;
    }
}
