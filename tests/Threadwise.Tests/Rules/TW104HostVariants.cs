using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Verify = Threadwise.Tests.Verifiers.CSharpAnalyzerVerifier<Threadwise.Rules.Blocking.TW104BlockingHelperInAsyncAnalyzer>;

namespace Threadwise.Tests.Rules;

/// <summary>
/// One TW104 source run in a chosen host (output kind, an empty assembly that makes it a server, worker or UI app, an
/// option): the call marked <c>{|#0:..|}</c> is expected with <paramref name="message"/> when flagged, and unmarked otherwise.
/// Shared by the rule's host-dependent tests (local files, console child processes).
/// </summary>
internal static class TW104HostVariants
{
    public static Verify.Test Create(string code, string message, OutputKind kind, string? reference, string? editorConfig, bool flagged)
    {
        var test = new Verify.Test
        {
            TestCode = flagged ? code : Regex.Replace(code, @"\{\|#0:(.*?)\|\}", "$1", RegexOptions.Singleline),
            OutputKind = kind,
            EditorConfig = editorConfig,
        };
        if (reference != null)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.EmptyAssembly(reference));
        }

        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithMessage(message));
        }

        return test;
    }
}
