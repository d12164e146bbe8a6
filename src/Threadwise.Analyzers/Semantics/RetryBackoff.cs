using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A pause inside a catch handler — <c>Thread.Sleep(delay)</c> or <c>Task.Delay(delay).Wait()</c> in
    /// <c>catch (IOException) { ..; continue; }</c> — is the back-off of a retry: it runs only after an attempt failed, and
    /// it waits for time, not for work, so there is nothing to deadlock on and no counterpart that makes the retry cheaper.
    /// TW103 does not report it and TW104 does not take it as a leaf (a chain through it names a path normal calls never take).
    /// </summary>
    internal static class RetryBackoff
    {
        public static bool IsRetryBackoff(IOperation operation, KnownTypes types)
        {
            if (!IsPause(operation, types))
            {
                return false;
            }

            for (var current = operation.Parent; current != null && !current.IsFunctionBoundary(); current = current.Parent)
            {
                if (current is ICatchClauseOperation clause)
                {
                    // In the handler, not in the filter (a filter runs before any recovery).
                    return clause.Filter is null || !Contains(clause.Filter, operation);
                }
            }

            return false;
        }

        /// <summary><c>Thread.Sleep(..)</c>, or <c>Task.Delay(..)</c> waited on with <c>Wait()</c>, <c>Result</c> or <c>GetAwaiter().GetResult()</c>.</summary>
        private static bool IsPause(IOperation operation, KnownTypes types)
        {
            if (operation is IInvocationOperation { TargetMethod: { Name: "Sleep", IsStatic: true } sleep }
                && SymbolEqualityComparer.Default.Equals(sleep.ContainingType, types.Thread))
            {
                return true;
            }

            var awaited = operation switch
            {
                IInvocationOperation { TargetMethod.Name: "Wait" or "GetResult" } wait => wait.Instance,
                _ => null,
            };
            while (awaited is IInvocationOperation { TargetMethod.Name: "GetAwaiter" or "ConfigureAwait" } unwrap)
            {
                awaited = unwrap.Instance;
            }

            return awaited?.WalkDownConversions() is IInvocationOperation { TargetMethod: { Name: "Delay", IsStatic: true } delay }
                && SymbolEqualityComparer.Default.Equals(delay.ContainingType, types.Task);
        }

        private static bool Contains(IOperation ancestor, IOperation operation)
        {
            for (var current = operation; current != null; current = current.Parent)
            {
                if (current == ancestor)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
