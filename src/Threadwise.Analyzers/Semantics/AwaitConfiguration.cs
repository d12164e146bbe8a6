using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>How an await (an <c>await</c>, the awaits of <c>await foreach</c> or of <c>await using</c>) treats the caller's context.</summary>
    internal enum AwaitConfiguration
    {
        /// <summary>The awaited type has no ConfigureAwait (Task.Yield(), custom awaitables, pattern-based async disposal).</summary>
        NotConfigurable,

        /// <summary>It could be configured and is not: the continuation resumes on the captured context.</summary>
        Unconfigured,

        /// <summary>Configured not to resume on the captured context: <c>ConfigureAwait(false)</c>, ConfigureAwaitOptions without ContinueOnCapturedContext, a helper returning a configured awaitable, or a computed argument (the code decided).</summary>
        Configured,

        /// <summary>Configured to resume on the captured context: <c>ConfigureAwait(true)</c>, ConfigureAwaitOptions.ContinueOnCapturedContext.</summary>
        ContinuesOnContext,
    }

    /// <summary>
    /// Classifies awaits by what they do with the caller's SynchronizationContext (TW501). By type, so a library's own
    /// helper (<c>static ConfiguredTaskAwaitable ForAwait(this Task t) =&gt; t.ConfigureAwait(false)</c>) counts as configured.
    /// </summary>
    internal static class AwaitConfigurations
    {
        /// <summary>
        /// Whether no await in <paramref name="declaration"/> (a member's declaration in source, its lambdas and local
        /// functions included) resumes on the caller's context: each is configured, or its type cannot be.
        /// </summary>
        public static bool ConfiguresEveryAwait(SyntaxNode declaration, Compilation compilation, KnownTypes types)
        {
            if (DriverModels.Of(compilation, declaration.SyntaxTree).GetOperation(declaration) is not { } body)
            {
                return false;
            }

            foreach (var operation in body.Descendants())
            {
                var configuration = operation switch
                {
                    IAwaitOperation awaitOperation => OfAwait(awaitOperation.Operation, types),
                    IForEachLoopOperation { IsAsynchronous: true, Collection: { } collection } => OfEnumerable(collection, types),
                    IUsingOperation { IsAsynchronous: true, Resources: { } resources } => OfDisposables(resources, types),
                    IUsingDeclarationOperation { IsAsynchronous: true, DeclarationGroup: { } group } => OfDisposables(group, types),
                    _ => AwaitConfiguration.NotConfigurable,
                };
                if (configuration == AwaitConfiguration.Unconfigured || configuration == AwaitConfiguration.ContinuesOnContext)
                {
                    return false;
                }
            }

            return true;
        }

        // The resources of an await using: the least configured of them.
        private static AwaitConfiguration OfDisposables(IOperation resources, KnownTypes types)
        {
            if (resources is not IVariableDeclarationGroupOperation group)
            {
                return OfDisposable(resources, types);
            }

            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    if ((declarator.Initializer ?? declaration.Initializer)?.Value is { } value
                        && OfDisposable(value, types) is AwaitConfiguration.Unconfigured or AwaitConfiguration.ContinuesOnContext)
                    {
                        return AwaitConfiguration.Unconfigured;
                    }
                }
            }

            return AwaitConfiguration.Configured;
        }

        /// <summary>The operand of an <c>await</c>.</summary>
        public static AwaitConfiguration OfAwait(IOperation awaited, KnownTypes types)
        {
            var value = awaited.WalkDownConversions();
            var type = value.Type;
            if (types.IsConfiguredAwaitable(type))
            {
                return Explicit(value, types);
            }

            return HasConfigureAwait(type, types) ? AwaitConfiguration.Unconfigured : AwaitConfiguration.NotConfigurable;
        }

        /// <summary>The collection of an <c>await foreach</c>: <c>ConfigureAwait</c> anywhere in a chain with <c>WithCancellation</c>.</summary>
        public static AwaitConfiguration OfEnumerable(IOperation collection, KnownTypes types)
        {
            var value = collection.WalkDownConversions();
            var type = value.Type;
            if (KnownTypes.Is(type?.OriginalDefinition, types.ConfiguredCancelableAsyncEnumerableOfT))
            {
                return ConfiguredChain(value, types);
            }

            return type is { IsValueType: false, TypeKind: not TypeKind.Error } && types.TaskAsyncEnumerableExtensions != null
                && KnownTypes.Implements(type, types.IAsyncEnumerableOfT)
                ? AwaitConfiguration.Unconfigured
                : AwaitConfiguration.NotConfigurable;
        }

        /// <summary>A resource of an <c>await using</c>.</summary>
        public static AwaitConfiguration OfDisposable(IOperation resource, KnownTypes types)
        {
            var value = resource.WalkDownConversions();
            var type = value.Type;
            if (KnownTypes.Is(type, types.ConfiguredAsyncDisposable))
            {
                return Explicit(value, types);
            }

            // A struct would be boxed by the extension: its disposal would then act on a copy.
            return type is { IsValueType: false, TypeKind: not TypeKind.Error } && types.TaskAsyncEnumerableExtensions != null
                && KnownTypes.Implements(type, types.IAsyncDisposable)
                ? AwaitConfiguration.Unconfigured
                : AwaitConfiguration.NotConfigurable;
        }

        /// <summary>Whether the type has an instance <c>ConfigureAwait(bool)</c> or <c>ConfigureAwait(ConfigureAwaitOptions)</c>.</summary>
        private static bool HasConfigureAwait(ITypeSymbol? type, KnownTypes types)
        {
            if (type is null || type.TypeKind == TypeKind.Error || type.TypeKind == TypeKind.Dynamic)
            {
                return false;
            }

            if (types.IsTaskLike(type))
            {
                return true;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers("ConfigureAwait"))
                {
                    if (member is IMethodSymbol { IsStatic: false, Parameters: { Length: 1 } parameters }
                        && (parameters[0].Type.SpecialType == SpecialType.System_Boolean || KnownTypes.Is(parameters[0].Type, types.ConfigureAwaitOptions)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // await source.WithCancellation(ct): configurable, not configured; source.ConfigureAwait(false).WithCancellation(ct)
        // or a helper's configured enumerable: configured.
        private static AwaitConfiguration ConfiguredChain(IOperation value, KnownTypes types)
        {
            var current = value;
            while (current is IInvocationOperation invocation && KnownTypes.Is(invocation.Type?.OriginalDefinition, types.ConfiguredCancelableAsyncEnumerableOfT))
            {
                if (invocation.TargetMethod.Name == "ConfigureAwait")
                {
                    return Explicit(invocation, types);
                }

                // A helper that hands back a configured enumerable (Eventuous's source.NoContext(ct), which is
                // source.WithCancellation(ct).ConfigureAwait(false)) has made its choice, as for awaitables.
                if (invocation.TargetMethod.Name != "WithCancellation")
                {
                    return AwaitConfiguration.Configured;
                }

                current = (invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null))
                    ?.WalkDownConversions();
            }

            // The chain reached the source enumerable: only WithCancellation was applied. Anything else (a stored
            // configured enumerable) is of unknown configuration: left alone.
            return current is { Type: { } type } && KnownTypes.Implements(type, types.IAsyncEnumerableOfT) && !KnownTypes.Is(type.OriginalDefinition, types.ConfiguredCancelableAsyncEnumerableOfT)
                ? AwaitConfiguration.Unconfigured
                : AwaitConfiguration.NotConfigurable;
        }

        // ConfigureAwait(true) and ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext) keep the context;
        // false, other options (ForceYielding, SuppressThrowing) and computed arguments are decisions not to, or decisions.
        private static AwaitConfiguration Explicit(IOperation value, KnownTypes types)
        {
            if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } invocation && invocation.Arguments.Length > 0)
            {
                var argument = invocation.Arguments[invocation.Arguments.Length - 1].Value.WalkDownConversions();
                var constant = argument.ConstantValue;
                if (constant.HasValue)
                {
                    var keeps = constant.Value switch
                    {
                        bool b => b,
                        int options when KnownTypes.Is(argument.Type, types.ConfigureAwaitOptions) => (options & 1) != 0,
                        _ => false,
                    };
                    return keeps ? AwaitConfiguration.ContinuesOnContext : AwaitConfiguration.Configured;
                }
            }

            return AwaitConfiguration.Configured;
        }
    }
}
