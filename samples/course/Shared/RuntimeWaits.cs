using System.Diagnostics.Tracing;

namespace Course;

/// <summary>
/// Listens to the runtime's own task events (<c>System.Threading.Tasks.TplEventSource</c>) for the synchronous waits:
/// <c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c> on a task that is not done yet. The runtime writes
/// TaskWaitBegin (behaviour "synchronous") on the thread that blocks and TaskWaitEnd on the same thread when it wakes,
/// and an <see cref="EventListener"/> gets managed events on the writing thread, so each one lands on the right row
/// without the lesson marking the wait by hand. Only waits inside the lesson's own work (a Run scope) count: a pool
/// thread back in the pool runs the runtime's code, not the lesson's. A wait that never ends — lesson 3's deadlock —
/// stays open to the end.
/// </summary>
internal sealed class RuntimeWaits : EventListener
{
    private const int TaskWaitBegin = 10;
    private const int TaskWaitEnd = 11;
    private const int SynchronousBehavior = 1;
    private const EventKeywords TasksKeyword = (EventKeywords)2;

    // The waits open on this thread, innermost last: (task id, the recording it was marked in, the mark's id).
    [ThreadStatic]
    private static Stack<(int Task, Recording Recording, int Mark)>? t_open;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "System.Threading.Tasks.TplEventSource")
        {
            // Verbose because TaskWaitEnd is a verbose event; only the Tasks keyword, which carries both.
            EnableEvents(eventSource, EventLevel.Verbose, TasksKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventId == TaskWaitBegin && e.Payload is { Count: > 3 } begin && Convert.ToInt32(begin[3]) == SynchronousBehavior)
        {
            if (Timeline.Active is { } recording && Recording.InOwnWork)
            {
                (t_open ??= new()).Push((Convert.ToInt32(begin[2]), recording, recording.RuntimeBlockBegin()));
            }
        }
        else if (e.EventId == TaskWaitEnd && e.Payload is { Count: > 2 } end && t_open is { Count: > 0 } open &&
                 open.Peek().Task == Convert.ToInt32(end[2]))
        {
            (_, Recording recording, int mark) = open.Pop();
            recording.End(mark);
        }
    }
}
