using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW302: an async lambda, anonymous method or async void method group converted to a delegate that returns void
    /// (<c>Action</c>, <c>List&lt;T&gt;.ForEach</c>, <c>TimerCallback</c>, <c>ThreadStart</c>): it becomes async void.
    /// Not for event subscriptions and event-handler delegates, not for <c>Parallel.For/ForEach/Invoke</c> (TW203), and not
    /// for a function that cannot crash as async void (<see cref="ExceptionContainment.CannotCrashAsAsyncVoid(IOperation?, KnownTypes, bool)"/>;
    /// the delegate is a callback, so code before the first await counts as a synchronous callback's would).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW302AsyncVoidDelegateAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Present when <c>list.ForEach(async x => ...);</c> can become <c>foreach (var x in list) { ... }</c> with its awaits.</summary>
        public const string FixProperty = "Fix";
        public const string FixForEachLoop = "ForEachLoop";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.AsyncVoidDelegate,
            title: "Do not pass an async lambda where a void delegate is expected",
            messageFormat: "The async {0} is converted to '{1}', which returns void: it runs as async void, nothing awaits it and its exceptions crash the process",
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An async lambda converted to a delegate that returns void (Action, List<T>.ForEach, TimerCallback, ThreadStart) is an async void method: the caller goes on at its first await, and an exception escapes to the thread pool or the synchronization context, where it crashes the process. Pass it where a Func<Task> is accepted, or await the work in a loop.",
            helpLinkUri: HelpLinks.For(RuleIds.AsyncVoidDelegate));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                if (types.Task is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.DelegateCreation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types)
        {
            var creation = (IDelegateCreationOperation)context.Operation;
            if (creation.Type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { ReturnsVoid: true } })
            {
                return;
            }

            string what;
            switch (creation.Target)
            {
                case IAnonymousFunctionOperation { Symbol.IsAsync: true } lambda:
                    what = lambda.Syntax is AnonymousMethodExpressionSyntax ? "anonymous method" : "lambda";
                    break;
                case IMethodReferenceOperation { Method: { IsAsync: true, ReturnsVoid: true } method }:
                    what = "method '" + method.Name + "'";
                    break;
                default:
                    return;
            }

            if (EventHandlers.IsEventHandlerUse(creation, types) || IsCommandAction(creation, types) || IsKeptUiAction(creation, context.Compilation)
                || IsParallelArgument(creation, types) || CannotCrash(creation, types, context.CancellationToken))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (creation.Target is IAnonymousFunctionOperation asyncLambda && CanBecomeForEachLoop(creation, asyncLambda, context.ContainingSymbol, types))
            {
                properties = properties.Add(FixProperty, FixForEachLoop);
            }

            context.ReportUnlessPeerSuppressed(Diagnostic.Create(
                Rule,
                creation.Target.Syntax.GetLocation(),
                properties,
                what,
                creation.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }

        /// <summary>
        /// The async function's awaits all lie in a <c>try</c> that contains every exception (<see cref="ExceptionContainment"/>):
        /// as async void it cannot crash the process any more than a synchronous callback, so the void delegate is harmless (a timer callback, <c>ThreadPool.QueueUserWorkItem</c>).
        /// Nor can a function of a <c>SynchronizationContext</c> subclass, which its own pump runs (<see cref="ContextPumps"/>).
        /// </summary>
        private static bool CannotCrash(IDelegateCreationOperation creation, KnownTypes types, System.Threading.CancellationToken cancellationToken) =>
            creation.Target switch
            {
                IAnonymousFunctionOperation lambda => ContextPumps.IsPumpFunction(lambda.Symbol, types)
                    || ExceptionContainment.CannotCrashAsAsyncVoid(lambda, types, onlyCalledBack: true),
                IMethodReferenceOperation reference when creation.SemanticModel is { } model =>
                    ContextPumps.IsPumpFunction(reference.Method, types)
                    || ExceptionContainment.CannotCrashAsAsyncVoid(reference.Method.OriginalDefinition, model.Compilation, types, onlyCalledBack: true, cancellationToken),
                _ => false,
            };

        /// <summary>
        /// The action given to the constructor of an <c>ICommand</c> that has no asynchronous form (<c>new Command(async _ =&gt;
        /// await ShowDialog(..))</c> of an app's own command class): the UI framework calls <c>Execute</c> from a button or a
        /// menu as it calls an event handler, and async void is the only shape such a command can run. A command type with an
        /// async form (a constructor taking a delegate that returns a task, or an <c>Async…</c> sibling type in its
        /// namespace, such as CommunityToolkit's <c>AsyncRelayCommand</c> beside <c>RelayCommand</c>) is still reported.
        /// </summary>
        private static bool IsCommandAction(IDelegateCreationOperation creation, KnownTypes types)
        {
            if (types.ICommand is null
                || creation.ParentPastConversions() is not IArgumentOperation { Parent: IObjectCreationOperation { Type: INamedTypeSymbol command } }
                || !KnownTypes.Implements(command, types.ICommand))
            {
                return false;
            }

            foreach (var constructor in command.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (parameter.Type is INamedTypeSymbol { DelegateInvokeMethod: { } invoke } && types.IsTaskLike(invoke.ReturnType))
                    {
                        return false;
                    }
                }
            }

            return command.ContainingNamespace is not { } ns || ns.GetTypeMembers("Async" + command.Name).IsEmpty;
        }

        /// <summary>
        /// In a UI app, the action given to the constructor of the app's own type that keeps it in a field or property
        /// (SourceGit's command palette: <c>new RepositoryCommandPaletteCmd("Fetch", .., async () =&gt; await repo.FetchAsync(false))</c>,
        /// run when the user picks the entry): a menu, palette or toolbar entry the UI runs as it runs an event handler, the
        /// same idiom as a command's action. Outside a UI app, a type of another assembly, a constructor that does not keep
        /// the delegate, and a method that takes it stay reported.
        /// </summary>
        private static bool IsKeptUiAction(IDelegateCreationOperation creation, Compilation compilation)
        {
            if (creation.ParentPastConversions() is not IArgumentOperation { Parameter: { } parameter, Parent: IObjectCreationOperation { Constructor: { } constructor } }
                || !SymbolEqualityComparer.Default.Equals(constructor.ContainingAssembly, compilation.Assembly)
                || CompilationContext.For(compilation).Host != HostKind.UserInterface
                || SourceBodies.OfMethodOrConstructor(constructor.OriginalDefinition, compilation) is not { } body)
            {
                return false;
            }

            foreach (var operation in body.Descendants())
            {
                if (operation is ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } assignment
                    && assignment.Value.WalkDownConversions() is IParameterReferenceOperation stored
                    && SymbolEqualityComparer.Default.Equals(stored.Parameter.OriginalDefinition, parameter.OriginalDefinition)
                    && !operation.IsInNestedFunction(body))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An argument (or element of a <c>params</c> array) of <c>Parallel.For/ForEach/Invoke</c>: TW203 reports those.</summary>
        private static bool IsParallelArgument(IOperation creation, KnownTypes types)
        {
            if (types.Parallel is null)
            {
                return false;
            }

            for (var current = creation.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case IConversionOperation:
                    case IArrayInitializerOperation:
                    case IArrayCreationOperation:
                    case IArgumentOperation:
                        continue;
                    case IInvocationOperation invocation:
                        return KnownTypes.Is(invocation.TargetMethod.ContainingType, types.Parallel);
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>list.ForEach(async x => ...);</c> as a statement, on an async path where <c>await</c> may be written, with a
        /// body that a loop can hold: no <c>return</c> (it would leave the method, not the iteration) and, for an
        /// expression body, an expression that is a statement.
        /// </summary>
        private static bool CanBecomeForEachLoop(IDelegateCreationOperation creation, IAnonymousFunctionOperation lambda, ISymbol containingSymbol, KnownTypes types)
        {
            if (lambda.Symbol.Parameters.Length != 1
                || creation.Parent is not IArgumentOperation { Parent: IInvocationOperation invocation }
                || invocation.TargetMethod.Name != "ForEach"
                || !KnownTypes.Is(invocation.TargetMethod.ContainingType?.OriginalDefinition, types.ListOfT)
                || invocation.Instance is null
                || invocation.Parent is not IExpressionStatementOperation statement
                || !AsyncPath.IsOnAsyncPath(statement, containingSymbol)
                || !AsyncPath.CanAwaitAt(statement))
            {
                return false;
            }

            switch (lambda.Syntax)
            {
                case LambdaExpressionSyntax { ExpressionBody: { } expression } when !IsStatementExpression(expression):
                    return false;
                case LambdaExpressionSyntax { Block: null, ExpressionBody: null }:
                    return false;
            }

            foreach (var operation in lambda.Body.Descendants())
            {
                if (operation is IReturnOperation { IsImplicit: false } @return && AsyncPath.EnclosingFunction(@return) == lambda)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsStatementExpression(ExpressionSyntax expression) =>
            expression is AwaitExpressionSyntax
            || expression is InvocationExpressionSyntax
            || expression is AssignmentExpressionSyntax
            || expression is PostfixUnaryExpressionSyntax
            || expression is PrefixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.PreIncrementExpression or (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.PreDecrementExpression }
            || expression is ObjectCreationExpressionSyntax;
    }
}
