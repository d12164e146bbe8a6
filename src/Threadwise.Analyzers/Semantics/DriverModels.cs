using Microsoft.CodeAnalysis;

namespace Threadwise.Semantics
{
    /// <summary>
    /// The semantic model of another tree of the compilation, for the few checks that read a callee's body or a type's
    /// other members. Inside the analyzer driver, the compilation an analyzer is given caches its semantic models and
    /// shares them with the driver (<c>CachingSemanticModelProvider</c>): this returns the model the driver itself uses for
    /// that tree, whose bound bodies and operation trees are reused, not a new model that binds the file again (checked by
    /// tests/Threadwise.CallSummaryBenchmarks).
    /// </summary>
    internal static class DriverModels
    {
        public static SemanticModel Of(Compilation compilation, SyntaxTree tree)
        {
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer: see above.
            return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        }
    }
}
