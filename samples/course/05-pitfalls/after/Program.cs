using System.Diagnostics;
using Course;

namespace Course.Pitfalls;

/// <summary>
/// Lesson 5, AFTER. The four pitfalls fixed: <c>async Task</c> instead of <c>async void</c>, the dropped task awaited,
/// <c>Parallel.ForEachAsync</c> for async work in parallel, and <c>SemaphoreSlim</c> instead of a Monitor across an await.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = LessonOptions.Parse(args);
        int items = options.Int("items", full: 5, quick: 5);
        TimeSpan latency = options.Milliseconds("latency-ms", full: 200, quick: 50);
        Console.WriteLine($"Lesson 5 (after): {items} items per pitfall, {latency.TotalMilliseconds:0} ms of I/O each.");
        Console.WriteLine();
        var table = new ResultTable("pitfall", "rule", "what happened");
        using var timeline = Timeline.Start(options, $"Lesson 5 (after): four pitfalls, {items} items each");

        // 1. async Task: the caller awaits every save (all at once) and would see any exception.
        var store = new ReportStore(latency);
        var saves = new List<Task>();
        Recording recording = timeline.Record("async void");
        using (recording.Run("caller"))
        {
            for (int i = 0; i < items; i++)
            {
                saves.Add(store.SaveAsync(i));
            }
        }

        await Task.WhenAll(saves);
        using (recording.Run("read the count"))
        {
            table.Add("async void", "TW301", $"the caller went on with {store.Saved} of {items} reports saved");
        }

        timeline.Finish(recording);

        // 2. The task is awaited: the caller became async.
        var audit = new AuditLog(latency);
        recording = timeline.Record("fire-and-forget");
        Task logging;
        using (recording.Run("caller"))
        {
            logging = Logins.RecordAsync(audit, items);
        }

        await logging;
        table.Add("fire-and-forget", "TW304", $"{audit.Count} of {items} audit entries were written when the log was read");
        timeline.Finish(recording);

        // 3. Parallel.ForEachAsync understands async bodies.
        recording = timeline.Record("async lambda in Parallel.ForEach");
        var clock = Stopwatch.StartNew();
        Task<int> processing;
        using (recording.Run("caller"))
        {
            processing = Batch.ProcessAllAsync(items, latency);
        }

        int processed = await processing;
        clock.Stop();
        table.Add("async lambda in Parallel.ForEach", "TW203", $"the loop returned after {ResultTable.Seconds(clock.Elapsed)} with {processed} of {items} items processed");
        timeline.Finish(recording);

        // 4. SemaphoreSlim is not tied to a thread.
        using var gate = new SemaphoreSlim(1, 1);
        recording = timeline.Record("lock held across await");
        string outcome = await Cache.RefreshAsync(gate, latency);
        table.Add("lock held across await", "TW401", outcome);
        timeline.Finish(recording);
        table.Print();

        Console.WriteLine();
        Console.WriteLine("Every piece of work finished before the program went on, and any exception would have reached the caller.");
        return 0;
    }
}

internal sealed class ReportStore(TimeSpan latency)
{
    private int _saved;

    public int Saved => Volatile.Read(ref _saved);

    /// <summary>Saves a report. Fixed: returns a Task, so callers can await it and see its exceptions.</summary>
    public async Task SaveAsync(int report)
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
    /// <summary>Records logins. Fixed: the method became async and awaits each entry.</summary>
    public static async Task RecordAsync(IAuditLog log, int users)
    {
        for (int user = 0; user < users; user++)
        {
            await log.AppendAsync($"user {user} logged in");
        }
    }
}

internal static class Batch
{
    /// <summary>Processes items in parallel. Fixed: Parallel.ForEachAsync awaits every async body before it completes.</summary>
    public static async Task<int> ProcessAllAsync(int items, TimeSpan latency)
    {
        var processed = new Counter();
        // The default degree of parallelism is the number of cores, right for CPU work; these bodies mostly wait for I/O,
        // so more of them may run at once.
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 16 };
        await Parallel.ForEachAsync(Enumerable.Range(0, items), parallelism, async (item, cancellationToken) =>
        {
            await Timeline.InFlight(Task.Delay(latency, cancellationToken), $"item {item}"); // processing the item
            processed.Increment();
        });
        return processed.Value;
    }
}

internal static class Cache
{
    /// <summary>Refreshes a cache under a lock. Fixed: SemaphoreSlim can be released by any thread, and awaited.</summary>
    public static async Task<string> RefreshAsync(SemaphoreSlim gate, TimeSpan latency)
    {
        int enteredOn = Environment.CurrentManagedThreadId;
        using (Timeline.Run("gate.WaitAsync"))
        {
            await gate.WaitAsync(); // free at once here: nobody else holds it, so the method does not leave the thread
        }

        try
        {
            await Timeline.InFlight(Task.Delay(latency), "loading values"); // loading the new values
            return $"no error: entered on thread {enteredOn}, released on thread {Environment.CurrentManagedThreadId}";
        }
        finally
        {
            using (Timeline.Run("gate.Release"))
            {
                gate.Release();
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
