using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Functions that cannot let an exception out: the whole body is one <c>try</c> with an unfiltered catch of
    /// <c>Exception</c> (or a catch-all), after nothing but statements that cannot throw (<see cref="CannotThrow"/>), and no
    /// catch or <c>finally</c> throws. That is the usual shape of a timer callback
    /// or a fire-and-forget worker (<c>try { ... } catch (Exception e) { log }</c>): as <c>async void</c> it cannot crash the
    /// process (TW301, TW302), and the task it returns cannot fault unobserved (TW304). Deliberately strict: any other statement
    /// outside the <c>try</c>, a filter on the only broad catch, a narrower catch only, or any <c>throw</c> or <c>await</c> in a
    /// catch or the <c>finally</c> (even a conditional one) means an exception may escape.
    /// For <c>async void</c> only (TW301, TW302) a relaxed form also counts (<see cref="CannotCrashAsAsyncVoid(IOperation?, KnownTypes, bool)"/>):
    /// every <c>await</c> inside such a <c>try</c> or of an async source method whose body is such a <c>try</c>, and code
    /// after it that does not await (<c>StartTimer()</c> after the <c>try</c> of a polling callback).
    /// </summary>
    internal static class ExceptionContainment
    {
        /// <summary>The body of a method, local function or lambda (or the function operation itself).</summary>
        public static bool ContainsAll(IOperation? body, KnownTypes types) => ContainsAll(body, types, followCallees: true);

        // followCallees: whether an await of a guarded async callee counts as guarded (one level: a callee's own awaits do not
        // look further, which also stops a recursive method from asking about itself).
        private static bool ContainsAll(IOperation? body, KnownTypes types, bool followCallees)
        {
            if (BodyOf(body) is not IBlockOperation block)
            {
                return false;
            }

            ITryOperation? only = null;
            foreach (var statement in block.Operations)
            {
                // Lambda bodies end in an implicit return.
                if (statement is IReturnOperation { IsImplicit: true, ReturnedValue: null })
                {
                    continue;
                }

                // sender = sender ?? ActorRefs.NoSender; before the try (Akka's PipeTo): a statement that cannot throw.
                if (only == null && CannotThrow(statement, types))
                {
                    continue;
                }

                if (only != null || statement is not ITryOperation @try)
                {
                    return false;
                }

                only = @try;
            }

            return only != null && CatchesAll(only, types, followCallees);
        }

        /// <summary>
        /// A source method or local function whose body contains every exception; false for a method without a body in
        /// this compilation. A cheap syntax check comes first: the body must be a block holding one <c>try</c>.
        /// </summary>
        public static bool ContainsAll(IMethodSymbol method, Compilation compilation, KnownTypes types, CancellationToken cancellationToken) =>
            ContainsAll(method, compilation, types, followCallees: true, cancellationToken);

        /// <summary>
        /// Whether the task a call of <paramref name="method"/> returns cannot fault: an async source method that contains
        /// every exception, or a method that only forwards to one (Akka's <c>PipeTo(task, recipient) =&gt; PipeTo(task,
        /// recipient, false)</c>): a forwarder that is not async throws to its caller, and hands back the other's task.
        /// </summary>
        public static bool TaskCannotFault(IMethodSymbol method, Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
        {
            if (method.IsAsync)
            {
                return ContainsAll(method.OriginalDefinition, compilation, types, cancellationToken);
            }

            return SourceBody(method.OriginalDefinition, compilation, IsForwarder, cancellationToken) is { } body
                && ForwardedCall(body) is { TargetMethod: { IsAsync: true } target }
                && !SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, method.OriginalDefinition)
                && ContainsAll(target.OriginalDefinition, compilation, types, cancellationToken);
        }

        // => Other(..); or { return Other(..); }
        private static bool IsForwarder(SyntaxNode body) =>
            body is ArrowExpressionClauseSyntax { Expression: InvocationExpressionSyntax }
            || body is BlockSyntax { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: InvocationExpressionSyntax };

        private static IInvocationOperation? ForwardedCall(IOperation body) =>
            BodyOf(body) is IBlockOperation { Operations: { Length: 1 } operations } && operations[0] is IReturnOperation { ReturnedValue: { } value }
                ? value.WalkDownConversions() as IInvocationOperation
                : null;

        private static bool ContainsAll(IMethodSymbol method, Compilation compilation, KnownTypes types, bool followCallees, CancellationToken cancellationToken) =>
            SourceBody(method, compilation, IsOneTry, cancellationToken) is { } operation
            && ContainsAll(operation, types, followCallees);

        // A block that ends in its only try, after nothing but assignments and ifs (the candidates of CannotThrow).
        private static bool IsOneTry(SyntaxNode body)
        {
            if (body is not BlockSyntax { Statements: { Count: > 0 } statements } || statements[statements.Count - 1] is not TryStatementSyntax)
            {
                return false;
            }

            for (var i = 0; i < statements.Count - 1; i++)
            {
                if (statements[i] is not (ExpressionStatementSyntax or IfStatementSyntax or ReturnStatementSyntax))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// An async function that, as <c>async void</c>, adds no crash risk beyond a synchronous void callback: it contains
        /// every exception (<see cref="ContainsAll(IOperation?, KnownTypes)"/>), or every <c>await</c> (also <c>await foreach</c>
        /// and <c>await using</c>) lies in the body of a <c>try</c> whose unfiltered catch of <c>Exception</c> (or catch-all)
        /// does not rethrow and whose catches and <c>finally</c> do not throw, and nothing but argument checks
        /// (<see cref="IsArgumentCheck"/>) runs before the first statement that awaits. Code after those <c>try</c>s does not
        /// await, so it throws where a synchronous callback would. Code before the first await is different: a synchronous method throws it to its caller, async void posts it to the
        /// thread pool, so a statement before the first awaiting statement keeps it reported, unless
        /// <paramref name="onlyCalledBack"/>: a function that runs only as a delegate (a lambda, a method group, a private
        /// method whose every call is the whole body of a lambda) has no caller of its own to throw to, and its code before
        /// the first await throws where a synchronous callback's would (nats.net's <c>Task.Run(ReconnectLoop)</c>, which
        /// logs before its guarded loop). Not for a task-returning function (TW304): there the code after the <c>try</c>
        /// faults the task.
        /// </summary>
        public static bool CannotCrashAsAsyncVoid(IOperation? body, KnownTypes types, bool onlyCalledBack)
        {
            if (ContainsAll(body, types))
            {
                return true;
            }

            var block = BodyOf(body) as IBlockOperation;
            if (block is null)
            {
                return false;
            }

            var awaits = false;
            foreach (var statement in block.Operations)
            {
                if (statement is ILocalFunctionOperation || statement is IReturnOperation { IsImplicit: true, ReturnedValue: null })
                {
                    continue;
                }

                if (!ContainsAwait(statement, block))
                {
                    if (!awaits && !onlyCalledBack && !CannotThrow(statement, types) && !IsArgumentCheck(statement, types))
                    {
                        // Runs on the caller's stack before the first await.
                        return false;
                    }

                    continue;
                }

                awaits = true;
            }

            if (!awaits)
            {
                return false;
            }

            return !HasUnguardedAwait(block, types, followCallees: true);
        }

        /// <summary>
        /// A statement that cannot throw: <c>return;</c>, an assignment of a plain value to a local, a parameter, a field of
        /// <c>this</c> or a static field (<c>this.suppressRead = true;</c>), a call the compiler leaves out because its
        /// <c>[Conditional]</c> symbol is not defined (<c>Contract.Requires(x != null)</c> without <c>CONTRACTS_FULL</c>, as
        /// in DotNetty's SNI handler), or an <c>if</c> over a plain test whose arms are such statements (<c>if (pool ==
        /// null) pool = ArrayPool&lt;byte&gt;.Shared;</c> before SuperSocket's guarded receive loop). Plain: a literal, a
        /// local, a parameter, a static field or a field of <c>this</c>, a static property of a referenced type, and built-in
        /// <c>==</c>, <c>!=</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c> and constant patterns (<c>is null</c>, <c>is 0</c>) over them.
        /// </summary>
        private static bool CannotThrow(IOperation statement, KnownTypes types) => statement switch
        {
            IReturnOperation { ReturnedValue: null } => true,
            IBlockOperation block => block.Operations.All(operation => CannotThrow(operation, types)),
            IConditionalOperation { WhenTrue: var whenTrue, WhenFalse: var whenFalse } conditional =>
                IsPlain(conditional.Condition) && CannotThrow(whenTrue, types) && (whenFalse is null || CannotThrow(whenFalse, types)),
            IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } } assignment } =>
                IsPlain(assignment.Value),
            IExpressionStatementOperation { Operation: IInvocationOperation call } => IsCompiledAway(call, types),
            _ => false,
        };

        // The method is [Conditional] on symbols none of which this file defines: the call is not compiled.
        private static bool IsCompiledAway(IInvocationOperation call, KnownTypes types)
        {
            if (types.ConditionalAttribute is null)
            {
                return false;
            }

            var conditional = false;
            foreach (var attribute in call.TargetMethod.GetAttributes())
            {
                if (!KnownTypes.Is(attribute.AttributeClass, types.ConditionalAttribute))
                {
                    continue;
                }

                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string symbol
                    || call.Syntax.SyntaxTree.Options.PreprocessorSymbolNames.Contains(symbol) || DefinesInFile(call.Syntax.SyntaxTree, symbol))
                {
                    return false;
                }

                conditional = true;
            }

            return conditional;
        }

        // #define SYMBOL at the top of the file, which the parse options do not list.
        private static bool DefinesInFile(SyntaxTree tree, string symbol) =>
            tree.GetRoot() is Microsoft.CodeAnalysis.CSharp.CSharpSyntaxNode root
            && root.GetFirstDirective(directive => directive is DefineDirectiveTriviaSyntax define && define.Name.ValueText == symbol) != null;

        /// <summary>
        /// A check of a parameter that throws only an <c>ArgumentException</c> (or a type derived from it) when the caller
        /// passed a wrong argument: <c>_ = task ?? throw new ArgumentNullException(nameof(task));</c> (AsyncEx's
        /// <c>Ignore</c>), <c>if (task == null) throw new ArgumentNullException(..);</c>,
        /// <c>ArgumentNullException.ThrowIfNull(task);</c>. The exception reports a bug in the calling code, which fails at
        /// once and the same way on every call; it is not a failure of the work the function contains. For <c>async void</c>
        /// only (before the first await): there the exception still surfaces, where a dropped task would hide it (TW304).
        /// </summary>
        private static bool IsArgumentCheck(IOperation statement, KnownTypes types) => statement switch
        {
            IConditionalOperation { WhenFalse: null, WhenTrue: var whenTrue } conditional =>
                IsPlain(conditional.Condition) && ReadsParameter(conditional.Condition) && ThrowsArgumentException(OnlyStatement(whenTrue), types),
            IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IDiscardOperation, Value: var value } } =>
                value.WalkDownConversions() is ICoalesceOperation { Value: var checkedValue, WhenNull: var whenNull }
                && checkedValue.WalkDownConversions() is IParameterReferenceOperation
                && ThrowsArgumentException(whenNull, types),
            IExpressionStatementOperation { Operation: IInvocationOperation { TargetMethod: { IsStatic: true } method } call } =>
                method.Name.StartsWith("ThrowIf", StringComparison.Ordinal)
                && KnownTypes.InheritsFrom(method.ContainingType, types.ArgumentException)
                && call.Arguments.All(argument => argument.ArgumentKind != ArgumentKind.Explicit || IsPlain(argument.Value)),
            _ => false,
        };

        private static IOperation? OnlyStatement(IOperation operation) =>
            operation is IBlockOperation { Operations: { Length: 1 } operations } ? operations[0] : operation;

        private static bool ThrowsArgumentException(IOperation? operation, KnownTypes types)
        {
            if (operation is IExpressionStatementOperation statement)
            {
                operation = statement.Operation;
            }

            return operation?.WalkDownConversions() is IThrowOperation { Exception: { } exception }
                && exception.WalkDownConversions() is IObjectCreationOperation creation
                && KnownTypes.InheritsFrom(creation.Type, types.ArgumentException)
                && creation.Arguments.All(argument => IsPlain(argument.Value) || argument.Value.WalkDownConversions() is INameOfOperation);
        }

        private static bool ReadsParameter(IOperation condition) =>
            condition.DescendantsAndSelf().Any(operation => operation is IParameterReferenceOperation);

        private static bool IsPlain(IOperation value) => value.WalkDownConversions() switch
        {
            ILiteralOperation or ILocalReferenceOperation or IParameterReferenceOperation => true,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } => true,
            IPropertyReferenceOperation { Instance: null, Property.DeclaringSyntaxReferences.IsEmpty: true } => true,
            IBinaryOperation { OperatorMethod: null, OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                or BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } comparison =>
                IsPlain(comparison.LeftOperand) && IsPlain(comparison.RightOperand),
            IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Not } not => IsPlain(not.Operand),
            ICoalesceOperation coalesce => IsPlain(coalesce.Value) && IsPlain(coalesce.WhenNull),
            IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var constant } } pattern => IsPlain(pattern.Value) && IsPlain(constant),
            _ => false,
        };

        /// <summary>A source async method or local function that cannot crash as async void; false without a body in this compilation.</summary>
        public static bool CannotCrashAsAsyncVoid(IMethodSymbol method, Compilation compilation, KnownTypes types, bool onlyCalledBack, CancellationToken cancellationToken) =>
            SourceBody(method, compilation, HasTryOrAwait, cancellationToken) is { } operation
            && CannotCrashAsAsyncVoid(operation, types, onlyCalledBack);

        /// <summary>
        /// The operation of a source method's or local function's block body, bound only when the cheap syntax check
        /// <paramref name="worthBinding"/> passes; null otherwise or when the body is not in this compilation.
        /// </summary>
        private static IOperation? SourceBody(IMethodSymbol method, Compilation compilation, Func<SyntaxNode, bool> worthBinding, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                var body = declaration switch
                {
                    BaseMethodDeclarationSyntax member => (SyntaxNode?)member.Body ?? member.ExpressionBody,
                    LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                    _ => null,
                };

                if (body is null || !worthBinding(body) || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    continue;
                }

                var model = DriverModels.Of(compilation, declaration.SyntaxTree);
                return model.GetOperation(declaration, cancellationToken);
            }

            return null;
        }

        // A try to contain exceptions, or an await that may be of a callee that contains them.
        private static bool HasTryOrAwait(SyntaxNode body)
        {
            foreach (var node in body.DescendantNodes())
            {
                if (node is TryStatementSyntax or AwaitExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static IOperation? BodyOf(IOperation? body) =>
            body switch
            {
                IMethodBodyOperation method => method.BlockBody ?? method.ExpressionBody,
                ILocalFunctionOperation local => local.Body,
                IAnonymousFunctionOperation lambda => lambda.Body,
                _ => body,
            };

        /// <summary><c>await</c>, <c>await foreach</c>, <c>await using</c>: where an async function suspends and resumes.</summary>
        private static bool IsAwaitPoint(IOperation operation) =>
            operation is IAwaitOperation
            || operation is IForEachLoopOperation { IsAsynchronous: true }
            || operation is IUsingOperation { IsAsynchronous: true }
            || operation is IUsingDeclarationOperation { IsAsynchronous: true };

        private static bool ContainsAwait(IOperation statement, IOperation root)
        {
            if (IsAwaitPoint(statement))
            {
                return true;
            }

            foreach (var operation in statement.Descendants())
            {
                if (IsAwaitPoint(operation) && !operation.IsInNestedFunction(root))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The await lies in the body (not a catch or finally) of a try that contains every exception.</summary>
        private static bool IsGuarded(IOperation point, IOperation root, KnownTypes types, bool followCallees)
        {
            var child = point;
            for (var current = point.Parent; current != null && current != root; child = current, current = current.Parent)
            {
                if (current is ITryOperation @try && @try.Body == child && CatchesAll(@try, types, followCallees))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An unfiltered catch of Exception (or catch-all), no catch or finally that throws or awaits outside a guarding try
        /// of its own: an await there (<c>catch (Exception e) { await ReportAsync(e); }</c>) is outside every guard, like an
        /// await after the try, unless a try of the handler's own contains it again.
        /// Also the swallowing <c>try</c> of a wrapper that returns a completed task (<see cref="CompletedNowWrappers"/>).
        /// </summary>
        public static bool CatchesAll(ITryOperation @try, KnownTypes types) => CatchesAll(@try, types, followCallees: true);

        private static bool CatchesAll(ITryOperation @try, KnownTypes types, bool followCallees)
        {
            if (@try.Catches.IsEmpty)
            {
                return false;
            }

            var catchesAll = false;
            foreach (var clause in @try.Catches)
            {
                if (Throws(clause.Handler) || HasUnguardedAwait(clause.Handler, types, followCallees))
                {
                    return false;
                }

                catchesAll |= clause.Filter is null && IsCatchAllType(clause.ExceptionType, types);
            }

            return catchesAll && (@try.Finally is null || !Throws(@try.Finally) && !HasUnguardedAwait(@try.Finally, types, followCallees));
        }

        // An await in the block that no try of the block's own contains: the test for a whole body, and for a handler or
        // finally (catch (Exception ex) { try { await handler(ex); } catch { } } is guarded again, Remotely's Forget
        // helper; a bare await there is not).
        private static bool HasUnguardedAwait(IOperation block, KnownTypes types, bool followCallees)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (IsAwaitPoint(operation) && !operation.IsInNestedFunction(block) && !IsGuarded(operation, block, types, followCallees)
                    && !(followCallees && AwaitsCalleeThatContainsAll(operation, types)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>await HandleCmdAsync(this, cmd, token)</c> where the callee is an <c>async</c> source method (the body that runs
        /// is known: not virtual, not through an interface) whose whole body is a <c>try</c> that contains every exception,
        /// and the call's receiver and arguments are plain values that cannot throw: the awaited task cannot fault
        /// (FastTunnel's line handler awaiting its guarded command handler).
        /// </summary>
        private static bool AwaitsCalleeThatContainsAll(IOperation point, KnownTypes types)
        {
            if (point is not IAwaitOperation { Operation: var awaited })
            {
                return false;
            }

            var value = awaited.WalkDownConversions();
            if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                value = configured.WalkDownConversions();
            }

            if (value is not IInvocationOperation call
                || call.Instance is { } receiver && !IsPlain(receiver) && receiver is not IInstanceReferenceOperation
                || call.SemanticModel?.Compilation is not { } compilation
                || call.IsVirtual
                || call.TargetMethod.OriginalDefinition is not { IsAsync: true, IsAbstract: false, DeclaringSyntaxReferences.IsEmpty: false } target)
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && !IsPlainOrThis(argument.Value))
                {
                    return false;
                }
            }

            return ContainsAll(target, compilation, types, followCallees: false, CancellationToken.None);

            static bool IsPlainOrThis(IOperation value) => IsPlain(value) || value.WalkDownConversions() is IInstanceReferenceOperation;
        }

        /// <summary><c>catch</c> without a type (caught as <c>object</c>), <c>catch (Exception)</c> or <c>catch (object)</c>-like.</summary>
        private static bool IsCatchAllType(ITypeSymbol? type, KnownTypes types) =>
            type != null && (type.SpecialType == SpecialType.System_Object || KnownTypes.Is(type, types.Exception));

        /// <summary>Any <c>throw</c> in the block, outside nested lambdas and local functions (they do not run there).</summary>
        private static bool Throws(IOperation block)
        {
            foreach (var operation in block.Descendants())
            {
                if (operation is IThrowOperation && !operation.IsInNestedFunction(block))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
