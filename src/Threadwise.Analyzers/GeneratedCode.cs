using Microsoft.CodeAnalysis.Diagnostics;

namespace Threadwise
{
    /// <summary>How the rules treat generated code.</summary>
    internal static class GeneratedCode
    {
        /// <summary>
        /// For a rule that reports only inside the code its callbacks were given: generated code is not analyzed (the driver
        /// skips generated files, hidden regions and <c>[GeneratedCode]</c> symbols before any callback runs), so its reports
        /// need no second check. Without <see cref="GeneratedCodeAnalysisFlags.ReportDiagnostics"/> the driver checks each
        /// report again, and the first report in a file scans every token of that file for a <c>GeneratedCode</c> attribute
        /// (<c>AnalyzerDriver.IsInGeneratedCode</c>: 7% of Threadwise's time on the dense benchmark corpus). A rule that
        /// reports at the end of a type, on members it gathered itself (TW301, TW507), keeps
        /// <see cref="GeneratedCodeAnalysisFlags.None"/>: a generated part of a partial type must stay unreported.
        /// </summary>
        public const GeneratedCodeAnalysisFlags SkippedBeforeAnalysis = GeneratedCodeAnalysisFlags.ReportDiagnostics;
    }
}
