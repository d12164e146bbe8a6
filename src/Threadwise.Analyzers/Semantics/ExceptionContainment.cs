using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Functions that cannot let an exception out: the whole body is one <c>try</c> with an unfiltered catch of
    /// <c>Exception</c> (or a catch-all), and no catch or <c>finally</c> throws. That is the usual shape of a timer callback
    /// or a fire-and-forget worker (<c>try { ... } catch (Exception e) { log }</c>): as <c>async void</c> it cannot crash the
    /// process (TW301, TW302), and the task it returns cannot fault unobserved (TW304). Deliberately strict: a statement
    /// outside the <c>try</c>, a filter on the only broad catch, a narrower catch only, or any <c>throw</c> in a catch or the
    /// <c>finally</c> (even a conditional one) means an exception may escape.
    /// </summary>
    internal static class ExceptionContainment
    {
        /// <summary>The body of a method, local function or lambda (or the function operation itself).</summary>
        public static bool ContainsAll(IOperation? body, KnownTypes types)
        {
            switch (body)
            {
                case IMethodBodyOperation method:
                    body = method.BlockBody;
                    break;
                case ILocalFunctionOperation local:
                    body = local.Body;
                    break;
                case IAnonymousFunctionOperation lambda:
                    body = lambda.Body;
                    break;
            }

            if (body is not IBlockOperation block)
            {
                return false;
            }

            ITryOperation? only = null;
            foreach (var statement in block.Operations)
            {
                // Lambda bodies end in an implicit return.
                if (statement is IReturnOperation { IsImplicit: true, ReturnedValue: null })
                {
                    continue;
                }

                if (only != null || statement is not ITryOperation @try)
                {
                    return false;
                }

                only = @try;
            }

            if (only is null || only.Catches.IsEmpty)
            {
                return false;
            }

            var catchesAll = false;
            foreach (var clause in only.Catches)
            {
                if (Throws(clause.Handler))
                {
                    return false;
                }

                catchesAll |= clause.Filter is null && IsCatchAllType(clause.ExceptionType, types);
            }

            return catchesAll && (only.Finally is null || !Throws(only.Finally));
        }

        /// <summary>
        /// A source method or local function whose body contains every exception; false for a method without a body in
        /// this compilation. A cheap syntax check comes first: the body must be a block holding one <c>try</c>.
        /// </summary>
        public static bool ContainsAll(IMethodSymbol method, Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                var body = declaration switch
                {
                    BaseMethodDeclarationSyntax member => member.Body,
                    LocalFunctionStatementSyntax local => local.Body,
                    _ => null,
                };

                if (body is not { Statements: { Count: 1 } statements } || statements[0] is not TryStatementSyntax
                    || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    continue;
                }

                // The driver's cached model for the tree (see CallSummaries.Read): no second binding of the file.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
                var model = compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
                return ContainsAll(model.GetOperation(declaration, cancellationToken), types);
            }

            return false;
        }

        /// <summary><c>catch</c> without a type (caught as <c>object</c>), <c>catch (Exception)</c> or <c>catch (object)</c>-like.</summary>
        private static bool IsCatchAllType(ITypeSymbol? type, KnownTypes types) =>
            type != null && (type.SpecialType == SpecialType.System_Object || KnownTypes.Is(type, types.Exception));

        /// <summary>Any <c>throw</c> in the block, outside nested lambdas and local functions (they do not run there).</summary>
        private static bool Throws(IOperation block)
        {
            foreach (var operation in block.Descendants())
            {
                if (operation is IThrowOperation && !IsInNestedFunction(operation, block))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInNestedFunction(IOperation operation, IOperation root)
        {
            for (var current = operation.Parent; current != null && current != root; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
