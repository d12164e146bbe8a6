using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Course;

/// <summary>A stretch of time, in milliseconds from the start of the recording, during which a row did one thing.</summary>
public sealed record TimelineSpan(Activity Activity, double StartMs, double EndMs)
{
    public double Length => EndMs - StartMs;
}

/// <summary>
/// One row of the chart: a thread that ran the lesson's code, or a unit of work (a download, a queued message).
/// <paramref name="Work"/> names the units of work a thread ran (the labels of its Run marks, each once).
/// </summary>
public sealed record TimelineRow(string Name, bool IsThread, IReadOnlyList<TimelineSpan> Spans, IReadOnlyList<string> Work)
{
    /// <summary>Milliseconds this row spent in <paramref name="activity"/>.</summary>
    public double TimeIn(Activity activity) => Spans.Where(s => s.Activity == activity).Sum(s => s.Length);
}

/// <summary>
/// The timeline of one approach. The thread rows are the threads that ran the lesson's own code — the runtime's timer,
/// socket and dispatch threads never run it, so they are not rows and not counted — and the counts below come from
/// these rows, so "threads used" is exactly the number of thread rows a student sees.
/// </summary>
public sealed record TimelineChart(string Title, double DurationMs, IReadOnlyList<TimelineRow> Rows)
{
    [JsonIgnore]
    public IEnumerable<TimelineRow> Threads => Rows.Where(r => r.IsThread);

    /// <summary>How many threads ran or waited on the lesson's code at some point: the thread rows.</summary>
    public int ThreadsUsed => Threads.Count();

    /// <summary>The most threads that were running or blocked at the same moment.</summary>
    public int PeakBusy => Peak(a => a is Activity.Running or Activity.Blocked);

    /// <summary>The most threads that were blocked at the same moment.</summary>
    public int PeakBlocked => Peak(a => a == Activity.Blocked);

    /// <summary>Which threads the rows are and which of them blocked: the sentence a lesson prints under its table.</summary>
    public string DescribeThreads()
    {
        var rows = Threads.ToList();
        var blocked = rows.Where(r => r.TimeIn(Activity.Blocked) > 0).Select(r => r.Name).ToList();
        string which = blocked.Count == 0 ? "none blocked"
            : blocked.Count == rows.Count ? (rows.Count == 1 ? "blocked" : "all blocked")
            : $"{string.Join(", ", blocked)} blocked";
        return $"{TerminalChart.Plural(rows.Count, "thread")} ({string.Join(", ", rows.Select(r => r.Name))}), {which}.";
    }

    private int Peak(Func<Activity, bool> counts)
    {
        var edges = Threads.SelectMany(r => r.Spans)
            .Where(s => counts(s.Activity))
            .SelectMany(s => new[] { (At: s.StartMs, Delta: 1), (At: s.EndMs, Delta: -1) })
            .OrderBy(e => e.At)
            .ThenBy(e => e.Delta); // an end and a start at the same instant do not overlap
        int now = 0;
        int peak = 0;
        foreach (var edge in edges)
        {
            now += edge.Delta;
            peak = Math.Max(peak, now);
        }

        return peak;
    }
}

/// <summary>Turns a recording's marks into rows of non-overlapping spans.</summary>
internal static class TimelineBuilder
{
    /// <summary>Idle gaps shorter than this (50 µs) between two spans of the same activity are not kept.</summary>
    private const double MergeGapMs = 0.05;

    public static TimelineChart Build(string title, IReadOnlyList<Mark> marks, IReadOnlyDictionary<int, string> threadNames, long start, long stop)
    {
        double Ms(long ticks) => (ticks - start) * 1000.0 / Stopwatch.Frequency;
        double end = Ms(stop);

        var rows = new List<(double First, TimelineRow Row)>();
        rows.AddRange(ThreadRows(marks, threadNames, Ms, end));
        rows.AddRange(ItemRows(marks, Ms, end));
        return new TimelineChart(
            title,
            end,
            rows.OrderBy(r => r.Row.IsThread ? 0 : 1).ThenBy(r => r.First).Select(r => r.Row).ToList());
    }

