using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Options;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW501: an await in library code that resumes on the caller's SynchronizationContext: <c>await x</c>,
    /// <c>await foreach</c> and <c>await using</c> without <c>ConfigureAwait(false)</c>. Only where it matters: in a library
    /// (no UI or ASP.NET Core host, not a test project, not an executable) whose awaits use ConfigureAwait(false)
    /// two to one already (a bare majority where its configuration raises a peer's ConfigureAwait rule): the library's own convention (<see cref="AwaitTally"/>), so a library that never adopted it is not told
    /// to on every await. The nearest convention wins: a file of such a library that leaves most of its awaits
    /// unconfigured is not reported, and where the library has no convention a file that configures most of its awaits is,
    /// unless the project turns a peer's ConfigureAwait rule off (<see cref="DeclaredConfigureAwait"/>). <c>threadwise.tw501_require_configure_await = always</c> reports every unconfigured await of
    /// the files it applies to, whatever the project; <c>never</c> reports none.
    /// Not reported: awaitables without ConfigureAwait (Task.Yield(), custom awaitables), explicit ConfigureAwait(true)
    /// or ConfigureAwaitOptions, known-completed tasks, and in-memory resources of <c>await using</c>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW501ConfigureAwaitAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>What the fix configures: <see cref="KindAwait"/>, <see cref="KindEnumerable"/> or <see cref="KindDisposable"/>.</summary>
        public const string KindProperty = "Kind";
        public const string KindAwait = "Await";
        public const string KindEnumerable = "Enumerable";
        public const string KindDisposable = "Disposable";

        /// <summary><c>threadwise.tw501_require_configure_await</c>: auto (default), always or never, read per file.</summary>
        public const string OptionName = ThreadwiseOptions.Tw501RequireConfigureAwait;

        /// <summary>Present when the fix can write ConfigureAwait(false) (not for an <c>await using</c> declaring several variables).</summary>
        public const string FixableProperty = "Fixable";

        private const string Title = "Use ConfigureAwait(false) in library code";
        private const string MessageFormat = "{0} without ConfigureAwait(false){1}";
        private const string Consequence = "the code after it resumes on the caller's SynchronizationContext";
        private const string Description = "A library's await that does not use ConfigureAwait(false) resumes on its caller's SynchronizationContext: a UI caller that blocks on the library's task then deadlocks, and every continuation queues behind the UI thread. Reported in libraries (no UI or ASP.NET Core host, not tests, not executables) where two of every three awaits use ConfigureAwait(false) already, or most of them where a peer's ConfigureAwait rule is raised to warning or error (or in their files that do), and everywhere threadwise.tw501_require_configure_await = always applies.";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.ConfigureAwaitInLibrary,
            title: Title,
            messageFormat: MessageFormat,
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: Description,
            helpLinkUri: HelpLinks.For(RuleIds.ConfigureAwaitInLibrary));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.For(start.Compilation);
                var types = shared.Types;
                if (types.Task is null)
                {
                    return;
                }

                var compilation = start.Compilation;
                var awaits = new Awaits(types, AwaitingCodes.Of(compilation, shared.Host), shared, shared.PoolOnly);
                start.RegisterOperationAction(awaits.AnalyzeAwait, OperationKind.Await);
                start.RegisterOperationAction(awaits.AnalyzeForEach, OperationKind.Loop);
                start.RegisterOperationAction(awaits.AnalyzeUsing, OperationKind.Using);
                start.RegisterOperationAction(awaits.AnalyzeUsingDeclaration, OperationKind.UsingDeclaration);
            });
        }

        private enum Mode
        {
            Auto,
            Always,
            Never,
        }

        /// <summary>The awaits of one compilation, with its kind of code and its convention (counted once, on first need).</summary>
        private sealed class Awaits
        {
            private readonly KnownTypes _types;
            private readonly AwaitingCode _code;
            private readonly CompilationContext _shared;
            private readonly PoolOnlyCode _pool;
            private readonly ConcurrentDictionary<SyntaxTree, ConfigureAwaitStance> _stances = new ConcurrentDictionary<SyntaxTree, ConfigureAwaitStance>();

            public Awaits(KnownTypes types, AwaitingCode code, CompilationContext shared, PoolOnlyCode pool)
            {
                _types = types;
                _code = code;
                _shared = shared;
                _pool = pool;
            }

            public void AnalyzeAwait(OperationAnalysisContext context)
            {
                var awaited = ((IAwaitOperation)context.Operation).Operation;
                Consider(context, awaited, AwaitConfigurations.OfAwait(awaited, _types), KindAwait, fixable: true,
                    site: (context.Operation.Syntax as AwaitExpressionSyntax)?.Expression);
            }

            public void AnalyzeForEach(OperationAnalysisContext context)
            {
                if (context.Operation is IForEachLoopOperation { IsAsynchronous: true, Collection: { } collection })
                {
                    Consider(context, collection, AwaitConfigurations.OfEnumerable(collection, _types), KindEnumerable, fixable: true,
                        site: (context.Operation.Syntax as CommonForEachStatementSyntax)?.Expression);
                }
            }

            public void AnalyzeUsing(OperationAnalysisContext context)
            {
                var @using = (IUsingOperation)context.Operation;
                if (!@using.IsAsynchronous)
                {
                    return;
                }

                if (@using.Resources is IVariableDeclarationGroupOperation group)
                {
                    AnalyzeDeclarations(context, group, fixable: true);
                }
                else if (@using.Resources is { } resource)
                {
                    Consider(context, resource, AwaitConfigurations.OfDisposable(resource, _types), KindDisposable, fixable: true);
                }
            }

            public void AnalyzeUsingDeclaration(OperationAnalysisContext context)
            {
                var declaration = (IUsingDeclarationOperation)context.Operation;
                if (declaration.IsAsynchronous)
                {
                    // The fix splits the statement in two: it needs a block (or switch section) to put them in.
                    var inBlock = declaration.Syntax.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>()?.Parent is BlockSyntax or SwitchSectionSyntax;
                    AnalyzeDeclarations(context, declaration.DeclarationGroup, inBlock);
                }
            }

            private void AnalyzeDeclarations(OperationAnalysisContext context, IVariableDeclarationGroupOperation group, bool fixable)
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
                        if ((declarator.Initializer ?? declaration.Initializer)?.Value is { } value)
                        {
                            Consider(context, value, AwaitConfigurations.OfDisposable(value, _types), KindDisposable, fixable && declarators == 1, declarator.Symbol.Name);
                        }
                    }
                }
            }

            /// <param name="site">Where to report: the operand as written, parentheses included (the operation's syntax omits them).</param>
            private void Consider(OperationAnalysisContext context, IOperation value, AwaitConfiguration configuration, string kind, bool fixable, string? variable = null, SyntaxNode? site = null)
            {
                if (configuration != AwaitConfiguration.Unconfigured)
                {
                    return;
                }

                var tree = value.Syntax.SyntaxTree;
                var mode = ModeOf(context.Options, tree);
                string? why = null;
                if (mode == Mode.Always)
                {
                    why = ", which this project requires (threadwise.tw501_require_configure_await)";
                }
                else if (mode == Mode.Auto && _code == AwaitingCode.Library)
                {
                    var tally = _shared.AwaitTally;
                    var awaitSite = kind == KindAwait ? AwaitSite.Await : kind == KindEnumerable ? AwaitSite.ForEach : AwaitSite.Using;
                    var stance = StanceOf(context, tree);
                    var declared = stance == ConfigureAwaitStance.Declared;
                    if (tally.ConfiguresByConvention(declared))
                    {
                        why = tally.LeavesUnconfigured(awaitSite, file: null) || tally.FileLeavesMostUnconfigured(tree)
                            ? null
                            : ", unlike " + tally.Configured + " of this library's " + tally.Total + " awaits: " + Consequence;
                    }
                    else if (stance != ConfigureAwaitStance.Declined
                        && tally.FileConfiguresByConvention(tree, declared, out var configured, out var total) && !tally.LeavesUnconfigured(awaitSite, tree))
                    {
                        why = ", unlike " + configured + " of this file's " + total + " awaits: " + Consequence;
                    }
                }

                if (why is null || ResumesWithoutWaiting(value, kind, context.ContainingSymbol) || IsInActor(context.ContainingSymbol))
                {
                    return;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);
                if (fixable)
                {
                    properties = properties.Add(FixableProperty, "true");
                }

                context.ReportUnlessPeerSuppressed(Diagnostic.Create(Rule, (site ?? value.Syntax).GetLocation(), properties, Subject(value, kind, variable), why));
            }

            // An await of a task already completed (Task.FromResult, awaited before, a call in synchronous mode) and the
            // disposal of an in-memory resource continue synchronously; code in a Task.Run, StartNew or Parallel delegate,
            // or in a method only such code calls, runs on the thread pool, where no SynchronizationContext is captured:
            // there is no context to resume on.
            private bool ResumesWithoutWaiting(IOperation value, string kind, ISymbol containingSymbol) => kind switch
            {
                KindAwait => TaskFacts.IsKnownCompleted(value, _types) || IsInMemoryReadOrWrite(value),
                KindDisposable => InMemory.IsInMemory(value, _types),
                _ => false,
            } || _pool.RunsOnlyOnPool(value, containingSymbol);

            // An Akka.NET actor's async handler runs on the actor's own task scheduler, which serialises it with the actor's
            // messages; ConfigureAwait(false) there would resume outside it, and touch the actor's state concurrently.
            private bool IsInActor(ISymbol containingSymbol) =>
                _types.AkkaActorBase != null && KnownTypes.InheritsFrom(containingSymbol.ContainingType, _types.AkkaActorBase);

            // await buffer.WriteAsync(..) on a local MemoryStream (socket.io's receive buffer), a StringWriter or a reader over a
            // string: the in-memory implementation finishes before it returns, so the await never suspends. Not CopyToAsync,
            // whose destination may be anything.
            private bool IsInMemoryReadOrWrite(IOperation value) =>
                value.WalkDownConversions() is IInvocationOperation { Instance: { } receiver } call
                && call.TargetMethod.Name is "ReadAsync" or "WriteAsync" or "FlushAsync" or "WriteLineAsync" or "ReadLineAsync" or "ReadToEndAsync"
                && InMemory.IsInMemory(receiver, _types);

            // Whether the project raised a peer's ConfigureAwait rule for this file, or turned one off (DeclaredConfigureAwait): read once per file.
            private ConfigureAwaitStance StanceOf(OperationAnalysisContext context, SyntaxTree tree) =>
                _stances.GetOrAdd(tree, t => DeclaredConfigureAwait.StanceOf(t, context.Compilation.Options,
                    context.Options.AnalyzerConfigOptionsProvider, context.CancellationToken));

            private static Mode ModeOf(AnalyzerOptions options, SyntaxTree tree)
            {
                switch (ThreadwiseOptions.GetString(options, tree, OptionName)?.ToLowerInvariant())
                {
                    case "always":
                    case "true":
                        return Mode.Always;
                    case "never":
                    case "false":
                        return Mode.Never;
                    default:
                        return Mode.Auto;
                }
            }

            private static string Subject(IOperation value, string kind, string? variable)
            {
                var name = variable ?? NameOf(value.WalkDownConversions());
                var quoted = name is null ? null : "'" + name + "'";
                return kind switch
                {
                    KindEnumerable => (quoted ?? "This sequence") + " is enumerated with 'await foreach'",
                    KindDisposable => (quoted ?? "This resource") + " is disposed with 'await using'",
                    _ => (quoted ?? "This task") + " is awaited",
                };
            }

            private static string? NameOf(IOperation value) => value switch
            {
                IInvocationOperation invocation => invocation.TargetMethod.Name,
                ILocalReferenceOperation local => local.Local.Name,
                IParameterReferenceOperation parameter => parameter.Parameter.Name,
                IFieldReferenceOperation field => field.Field.Name,
                IPropertyReferenceOperation property => property.Property.Name,
                IObjectCreationOperation creation when creation.Type is { } type => "new " + type.Name,
                _ => null,
            };
        }
    }
}
