using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Options;

namespace Threadwise.Semantics
{
    /// <summary>
    /// A console program waiting for a child process it runs: <c>process.WaitForExit(..)</c>, reading the child's
    /// redirected output to its end (<c>process.StandardOutput.ReadToEnd()</c>, <c>StandardError.ReadLine()</c>), or writing
    /// a command to its redirected input (<c>process.StandardInput.WriteLine(..)</c>, Remotely's agent driving a shell). In an
    /// executable that is neither a UI app nor a server (a command-line tool, a worker), the waiting thread is the main
    /// thread or a pool thread whose only job is that process's result (ffmpeg merging the segments a downloader fetched,
    /// mkfifo creating a pipe): awaiting <c>WaitForExitAsync</c> frees a thread nobody waits for. TW102 does not report it
    /// there and TW104 does not end a chain at it, unless <c>threadwise.report_child_process_waits_in_console_apps = true</c>.
    /// A server's pool threads are its request threads (a media server blocking on ffprobe), a UI app's thread is its
    /// window, and a library's callers may be either: all three stay reported.
    /// </summary>
    internal static class ConsoleChildProcesses
    {
        private const string ReportOption = ThreadwiseOptions.ReportChildProcessWaitsInConsoleApps;

        public static bool IsUnreportedWait(IInvocationOperation invocation, KnownTypes types, AnalyzerOptions? options) =>
            IsChildProcessWait(invocation, types)
            && invocation.SemanticModel?.Compilation is { } compilation
            && !HostContext.IsLibrary(compilation)
            && CompilationContext.For(compilation).Host == HostKind.Plain
            && !(options != null && ThreadwiseOptions.GetBoolean(options, invocation.Syntax.SyntaxTree, ReportOption, defaultValue: false));

        private static bool IsChildProcessWait(IInvocationOperation invocation, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            if (method.Name == "WaitForExit")
            {
                return KnownTypes.InheritsFrom(method.ContainingType, types.Process);
            }

            // process.StandardOutput.ReadToEnd(): the read ends when the child exits or closes its output. A write to its
            // input (process.StandardInput.WriteLine(command)) waits only while the child leaves the pipe full.
            return invocation.Instance?.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: var stream } property
                && KnownTypes.InheritsFrom(property.Property.ContainingType, types.Process)
                && (stream is "StandardOutput" or "StandardError" && method.Name is "ReadToEnd" or "ReadLine" or "Read" or "ReadBlock"
                    || stream == "StandardInput" && method.Name is "Write" or "WriteLine" or "Flush");
        }
    }
}
