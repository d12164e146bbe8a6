using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW303: <c>TaskFactory.StartNew</c> with a delegate that returns a task (an async lambda, a task-returning method
    /// group or lambda). The result is <c>Task&lt;Task&gt;</c>, whose outer task completes when the delegate returns — at
    /// its first await — not when its work ends. Not reported where the result is unwrapped (<c>.Unwrap()</c>,
    /// <c>await await</c>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW303StartNewWithAsyncDelegateAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The rewrite the fix applies: <see cref="FixTaskRun"/> or <see cref="FixUnwrap"/>; absent when neither keeps the code compiling.</summary>
        public const string FixProperty = "Fix";
        public const string FixTaskRun = "TaskRun";
        public const string FixUnwrap = "Unwrap";

        /// <summary>For <see cref="FixTaskRun"/>: the indexes, in the argument list as written, of the delegate and of the token (absent: none).</summary>
        public const string DelegateArgumentProperty = "DelegateArgument";
        public const string TokenArgumentProperty = "TokenArgument";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.StartNewWithAsyncDelegate,
            title: "Do not pass an async delegate to Task.Factory.StartNew",
            messageFormat: "'StartNew' with {0} returns '{1}': the outer task completes at the delegate's first await, not when its work ends; use Task.Run or Unwrap",
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "TaskFactory.StartNew does not understand async delegates: it returns a Task<Task> whose outer task completes as soon as the delegate returns its task, at the first await. Awaiting it does not wait for the work, and its exceptions are lost. Task.Run unwraps the inner task; elsewhere call Unwrap(). TaskCreationOptions.LongRunning buys nothing for an async delegate: the dedicated thread ends at the first await.",
            helpLinkUri: HelpLinks.For(RuleIds.StartNewWithAsyncDelegate));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                if (types.TaskFactory is null || types.Task is null)
                {
                    return;
                }

                var shared = CompilationContext.For(start.Compilation);
                start.RegisterOperationAction(c => Analyze(c, types, shared), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, CompilationContext shared)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!NestedStartNew.Returns(invocation, types, out var returned) || IsUnwrapped(invocation, types))
            {
                return;
            }

            var delegateArgument = DelegateArgument(invocation);
            if (delegateArgument != null && IsUnobservedStart(invocation, delegateArgument, types, context, shared))
            {
                return;
            }

            var properties = FixFor(invocation, delegateArgument, returned, types);
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                invocation.Syntax.GetLocation(),
                properties,
                Describe(delegateArgument),
                returned.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }

        private static IArgumentOperation? DelegateArgument(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.TypeKind == TypeKind.Delegate)
                {
                    return argument;
                }
            }

            return null;
        }

        private static string Describe(IArgumentOperation? argument)
        {
            switch (argument?.Value.WalkDownConversions())
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.IsAsync: true } }:
                    return "an async lambda";
                case IDelegateCreationOperation { Target: IMethodReferenceOperation reference }:
                    return "method '" + reference.Method.Name + "'";
                default:
                    return "a delegate that returns a task";
            }
        }

        /// <summary><c>StartNew(...).Unwrap()</c>, <c>await await StartNew(...)</c>: the inner task is waited for.</summary>
        private static bool IsUnwrapped(IInvocationOperation invocation, KnownTypes types)
        {
            var parent = Consumer(invocation);
            if (IsUnwrapCall(parent))
            {
                return true;
            }

            switch (parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } }:
                    return IsOnlyUnwrapped(invocation, local);
                case IAwaitOperation awaited:
                    return Consumer(awaited) is IAwaitOperation || IsInnerWaitedByHand(awaited);
                case IPropertyReferenceOperation { Property.Name: "Result" } result:
                    return IsInnerWaitedByHand(result);
                case IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter:
                    return Consumer(awaiter) is IInvocationOperation { TargetMethod.Name: "GetResult" } getResult && IsInnerWaitedByHand(getResult);
                default:
                    return false;
            }
        }

        /// <summary>
        /// <c>Task&lt;Task&gt; task = Task.Factory.StartNew(Watcher, ..); _watcherTask = task.Unwrap();</c>: the local holding the
        /// outer task is read, and only to unwrap it (Downloader's stream watcher).
        /// </summary>
        private static bool IsOnlyUnwrapped(IInvocationOperation start, ILocalSymbol local)
        {
            var reads = 0;
            foreach (var reference in LocalReads(AsyncPath.EnclosingFunction(start) ?? start.Root(), local))
            {
                if (!IsUnwrapCall(reference.Parent))
                {
                    return false;
                }

                reads++;
            }

            return reads > 0;
        }

        // task.Unwrap() (an extension: the task is its argument) or an instance Unwrap() on the task.
        private static bool IsUnwrapCall(IOperation? use) =>
            use is IInvocationOperation { TargetMethod.Name: "Unwrap" }
                or IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Unwrap", IsExtensionMethod: true } } };

        // Every read of the local inside root.
        private static IEnumerable<ILocalReferenceOperation> LocalReads(IOperation root, ILocalSymbol local)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    yield return reference;
                }
            }
        }

        /// <summary>
        /// <c>var inner = factory.StartNew(() => { ..; return _loop; }).GetAwaiter().GetResult(); inner?.GetAwaiter().GetResult();</c>:
        /// the outer task's result (the inner task) is stored in a local that the function then waits on, awaits or
        /// returns — unwrapped by hand, the way a timer hops onto its exclusive scheduler and then waits for its loop.
        /// </summary>
        private static bool IsInnerWaitedByHand(IOperation outerResult)
        {
            if (Consumer(outerResult) is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } inner } })
            {
                return false;
            }

            var function = AsyncPath.EnclosingFunction(outerResult) ?? outerResult.Root();

            foreach (var reference in LocalReads(function, inner))
            {
                if (reference.Syntax.SpanStart > outerResult.Syntax.Span.End && IsWaitedOn(reference))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsWaitedOn(ILocalReferenceOperation reference)
        {
            IOperation? use = reference.Parent;
            // inner?.GetAwaiter().GetResult(): what is done with the task is the conditional access's whole member chain.
            if (use is IConditionalAccessOperation access && access.Operation == reference)
            {
                use = access.WhenNotNull;
            }

            return use switch
            {
                IAwaitOperation or IReturnOperation => true,
                IInvocationOperation { TargetMethod.Name: "GetAwaiter" or "GetResult" or "Wait" or "ConfigureAwait" } => true,
                IPropertyReferenceOperation { Property.Name: "Result" } => true,
                _ => false,
            };
        }

        /// <summary>
        /// Nobody observes the outer task: the call is a statement, discarded (<c>_ = Task.Factory.StartNew(..)</c>), or only
        /// disposed by a <c>using</c>. Its completing at the first await then changes nothing, and its exceptions would be as
        /// lost with <c>Task.Run</c> (a dropped task, not a <c>Task&lt;Task&gt;</c> problem). Still reported when the call asks
        /// for <c>LongRunning</c>, <c>Task.Run</c> would otherwise do the same, and the delegate blocks
        /// (<see cref="BlockingDelegates"/>): the dedicated thread the code asks for ends at the first await, and the blocking
        /// work after it holds a pool thread; a delegate that only awaits loses nothing with it. A call that asks for what
        /// <c>Task.Run</c> cannot give (other options, a scheduler, a state object, a factory of its own) chose <c>StartNew</c>
        /// on purpose, with or without <c>LongRunning</c>.
        /// </summary>
        private static bool IsUnobservedStart(
            IInvocationOperation invocation, IArgumentOperation delegateArgument, KnownTypes types, OperationAnalysisContext context, CompilationContext shared) =>
            IsUnobserved(invocation)
            && (TaskRunArguments(invocation, delegateArgument, types) is null || !AsksLongRunning(invocation, types)
                || !BlockingDelegates.Blocks(
                    delegateArgument.Value, context.ContainingSymbol, types, shared.Counterparts(context.Options), shared.Summaries(context.Options), context.CancellationToken));

        private static bool IsUnobserved(IInvocationOperation invocation)
        {
            switch (Consumer(invocation))
            {
                case IExpressionStatementOperation:
                case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                    return true;

                // using var watcher = Task.Factory.StartNew(..); and nothing reads watcher.
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } declarator }
                    when declarator.Parent?.Parent?.Parent is IUsingDeclarationOperation or IUsingOperation:
                    foreach (var _ in LocalReads(invocation.Root(), local))
                    {
                        return false;
                    }

                    return true;

                default:
                    return false;
            }
        }

        private static bool AsksLongRunning(IInvocationOperation invocation, KnownTypes types)
        {
            foreach (var argument in invocation.Arguments)
            {
                // TaskCreationOptions.LongRunning = 2.
                if (KnownTypes.Is(argument.Parameter?.Type, types.TaskCreationOptions)
                    && argument.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int options } && (options & 2) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The operation that uses the value, past parentheses, conversions and <c>ConfigureAwait</c>.</summary>
        private static IOperation? Consumer(IOperation operation)
        {
            var current = operation;
            while (true)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case IParenthesizedOperation:
                    case IConversionOperation { IsImplicit: true }:
                        current = parent;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure when configure.Instance == current:
                        current = parent;
                        continue;
                    default:
                        return parent;
                }
            }
        }

        private static ImmutableDictionary<string, string?> FixFor(IInvocationOperation invocation, IArgumentOperation? delegateArgument, INamedTypeSymbol returned, KnownTypes types)
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            var inner = returned.TypeArguments[0].OriginalDefinition;
            if (delegateArgument is null
                || !(KnownTypes.Is(inner, types.Task) || KnownTypes.Is(inner, types.TaskOfT))
                || !ResultUsedOnlyAsTask(invocation, types))
            {
                return properties;
            }

            if (TaskRunArguments(invocation, delegateArgument, types) is var (delegateIndex, tokenIndex))
            {
                properties = properties.Add(FixProperty, FixTaskRun).Add(DelegateArgumentProperty, delegateIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return tokenIndex < 0 ? properties : properties.Add(TokenArgumentProperty, tokenIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var model = invocation.SemanticModel;
            if (model != null && !model.LookupSymbols(invocation.Syntax.SpanStart, returned, "Unwrap", includeReducedExtensionMethods: true).IsEmpty)
            {
                properties = properties.Add(FixProperty, FixUnwrap);
            }

            return properties;
        }

        /// <summary>
        /// Where the value goes does not need <c>Task&lt;Task&gt;</c>: a statement, a statement <c>await</c>, a discard, or a
        /// conversion to plain <c>Task</c> (returned from a Task method, assigned to a Task, passed as a Task).
        /// </summary>
        private static bool ResultUsedOnlyAsTask(IInvocationOperation invocation, KnownTypes types)
        {
            IOperation current = invocation;
            while (current.Parent is IParenthesizedOperation)
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case IExpressionStatementOperation:
                    return true;
                case IAwaitOperation awaited:
                    return awaited.Parent is IExpressionStatementOperation;
                case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                    return true;
                case IConversionOperation conversion:
                    return KnownTypes.Is(conversion.Type, types.Task);
                default:
                    return false;
            }
        }

        /// <summary>
        /// <c>Task.Factory.StartNew(f)</c>, <c>(f, ct)</c>, <c>(f, options)</c>, <c>(f, ct, options, TaskScheduler.Default)</c>
        /// with options among None, DenyChildAttach, LongRunning: <c>Task.Run(f[, ct])</c> does the same, unwrapped.
        /// </summary>
        private static (int DelegateIndex, int TokenIndex)? TaskRunArguments(IInvocationOperation invocation, IArgumentOperation delegateArgument, KnownTypes types)
        {
            if (invocation.Instance?.WalkDownConversions() is not IPropertyReferenceOperation { Property.Name: "Factory" } factory
                || !KnownTypes.Is(factory.Property.ContainingType, types.Task)
                || invocation.Syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax)
            {
                return null;
            }

            var tokenIndex = -1;
            foreach (var argument in invocation.Arguments)
            {
                if (argument == delegateArgument)
                {
                    continue;
                }

                var type = argument.Parameter?.Type;
                var value = argument.Value.WalkDownConversions();
                if (KnownTypes.Is(type, types.CancellationToken))
                {
                    tokenIndex = IndexOf(syntax, argument);
                }
                else if (KnownTypes.Is(type, types.TaskCreationOptions))
                {
                    // LongRunning = 2, DenyChildAttach = 8: harmless (or pointless) for an async delegate.
                    if (value.ConstantValue is not { HasValue: true, Value: int options } || (options & ~(2 | 8)) != 0)
                    {
                        return null;
                    }
                }
                else if (KnownTypes.Is(type, types.TaskScheduler))
                {
                    if (value is not IPropertyReferenceOperation { Property.Name: "Default" } scheduler
                        || !KnownTypes.Is(scheduler.Property.ContainingType, types.TaskScheduler))
                    {
                        return null;
                    }
                }
                else
                {
                    // A state object: Task.Run has no such overload.
                    return null;
                }
            }

            var delegateIndex = IndexOf(syntax, delegateArgument);
            return delegateIndex < 0 ? null : (delegateIndex, tokenIndex);
        }

        /// <summary>The argument's index in the list as written; -1 for an omitted (default) argument.</summary>
        private static int IndexOf(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax, IArgumentOperation argument) =>
            argument.ArgumentKind == ArgumentKind.Explicit && argument.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax written
                ? syntax.ArgumentList.Arguments.IndexOf(written)
                : -1;
    }
}
