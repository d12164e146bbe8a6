using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW502: a non-async method, local function or lambda returns a task started inside a <c>using</c>, after a
    /// <c>using</c> declaration, inside a <c>try</c> whose <c>finally</c> releases something, or inside a <c>lock</c>.
    /// The function returns at once, so the resource is disposed (the lock released) while the task may still run.
    /// Reported only where the task uses what is released: the returned call (or the task variable's initializer) reads
    /// the disposed variable or a variable derived from it, or the scope is a lock (a lock protects whatever runs inside).
    /// Not reported: completed tasks, a task that existed before the scope, a resource the try body hands over
    /// (<c>owned = null;</c>), scopes over the execution context (<c>ExecutionContext.SuppressFlow()</c>, a logger scope, a
    /// source scope whose disposal only restores <c>AsyncLocal</c> values: <see cref="AmbientScopes"/>), async functions.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW502TaskEscapesScopeAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Present when the fix (make the function async, await every returned task) can be offered: no scope is a lock.</summary>
        public const string FixProperty = "Fix";
        public const string FixMakeAsync = "MakeAsync";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.TaskEscapesScope,
            title: "Do not return a task from inside a using, try/finally or lock; await it",
            messageFormat: "{0} returns a task that outlives its {1}: {2} while the task may still run; {3}",
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A method that is not async returns as soon as it has started the task, so a using disposes its resource, a finally block runs and a lock is released while the task may still be running: the task then reads a disposed stream, a pooled buffer someone else rents, or runs unprotected. Make the method async and await the task inside the scope.",
            helpLinkUri: HelpLinks.For(RuleIds.TaskEscapesScope));

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

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Return);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types)
        {
            var @return = (IReturnOperation)context.Operation;
            if (@return.Kind != OperationKind.Return || @return.ReturnedValue is not { } returned)
            {
                return;
            }

            var value = returned.WalkDownConversions();
            if (value is not IInvocationOperation and not ILocalReferenceOperation)
            {
                return;
            }

            var scopes = ScopeExits.LeftBy(@return, types);
            if (scopes.Count == 0
                || ReturningFunction(@return, context.ContainingSymbol) is not { } function
                || function.Method.IsAsync
                || !types.IsTaskLike(function.Method.ReturnType)
                || TaskFacts.IsKnownCompleted(value, types))
            {
                return;
            }

            foreach (var scope in scopes)
            {
                if (!StartedInside(value, scope) || Escape(value, scope, context.Compilation, types) is not { } escape)
                {
                    continue;
                }

                var fixable = AsyncPath.CanAwaitAt(@return) && !scopes.Exists(s => s.Kind == ReleaseKind.Lock);
                context.ReportUnlessPeerSuppressed(Diagnostic.Create(
                    Rule,
                    returned.Syntax.GetLocation(),
                    fixable ? ImmutableDictionary<string, string?>.Empty.Add(FixProperty, FixMakeAsync) : ImmutableDictionary<string, string?>.Empty,
                    function.Description,
                    escape.Scope,
                    escape.Released,
                    scope.Kind == ReleaseKind.Lock
                        ? "a lock cannot be held across an await: wait on a SemaphoreSlim with WaitAsync and await the task"
                        : "make it async and await the task"));
                return;
            }
        }

        /// <summary>A call made inside the scope, or a task variable declared there: a task that existed before the scope is not the scope's.</summary>
        private static bool StartedInside(IOperation value, ScopeRelease scope) => value switch
        {
            IInvocationOperation => true,
            ILocalReferenceOperation local => IsDeclaredIn(local.Local, scope.Body),
            _ => false,
        };

        private static bool IsDeclaredIn(ILocalSymbol local, IOperation body)
        {
            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                if (body.Syntax.Span.Contains(reference.Span))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>How the message names the scope and what leaving it releases; null when the task does not depend on it.</summary>
        private static (string Scope, string Released)? Escape(IOperation value, ScopeRelease scope, Compilation compilation, KnownTypes types)
        {
            switch (scope.Kind)
            {
                case ReleaseKind.Lock:
                    return IsWaiterContinuation(value, scope) || GuardsOtherWork(scope, value) ? null : ("lock", "the lock is released");
                case ReleaseKind.Finally when scope.ReleasesLock:
                    return IsWaiterContinuation(value, scope) || GuardsOtherWork(scope, value) ? null : ("try/finally", "the finally block releases the lock");
                case ReleaseKind.Using when scope.UnnamedResource is { } resource:
                    return IsExecutionContextScope(resource, types) || AmbientScopes.IsAmbientScope(resource, compilation, types)
                        ? null
                        : ("using", "its resource is disposed");
            }

            if (UsedVariable(value, scope) is not { } used)
            {
                return null;
            }

            var name = "'" + used.Name + "'";
            return scope.Kind switch
            {
                ReleaseKind.Finally => ("try/finally", "the finally block releases " + name),
                ReleaseKind.UsingDeclaration => ("using declaration of " + name, name + " is disposed"),
                _ => ("using of " + name, name + " is disposed"),
            };
        }

        /// <summary>
        /// A lock whose section does more than start the returned task: a spin on a counter, a lookup that decides which
        /// task to hand out (<c>if (TryGetNode(key, out var node)) return node.Value;</c>), eviction bookkeeping before
        /// <c>return DisposeAsync();</c>. The lock serves that synchronous work, and the task is meant to outlive it (CAP's
        /// channel pool, MassTransit's cache index). Only a section that is the return alone (or the declaration of the
        /// local it returns) can have been meant to cover the task.
        /// </summary>
        private static bool GuardsOtherWork(ScopeRelease scope, IOperation value)
        {
            var returnedLocal = (value as ILocalReferenceOperation)?.Local;
            var statements = scope.Body is IBlockOperation block ? block.Operations : ImmutableArray.Create(scope.Body);
            foreach (var statement in statements)
            {
                switch (statement)
                {
                    case IReturnOperation { ReturnedValue: { } returned } when returned.WalkDownConversions() == value:
                        continue;
                    case IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                        when returnedLocal != null && group.Declarations[0].Declarators.Length == 1
                            && SymbolEqualityComparer.Default.Equals(group.Declarations[0].Declarators[0].Symbol, returnedLocal):
                        continue;
                    default:
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>_waitingReader.Task.ContinueWith(t => t.Result)</c> under a lock (Stephen Toub's <c>AsyncReaderWriterLock</c>): a
        /// continuation of a task that existed before the scope (a field, a property, a parameter, a local from outside), by
        /// a lambda that captures nothing. It runs once that task completes, and can touch only the task it is given: none of
        /// the state the lock guards. A continuation that captures <c>this</c> or a variable, or that follows a call made in
        /// the scope, is still work the lock no longer covers.
        /// </summary>
        private static bool IsWaiterContinuation(IOperation value, ScopeRelease scope)
        {
            if (value is not IInvocationOperation { TargetMethod.Name: "ContinueWith", Instance: { } antecedent } continuation
                || antecedent.WalkDownConversions() is IInvocationOperation
                || antecedent.WalkDownConversions() is ILocalReferenceOperation local && IsDeclaredIn(local.Local, scope.Body))
            {
                return false;
            }

            var lambdas = 0;
            foreach (var argument in continuation.Arguments)
            {
                if (argument.Value.WalkDownConversions() is IDelegateCreationOperation { Target: var target })
                {
                    if (target is not IAnonymousFunctionOperation lambda || Captures(lambda))
                    {
                        return false;
                    }

                    lambdas++;
                }
            }

            return lambdas == 1;
        }

        // this, or a local or parameter declared outside the lambda.
        private static bool Captures(IAnonymousFunctionOperation lambda)
        {
            foreach (var operation in lambda.Body.Descendants())
            {
                switch (operation)
                {
                    case IInstanceReferenceOperation:
                    case ILocalReferenceOperation { Local: var local } when !IsWithin(local, lambda.Symbol):
                    case IParameterReferenceOperation { Parameter: var parameter } when !IsWithin(parameter, lambda.Symbol):
                        return true;
                }
            }

            return false;
        }

        private static bool IsWithin(ISymbol symbol, IMethodSymbol lambda)
        {
            for (var container = symbol.ContainingSymbol; container != null; container = container.ContainingSymbol)
            {
                if (SymbolEqualityComparer.Default.Equals(container, lambda))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A scope over the execution context (<c>ExecutionContext.SuppressFlow()</c>, <c>ILogger.BeginScope</c>): a task
        /// captures the context when it starts, so ending the scope early is what the code means (Meziantou.Analyzer#973).
        /// </summary>
        private static bool IsExecutionContextScope(IOperation resource, KnownTypes types)
        {
            if (KnownTypes.Is(resource.Type, types.AsyncFlowControl))
            {
                return true;
            }

            return resource is IInvocationOperation { TargetMethod: { Name: "BeginScope", ContainingType: { } owner } }
                && (KnownTypes.Implements(owner, types.Logger) || KnownTypes.Is(owner, types.LoggerExtensions));
        }

        /// <summary>
        /// The released variable the task reads: directly, or through a variable of the scope's body derived from it
        /// (<c>var command = connection.CreateCommand();</c>), to a fixed point.
        /// </summary>
        private static ISymbol? UsedVariable(IOperation value, ScopeRelease scope)
        {
            if (scope.Released.IsEmpty)
            {
                return null;
            }

            var origin = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
            foreach (var released in scope.Released)
            {
                origin[released] = released;
            }

            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var operation in scope.Body.Descendants())
                {
                    var (target, source) = operation switch
                    {
                        IVariableDeclaratorOperation { Initializer: { } initializer } declarator => ((ISymbol?)declarator.Symbol, initializer.Value),
                        ISimpleAssignmentOperation assignment => (assignment.Target.ReferencedLocalOrParameter(), assignment.Value),
                        _ => (null, null),
                    };

                    if (target != null && source != null && !origin.ContainsKey(target) && !IsCopiedValue(source.Type)
                        && ReadFrom(source, origin) is { } from)
                    {
                        origin[target] = from;
                        changed = true;
                    }
                }
            }

            return ReadFrom(value, origin);
        }

        /// <summary>The released variable behind the first tracked variable whose object flows into the operation's value, if any.</summary>
        private static ISymbol? ReadFrom(IOperation operation, Dictionary<ISymbol, ISymbol> origin)
        {
            foreach (var read in operation.DescendantsAndSelf())
            {
                var symbol = read switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    IFieldReferenceOperation field => field.Field,
                    _ => null,
                };

                if (symbol != null && origin.TryGetValue(symbol, out var released) && FlowsInto(read, operation))
                {
                    return released;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether the object read reaches the value: passed on, called on, or captured by a lambda. A number or string
        /// copied out of it (<c>ProcessAsync(reader.ReadToEnd())</c>) is read before the task starts and does not count.
        /// </summary>
        private static bool FlowsInto(IOperation read, IOperation value)
        {
            for (var current = read.Parent; current != null && current != value; current = current.Parent)
            {
                if (current.IsFunctionBoundary())
                {
                    return true;
                }
            }

            for (var current = read; current != null && current != value; current = current.Parent)
            {
                if (IsCopiedValue(current.Type))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsCopiedValue(ITypeSymbol? type) =>
            type != null && (type.IsValueType && type.SpecialType != SpecialType.None || type.SpecialType == SpecialType.System_String || type.TypeKind == TypeKind.Enum);

        /// <summary>The method, local function or lambda the return leaves, with how a message names it; null for expression trees.</summary>
        private static (IMethodSymbol Method, string Description)? ReturningFunction(IReturnOperation @return, ISymbol containingSymbol)
        {
            switch (AsyncPath.EnclosingFunction(@return))
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Parent is IDelegateCreationOperation ? (lambda.Symbol, "The lambda") : null;
                case ILocalFunctionOperation localFunction:
                    return (localFunction.Symbol, "Local function '" + localFunction.Symbol.Name + "'");
                default:
                    return containingSymbol is IMethodSymbol method
                        ? (method, "'" + (method.AssociatedSymbol is IPropertySymbol property ? property.Name : method.Name) + "'")
                        : null;
            }
        }
    }
}
