using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Threadwise.Options;
using Threadwise.Semantics;

namespace Threadwise.Rules.Cpu
{
    /// <summary>What TW201 and TW205 share: options, which loops to start from, the loop's header span and text.</summary>
    internal static class CpuLoops
    {
        /// <summary>Diagnostic properties the code fixes read.</summary>
        public const string OffloadProperty = "Offload";
        public const string ParallelProperty = "Parallel";
        public const string ReductionProperty = "Reduction";
        public const string ReductionTypeProperty = "ReductionType";
        public const string WrapProperty = "Wrap";
        public const string WrapTaskRun = "TaskRun";
        public const string WrapNone = "None";

        public static (double Threshold, double UnknownCount) Options(AnalyzerOptions options, SyntaxTree tree)
        {
            var threshold = ThreadwiseOptions.GetInt64(options, tree, LoopCostModel.ThresholdOption, (long)LoopCostModel.DefaultThreshold);
            var unknown = ThreadwiseOptions.GetInt64(options, tree, LoopCostModel.UnknownCountOption, (long)LoopCostModel.DefaultUnknownCount);
            return (threshold <= 0 ? LoopCostModel.DefaultThreshold : threshold, unknown <= 0 ? LoopCostModel.DefaultUnknownCount : unknown);
        }

        /// <summary>True when another loop of the same function encloses this one: only outermost loops start an analysis.</summary>
        public static bool HasEnclosingLoop(IOperation loop)
        {
            for (var current = loop.Parent; current != null && !current.IsFunctionBoundary(); current = current.Parent)
            {
                if (current is ILoopOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The loops directly nested in <paramref name="loop"/>'s body (not inside lambdas or deeper loops).</summary>
        public static List<ILoopOperation> NestedLoops(ILoopOperation loop)
        {
            var result = new List<ILoopOperation>();
            var stack = new Stack<IOperation>();
            stack.Push(loop.Body);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                if (operation is ILoopOperation nested)
                {
                    result.Add(nested);
                    continue;
                }

                if (operation.IsFunctionBoundary())
                {
                    continue;
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            result.Reverse();
            return result;
        }

        /// <summary>The loop's keyword and header: <c>for (...)</c>, <c>foreach (...)</c>, <c>while (...)</c>, or <c>do</c>.</summary>
        public static TextSpan HeaderSpan(SyntaxNode loop)
        {
            switch (loop)
            {
                case ForStatementSyntax f:
                    return TextSpan.FromBounds(f.ForKeyword.SpanStart, f.CloseParenToken.Span.End);
                case CommonForEachStatementSyntax e:
                    return TextSpan.FromBounds(e.ForEachKeyword.SpanStart, e.CloseParenToken.Span.End);
                case WhileStatementSyntax w:
                    return TextSpan.FromBounds(w.WhileKeyword.SpanStart, w.CloseParenToken.Span.End);
                case DoStatementSyntax d:
                    return d.DoKeyword.Span;
                default:
                    return loop.Span;
            }
        }

        public static string HeaderText(SyntaxNode loop)
        {
            if (loop is DoStatementSyntax d)
            {
                return Collapse("do ... while (" + d.Condition + ")");
            }

            return Collapse(loop.SyntaxTree.GetText().ToString(HeaderSpan(loop)));
        }

        private static string Collapse(string header) => DisplayText.Of(header, maxLength: 70, cutEnd: true);

        /// <summary>What a heavy loop does to the thread it runs on, in the words of the application kind.</summary>
        public static string ThreadEffect(Compilation compilation) => CompilationContext.For(compilation).Host switch
        {
            HostKind.UserInterface => "freezes the UI thread until it finishes",
            HostKind.Server => "holds a request thread until it finishes",
            HostKind.Browser => "freezes the page until it finishes",
            _ => "holds the calling thread until it finishes",
        };
    }
}
