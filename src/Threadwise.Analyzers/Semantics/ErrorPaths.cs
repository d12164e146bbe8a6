using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Code that runs only when something has already failed: the operand of <c>throw</c>
    /// (<c>throw connector.Break(ex)</c>), an exception filter (<c>catch (..) when (Log(ex))</c>), and a call to a method that
    /// always throws (a throw helper: <c>[DoesNotReturn]</c>, <c>=&gt; throw ..</c>, or a body whose every path ends in
    /// <c>throw</c>), arguments included. Blocking there stalls a request that is failing anyway, so TW104 does not follow it.
    /// </summary>
    internal static class ErrorPaths
    {
        private static readonly ConditionalWeakTable<Compilation, StrongBox<INamedTypeSymbol?>> s_doesNotReturn =
            new ConditionalWeakTable<Compilation, StrongBox<INamedTypeSymbol?>>();

        /// <summary>Whether <paramref name="operation"/> itself opens an error path: a <c>throw</c>, or a call to a method that always throws.</summary>
        public static bool StartsErrorPath(IOperation operation, Compilation? compilation) => operation switch
        {
            IThrowOperation => true,
            IInvocationOperation invocation => AlwaysThrows(invocation.TargetMethod, compilation),
            _ => false,
        };

        /// <summary>Whether <paramref name="operation"/> is an exception filter (the <c>when</c> clause of a catch).</summary>
        public static bool IsExceptionFilter(IOperation operation) =>
            operation.Parent is ICatchClauseOperation clause && clause.Filter == operation;

        /// <summary>Whether <paramref name="operation"/> lies on an error path of its own function (see the class summary).</summary>
        public static bool IsOnErrorPath(IOperation operation)
        {
            var compilation = operation.SemanticModel?.Compilation;
            for (var current = operation; current != null && !current.IsFunctionBoundary(); current = current.Parent)
            {
                if (IsExceptionFilter(current) || current != operation && StartsErrorPath(current, compilation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A method that never returns normally: marked <c>[DoesNotReturn]</c>, or declared in source with an expression body
        /// that is a <c>throw</c>, or a block body whose last statement always throws (a <c>throw</c>, an <c>if</c>/<c>else</c> or a <c>try</c> whose body and catches all
        /// throw) and that has no <c>return</c>.
        /// Read from syntax; no binding. A method that loops forever is not a throw helper (a worker loop still blocks).
        /// </summary>
        public static bool AlwaysThrows(IMethodSymbol method, Compilation? compilation)
        {
            method = method.ReducedFrom ?? method;
            if (compilation != null && DoesNotReturnAttribute(compilation) is { } doesNotReturn)
            {
                foreach (var attribute in method.GetAttributes())
                {
                    if (KnownTypes.Is(attribute.AttributeClass, doesNotReturn))
                    {
                        return true;
                    }
                }
            }

            var references = method.OriginalDefinition.DeclaringSyntaxReferences;
            if (references.Length != 1)
            {
                return false;
            }

            switch (references[0].GetSyntax())
            {
                case BaseMethodDeclarationSyntax declaration:
                    return BodyAlwaysThrows(declaration.Body, declaration.ExpressionBody);
                case LocalFunctionStatementSyntax local:
                    return BodyAlwaysThrows(local.Body, local.ExpressionBody);
                default:
                    return false;
            }
        }

        private static bool BodyAlwaysThrows(BlockSyntax? body, ArrowExpressionClauseSyntax? expressionBody)
        {
            if (expressionBody != null)
            {
                return expressionBody.Expression is ThrowExpressionSyntax;
            }

            return body != null && StatementAlwaysThrows(body) && !ContainsReturn(body);
        }

        private static bool StatementAlwaysThrows(StatementSyntax statement) => statement switch
        {
            ThrowStatementSyntax => true,
            BlockSyntax block => block.Statements.Count > 0 && StatementAlwaysThrows(block.Statements[block.Statements.Count - 1]),
            IfStatementSyntax { Else: { } otherwise } @if => StatementAlwaysThrows(@if.Statement) && StatementAlwaysThrows(otherwise.Statement),
            // try { throw Create(..); } catch (Exception ex) { Annotate(ex); throw; }
            TryStatementSyntax @try => StatementAlwaysThrows(@try.Block) && CatchesAlwaysThrow(@try),
            _ => false,
        };

        private static bool CatchesAlwaysThrow(TryStatementSyntax @try)
        {
            foreach (var @catch in @try.Catches)
            {
                if (!StatementAlwaysThrows(@catch.Block))
                {
                    return false;
                }
            }

            return true;
        }

        // A return anywhere in the body (outside nested functions) is a way out that does not throw.
        private static bool ContainsReturn(BlockSyntax body)
        {
            foreach (var node in body.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax && n is not LocalFunctionStatementSyntax))
            {
                if (node.IsKind(SyntaxKind.ReturnStatement) || node.IsKind(SyntaxKind.YieldBreakStatement))
                {
                    return true;
                }
            }

            return false;
        }

        private static INamedTypeSymbol? DoesNotReturnAttribute(Compilation compilation) =>
            s_doesNotReturn.GetValue(
                compilation,
                c => new StrongBox<INamedTypeSymbol?>(c.GetBestTypeByMetadataName("System.Diagnostics.CodeAnalysis.DoesNotReturnAttribute"))).Value;
    }
}
