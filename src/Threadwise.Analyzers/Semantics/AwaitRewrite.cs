using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The await form that gives the same result as a blocking wait: the fix vocabulary of TW101, TW103 and the
    /// "Make Main async" refactoring. The analyzer decides which form is safe; the fixer applies it.
    /// </summary>
    internal enum AwaitRewrite
    {
        /// <summary><c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c> → <c>await t</c>.</summary>
        Await,

        /// <summary><c>t.Wait(ct)</c> → <c>await t.WaitAsync(ct)</c>.</summary>
        WaitAsync,

        /// <summary><c>Task.WaitAll(..)</c> → <c>await Task.WhenAll(..)</c>.</summary>
        WhenAll,

        /// <summary><c>Task.WaitAny(..)</c> → <c>await Task.WhenAny(..)</c>, where the index is unused.</summary>
        WhenAny,
    }

    /// <summary>Choosing an <see cref="AwaitRewrite"/> for a wait, and carrying it in a diagnostic's properties.</summary>
    internal static class AwaitRewrites
    {
        /// <summary>The diagnostic property that names the rewrite; absent when no safe rewrite exists.</summary>
        public const string Property = "Fix";

        /// <summary>The await rewrite that gives the same result as the wait, or null.</summary>
        public static AwaitRewrite? For(BlockingWait wait, KnownTypes types)
        {
            var invocation = wait.Operation as IInvocationOperation;
            switch (wait.Kind)
            {
                case BlockingWaitKind.Result:
                case BlockingWaitKind.GetResult:
                    return AwaitRewrite.Await;

                case BlockingWaitKind.Wait when invocation!.Arguments.Length == 0:
                    return AwaitRewrite.Await;

                case BlockingWaitKind.Wait when invocation!.Arguments.Length == 1
                    && KnownTypes.Is(invocation.Arguments[0].Value.Type, types.CancellationToken)
                    && HasWaitAsync(types):
                    return AwaitRewrite.WaitAsync;

                // Only the overloads that take nothing but tasks: the timeout forms return a bool that await cannot give.
                case BlockingWaitKind.WaitAll when OnlyTaskArguments(invocation!, types):
                    return AwaitRewrite.WhenAll;

                // WhenAny returns the task, not the index: only where the index is unused.
                case BlockingWaitKind.WaitAny when OnlyTaskArguments(invocation!, types) && invocation!.Parent is IExpressionStatementOperation:
                    return AwaitRewrite.WhenAny;

                default:
                    return null;
            }
        }

        /// <summary>The properties with <paramref name="rewrite"/> added under <see cref="Property"/>.</summary>
        public static ImmutableDictionary<string, string?> AddTo(ImmutableDictionary<string, string?> properties, AwaitRewrite rewrite) =>
            properties.Add(Property, Name(rewrite));

        /// <summary>The rewrite a diagnostic carries, or null when it carries none.</summary>
        public static AwaitRewrite? From(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(Property, out var value) ? Parse(value) : null;

        /// <summary>The name the rewrite travels under; for the three method rewrites also the method the wait becomes.</summary>
        public static string Name(AwaitRewrite rewrite) => rewrite switch
        {
            AwaitRewrite.WaitAsync => "WaitAsync",
            AwaitRewrite.WhenAll => "WhenAll",
            AwaitRewrite.WhenAny => "WhenAny",
            _ => "Await",
        };

        private static AwaitRewrite? Parse(string? value) => value switch
        {
            "Await" => AwaitRewrite.Await,
            "WaitAsync" => AwaitRewrite.WaitAsync,
            "WhenAll" => AwaitRewrite.WhenAll,
            "WhenAny" => AwaitRewrite.WhenAny,
            _ => null,
        };

        private static bool OnlyTaskArguments(IInvocationOperation invocation, KnownTypes types)
        {
            foreach (var parameter in invocation.TargetMethod.Parameters)
            {
                var type = parameter.Type is IArrayTypeSymbol array ? array.ElementType : parameter.Type;
                if (type is INamedTypeSymbol { IsGenericType: true } generic && !types.IsTaskLike(generic))
                {
                    type = generic.TypeArguments[0];
                }

                if (!types.IsTaskLike(type))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasWaitAsync(KnownTypes types) => !types.Task!.GetMembers("WaitAsync").IsEmpty;
    }
}
