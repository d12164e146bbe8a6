using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Blocking reads of a ValueTask (<c>.Result</c>, <c>GetAwaiter().GetResult()</c>, also through <c>ConfigureAwait</c>)
    /// and whether the ValueTask may still be running there: what TW506 reports, and what TW103 leaves to it.
    /// </summary>
    internal static class ValueTaskReads
    {
        /// <summary>
        /// A blocking read of a ValueTask that is not a variable (variables are judged by TW506 at the end of their body)
        /// and may not have completed (a comment that says the call completes synchronously says it has): TW506's report at
        /// the read. <paramref name="receiver"/> is the ValueTask read.
        /// </summary>
        public static bool IsUnsafeDirectRead(IOperation operation, KnownTypes types, out IOperation receiver)
        {
            receiver = null!;
            if (BlockingRead(operation, types) is not { } read || read.WalkDownConversions().ReferencedLocalOrParameter() != null
                || !MayBeIncomplete(read, read, types)
                || DeliberateComments.SayCompletesSynchronously(operation.Syntax))
            {
                return false;
            }

            receiver = read;
            return true;
        }

        /// <summary>The ValueTask whose result <paramref name="operation"/> reads by blocking, or null.</summary>
        public static IOperation? BlockingRead(IOperation operation, KnownTypes types)
        {
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } instance } when ValueTaskUses.IsValueTask(instance.Type, types):
                    return instance;
                case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } instance } }
                    when ValueTaskUses.IsValueTask(instance.Type, types):
                    return instance;

                // v.ConfigureAwait(false).GetAwaiter().GetResult(): the configured awaitable blocks on the same ValueTask.
                case IInvocationOperation
                {
                    TargetMethod.Name: "GetResult",
                    Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured } },
                }
                    when ValueTaskUses.IsValueTask(configured.Type, types):
                    return configured;
                default:
                    return null;
            }
        }

        /// <summary>Whether the ValueTask may still be running: not completed by <see cref="TaskFacts"/>, and not over a Task.</summary>
        public static bool MayBeIncomplete(IOperation at, IOperation? origin, KnownTypes types) =>
            !TaskFacts.IsKnownCompleted(at, types) && (origin is null || !IsResultOrTaskBacked(origin, types));

        /// <summary>
        /// A ValueTask that holds a result or wraps a Task: consuming it twice or blocking on it is safe. <c>Preserve()</c>;
        /// <c>new ValueTask(task)</c>; a call to a source method declared <c>async</c> without a custom builder (the default
        /// builder completes with a result or wraps a Task, never a pooled source); the completed shapes of <see cref="TaskFacts"/>.
        /// </summary>
        public static bool IsResultOrTaskBacked(IOperation origin, KnownTypes types)
        {
            var value = origin.WalkDownConversions();
            switch (value)
            {
                case IInvocationOperation { TargetMethod.Name: "Preserve" } preserve when ValueTaskUses.IsValueTask(preserve.Instance?.Type, types):
                    return true;
                case IInvocationOperation invocation when IsSourceAsyncMethod(invocation.TargetMethod, invocation.SemanticModel?.Compilation):
                    return true;
                case IObjectCreationOperation { Arguments.Length: 1 } creation when ValueTaskUses.IsValueTask(creation.Type, types)
                    && types.IsTaskLike(creation.Arguments[0].Value.Type):
                    return true;
                default:
                    return TaskFacts.IsKnownCompleted(value, types);
            }
        }

        // A virtual or override method counts when nothing in the compilation overrides it again (git-credential-manager's
        // StreamReader.ReadLine over its own async ReadLineAsync, Foundatio's Stream.Dispose over its own DisposeAsync): a
        // subclass elsewhere that overrides it with a pooled source is not a shape real code has.
        private static bool IsSourceAsyncMethod(IMethodSymbol method, Compilation? compilation)
        {
            if (method.IsAbstract || method.ContainingType?.TypeKind == TypeKind.Interface || method.DeclaringSyntaxReferences.IsEmpty
                || (method.IsVirtual || method.IsOverride) && !method.IsSealed && method.ContainingType is { IsSealed: false }
                    && (compilation is null || IsOverriddenIn(compilation, method.OriginalDefinition)))
            {
                return false;
            }

            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "AsyncMethodBuilderAttribute")
                {
                    return false;
                }
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is MethodDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.AsyncKeyword)
                    || reference.GetSyntax() is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.AsyncKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        // Whether a source method of the compilation overrides `method` (directly or through another override): looked up
        // by name among the source declarations, as StandardStreams finds an interface property's implementations.
        private static bool IsOverriddenIn(Compilation compilation, IMethodSymbol method)
        {
            foreach (var symbol in compilation.GetSymbolsWithName(method.Name, SymbolFilter.Member))
            {
                for (var overridden = (symbol as IMethodSymbol)?.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
