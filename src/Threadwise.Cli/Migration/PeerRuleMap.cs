namespace Threadwise.Cli.Migration;

/// <summary>
/// Every async and threading rule of the peer analyzers, mapped to the Threadwise rules that cover it. The one source of
/// truth: docs/migrating.md's tables are generated from it (a test fails when they differ). IDs and titles were read from
/// the analyzer assemblies of Microsoft.VisualStudio.Threading.Analyzers 18.12.1, AsyncFixer 2.1.0, Meziantou.Analyzer
/// 3.0.321, the .NET 10.0.401 SDK's analyzers, SonarAnalyzer.CSharp 9.32 and Roslynator.Analyzers 5.0.1.
/// </summary>
internal static class PeerRuleMap
{
    /// <summary>The rules issue 14 names and that are not written yet: a peer rule they will cover is kept meanwhile.</summary>
    public static IReadOnlyList<string> PlannedRules { get; } = [];

    public static IReadOnlyList<PeerRule> Rules { get; } =
    [
        .. VisualStudioThreading(),
        .. AsyncFixer(),
        .. Meziantou(),
        .. NetAnalyzers(),
        .. Sonar(),
        .. Roslynator(),
    ];

    private const string JoinableTaskFactory =
        "Visual Studio's JoinableTaskFactory threading model (the main thread of an extension); Threadwise does not model it.";

    private const string AsyncSuffix = "Naming style: a missing or extra `Async` suffix blocks nothing and loses no work.";

    private const string ThreadStatic = "Not async: a `[ThreadStatic]` mistake.";

    private const string ConfigureAwait =
        "Only in libraries (not UI, ASP.NET Core, test or executable projects) where two thirds of the awaits use `ConfigureAwait(false)` (most of them where CA2007, VSTHRD111, MA0004 or S3216 is raised to warning or error); " +
        "`await foreach` and `await using` too. A project that enforced this rule everywhere sets `threadwise.tw501_require_configure_await = always`.";

    private const string TaskEscapesUsing =
        "Returned tasks that use what the `using` or `finally` releases, and any task started in a `lock`; not for completed tasks, values copied out first, resources handed over, or `SuppressFlow`/logger scopes. The fix makes the method async.";

    private static IEnumerable<PeerRule> VisualStudioThreading()
    {
        var p = PeerPackage.VisualStudioThreading;
        yield return None(p, "VSTHRD001", "Avoid legacy thread switching APIs", JoinableTaskFactory);
        yield return Covered(p, "VSTHRD002", "Avoid problematic synchronous waits", ["TW101", "TW103"],
            "Split by context: TW101 on async paths (also synchronous helpers that only async code calls), TW103 in synchronous code, silent in `Main`; a wait on a task known to be completed is not reported.");
        yield return None(p, "VSTHRD003", "Avoid awaiting foreign Tasks", JoinableTaskFactory);
        yield return None(p, "VSTHRD004", "Await SwitchToMainThreadAsync", JoinableTaskFactory);
        yield return None(p, "VSTHRD010", "Invoke single-threaded types on Main thread", JoinableTaskFactory);
        yield return None(p, "VSTHRD011", "Use AsyncLazy<T>", JoinableTaskFactory);
        yield return None(p, "VSTHRD012", "Provide JoinableTaskFactory where allowed", JoinableTaskFactory);
        yield return None(p, "VSTHRD013", "Apply CompletedTaskAttribute only to immutable members", "About vs-threading's own `[CompletedTask]` attribute.");
        yield return Covered(p, "VSTHRD100", "Avoid async void methods", ["TW301"],
            "Event handlers (by signature or by `+=` subscription) are not reported: `async void` is their only form.");
        yield return Covered(p, "VSTHRD101", "Avoid unsupported async delegates", ["TW302"],
            "The same fault: an async lambda converted to a delegate that returns `void`.");
        yield return None(p, "VSTHRD102", "Implement internal logic asynchronously", JoinableTaskFactory);
        yield return Covered(p, "VSTHRD103", "Call async methods when in an async method", ["TW101", "TW102"],
            "Also in synchronous methods only async code reaches; in-memory streams, readers and writers are not reported; a synchronous `using` only where disposing does I/O; TW104 adds the helpers that block.");
        yield return None(p, "VSTHRD104", "Offer async methods", "An API-design suggestion (add an async twin of a public method), not a fault at a call site.");
        yield return None(p, "VSTHRD105", "Avoid method overloads that assume TaskScheduler.Current",
            "Which scheduler `StartNew`/`ContinueWith` use; TW303 reports a different fault (an async delegate given to `StartNew`).");
        yield return None(p, "VSTHRD106", "Use InvokeAsync to raise async events", "About vs-threading's own `AsyncEventHandler`.");
        yield return Covered(p, "VSTHRD107", "Await Task within using expression", ["TW505"],
            "`using` statements and declarations; the message names what the task produces, which is what stays undisposed.");
        yield return None(p, "VSTHRD108", "Assert thread affinity unconditionally", JoinableTaskFactory);
        yield return None(p, "VSTHRD109", "Switch instead of assert in async methods", JoinableTaskFactory);
        yield return Covered(p, "VSTHRD110", "Observe result of async calls", ["TW304"],
            "Synchronous code only, as VSTHRD110 (CS4014 covers async methods); `Task.Run`/`StartNew` statements (deliberate pool work) only in the entry point; the fix offers `await`, the synchronous form or `_ =`.");
        yield return Covered(p, "VSTHRD111", "Use ConfigureAwait(bool)", ["TW501"], ConfigureAwait);
        yield return None(p, "VSTHRD112", "Implement System.IAsyncDisposable", "About moving from vs-threading's own `IAsyncDisposable` to the BCL's.");
        yield return None(p, "VSTHRD113", "Check for System.IAsyncDisposable", "About moving from vs-threading's own `IAsyncDisposable` to the BCL's.");
        yield return Covered(p, "VSTHRD114", "Avoid returning a null Task", ["TW503"],
            "A `Task?` return (nullable-annotated) is not reported; the fix returns a completed task.");
        yield return None(p, "VSTHRD115", "Avoid creating JoinableTaskContext with null SynchronizationContext", JoinableTaskFactory);
        yield return None(p, "VSTHRD116", "Use ThreadStaticAttribute only with static fields", ThreadStatic);
        yield return None(p, "VSTHRD117", "Avoid initialization of ThreadStatic fields in a type initializer", ThreadStatic);
        yield return None(p, "VSTHRD200", "Use \"Async\" suffix for async methods", AsyncSuffix);
        yield return None(p, "VSTHRD202", "Remove unnecessary async state machine",
            "A micro-optimisation; eliding `await` changes when exceptions surface and can end a `using` early (TW502).");
    }

