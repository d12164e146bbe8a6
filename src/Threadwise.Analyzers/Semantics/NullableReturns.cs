using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Whether a method's contract says it may return null: its return type is annotated (<c>Task?</c>), or it overrides or
    /// implements a member whose return type is. Callers that see such a member are told by the compiler to check for
    /// null, so a null it returns is by design, not a bug. Code written before nullable annotations says the same in its
    /// documentation comment (<see cref="DocumentsNullReturn"/>).
    /// </summary>
    internal static class NullableReturns
    {
        // <returns> .. </returns>, across the comment's lines.
        private static readonly Regex ReturnsElement = new Regex(@"<returns>(?<text>.*?)</returns>", RegexOptions.Singleline | RegexOptions.CultureInvariant);

        // "null", "<c>null</c>", "<see langword="null"/>".
        private static readonly Regex NamesNull = new Regex(@"\bnull\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // "never null", "not null", "non-null", "cannot be null": the contract excludes it.
        private static readonly Regex DeniesNull = new Regex(
            @"\b(never|not|non|cannot|can't|won't)\b[\s\-]*(be\s+|return\s+|returns\s+)?(<c>|<see\s+langword\s*=\s*"")?null",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // Outside <returns>: "Returns null if ..", "returns <c>null</c> when ..".
        private static readonly Regex SaysReturnsNull = new Regex(
            @"\breturns?\s+(<c>|<see\s+langword\s*=\s*"")?null\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static bool MayReturnNull(IMethodSymbol method)
        {
            if (method.ReturnNullableAnnotation == NullableAnnotation.Annotated)
            {
                return true;
            }

            for (var overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                if (overridden.ReturnNullableAnnotation == NullableAnnotation.Annotated)
                {
                    return true;
                }
            }

            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                if (implemented.ReturnNullableAnnotation == NullableAnnotation.Annotated)
                {
                    return true;
                }
            }

            return ImplementsAnnotatedInterfaceMember(method);
        }

        private static bool ImplementsAnnotatedInterfaceMember(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null || method.MethodKind == MethodKind.LocalFunction || method.MethodKind == MethodKind.AnonymousFunction)
            {
                return false;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol { ReturnNullableAnnotation: NullableAnnotation.Annotated }
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The method's documentation comment says it returns null: its <c>&lt;returns&gt;</c> names null (DotNetty's pending
        /// write queue, ported from Netty: "<c>Task</c> if something was written and <c>null</c> if the queue is empty"), or its
        /// text says "returns null". That is the published contract of code written before nullable annotations, which its
        /// callers were told to check; "never null" and "not null" say the opposite. Read from the comment's text, whether or not
        /// the project generates its documentation file.
        /// </summary>
        public static bool DocumentsNullReturn(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var comment = DeliberateComments.DocumentationText(reference.GetSyntax()).Replace("///", " ");
                if (comment.Length == 0)
                {
                    continue;
                }

                var returns = ReturnsElement.Match(comment);
                if (returns.Success && NamesNull.IsMatch(returns.Groups["text"].Value) && !DeniesNull.IsMatch(returns.Groups["text"].Value)
                    || SaysReturnsNull.IsMatch(comment) && !DeniesNull.IsMatch(comment))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
