using System.Collections.Concurrent;
using System.Diagnostics;

namespace Course;

/// <summary>
/// Records one approach of a lesson as a timeline: per thread, when it ran the lesson's code (<see cref="Run"/>) and when
/// it sat blocked in a wait (<see cref="Block"/>, and every <c>.Result</c>/<c>.Wait()</c> the runtime reports through
/// <see cref="RuntimeWaits"/>), and per unit of work, when it was in flight without a thread (<see cref="InFlight{TTask}(TTask, string)"/>)
/// or queued for a busy thread. Marks are appended to a lock-free queue and turned into a chart only at <see cref="Stop"/>,
/// so a mark costs well under a microsecond on the thread that makes it.
/// </summary>
public sealed class Recording
{
    private readonly ConcurrentQueue<Mark> _marks = new();
    private readonly ConcurrentDictionary<int, string> _threads = new();
    private readonly long _start = Stopwatch.GetTimestamp();
    // How many Run scopes are open on this thread: a wait the runtime reports counts only inside the lesson's own work,
    // not when a pool thread that once ran it is back in the pool doing the runtime's chores.
    [ThreadStatic]
    private static int t_running;

    private int _nextId;
    private long _stop;

    /// <summary>A recording of its own; <see cref="Timeline.Record"/> makes the ones a lesson draws.</summary>
    public Recording(string title)
    {
        Title = title;
    }

    public string Title { get; }

    /// <summary>Marks the current thread as running a unit of the lesson's own work until the scope is disposed.</summary>
    public Scope Run(string label) => Open(MarkKind.Run, label);

    /// <summary>Marks the current thread as blocked (doing nothing but waiting) until the scope is disposed.</summary>
    public Scope Block(string label) => Open(MarkKind.Block, label);

