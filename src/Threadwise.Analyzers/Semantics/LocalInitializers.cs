using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Threadwise.Semantics
{
    /// <summary>The value a local was declared with (<c>var x = value;</c>) in the same syntax tree, as an operation.</summary>
    internal static class LocalInitializers
    {
        public static IOperation? Of(ILocalReferenceOperation reference)
        {
            var model = reference.SemanticModel;
            if (model is null || reference.Local.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = reference.Local.DeclaringSyntaxReferences[0];
            return declaration.SyntaxTree == model.SyntaxTree
                && declaration.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value }
                ? model.GetOperation(value)
                : null;
        }

        /// <summary>
        /// The value with its conversions walked down, or, for a local declared with a value and not reassigned before
        /// this read, that value (conversions walked down too).
        /// </summary>
        public static IOperation Unaliased(IOperation value)
        {
            value = value.WalkDownConversions();
            if (value is ILocalReferenceOperation local && Of(local) is { } initializer
                && !VariableReferences.IsAssignedBetween(local, local.Local, initializer.Syntax.Span.End, local.Syntax.SpanStart))
            {
                return initializer.WalkDownConversions();
            }

            return value;
        }
    }
}
