using System.Diagnostics;
using Course;

namespace Course.Pitfalls;

/// <summary>
/// Lesson 5, BEFORE. Four mistakes that compile without a single compiler warning and fail quietly at run time:
/// an <c>async void</c> method, a task dropped in synchronous code, an async lambda passed to <c>Parallel.ForEach</c>,
/// and a <c>Monitor</c> lock held across an <c>await</c>. The program shows what each one does.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = LessonOptions.Parse(args);
        int items = options.Int("items", full: 5, quick: 5);
        TimeSpan latency = options.Milliseconds("latency-ms", full: 200, quick: 50);
        Console.WriteLine($"Lesson 5 (before): {items} items per pitfall, {latency.TotalMilliseconds:0} ms of I/O each.");
        Console.WriteLine();
        var table = new ResultTable("pitfall", "rule", "what happened");
        using var timeline = Timeline.Start(options, $"Lesson 5 (before): four pitfalls, {items} items each");

        // 1. async void: the caller cannot await it.
        var store = new ReportStore(latency);
        // Each pitfall's timeline goes on to the end of the run (its rows are only its own work), so that it shows the
        // dropped work finishing after the caller went on. No await may come first: pitfall 4 must start on the main
        // thread to show the lock leaving it.
        var recordings = new List<Recording>();
        Recording recording = timeline.Record("async void");
        using (recording.Run("caller"))
        {
            for (int i = 0; i < items; i++)
            {
                store.Save(i);
            }
        }

        using (recording.Run("read the count"))
        {
            table.Add("async void", "TW301", $"the caller went on with {store.Saved} of {items} reports saved");
        }

        recordings.Add(recording);

        // 2. Fire-and-forget: a task dropped in synchronous code.
        var audit = new AuditLog(latency);
        recording = timeline.Record("fire-and-forget");
        using (recording.Run("caller"))
        {
            Logins.Record(audit, items);
        }

        table.Add("fire-and-forget", "TW304", $"{audit.Count} of {items} audit entries were written when the log was read");
        recordings.Add(recording);

        // 3. An async lambda passed to Parallel.ForEach.
        recording = timeline.Record("async lambda in Parallel.ForEach");
        var clock = Stopwatch.StartNew();
        int processed;
        using (recording.Run("caller"))
        {
            processed = Batch.ProcessAll(items, latency);
        }

        clock.Stop();
        table.Add("async lambda in Parallel.ForEach", "TW203", $"the loop returned after {ResultTable.Seconds(clock.Elapsed)} with {processed} of {items} items processed");
        recordings.Add(recording);

        // 4. A Monitor lock held across an await.
        recording = timeline.Record("lock held across await");
        string outcome;
        try
        {
            outcome = await Cache.RefreshAsync(new object(), latency);
        }
        catch (SynchronizationLockException e)
        {
            outcome = $"SynchronizationLockException: {e.Message}";
        }

        table.Add("lock held across await", "TW401", outcome);
        recordings.Add(recording);
        timeline.FinishAll(recordings);
        table.Print();

        await Task.Delay(latency * 3);
        Console.WriteLine();
        Console.WriteLine($"A moment later: {store.Saved} reports saved, {audit.Count} entries logged. The work did finish - but nobody");
        Console.WriteLine("waited for it, and had it failed, nobody would have known (an exception in async void crashes the process).");
        Console.WriteLine("Run samples/course/05-pitfalls/after for the fixes.");
        return 0;
    }
}

internal sealed class ReportStore(TimeSpan latency)
{
    private int _saved;

    public int Saved => Volatile.Read(ref _saved);

    /// <summary>Saves a report.</summary>
    // Flagged: async void outside an event handler. The caller gets nothing to await, so it cannot know when the save
    // is done, and an exception thrown here cannot be caught by the caller: it crashes the process. Return a Task.
    public async void Save(int report) // expect: TW301
    {
        await Timeline.InFlight(Task.Delay(latency), $"report {report}"); // writing the report
        Interlocked.Increment(ref _saved);
    }
}

internal interface IAuditLog
{
    Task AppendAsync(string entry);
}

internal sealed class AuditLog(TimeSpan latency) : IAuditLog
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public async Task AppendAsync(string entry)
    {
        await Timeline.InFlight(Task.Delay(latency), entry); // writing the entry
        Interlocked.Increment(ref _count);
    }
}

internal static class Logins
{
    /// <summary>Records logins. Synchronous code calling through an interface: the compiler (CS4014) says nothing here.</summary>
    public static void Record(IAuditLog log, int users)
    {
        for (int user = 0; user < users; user++)
        {
            // Flagged: the task is dropped. Nobody waits for the entry to be written or sees it fail. Make the caller
            // async and await it (or, if you really mean fire-and-forget, say so with `_ = log.AppendAsync(...)`).
            log.AppendAsync($"user {user} logged in"); // expect: TW304
        }
    }
}

internal static class Batch
{
    /// <summary>Processes items in parallel — or so it seems.</summary>
    public static int ProcessAll(int items, TimeSpan latency)
    {
        var processed = new Counter();
        // Flagged: Parallel.ForEach takes an Action, so the async lambda becomes async void. Each iteration "ends" at
        // its first await, the loop returns at once, and the work finishes later, unobserved. Use
        // `await Parallel.ForEachAsync(items, async (item, ct) => ...)`.
        Parallel.ForEach(Enumerable.Range(0, items), async item => // expect: TW203
        {
            await Timeline.InFlight(Task.Delay(latency), $"item {item}"); // processing the item
            processed.Increment();
        });
        return processed.Value;
    }
}

internal static class Cache
{
    /// <summary>Refreshes a cache under a lock.</summary>
    public static async Task<string> RefreshAsync(object gate, TimeSpan latency)
    {
        int enteredOn = Environment.CurrentManagedThreadId;
        // Flagged: a thread-affine lock held across an await. A Monitor belongs to the thread that entered it, but after
        // the await this method may resume on another thread: Monitor.Exit then throws SynchronizationLockException,
        // and the lock stays held forever by the first thread. (The compiler forbids `await` inside `lock` for this
        // reason; Monitor.Enter slips past it.) Use SemaphoreSlim: `await gate.WaitAsync(); try { ... } finally { gate.Release(); }`.
        using (Timeline.Run("Monitor.Enter"))
        {
            Monitor.Enter(gate); // expect: TW401
        }


        try
        {
            await Timeline.InFlight(Task.Delay(latency), "loading values"); // loading the new values
            return $"no error this time: resumed on the same thread ({enteredOn}) by luck";
        }
        finally
        {
            using (Timeline.Run("Monitor.Exit"))
            {
                Monitor.Exit(gate);
            }
        }
    }
}

internal sealed class Counter
{
    private int _value;

    public int Value => Volatile.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}
