using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW507: a <c>TaskCompletionSource</c>/<c>TaskCompletionSource&lt;T&gt;</c> created without
    /// <c>TaskCreationOptions.RunContinuationsAsynchronously</c> and completed (<c>SetResult</c>, <c>TrySetException</c>, …)
    /// inside a lock, an event handler or a callback (a non-async lambda or method handed over as a delegate). The awaiting
    /// code's continuations then run inline in the completer: under its lock (deadlock), or on the thread of whatever raised
    /// the event or called back (which stalls until they finish). Reported on the creation. Not reported: options that are
    /// not a constant (a variable or field: they may hold the flag), the wrong-enum overload (CA2247's), completions in
    /// ordinary code or in async methods and lambdas (the async tail), and a local source whose task is only awaited in the
    /// method that creates it, a private field whose task its type only waits on synchronously (<see cref="SyncOnlyWaiters"/>),
    /// and the source of a Task-to-APM bridge (made with the APM state, its task handed to the <c>AsyncCallback</c> and returned).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW507SynchronousCompletionSourceAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>
        /// The fix: <see cref="FixAdd"/> (append the option), <see cref="FixMerge"/> (or it into the options argument at
        /// <see cref="ArgumentProperty"/>, its position in the written argument list) or <see cref="FixReplace"/> (the
        /// options there are <c>None</c>: the option replaces them).
        /// </summary>
        public const string FixProperty = "Fix";
        public const string ArgumentProperty = "Argument";
        public const string FixAdd = "Add";
        public const string FixMerge = "Merge";
        public const string FixReplace = "Replace";

        /// <summary>TaskCreationOptions.RunContinuationsAsynchronously.</summary>
        private const int RunContinuationsAsynchronously = 64;

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.SynchronousCompletionSource,
            title: "Use RunContinuationsAsynchronously for a TaskCompletionSource completed from a lock or callback",
            messageFormat: "This TaskCompletionSource is completed {0} (line {1}) without RunContinuationsAsynchronously: the awaiting code's continuations run inline there{2}; pass TaskCreationOptions.RunContinuationsAsynchronously",
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "By default, completing a TaskCompletionSource runs the continuations of the code that awaits its task synchronously, inside the SetResult call. Where that call sits in a lock, the continuations run holding the lock and can deadlock; where it sits in an event handler or a callback, they run on a thread the completer does not own and stall it until they finish. TaskCreationOptions.RunContinuationsAsynchronously queues them instead.",
            helpLinkUri: HelpLinks.For(RuleIds.SynchronousCompletionSource));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                if (types.TaskCompletionSource is null && types.TaskCompletionSourceOfT is null || types.TaskCreationOptions is null)
                {
                    return;
                }

                start.RegisterSymbolStartAction(symbolStart =>
                {
                    var type = (INamedTypeSymbol)symbolStart.Symbol;
                    var state = new TypeState();
                    symbolStart.RegisterOperationAction(c => state.AddCreation(c, type, types), OperationKind.ObjectCreation);
                    symbolStart.RegisterOperationAction(c => state.AddUse(c, types), OperationKind.Invocation, OperationKind.PropertyReference);
                    symbolStart.RegisterOperationAction(c => state.AddMethodGroup(c, types), OperationKind.DelegateCreation);
                    symbolStart.RegisterSymbolEndAction(c => state.Analyze(c, types));
                }, SymbolKind.NamedType);
            });
        }

        /// <summary>
        /// What the rule needs from one type: the creations to judge (with the member they are in), the completion calls
        /// and <c>.Task</c> reads of every source, and the methods passed as delegates.
        /// </summary>
        private sealed class TypeState
        {
            private readonly object _gate = new object();
            // Created on first use: most types create no completion source, and one state exists per type.
            private List<(IObjectCreationOperation Creation, ISymbol Holder, ISymbol Member)>? _creations;
            private List<(IInvocationOperation Call, ISymbol Holder, ISymbol Member)>? _completions;
            private List<(IOperation Read, ILocalSymbol Holder)>? _taskReads;
            // Method groups handed to other code, judged only when a completion inside that method is (most types complete
            // no source, and judging one may read the body of the method it is handed to).
            private List<IDelegateCreationOperation>? _methodGroups;

            public void AddCreation(OperationAnalysisContext context, INamedTypeSymbol type, KnownTypes types)
            {
                var creation = (IObjectCreationOperation)context.Operation;
                if (!types.IsTaskCompletionSource(creation.Type)
                    || !KnownTypes.Is(context.ContainingSymbol.ContainingType, type)
                    || MayRunContinuationsAsynchronously(creation, types)
                    || ChoosesInlineContinuations(creation, types)
                    || CompletionSources.HolderOf(creation) is not { } holder)
                {
                    return;
                }

                lock (_gate)
                {
                    (_creations ??= new List<(IObjectCreationOperation, ISymbol, ISymbol)>()).Add((creation, holder, context.ContainingSymbol));
                }
            }

            public void AddUse(OperationAnalysisContext context, KnownTypes types)
            {
                switch (context.Operation)
                {
                    case IInvocationOperation invocation when CompletionSources.IsCompletionCall(invocation.TargetMethod) && types.IsTaskCompletionSource(invocation.TargetMethod.ContainingType):
                        if (CompletionSources.ReceiverOf(invocation, types) is { } holder)
                        {
                            lock (_gate)
                            {
                                (_completions ??= new List<(IInvocationOperation, ISymbol, ISymbol)>()).Add((invocation, holder, context.ContainingSymbol));
                            }
                        }

                        break;
                    case IPropertyReferenceOperation { Property.Name: "Task", Instance: ILocalReferenceOperation local } read when types.IsTaskCompletionSource(local.Type):
                        lock (_gate)
                        {
                            (_taskReads ??= new List<(IOperation, ILocalSymbol)>()).Add((read, local.Local));
                        }

                        break;
                }
            }

            public void AddMethodGroup(OperationAnalysisContext context, KnownTypes types)
            {
                var creation = (IDelegateCreationOperation)context.Operation;
                if (creation.Target is IMethodReferenceOperation)
                {
                    lock (_gate)
                    {
                        (_methodGroups ??= new List<IDelegateCreationOperation>()).Add(creation);
                    }
                }
            }

            public void Analyze(SymbolAnalysisContext context, KnownTypes types)
            {
                if (_creations is null || _completions is null)
                {
                    return;
                }

                var methodGroups = _methodGroups;
                var callbacks = new Dictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
                bool IsCallback(IMethodSymbol method)
                {
                    if (methodGroups is null)
                    {
                        return false;
                    }

                    if (!callbacks.TryGetValue(method, out var isCallback))
                    {
                        isCallback = methodGroups.Any(group => SymbolEqualityComparer.Default.Equals(((IMethodReferenceOperation)group.Target).Method.OriginalDefinition, method)
                            && CompletionPlaces.IsCallbackDelegate(group, types));
                        callbacks.Add(method, isCallback);
                    }

                    return isCallback;
                }

                foreach (var (creation, holder, member) in _creations)
                {
                    if (holder is ILocalSymbol local && (OnlyAwaitedWhereCreated(creation, local) || IsApmResult(creation, local, types))
                        || IsCompletedRightAway(creation, holder))
                    {
                        continue;
                    }

                    (IInvocationOperation Call, CompletionPlace Place)? worst = null;
                    foreach (var (call, completed, callMember) in _completions)
                    {
                        if (!SymbolEqualityComparer.Default.Equals(completed, holder))
                        {
                            continue;
                        }

                        var place = CompletionPlaces.Classify(call, callMember, types, IsCallback);
                        // Ties go to the first completion in source order: the operation callbacks arrive in any order
                        // under concurrent execution, and the message names the line (socket.io-client-csharp's two
                        // timeout callbacks were named in turn by different runs).
                        if (place != CompletionPlace.Plain
                            && (worst is null || place > worst.Value.Place || place == worst.Value.Place && ComesFirst(call, worst.Value.Call)))
                        {
                            worst = (call, place);
                        }
                    }

                    // Read from syntax, so asked last: only for a source about to be reported.
                    if (worst is { } found
                        && !(holder is IFieldSymbol field && SyncOnlyWaiters.IsOnlyWaitedOnSynchronously(field, context.Compilation)))
                    {
                        context.ReportUnlessPeerSuppressed(Report(creation, found.Call, found.Place), member);
                    }
                }
            }

            private static bool ComesFirst(IOperation call, IOperation other)
            {
                var byFile = string.CompareOrdinal(call.Syntax.SyntaxTree.FilePath, other.Syntax.SyntaxTree.FilePath);
                return byFile < 0 || byFile == 0 && call.Syntax.SpanStart < other.Syntax.SpanStart;
            }

            /// <summary>
            /// A local source whose task is read only to be awaited (or waited on) in the method that created it: the
            /// continuation is the rest of that method, which its author sees. A source whose task is never read has none.
            /// </summary>
            private bool OnlyAwaitedWhereCreated(IObjectCreationOperation creation, ILocalSymbol local)
            {
                var function = AsyncPath.EnclosingFunction(creation);
                if (_taskReads is null)
                {
                    return true;
                }

                foreach (var (read, holder) in _taskReads)
                {
                    if (SymbolEqualityComparer.Default.Equals(holder, local) && !SyncOnlyWaiters.IsStatusQuery(read)
                        && (AsyncPath.EnclosingFunction(read) != function || !IsConsumedInPlace(read) && !IsAliasConsumedInPlace(read, function)))
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>
            /// <c>_pending = new(); _pending.SetResult(value);</c>: the source is completed by the very next statement, before
            /// any code can read its task, so no continuation exists to run inline, and any later completion of it does nothing
            /// (WTelegramClient's login answer, stored completed).
            /// </summary>
            private bool IsCompletedRightAway(IObjectCreationOperation creation, ISymbol holder)
            {
                var statement = creation.Syntax.FirstAncestorOrSelf<StatementSyntax>();
                if (statement?.Parent is not BlockSyntax block)
                {
                    return false;
                }

                var index = block.Statements.IndexOf(statement);
                if (index < 0 || index + 1 >= block.Statements.Count || block.Statements[index + 1] is not ExpressionStatementSyntax next)
                {
                    return false;
                }

                foreach (var (call, completed, _) in _completions!)
                {
                    if (call.Syntax == next.Expression && SymbolEqualityComparer.Default.Equals(completed, holder)
                        && (call.TargetMethod.Name.StartsWith("Set", System.StringComparison.Ordinal) || call.TargetMethod.Name.StartsWith("TrySet", System.StringComparison.Ordinal)))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// The Task-to-APM bridge (.NET's documented <c>ToApm</c>): a local source made with the APM state whose task is handed
            /// to the caller's <c>AsyncCallback</c> and returned, to become the <c>IAsyncResult</c> of a <c>BeginM</c>. APM callers
            /// finish with <c>EndM</c>, which reads the result synchronously: nothing awaits the task, so no continuation runs
            /// inline in the completer. Any other use of the task (an await, a field, an argument) makes it an ordinary source.
            /// </summary>
            private bool IsApmResult(IObjectCreationOperation creation, ILocalSymbol local, KnownTypes types)
            {
                if (_taskReads is null || types.AsyncCallback is null || !TakesState(creation))
                {
                    return false;
                }

                var function = AsyncPath.EnclosingFunction(creation);
                var handedToCallback = false;
                foreach (var (read, holder) in _taskReads)
                {
                    if (!SymbolEqualityComparer.Default.Equals(holder, local) || SyncOnlyWaiters.IsStatusQuery(read))
                    {
                        continue;
                    }

                    var use = read.ParentPastConversions();
                    if (use is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { MethodKind: MethodKind.DelegateInvoke } invoke } }
                        && KnownTypes.Is(invoke.ContainingType, types.AsyncCallback))
                    {
                        handedToCallback = true;
                    }
                    else if (use is not IReturnOperation || AsyncPath.EnclosingFunction(read) != function)
                    {
                        return false;
                    }
                }

                return handedToCallback;
            }

            // new TaskCompletionSource<T>(state[, options]): the APM overload, whose state becomes the task's AsyncState.
            private static bool TakesState(IObjectCreationOperation creation)
            {
                foreach (var argument in creation.Arguments)
                {
                    if (argument.ArgumentKind != ArgumentKind.DefaultValue
                        && argument.Parameter is { Name: "state", Type.SpecialType: SpecialType.System_Object })
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>
        /// <c>var cancelTask = tcs.Task;</c> in the creating function, where every use of that local is consumed in place there
        /// (<c>await Task.WhenAny(contextTask, cancelTask)</c>, <c>await cancelTask</c>), a status query, or compared by identity
        /// (<c>completedTask == cancelTask</c>): git-credential-manager's cancellation source of its loopback listener.
        /// </summary>
        private static bool IsAliasConsumedInPlace(IOperation read, IOperation? function)
        {
            if (read.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var alias } })
            {
                return false;
            }

            var root = read.Root();

            var uses = 0;
            foreach (var operation in root.Descendants())
            {
                if (operation is ILocalReferenceOperation use && SymbolEqualityComparer.Default.Equals(use.Local, alias))
                {
                    if (AsyncPath.EnclosingFunction(use) != function
                        || !(IsConsumedInPlace(use) || SyncOnlyWaiters.IsStatusQuery(use)
                            || use.ParentPastConversions() is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }))
                    {
                        return false;
                    }

                    uses++;
                }
            }

            return uses > 0;
        }

        /// <summary><c>await tcs.Task</c> (also through ConfigureAwait, WhenAny/WhenAll, WaitAsync), or a wait on it, in the same expression.</summary>
        private static bool IsConsumedInPlace(IOperation read)
        {
            for (var current = read.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case IAwaitOperation:
                        return true;
                    case IInvocationOperation { TargetMethod.Name: "Wait" or "GetResult" }:
                    case IPropertyReferenceOperation { Property.Name: "Result" }:
                        return true;
                    case IInvocationOperation or IArgumentOperation or IConversionOperation or IArrayCreationOperation
                        or IArrayInitializerOperation or IPropertyReferenceOperation or IParenthesizedOperation:
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether the creation's options have the flag or may have it: a constant with the bit, or options that are not a
        /// constant. Also true for the object-state overload given an enum (CA2247 reports that mistake).
        /// </summary>
        private static bool MayRunContinuationsAsynchronously(IObjectCreationOperation creation, KnownTypes types)
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is not { } parameter)
                {
                    return true;
                }

                if (KnownTypes.Is(parameter.Type, types.TaskCreationOptions))
                {
                    return argument.Value.ConstantValue is not { HasValue: true, Value: int options } || (options & RunContinuationsAsynchronously) != 0;
                }

                if (argument.Value.WalkDownConversions().Type is { TypeKind: TypeKind.Enum })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Options passed explicitly without the flag (<c>TaskCreationOptions.None</c>) under a comment that explains how the
        /// continuations run (<see cref="DeliberateComments.ExplainContinuations"/>): grpc-dotnet's "Run continuation
        /// synchronously so awaiters execute inside the lock". The author chose inline continuations.
        /// </summary>
        private static bool ChoosesInlineContinuations(IObjectCreationOperation creation, KnownTypes types)
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && KnownTypes.Is(argument.Parameter?.Type, types.TaskCreationOptions))
                {
                    return DeliberateComments.ExplainContinuations(creation.Syntax);
                }
            }

            return false;
        }

        private static Diagnostic Report(IObjectCreationOperation creation, IInvocationOperation call, CompletionPlace place)
        {
            var line = call.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            var (where, effect) = place switch
            {
                CompletionPlace.Lock => ("inside a lock", " holding the lock, and can deadlock"),
                CompletionPlace.EventHandler => ("in an event handler", ", and the code that raised the event waits for them"),
                _ => ("in a callback", ", on a thread this code does not own, which waits for them"),
            };
            return Diagnostic.Create(Rule, creation.Syntax.GetLocation(), FixFor(creation), where, line, effect);
        }

        /// <summary>
        /// Append the option where the constructor takes none (no arguments, or only the state), or merge it into the
        /// written options argument (its position in the argument list is <see cref="ArgumentProperty"/>).
        /// </summary>
        private static ImmutableDictionary<string, string?> FixFor(IObjectCreationOperation creation)
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Type.TypeKind == TypeKind.Enum)
                {
                    return argument.Syntax is ArgumentSyntax { Parent: ArgumentListSyntax list } written
                        ? properties.Add(FixProperty, argument.Value.ConstantValue is { HasValue: true, Value: 0 } ? FixReplace : FixMerge)
                            .Add(ArgumentProperty, list.Arguments.IndexOf(written).ToString(CultureInfo.InvariantCulture))
                        : properties;
                }
            }

            return creation.Arguments.Length <= 1 && creation.Syntax is BaseObjectCreationExpressionSyntax
                ? properties.Add(FixProperty, FixAdd)
                : properties;
        }
    }
}