    private static IEnumerable<PeerRule> AsyncFixer()
    {
        var p = PeerPackage.AsyncFixer;
        yield return None(p, "AsyncFixer01", "Unnecessary async/await usage",
            "A micro-optimisation; eliding `await` changes when exceptions surface and can end a `using` early (TW502).");
        yield return Covered(p, "AsyncFixer02", "Blocking call inside an async method", ["TW101", "TW102"],
            "Also in synchronous methods only async code reaches; counterparts found by one general rule; in-memory I/O and completed tasks are not reported.");
        yield return Covered(p, "AsyncFixer03", "Fire-and-forget async-void methods or delegates", ["TW301", "TW302"],
            "Event handlers are not reported by TW301; async lambdas given to `void` delegates are TW302.");
        yield return Covered(p, "AsyncFixer04", "Fire-and-forget async call inside a using block", ["TW502"], TaskEscapesUsing);
        yield return Covered(p, "AsyncFixer05", "Nested Task<Task> from TaskFactory.StartNew with async lambda", ["TW303"],
            "The same fault; the fix uses `Task.Run` (or `.Unwrap()` where options must stay).");
        yield return None(p, "AsyncFixer06", "Task<T> to Task conversion silently discards result",
            "A result lost by a delegate conversion: nothing blocks and no task goes unobserved.");
    }

