using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Semantics;

namespace Threadwise.Rules.Correctness
{
    /// <summary>
    /// TW504: an awaited call could take a cancellation token (a defaulted <c>CancellationToken</c> or
    /// <c>CancellationToken?</c> parameter, or an overload with one more token parameter) while the code holds one
    /// (<see cref="HeldTokens"/>: a parameter of the function or member, <c>HttpContext.RequestAborted</c>, a hosted
    /// service's token field) and passes none. Never where CA2016 reports the same call (<see cref="Ca2016Reach"/>): TW504
    /// is the part CA2016 does not see. Not reported in catch and finally blocks or in Dispose methods (cleanup should
    /// finish even when the operation was cancelled), nor where a token, <c>CancellationToken.None</c> or <c>default</c> is
    /// already passed, nor where the type never passes a token to that API (<see cref="TokenHabits"/>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TW504TokenNotForwardedAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The expression the fix passes.</summary>
        public const string TokenProperty = "Token";

        /// <summary>Present when the token must be passed by name: the parameter's name.</summary>
        public const string ParameterProperty = "Parameter";

        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.TokenNotForwarded,
            title: "Pass the cancellation token you hold to calls that take one",
            messageFormat: "'{0}' can take a CancellationToken and '{1}' is in scope: pass it on, or pass CancellationToken.None to say this call must not be cancelled",
            category: RuleCategories.Correctness,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "When a request is aborted or a service stops, its token is cancelled so that the work it started stops too. An awaited call that could take the token but is not given it keeps running: the socket read, the query or the delay holds a thread-pool slot and a connection for nothing. TW504 reports the calls CA2016 does not: tokens that are not the last parameter, CancellationToken? parameters, HttpContext.RequestAborted, a hosted service's token field, and overloads declared on a base type.",
            helpLinkUri: HelpLinks.For(RuleIds.TokenNotForwarded));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.SkippedBeforeAnalysis);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.For(start.Compilation).Types;
                if (types.CancellationToken is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Await);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types)
        {
            var awaited = ((IAwaitOperation)context.Operation).Operation.WalkDownConversions();
            if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured } && types.IsTaskLike(configured.Type))
            {
                awaited = configured.WalkDownConversions();
            }

            if (awaited is not IInvocationOperation invocation
                || InCleanup(invocation, context.ContainingSymbol)
                || TokenSlots.Find(invocation, types, context.Compilation, context.ContainingSymbol) is not { } slot
                || HeldTokens.At(invocation, context.ContainingSymbol, types) is not { } held
                || KnownTypes.Is(slot.Overload, context.ContainingSymbol)
                || held.IsRequestAborted && WritesTheResponse(invocation, types)
                || HostedServiceLifetimes.IsLifetimeCall(invocation, types, context.Compilation)
                || Ca2016Reach.Reports(invocation, context.ContainingSymbol, types, context.Compilation)
                || TokenHabits.TypeLeavesTokensOff(invocation, context.ContainingSymbol, context.Compilation, types, context.CancellationToken))
            {
                return;
            }

            var token = held.IsNullable && !slot.IsNullable ? held.Text + ".GetValueOrDefault()" : held.Text;
            var properties = ImmutableDictionary<string, string?>.Empty.Add(TokenProperty, token);
            if (slot.Named)
            {
                properties = properties.Add(ParameterProperty, slot.Parameter.Name);
            }

            context.ReportUnlessPeerSuppressed(Diagnostic.Create(
                Rule,
                invocation.Syntax.GetLocation(),
                properties,
                invocation.TargetMethod.Name,
                held.Text));
        }

        /// <summary>
        /// A write or flush of the HTTP response (<c>Response.Body.WriteAsync</c>, <c>Response.BodyWriter.FlushAsync</c>,
        /// <c>Response.WriteAsync(..)</c>, <c>Response.WriteAsJsonAsync(..)</c>) where the token held is <c>RequestAborted</c>:
        /// once the client is gone the server completes such writes without sending anything, so the token would only turn
        /// a finished request into an <c>OperationCanceledException</c> (Wolverine's HTTP transport reply).
        /// </summary>
        private static bool WritesTheResponse(IInvocationOperation invocation, KnownTypes types)
        {
            if (types.HttpResponse is null)
            {
                return false;
            }

            var receiver = invocation.Instance?.WalkDownConversions()
                ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value.WalkDownConversions() : null);
            if (receiver is IPropertyReferenceOperation { Property.Name: "Body" or "BodyWriter", Instance: { } owner })
            {
                receiver = owner;
            }

            return receiver != null && KnownTypes.InheritsFrom(receiver.Type, types.HttpResponse);
        }

        /// <summary>
        /// In a catch or finally block of its own function, or in a Dispose method: cleanup that should finish even when the
        /// operation was cancelled, so not passing the token is what the code means.
        /// </summary>
        private static bool InCleanup(IOperation operation, ISymbol containingSymbol)
        {
            for (var current = operation.Parent; current != null && !current.IsFunctionBoundary(); current = current.Parent)
            {
                if (current is ICatchClauseOperation || current.Parent is ITryOperation @try && current == @try.Finally)
                {
                    return true;
                }
            }

            return containingSymbol is IMethodSymbol { Name: "Dispose" or "DisposeAsync" or "DisposeAsyncCore" or "Close" or "CloseAsync" };
        }
    }
}