    private static IEnumerable<(double First, TimelineRow Row)> ThreadRows(
        IReadOnlyList<Mark> marks, IReadOnlyDictionary<int, string> threadNames, Func<long, double> ms, double end)
    {
        // Pair every opening mark with its End (by id); a scope still open at the stop lasts until the stop.
        var ends = marks.Where(m => m.Kind == MarkKind.End).ToDictionary(m => m.Id, m => ms(m.Ticks));
        var intervals = marks
            .Where(m => m.Kind is MarkKind.Run or MarkKind.Block or MarkKind.RuntimeBlock)
            .Select(m => (m.Thread, m.Kind, m.Label, m.Activity, Start: ms(m.Ticks), End: ends.TryGetValue(m.Id, out double e) ? e : end))
            .ToList();

        // A thread is a row only if it ran the lesson's own code or blocked in a marked wait; a runtime-reported wait
        // on any other thread (inside HttpClient or the test server) belongs to the runtime, not to the lesson.
        var ownThreads = marks.Where(m => m.Kind is MarkKind.Run or MarkKind.Block).Select(m => m.Thread).ToHashSet();
        foreach (var thread in intervals.Where(i => ownThreads.Contains(i.Thread)).GroupBy(i => i.Thread))
        {
            string name = threadNames.TryGetValue(thread.Key, out string? n) ? n : $"thread #{thread.Key}";
            yield return (thread.Min(i => i.Start), new TimelineRow(
                name,
                IsThread: true,
                Flatten(thread.Select(i => (i.Activity, i.Start, i.End)), s_threadPriority),
                thread.Where(i => i.Kind == MarkKind.Run).Select(i => i.Label!).Distinct().ToList()));
        }
    }

    // Which activity a row shows where several overlap. A thread: a wait inside a work unit is a wait. A row of units of
    // work (all the "await continuation" messages share one): one running beats one queued beats one in flight.
    private static readonly Activity[] s_threadPriority = [Activity.Blocked, Activity.Running];
    private static readonly Activity[] s_itemPriority = [Activity.Running, Activity.Queued, Activity.InFlight];

    /// <summary>Overlapping intervals become one sequence of spans, the activity first in <paramref name="priority"/> winning.</summary>
    private static List<TimelineSpan> Flatten(IEnumerable<(Activity Activity, double Start, double End)> intervals, Activity[] priority)
    {
        var edges = intervals
            .SelectMany(i => new[] { (At: i.Start, i.Activity, Delta: 1), (At: i.End, i.Activity, Delta: -1) })
            .OrderBy(e => e.At)
            .ToList();
        var spans = new List<TimelineSpan>();
        int[] open = new int[Enum.GetValues<Activity>().Length];
        for (int k = 0; k < edges.Count; k++)
        {
            open[(int)edges[k].Activity] += edges[k].Delta;
            double from = edges[k].At;
            double to = k + 1 < edges.Count ? edges[k + 1].At : from;
            Activity now = priority.FirstOrDefault(a => open[(int)a] > 0, Activity.Idle);
            if (to > from && now != Activity.Idle)
            {
                Append(spans, new TimelineSpan(now, from, to));
            }
        }

        // Two runs a few microseconds apart (one Parallel.For row after the other) are one run: no drawing shows the gap.
        for (int k = spans.Count - 1; k > 0; k--)
        {
            if (spans[k].Activity == spans[k - 1].Activity && spans[k].StartMs - spans[k - 1].EndMs < MergeGapMs)
            {
                spans[k - 1] = spans[k - 1] with { EndMs = spans[k].EndMs };
                spans.RemoveAt(k);
            }
        }

        return spans;
    }

    /// <summary>One row per label: each unit of work's states in order, the last one lasting until it ended (or the stop).</summary>
    private static IEnumerable<(double First, TimelineRow Row)> ItemRows(IReadOnlyList<Mark> marks, Func<long, double> ms, double end)
    {
        var items = new List<(string Label, List<(Activity Activity, double Start, double End)> Intervals)>();
        foreach (var item in marks.Where(m => m.Kind is MarkKind.ItemState or MarkKind.ItemEnd).GroupBy(m => m.Id))
        {
            var changes = item.OrderBy(m => m.Ticks).ToList();
            var intervals = new List<(Activity, double, double)>();
            for (int k = 0; k < changes.Count && changes[k].Kind == MarkKind.ItemState; k++)
            {
                double from = ms(changes[k].Ticks);
                intervals.Add((changes[k].Activity, from, Math.Max(from, k + 1 < changes.Count ? ms(changes[k + 1].Ticks) : end)));
            }

            items.Add((changes.Select(c => c.Label).FirstOrDefault(l => l is not null) ?? $"item {item.Key}", intervals));
        }

        foreach (var row in items.GroupBy(i => i.Label))
        {
            var intervals = row.SelectMany(i => i.Intervals).ToList();
            yield return (intervals.Count == 0 ? end : intervals.Min(i => i.Start), new TimelineRow(row.Key, IsThread: false, Flatten(intervals, s_itemPriority), []));
        }
    }

    private static void Append(List<TimelineSpan> spans, TimelineSpan span)
    {
        if (spans.Count > 0 && spans[^1].Activity == span.Activity && Math.Abs(spans[^1].EndMs - span.StartMs) < 1e-9)
        {
            spans[^1] = spans[^1] with { EndMs = span.EndMs };
        }
        else
        {
            spans.Add(span);
        }
    }
}
