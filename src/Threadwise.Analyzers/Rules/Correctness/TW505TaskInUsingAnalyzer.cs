using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW505: a <c>using</c> statement or declaration whose resource is a task: <c>using (OpenAsync())</c>,
    /// <c>using var lease = gate.EnterAsync();</c>. The task is disposed, not what it produces (which is never disposed), and
    /// disposing a task that has not finished throws. Not reported: <c>await using</c>; a declared task variable the scope
    /// uses (it is waited on or awaited there, so disposing the task is what the code means); an existing task variable,
    /// field or property whose result is not disposable (disposing a finished task is legal, if pointless); the
    /// <c>Task&lt;Task&gt;</c> of <c>Task.Factory.StartNew</c> over a delegate that returns a task, which TW303 reports.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW505TaskInUsingAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>
        /// The fix: <see cref="FixAwait"/> (<c>using (await x)</c>) or, where the result is only IAsyncDisposable,
        /// <see cref="FixAwaitUsing"/> (<c>await using (await x)</c>); absent where an await cannot be written or would not compile.
        /// </summary>
        public const string FixProperty = "Fix";
        public const string FixAwait = "Await";
        public const string FixAwaitUsing = "AwaitUsing";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.TaskInUsing,
            title: "Do not dispose a task in a using; await it",
            messageFormat: "'using' disposes {0}{1}",
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Task implements IDisposable, so 'using (OpenAsync())' compiles: but it disposes the task, not the connection, lock or stream the task produces, which is never disposed. Disposing a task that has not finished throws InvalidOperationException. Await the task inside the using: 'using (await OpenAsync())'.",
            helpLinkUri: HelpLinks.For(RuleIds.TaskInUsing));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                var disposable = start.Compilation.GetSpecialType(SpecialType.System_IDisposable);
                if (types.Task is null || types.TaskOfT is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeStatement(c, types, disposable), OperationKind.Using);
                start.RegisterOperationAction(c => AnalyzeDeclaration(c, types, disposable), OperationKind.UsingDeclaration);
            });
        }

        private static void AnalyzeStatement(OperationAnalysisContext context, KnownTypes types, INamedTypeSymbol disposable)
        {
            var @using = (IUsingOperation)context.Operation;
            if (@using.IsAsynchronous)
            {
                return;
            }

            if (@using.Resources is IVariableDeclarationGroupOperation group)
            {
                AnalyzeDeclarations(context, group, @using.Body, types, disposable);
            }
            else if (@using.Resources is { } resource)
            {
                AnalyzeExpression(context, resource, types, disposable);
            }
        }

        private static void AnalyzeDeclaration(OperationAnalysisContext context, KnownTypes types, INamedTypeSymbol disposable)
        {
            var declaration = (IUsingDeclarationOperation)context.Operation;
            if (!declaration.IsAsynchronous && declaration.Parent is { } scope)
            {
                AnalyzeDeclarations(context, declaration.DeclarationGroup, scope, types, disposable);
            }
        }

        private static void AnalyzeExpression(OperationAnalysisContext context, IOperation resource, KnownTypes types, INamedTypeSymbol disposable)
        {
            var value = resource.WalkDownConversions();
            if (!IsTask(value.Type, types, out var produced) || IsNestedStartNew(value, types))
            {
                return;
            }

            var result = ResultKind(produced, types, disposable);

            // `using (pending)` of an existing task: disposing it is deliberate unless it produces something to dispose.
            var existing = value is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation
                or IPropertyReferenceOperation or IArrayElementReferenceOperation;
            if (existing && result == Result.NotDisposable)
            {
                return;
            }

            Report(context, value, oneDeclarator: true, produced, result);
        }

        // using var watcher = Task.Factory.StartNew(async () => ..): TW303 reports the call; its outer task completes when
        // the delegate returns its inner task, so disposing it is not the throw this rule warns of.
        private static bool IsNestedStartNew(IOperation value, KnownTypes types) =>
            value is IInvocationOperation invocation && NestedStartNew.Returns(invocation, types, out _);

        private static void AnalyzeDeclarations(OperationAnalysisContext context, IVariableDeclarationGroupOperation group, IOperation scope, KnownTypes types, INamedTypeSymbol disposable)
        {
            var declarators = 0;
            foreach (var declaration in group.Declarations)
            {
                declarators += declaration.Declarators.Length;
            }

            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    var value = (declarator.Initializer ?? declaration.Initializer)?.Value.WalkDownConversions();
                    if (value is null || !IsTask(value.Type, types, out var produced) || IsUsedIn(scope, declarator.Symbol) || IsNestedStartNew(value, types))
                    {
                        continue;
                    }

                    Report(context, value, declarators == 1, produced, ResultKind(produced, types, disposable));
                }
            }
        }

        private static void Report(OperationAnalysisContext context, IOperation value, bool oneDeclarator, ITypeSymbol? produced, Result result)
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (result != Result.NotDisposable && oneDeclarator
                && AsyncPath.IsOnAsyncPath(value, context.ContainingSymbol) && AsyncPath.CanAwaitAt(value))
            {
                properties = properties.Add(FixProperty, result == Result.AsyncDisposableOnly ? FixAwaitUsing : FixAwait);
            }

            context.ReportUnlessPeerSuppressed(Diagnostic.Create(
                Rule,
                value.Syntax.GetLocation(),
                properties,
                DescribeTask(value),
                result == Result.NotDisposable || produced is null
                    ? " instead of awaiting it: disposing a task that has not finished throws"
                    : ", not the '" + produced.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "' it produces; await the task"));
        }

        private static string DescribeTask(IOperation value) => value switch
        {
            IInvocationOperation invocation => "the task returned by '" + invocation.TargetMethod.Name + "'",
            ILocalReferenceOperation local => "the task '" + local.Local.Name + "'",
            IParameterReferenceOperation parameter => "the task '" + parameter.Parameter.Name + "'",
            IFieldReferenceOperation field => "the task '" + field.Field.Name + "'",
            IPropertyReferenceOperation property => "the task '" + property.Property.Name + "'",
            _ => "a task",
        };

        /// <summary>Whether the scope reads the variable: then the code treats it as a task, and disposing the task is meant.</summary>
        private static bool IsUsedIn(IOperation scope, ILocalSymbol local)
        {
            foreach (var operation in scope.Descendants())
            {
                if (operation is ILocalReferenceOperation { IsDeclaration: false } reference && KnownTypes.Is(reference.Local, local))
                {
                    return true;
                }
            }

            return false;
        }

        private enum Result
        {
            NotDisposable,
            Disposable,
            AsyncDisposableOnly,
        }

        /// <summary>A Task (or a type deriving from it), with what it produces: the T of the Task&lt;T&gt; it is, or null.</summary>
        private static bool IsTask(ITypeSymbol? type, KnownTypes types, out ITypeSymbol? produced)
        {
            produced = null;
            if (!KnownTypes.InheritsFrom(type, types.Task))
            {
                return false;
            }

            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                if (KnownTypes.Is(current.OriginalDefinition, types.TaskOfT))
                {
                    produced = current.TypeArguments[0];
                    break;
                }
            }

            return true;
        }

        /// <summary>What awaiting gives: something to dispose (with using, or only with await using), or nothing. A task inside is nothing.</summary>
        private static Result ResultKind(ITypeSymbol? result, KnownTypes types, INamedTypeSymbol disposable)
        {
            if (result is null || result.TypeKind == TypeKind.Error || KnownTypes.InheritsFrom(result, types.Task) || types.IsTaskLike(result))
            {
                return Result.NotDisposable;
            }

            if (KnownTypes.Implements(result, disposable))
            {
                return Result.Disposable;
            }

            return KnownTypes.Implements(result, types.IAsyncDisposable) ? Result.AsyncDisposableOnly : Result.NotDisposable;
        }
    }
}