    private static IEnumerable<PeerRule> Meziantou()
    {
        var p = PeerPackage.Meziantou;
        yield return Covered(p, "MA0004", "Use Task.ConfigureAwait", ["TW501"], ConfigureAwait);
        yield return Covered(p, "MA0022", "Return Task.FromResult instead of returning null", ["TW503"],
            "A `Task?` return (nullable-annotated) is not reported.");
        yield return Complement(p, "MA0032", "Use an overload with a CancellationToken argument, even when no token is available in scope", ["TW504"],
            "Off by default; it asks for a token where none is in scope, TW504 only where one is held.");
        yield return None(p, "MA0033", "Do not tag instance fields with ThreadStaticAttribute", ThreadStatic);
        yield return None(p, "MA0035", "Do not use dangerous threading methods", "Not async: `Thread.Abort`, `Suspend` and the like.");
        yield return Covered(p, "MA0040", "Forward the CancellationToken parameter to methods that take one", ["TW504"],
            "With CA2016 (keep it on): TW504 reports the held tokens CA2016 does not see (`RequestAborted`, a hosted service's token field, a token that is not the last parameter, `CancellationToken?`) and never a call CA2016 reports; not in cleanup code.");
        yield return Covered(p, "MA0042", "Do not use blocking calls when the calling method is async", ["TW101", "TW102"],
            "Also in synchronous methods only async code reaches; in-memory I/O and completed tasks are not reported.");
        yield return Covered(p, "MA0045", "Do not use blocking calls, even when the calling method must become async", ["TW101", "TW102", "TW103"],
            "Waits in synchronous code are TW103; synchronous I/O in synchronous code that no async path reaches is deliberately not reported.");
        yield return None(p, "MA0064", "Avoid locking on publicly accessible instance",
            "Which object is locked; TW401 and TW402 are about what happens while a lock is held.");
        yield return Complement(p, "MA0079", "Forward the CancellationToken using .WithCancellation()", ["TW504"],
            "Keep it: TW504 reports awaited calls, not an `await foreach` without `.WithCancellation(token)`.");
        yield return Complement(p, "MA0080", "Use a cancellation token using .WithCancellation()", ["TW504"],
            "Off by default; it asks for a token where none is in scope, TW504 only where one is held.");
        yield return Covered(p, "MA0100", "Await task before disposing of resources", ["TW502"], TaskEscapesUsing);
        yield return Covered(p, "MA0129", "Await task in using statement", ["TW505"],
            "`using` statements and declarations; the message names what the task produces, which is what stays undisposed.");
        yield return Covered(p, "MA0134", "Observe result of async calls", ["TW304"],
            "Synchronous code only (CS4014 covers async methods); `Task.Run`/`StartNew` statements (deliberate pool work) only in the entry point; the fix offers `await`, the synchronous form or `_ =`.");
        yield return None(p, "MA0137", "Use 'Async' suffix when a method returns an awaitable type", AsyncSuffix);
        yield return None(p, "MA0138", "Do not use 'Async' suffix when a method does not return an awaitable type", AsyncSuffix);
        yield return Covered(p, "MA0147", "Avoid async void method for delegate", ["TW302"],
            "The same fault: an async lambda converted to a delegate that returns `void`.");
        yield return None(p, "MA0152", "Use Unwrap instead of using await twice", "Style: `await await` and `.Unwrap()` behave the same.");
        yield return Covered(p, "MA0155", "Do not use async void methods", ["TW301"],
            "Event handlers (by signature or by `+=` subscription) are not reported.");
        yield return None(p, "MA0156", "Use 'Async' suffix when a method returns IAsyncEnumerable<T>", AsyncSuffix);
        yield return None(p, "MA0157", "Do not use 'Async' suffix when a method returns IAsyncEnumerable<T>", AsyncSuffix);
        yield return None(p, "MA0158", "Use System.Threading.Lock", "A faster lock type, not a fault; TW401 and TW402 understand it.");
        yield return None(p, "MA0214", "Use 'await' instead of returning the task",
            "Style; the case that matters, a task returned from inside a `using`, is TW502's.");
        yield return None(p, "MA0215", "Return the task instead of awaiting it", "A micro-optimisation, not a fault.");
    }

    private static IEnumerable<PeerRule> NetAnalyzers()
    {
        var p = PeerPackage.NetAnalyzers;
        yield return None(p, "CA1068", "CancellationToken parameters must come last", "API-design style.");
        yield return None(p, "CA1835", "Prefer the 'Memory'-based overloads for 'ReadAsync' and 'WriteAsync'", "Allocation, not blocking.");
        yield return None(p, "CA1842", "Do not use 'WhenAll' with a single task", "A needless call, not a fault.");
        yield return None(p, "CA1843", "Do not use 'WaitAll' with a single task",
            "A needless call; the wait itself is TW101 on an async path and TW103 in synchronous code.");
        yield return None(p, "CA1844", "Provide memory-based overrides of async methods when subclassing 'Stream'", "Allocation, not blocking.");
        yield return Covered(p, "CA1849", "Call async methods when in an async method", ["TW101", "TW102"],
            "Off by default because it flags every synchronous overload; Threadwise skips in-memory I/O and completed tasks, and also covers synchronous methods only async code reaches.");
        yield return None(p, "CA2002", "Do not lock on objects with weak identity",
            "Which object is locked; TW401 and TW402 are about what happens while a lock is held.");
        yield return Covered(p, "CA2007", "Consider calling ConfigureAwait on the awaited task", ["TW501"], ConfigureAwait);
        yield return None(p, "CA2008", "Do not create tasks without passing a TaskScheduler",
            "Which scheduler `StartNew`/`ContinueWith` use; TW303 reports a different fault (an async delegate given to `StartNew`).");
        yield return Complement(p, "CA2012", "Use ValueTasks correctly", ["TW506"],
            "Keep it: CA2012 also reports a `ValueTask` that is dropped or stored at all; TW506 reports a second consumption it can prove and a blocking read of one not known to be completed, and honours a local CA2012 suppression at such a read.");
        yield return Complement(p, "CA2016", "Forward the 'CancellationToken' parameter to methods", ["TW504"],
            "Keep it on: TW504 reports only the tokens CA2016 does not see and never the same call.");
        yield return None(p, "CA2019", "Improper 'ThreadStatic' field initialization", ThreadStatic);
        yield return None(p, "CA2024", "Do not use 'StreamReader.EndOfStream' in async methods",
            "`EndOfStream` has no async counterpart for TW102 to offer; keep CA2024.");
        yield return Covered(p, "CA2025", "Do not pass 'IDisposable' instances into unawaited tasks", ["TW502"], TaskEscapesUsing);
        yield return Complement(p, "CA2247", "Argument passed to TaskCompletionSource constructor should be TaskCreationOptions enum instead of TaskContinuationOptions enum", ["TW507"],
            "Keep it: it catches the wrong enum; TW507 asks for `RunContinuationsAsynchronously` where a lock, event handler or callback completes the source.");
        yield return None(p, "CA2250", "Use 'ThrowIfCancellationRequested'", "Style.");
        yield return None(p, "CA2259", "'ThreadStatic' only affects static fields", ThreadStatic);
        yield return None(p, "CA2261", "Do not use ConfigureAwaitOptions.SuppressThrowing with Task<TResult>", "An API misuse Threadwise does not check; keep CA2261.");
    }

