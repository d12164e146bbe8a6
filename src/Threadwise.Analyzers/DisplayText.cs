using System.Text;
using Microsoft.CodeAnalysis;

namespace Threadwise
{
    /// <summary>Code as a message shows it: on one line, whitespace collapsed, long text shortened in the middle.</summary>
    internal static class DisplayText
    {
        private const int MaxLength = 60;

        public static string Of(SyntaxNode node)
        {
            var text = node.ToString();
            var builder = new StringBuilder(text.Length);
            var lastWasSpace = false;
            foreach (var c in text)
            {
                var isSpace = char.IsWhiteSpace(c);
                if (isSpace && lastWasSpace)
                {
                    continue;
                }

                builder.Append(isSpace ? ' ' : c);
                lastWasSpace = isSpace;
            }

            if (builder.Length <= MaxLength)
            {
                return builder.ToString();
            }

            const int Half = (MaxLength - 3) / 2;
            return builder.ToString(0, Half) + "..." + builder.ToString(builder.Length - Half, Half);
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
