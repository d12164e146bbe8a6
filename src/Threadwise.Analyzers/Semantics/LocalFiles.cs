using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Threadwise.Options;

namespace Threadwise.Semantics
{
    /// <summary>
    /// Synchronous I/O on local files, and where TW102 and TW104 leave it unreported. In a console, worker or server
    /// application the thread that waits for a local disk is a pool thread, and awaiting frees none worth having: on Linux
    /// and macOS .NET has no asynchronous file I/O and runs the async methods as synchronous reads and writes on another
    /// pool thread; on Windows the async form frees one pool thread for the milliseconds a local disk takes. What does
    /// matter is a UI thread (a frozen window) and a library, whose callers may be UI code. So local file I/O is reported
    /// in libraries, UI apps and WebAssembly clients, and in other applications only when
    /// <c>threadwise.report_local_file_io_in_apps = true</c>. As a TW104 leaf it is taken in libraries only (or with the
    /// option): in an application the whole chain would turn async for a local disk's milliseconds, and an app's settings
    /// or log writer, called from everywhere, would be reported at every caller (SourceGit: 18 of its 36 reports).
    /// A method that talks to the terminal itself (<see cref="TerminalCode"/>) is a command-line program's, so its local
    /// file I/O counts as an application's wherever the method lives. Local file I/O that runs once per process
    /// (<see cref="LazyInitialization.RunsOncePerProcess"/>: the one-time initialisation of a static field, such as reading <c>/etc/os-release</c>
    /// into a cached version string) costs a UI thread a few milliseconds once, and TW102 does not report it anywhere
    /// either (TW104 follows no once-per-process code at all). Network I/O, waits and everything else are unaffected.
    /// </summary>
    internal static class LocalFiles
    {
        /// <summary>Option: report synchronous local file I/O in applications too (see the type's summary).</summary>
        public const string ReportInAppsOption = ThreadwiseOptions.ReportLocalFileIOInApps;

        // Every local on the way counts as a step, and an archive entry adds two (the entry, its archive):
        // reader → new StreamReader(stream) → stream → entry.Open() → entry → archive → ZipFile.OpenRead(path).
        private const int MaxDepth = 2 * StreamWrappers.MaxDepth;

        /// <summary>
        /// A call that does local file I/O and is not reported where the call stands (TW102) or as a leaf (TW104): see the
        /// type's summary. Ask it last, once the call would otherwise be reported. Where local file I/O is reported (every
        /// library), it reads the enclosing member for terminal use only once the call is known to be local file I/O.
        /// </summary>
        public static bool IsUnreportedLocalFileCall(IInvocationOperation invocation, KnownTypes types, AnalyzerOptions? options) =>
            !OptionAsks(invocation, options) && IsLocalFileCall(invocation, types)
            && (!ReportedWhereItStands(invocation) || TerminalCode.TalksToTerminal(invocation, types) || LazyInitialization.RunsOncePerProcess(invocation));

        /// <summary>
        /// A call that does local file I/O in a console, worker or server application, where local file I/O is not
        /// reported unless the option asks (TW402 under a lock). Terminal and once-per-process code are not asked about:
        /// a lock has its own judgement of one-time initialisation.
        /// </summary>
        public static bool IsUnreportedLocalFileCallInApp(IInvocationOperation invocation, KnownTypes types, AnalyzerOptions? options) =>
            !OptionAsks(invocation, options) && IsLocalFileCall(invocation, types) && !ReportedWhereItStands(invocation);

        /// <summary>
        /// A call that does local file I/O and is not a blocking leaf of a TW104 chain: in every application (UI apps
        /// included) unless the option asks; see the type's summary.
        /// </summary>
        public static bool IsUnreportedLocalFileLeaf(IInvocationOperation invocation, KnownTypes types, AnalyzerOptions? options) =>
            !OptionAsks(invocation, options) && IsLocalFileCall(invocation, types)
            && (!IsLibrary(invocation) || TerminalCode.TalksToTerminal(invocation, types));

        /// <summary>
        /// A resource over a local file (a <c>FileStream</c>, a reader or writer opened on a path) whose synchronous
        /// disposal is not reported (TW102's <c>using</c>): see the type's summary.
        /// </summary>
        public static bool IsUnreportedLocalFileResource(IOperation resource, KnownTypes types, AnalyzerOptions options) =>
            !OptionAsks(resource, options) && IsOverLocalFile(resource, types, 0)
            && (!ReportedWhereItStands(resource) || TerminalCode.TalksToTerminal(resource, types) || LazyInitialization.RunsOncePerProcess(resource));