    private static IEnumerable<PeerRule> Sonar()
    {
        var p = PeerPackage.Sonar;
        yield return None(p, "S2925", "\"Thread.Sleep\" should not be used in tests",
            "Test flakiness; on an async path `Thread.Sleep` is already TW102.");
        yield return Covered(p, "S3168", "\"async\" methods should not return \"void\"", ["TW301"],
            "Event handlers (by signature or by `+=` subscription) are not reported.");
        yield return Covered(p, "S3216", "\"ConfigureAwait(false)\" should be used", ["TW501"], ConfigureAwait);
        yield return None(p, "S4261", "Methods should be named according to their synchronicities", AsyncSuffix);
        yield return None(p, "S4457", "Parameter validation in \"async\"/\"await\" methods should be wrapped",
            "When an argument exception surfaces (at the call or at the `await`) is a design choice, not blocking or lost work.");
        yield return Covered(p, "S4462", "Calls to \"async\" methods should not be blocking", ["TW101", "TW103"],
            "Split by context (async path or synchronous code); a wait on a task known to be completed is not reported.");
        yield return Covered(p, "S4586", "Non-async \"Task/Task<T>\" methods should not return null", ["TW503"],
            "A `Task?` return (nullable-annotated) is not reported.");
        yield return Covered(p, "S5034", "\"ValueTask\" should be consumed correctly", ["TW506"],
            "The same faults (consumed twice, waited on before it completes); consumptions in exclusive branches and a `ValueTask` made from a result or a task are not reported.");
        yield return Covered(p, "S6422", "Calls to \"async\" methods should not be blocking in Azure Functions", ["TW101", "TW103"],
            "In every kind of host, not only Azure Functions.");
        yield return Covered(p, "S6966", "Awaitable method should be used", ["TW101", "TW102"],
            "In-memory streams, readers and writers are not reported (the noise of sonar-dotnet#9096); a synchronous `using` only where disposing does I/O.");
    }

    private static IEnumerable<PeerRule> Roslynator()
    {
        var p = PeerPackage.Roslynator;
        yield return None(p, "RCS1046", "Asynchronous method name should end with 'Async'", AsyncSuffix);
        yield return None(p, "RCS1047", "Non-asynchronous method name should not end with 'Async'", AsyncSuffix);
        yield return Covered(p, "RCS1090", "Add/remove 'ConfigureAwait(false)' call", ["TW501"], ConfigureAwait);
        yield return None(p, "RCS1174", "Remove redundant async/await",
            "A micro-optimisation; eliding `await` changes when exceptions surface and can end a `using` early (TW502).");
        yield return Covered(p, "RCS1210", "Return completed task instead of returning null", ["TW503"],
            "A `Task?` return (nullable-annotated) is not reported.");
        yield return Covered(p, "RCS1229", "Use async/await when necessary", ["TW502"], TaskEscapesUsing);
        yield return Covered(p, "RCS1261", "Resource can be disposed asynchronously", ["TW102"],
            "`await using` only where disposing does I/O (a `StreamWriter` that flushes, a data reader with rows left), not for every `IAsyncDisposable`.");
    }

    private static PeerRule Covered(PeerPackage package, string id, string title, string[] threadwise, string note) =>
        new(package, id, title, Coverage.Covered, threadwise, note);

    private static PeerRule Planned(PeerPackage package, string id, string title, string[] threadwise, string note) =>
        new(package, id, title, Coverage.Planned, threadwise, note);

    private static PeerRule Complement(PeerPackage package, string id, string title, string[] threadwise, string note) =>
        new(package, id, title, Coverage.Complement, threadwise, note);

    private static PeerRule None(PeerPackage package, string id, string title, string note) =>
        new(package, id, title, Coverage.None, [], note);
}
