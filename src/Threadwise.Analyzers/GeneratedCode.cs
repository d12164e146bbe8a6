using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise
{
    /// <summary>How the rules treat generated code.</summary>
    internal static class GeneratedCode
    {
        /// <summary>
        /// Every rule reports only inside the code its callbacks were given (TW301, which reports a type's methods at the end
        /// of the type, keeps to the members whose code it was handed). Generated code is not analyzed: the driver skips
        /// generated files, hidden regions and <c>[GeneratedCode]</c> symbols before any callback runs, so the reports need no
        /// second check. Without <see cref="GeneratedCodeAnalysisFlags.ReportDiagnostics"/> the driver checks each report
        /// again, and the first report in a file scans every token of that file for a <c>GeneratedCode</c> attribute, under
        /// a lock (<c>AnalyzerDriver.IsInGeneratedCode</c>: 7% of Threadwise's time on the dense benchmark corpus).
        /// </summary>
        public const GeneratedCodeAnalysisFlags SkippedBeforeAnalysis = GeneratedCodeAnalysisFlags.ReportDiagnostics;
    }
}