        /// <summary>
        /// A static <c>File</c>, <c>ZipFile</c> or <c>ZipFileExtensions</c> call (<c>File.ReadAllText(path)</c>,
        /// <c>ZipFile.OpenRead(path)</c>, <c>entry.ExtractToFile(path)</c>); a call on a stream, reader, writer, archive or
        /// archive entry over a local file (<see cref="IsOverLocalFile"/>); or a call of anything else that reads or writes
        /// a stream, reader or writer argument over a local file (<c>JsonSerializer.Serialize(fileStream, value)</c>,
        /// <c>sha.ComputeHash(fileStream)</c>).
        /// </summary>
        public static bool IsLocalFileCall(IInvocationOperation invocation, KnownTypes types)
        {
            if (invocation.Instance is { } receiver && types.IsStreamReaderOrWriter(receiver.Type))
            {
                return IsOverLocalFile(receiver, types, 0);
            }

            var containingType = invocation.TargetMethod.ContainingType;
            if (KnownTypes.Is(containingType, types.File) || KnownTypes.Is(containingType, types.ZipFile)
                || KnownTypes.Is(containingType, types.ZipFileExtensions))
            {
                return true;
            }

            // An archive or entry over a local file (entry.Open() of an entry of ZipFile.OpenRead(path)).
            if (invocation.Instance is { } other && IsOverLocalFile(other, types, 0))
            {
                return true;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (types.IsStreamReaderOrWriter(argument.Parameter?.Type) && IsOverLocalFile(argument.Value, types, 0))
                {
                    return true;
                }
            }

            return false;
        }

        // Local file I/O is reported in libraries, UI apps and WebAssembly clients (and wherever the option asks for it),
        // except in code that talks to the terminal itself, which is a command-line program's wherever it lives: asked last.
        private static bool ReportedWhereItStands(IOperation operation) =>
            IsLibrary(operation) || CompilationContext.For(operation.SemanticModel!.Compilation).Host is HostKind.UserInterface or HostKind.Browser;

        // No compilation to ask counts as a library: report.
        private static bool IsLibrary(IOperation operation) =>
            operation.SemanticModel?.Compilation is not { } compilation || HostContext.IsLibrary(compilation);

        private static bool OptionAsks(IOperation operation, AnalyzerOptions? options) =>
            options != null && ThreadwiseOptions.GetBoolean(options, operation.Syntax.SyntaxTree, ReportInAppsOption, defaultValue: false);

        /// <summary>
        /// A <c>FileStream</c>; a stream, reader or writer opened on a path (<c>new StreamReader(path)</c>,
        /// <c>new FileStream(path, ..)</c>, <c>File.OpenRead(path)</c>, <c>File.CreateText(path)</c>); an archive opened with
        /// <c>ZipFile</c>, its entries and the streams they open; and a wrapper or local over one of them.
        /// </summary>
        private static bool IsOverLocalFile(IOperation value, KnownTypes types, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            value = value.WalkDownConversions();
            if (KnownTypes.InheritsFrom(value.Type, types.FileStream))
            {
                return true;
            }

            switch (value)
            {
                // new StreamReader(path), new StreamWriter(path, append), new FileStream(path, mode)
                case IObjectCreationOperation { Arguments.Length: > 0 } creation when IsPathArgument(creation.Arguments[0]):
                    return types.IsStreamReaderOrWriter(creation.Type);

                // File.OpenRead(path), File.OpenText(path), ZipFile.OpenRead(path)
                case IInvocationOperation { Instance: null } open
                    when KnownTypes.Is(open.TargetMethod.ContainingType, types.File) || KnownTypes.Is(open.TargetMethod.ContainingType, types.ZipFile):
                    return true;

                // entry.Open() of an entry of an archive on a local file.
                case IInvocationOperation { Instance: { } entry } entryOpen when ZipArchives.IsEntryOpen(entryOpen, types):
                    return IsOverLocalFile(entry, types, depth + 1);

                // The entry itself: foreach (var entry in archive.Entries), archive.GetEntry(name).
                case { Type: { } type } when KnownTypes.Is(type, types.ZipArchiveEntry):
                    return ZipArchives.ArchiveOf(value, types) is { } archive && IsOverLocalFile(archive, types, depth + 1);

                // new StreamReader(fileStream), new ZipArchive(fileStream), a local: what it wraps.
                default:
                    return StreamWrappers.Inner(value, types) is { } inner && IsOverLocalFile(inner, types, depth + 1);
            }
        }

        private static bool IsPathArgument(IArgumentOperation argument) =>
            argument.Parameter is { Name: "path", Type.SpecialType: SpecialType.System_String };
    }
}
