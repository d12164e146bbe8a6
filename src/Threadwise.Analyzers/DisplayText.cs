using System.Text;
using Microsoft.CodeAnalysis;

namespace Threadwise
{
    /// <summary>Code as a message shows it: on one line, whitespace collapsed, long text shortened in the middle.</summary>
    internal static class DisplayText
    {
        private const int MaxLength = 60;

        public static string Of(SyntaxNode node) => Of(node.ToString(), MaxLength, cutEnd: false);

        /// <summary>
        /// <paramref name="code"/> on one line with whitespace collapsed, at most <paramref name="maxLength"/> characters:
        /// shortened in the middle, or with <paramref name="cutEnd"/> at the end (a loop header, whose start says the most).
        /// </summary>
        public static string Of(string code, int maxLength, bool cutEnd)
        {
            var builder = new StringBuilder(code.Length);
            var lastWasSpace = false;
            foreach (var c in code)
            {
                var isSpace = char.IsWhiteSpace(c);
                if (isSpace && lastWasSpace)
                {
                    continue;
                }

                builder.Append(isSpace ? ' ' : c);
                lastWasSpace = isSpace;
            }

            if (builder.Length <= maxLength)
            {
                return builder.ToString();
            }

            if (cutEnd)
            {
                return builder.ToString(0, maxLength - 3) + "...";
            }

            var half = (maxLength - 3) / 2;
            return builder.ToString(0, half) + "..." + builder.ToString(builder.Length - half, half);
        }

        /// <summary><c>Type.Member</c> as written in the receiver's terms: <c>StreamReader.ReadLine</c>, <c>File.ReadAllText</c>.</summary>
        public static string Member(ITypeSymbol? receiverType, IMethodSymbol method) =>
            (receiverType ?? method.ContainingType).Name + "." + method.Name;

        /// <summary><c>SHA256.HashData(Stream)</c>: <see cref="Member"/> with the overload's parameter types.</summary>
        public static string Overload(ITypeSymbol? receiverType, IMethodSymbol method)
        {
            var builder = new StringBuilder(Member(receiverType, method)).Append('(');
            var parameters = method.ReducedFrom is null && method.IsExtensionMethod ? method.Parameters.RemoveAt(0) : method.Parameters;
            for (var i = 0; i < parameters.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }

                builder.Append(parameters[i].Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            }

            return builder.Append(')').ToString();
        }
    }
}
