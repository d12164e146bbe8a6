using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
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
    /// (no UI or ASP.NET Core host, not a test project, not an executable) whose awaits mostly use ConfigureAwait(false)
    /// already — the library's own convention, known only once every await of the compilation is seen, so these are
    /// reported at the end of the compilation. <c>threadwise.tw501_require_configure_await = always</c> reports every
    /// unconfigured await of the files it applies to at once, whatever the project; <c>never</c> reports none.
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

        /// <summary>Present when the fix can write ConfigureAwait(false) (not for an <c>await using</c> declaring several variables).</summary>
        public const string FixableProperty = "Fixable";

        private const string Title = "Use ConfigureAwait(false) in library code";
        private const string MessageFormat = "{0} without ConfigureAwait(false){1}";
        private const string Description = "A library's await that does not use ConfigureAwait(false) resumes on its caller's SynchronizationContext: a UI caller that blocks on the library's task then deadlocks, and every continuation queues behind the UI thread. Reported in libraries (no UI or ASP.NET Core host, not tests, not executables) whose awaits mostly use ConfigureAwait(false) already, or everywhere threadwise.tw501_require_configure_await = always applies.";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.ConfigureAwaitInLibrary,
            title: Title,
            messageFormat: MessageFormat,
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: Description,
            helpLinkUri: HelpLinks.For(RuleIds.ConfigureAwaitInLibrary));

        /// <summary>The same rule, reported once the library's convention is known: at the end of the compilation.</summary>
        internal static readonly DiagnosticDescriptor ConventionRule = new DiagnosticDescriptor(
            RuleIds.ConfigureAwaitInLibrary,
            title: Title,
            messageFormat: MessageFormat,
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: Description,
            helpLinkUri: HelpLinks.For(RuleIds.ConfigureAwaitInLibrary),
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, ConventionRule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.For(start.Compilation);
                var types = shared.Types;
                if (types.Task is null)
                {
                    return;
                }

                var awaits = new Awaits(types, AwaitingCodes.Of(start.Compilation, shared.Host));
                start.RegisterOperationAction(awaits.AnalyzeAwait, OperationKind.Await);
                start.RegisterOperationAction(awaits.AnalyzeForEach, OperationKind.Loop);
                start.RegisterOperationAction(awaits.AnalyzeUsing, OperationKind.Using);
                start.RegisterOperationAction(awaits.AnalyzeUsingDeclaration, OperationKind.UsingDeclaration);
                start.RegisterCompilationEndAction(awaits.ReportByConvention);
            });
        }

        private enum Mode
        {
            Auto,
            Always,
            Never,
        }

        /// <summary>One unconfigured await of a library, waiting for the library's convention.</summary>
        private readonly struct Pending
        {
            public Pending(Location location, ImmutableDictionary<string, string?> properties, string subject, ISymbol symbol)
            {
                Location = location;
                Properties = properties;
                Subject = subject;
                Symbol = symbol;
            }

            public Location Location { get; }

            public ImmutableDictionary<string, string?> Properties { get; }

            public string Subject { get; }

            public ISymbol Symbol { get; }
        }

        /// <summary>The awaits of one compilation: the configured ones counted, the unconfigured ones kept until the end.</summary>
        private sealed class Awaits
        {
            private readonly KnownTypes _types;
            private readonly AwaitingCode _code;
            private readonly ConcurrentQueue<Pending> _pending = new ConcurrentQueue<Pending>();
            private int _configured;
            private int _unconfigured;

            public Awaits(KnownTypes types, AwaitingCode code)
            {
                _types = types;
                _code = code;
            }

            public void AnalyzeAwait(OperationAnalysisContext context)
            {
                var awaited = ((IAwaitOperation)context.Operation).Operation;
                Consider(context, awaited, AwaitConfigurations.OfAwait(awaited, _types), KindAwait, fixable: true);
            }

            public void AnalyzeForEach(OperationAnalysisContext context)
            {
                if (context.Operation is IForEachLoopOperation { IsAsynchronous: true, Collection: { } collection })
                {
                    Consider(context, collection, AwaitConfigurations.OfEnumerable(collection, _types), KindEnumerable, fixable: true);
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
                    var inBlock = declaration.Syntax.Parent is LocalDeclarationStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax };
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

            private void Consider(OperationAnalysisContext context, IOperation value, AwaitConfiguration configuration, string kind, bool fixable, string? variable = null)
            {
                if (configuration == AwaitConfiguration.NotConfigurable || configuration == AwaitConfiguration.ContinuesOnContext)
                {
                    return;
                }

                var mode = ModeOf(context.Options, value.Syntax.SyntaxTree);
                if (mode == Mode.Never)
                {
                    return;
                }

                if (configuration == AwaitConfiguration.Configured)
                {
                    Interlocked.Increment(ref _configured);
                    return;
                }

                if (ResumesWithoutWaiting(value, kind))
                {
                    return;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);
                if (fixable)
                {
                    properties = properties.Add(FixableProperty, "true");
                }

                var subject = Subject(value, kind, variable);
                if (mode == Mode.Always)
                {
                    context.ReportUnlessPeerSuppressed(Diagnostic.Create(
                        Rule, value.Syntax.GetLocation(), properties, subject, ", which this project requires (threadwise.tw501_require_configure_await)"));
                }
                else if (_code == AwaitingCode.Library)
                {
                    Interlocked.Increment(ref _unconfigured);
                    _pending.Enqueue(new Pending(value.Syntax.GetLocation(), properties, subject, PeerSuppressions.InnermostSymbol(value, context.ContainingSymbol)));
                }
            }

            /// <summary>A library whose configured awaits outnumber its unconfigured ones: report the unconfigured ones.</summary>
            public void ReportByConvention(CompilationAnalysisContext context)
            {
                var configured = Volatile.Read(ref _configured);
                var total = configured + Volatile.Read(ref _unconfigured);
                if (configured * 2 <= total)
                {
                    return;
                }

                var convention = ", unlike " + configured + " of this library's " + total
                    + " configurable awaits: the code after it resumes on the caller's SynchronizationContext";
                foreach (var pending in _pending)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    var diagnostic = Diagnostic.Create(ConventionRule, pending.Location, pending.Properties, pending.Subject, convention);
                    if (!PeerSuppressions.IsSuppressed(diagnostic, pending.Symbol, context.Compilation, context.Options))
                    {
                        context.ReportDiagnostic(diagnostic);
                    }
                }
            }

            // An await of a task already completed (Task.FromResult, awaited before, a call in synchronous mode) and the
            // disposal of an in-memory resource continue synchronously: there is no context to resume on.
            private bool ResumesWithoutWaiting(IOperation value, string kind) => kind switch
            {
                KindAwait => TaskFacts.IsKnownCompleted(value, _types),
                KindDisposable => InMemory.IsInMemory(value, _types),
                _ => false,
            };

            private static Mode ModeOf(AnalyzerOptions options, SyntaxTree tree)
            {
                switch (ThreadwiseOptions.GetString(options, tree, ThreadwiseOptions.Tw501RequireConfigureAwait)?.ToLowerInvariant())
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
