using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Threadwise.Semantics
{
    /// <summary>Auto-properties of the source: reading one reads its backing field, and nothing else runs.</summary>
    internal static class AutoProperties
    {
        /// <summary>Declared in source, and every declaration is <c>{ get; set; }</c>-style: accessors without bodies.</summary>
        public static bool Is(IPropertySymbol property)
        {
            if (property.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            foreach (var reference in property.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
                {
                    return false;
                }

                foreach (var accessor in accessors.Accessors)
                {
                    if (accessor.Body != null || accessor.ExpressionBody != null)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
