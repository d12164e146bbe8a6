using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A pause inside a catch handler — <c>Thread.Sleep(delay)</c> or <c>Task.Delay(delay).Wait()</c> in
    /// <c>catch (IOException) { ..; continue; }</c> — is the back-off of a retry: it runs only after an attempt failed, and
    /// it waits for time, not for work, so there is nothing to deadlock on and no counterpart that makes the retry cheaper.
    /// TW103 does not report it and TW104 does not take it as a leaf (a chain through it names a path normal calls never take).
    /// The same holds for a pause after the <c>try</c> in a retry loop's body when every way the <c>try</c> block ends
    /// normally leaves the iteration (<c>return stream;</c>, <c>break;</c>, a throw): only a caught failure reaches it.
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

                if (current is IBlockOperation { Parent: ILoopOperation loop } body && loop.Body == body
                    && FollowsTryThatOnlyFailsOver(body, operation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The statement of <paramref name="body"/> that holds <paramref name="pause"/> comes after a <c>try</c> statement of
        /// the same body whose protected block never completes normally and never jumps to a label: the pause runs only once a
        /// handler caught a failed attempt. A pause before the <c>try</c>, or after one that can fall through, paces every attempt.
        /// </summary>
        private static bool FollowsTryThatOnlyFailsOver(IBlockOperation body, IOperation pause)
        {
            var statement = pause;
            while (statement.Parent != null && statement.Parent != body)
            {
                statement = statement.Parent;
            }

            foreach (var sibling in body.Operations)
            {
                if (sibling == statement)
                {
                    return false;
                }

                if (sibling is ITryOperation { Body: { Syntax: BlockSyntax block } }
                    && sibling.SemanticModel is { } model
                    && OnlyLeavesTheIteration(model, block))
                {
                    return true;
                }
            }

            return false;
        }

        // The end of the block is unreachable and it leaves only by return, break, continue or a throw (no goto, which
        // could land between the try and the pause).
        private static bool OnlyLeavesTheIteration(SemanticModel model, BlockSyntax block)
        {
            var flow = model.AnalyzeControlFlow(block);
            if (flow is null || !flow.Succeeded || flow.EndPointIsReachable)
            {
                return false;
            }

            foreach (var exit in flow.ExitPoints)
            {
                if (exit is GotoStatementSyntax)
                {
                    return false;
                }
            }

            return true;
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
