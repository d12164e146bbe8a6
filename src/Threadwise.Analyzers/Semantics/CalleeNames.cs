using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>The name a call is written with, read from syntax: <c>M(..)</c>, <c>x.M(..)</c>.</summary>
    internal static class CalleeNames
    {
        /// <summary>The name of the callee expression of an invocation (<c>x.M</c> or <c>M</c>); null for anything else.</summary>
        public static string? Of(ExpressionSyntax callee) => callee switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax name => name.Identifier.ValueText,
            _ => null,
        };
    }
}