    /// <summary>
    /// Shows <paramref name="task"/> (a <see cref="Task{T}"/> is returned as such) as a unit of work in flight — waited for by nobody's thread — from now until it
    /// completes. The end is taken from the task itself, not from whoever awaits it, so a stuck awaiter does not stretch it.
    /// </summary>
    public TTask InFlight<TTask>(TTask task, string label)
        where TTask : Task
    {
        int id = Item(label, Activity.InFlight);
        // Explicitly not awaited: the continuation only records the moment the task completes.
        _ = task.ContinueWith(
            static (_, state) =>
            {
                var (recording, id) = ((Recording, int))state!;
                recording.EndItem(id);
            },
            (this, id),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task;
    }

    /// <summary>
    /// Shows a synchronous call that waits for I/O (<c>HttpClient.Send</c>) as a unit of work in flight while it runs. The
    /// calling thread is blocked meanwhile: mark that with <see cref="Block"/> around it.
    /// </summary>
    public T InFlight<T>(Func<T> call, string label)
    {
        int id = Item(label, Activity.InFlight);
        try
        {
            return call();
        }
        finally
        {
            EndItem(id);
        }
    }

    /// <summary>Starts a row for a unit of work in the given activity (in flight, queued); returns its id.</summary>
    internal int Item(string label, Activity activity)
    {
        int id = Interlocked.Increment(ref _nextId);
        Add(new Mark(Stopwatch.GetTimestamp(), 0, MarkKind.ItemState, id, label, activity));
        return id;
    }

    /// <summary>The unit of work changes activity (a queued message starts running on its thread).</summary>
    internal void ItemState(int id, Activity activity) =>
        Add(new Mark(Stopwatch.GetTimestamp(), 0, MarkKind.ItemState, id, null, activity));

    internal void EndItem(int id) => Add(new Mark(Stopwatch.GetTimestamp(), 0, MarkKind.ItemEnd, id, null, Activity.Idle));

    /// <summary>A wait the runtime reported on the current thread (see <see cref="RuntimeWaits"/>); returns its id.</summary>
    internal int RuntimeBlockBegin()
    {
        NoteThread();
        int id = Interlocked.Increment(ref _nextId);
        Add(new Mark(Stopwatch.GetTimestamp(), Environment.CurrentManagedThreadId, MarkKind.RuntimeBlock, id, ".Result/.Wait()", Activity.Blocked));
        return id;
    }

    internal void End(int id) =>
        Add(new Mark(Stopwatch.GetTimestamp(), Environment.CurrentManagedThreadId, MarkKind.End, id, null, Activity.Idle));

    /// <summary>
    /// Runs every kind of mark once and builds a chart, so that compiling the recorder's code (tens of milliseconds on a
    /// busy machine) happens before a lesson starts timing, not inside its first mark.
    /// </summary>
    internal static void WarmUp()
    {
        var recording = new Recording("warm-up");
        using (recording.Run("run"))
        using (recording.Block("block"))
        {
            _ = recording.InFlight(Task.CompletedTask, "item");
            recording.InFlight(() => 0, "call");
            recording.ItemState(recording.Item("queued", Activity.Queued), Activity.Running);
        }

        TimelineChart chart = recording.Stop();
        _ = (chart.ThreadsUsed, chart.PeakBusy, chart.PeakBlocked, chart.DescribeThreads());
    }

    /// <summary>Ends the recording (marks made later are ignored) and builds its chart.</summary>
    public TimelineChart Stop()
    {
        Interlocked.CompareExchange(ref _stop, Stopwatch.GetTimestamp(), 0);
        return TimelineBuilder.Build(Title, _marks.Where(m => m.Ticks <= _stop).ToList(), _threads, _start, _stop);
    }

    private Scope Open(MarkKind kind, string label)
    {
        NoteThread();
        int id = Interlocked.Increment(ref _nextId);
        Add(new Mark(Stopwatch.GetTimestamp(), Environment.CurrentManagedThreadId, kind, id, label, kind == MarkKind.Block ? Activity.Blocked : Activity.Running));
        if (kind == MarkKind.Run)
        {
            t_running++;
        }

        return new Scope(this, id, kind == MarkKind.Run);
    }

    /// <summary>True while the current thread is inside a <see cref="Run"/> scope of any recording.</summary>
    internal static bool InOwnWork => t_running > 0;

    private void Add(Mark mark)
    {
        if (Volatile.Read(ref _stop) == 0)
        {
            _marks.Enqueue(mark);
        }
    }

    /// <summary>Remembers what to call the current thread's row: its name, or what kind of thread it is.</summary>
    private void NoteThread()
    {
        int id = Environment.CurrentManagedThreadId;
        if (!_threads.ContainsKey(id))
        {
            Thread thread = Thread.CurrentThread;
            // Pool threads all share one name (".NET TP Worker"): number them by managed id so rows stay apart.
            _threads.TryAdd(id, thread.IsThreadPoolThread ? $"pool #{id}"
                : thread.Name is { Length: > 0 } name ? name
                : id == 1 ? "main #1"
                : $"thread #{id}");
        }
    }

    /// <summary>Ends a <see cref="Run"/> or <see cref="Block"/> mark.</summary>
    public readonly struct Scope(Recording recording, int id, bool run) : IDisposable
    {
        public void Dispose()
        {
            if (recording is null)
            {
                return; // default(Scope): nothing was marked
            }

            if (run && t_running > 0)
            {
                t_running--;
            }

            recording.End(id);
        }
    }
}

/// <summary>What a row is doing at a moment. Threads run, block or idle; units of work are in flight or queued.</summary>
public enum Activity
{
    Idle,
    Running,
    Blocked,
    InFlight,
    Queued,
}

internal enum MarkKind
{
    Run,
    Block,
    RuntimeBlock,
    End,
    ItemState,
    ItemEnd,
}

/// <summary>One thing that happened: a scope opened or closed on a thread (Thread = managed id), or an item changed.</summary>
internal readonly record struct Mark(long Ticks, int Thread, MarkKind Kind, int Id, string? Label, Activity Activity);
