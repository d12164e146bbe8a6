using System.Diagnostics;
using Course;

namespace Course.SyncOverAsync;

/// <summary>
/// Lesson 3, BEFORE. "Sync over async": calling an async method and blocking on its task with <c>.Result</c>. On a
/// thread-pool thread that merely wastes a thread. On a UI thread it deadlocks: the UI thread waits for the task, and
/// the task waits to resume on the UI thread. This program runs the same handler both ways; the UI thread is a tiny
/// single-threaded <see cref="EventLoop"/>, and the deadlock is detected with a timeout instead of hanging forever.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = LessonOptions.Parse(args);
        TimeSpan latency = options.Milliseconds("latency-ms", full: 500, quick: 100);
        TimeSpan timeout = options.Milliseconds("timeout-ms", full: 3000, quick: 1000);

        await using var server = LatencyServer.Start(latency);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Console.WriteLine($"Lesson 3 (before): loading a profile ({latency.TotalMilliseconds:0} ms latency) and blocking on it with .Result.");
        Console.WriteLine();
        using var timeline = Timeline.Start(options, "Lesson 3 (before): .Result in a handler, on a pool thread, then on a UI thread");
        var table = new ResultTable("where the handler runs", "outcome", "wall time", "UI messages handled", "longest UI freeze");

        // 1. A thread-pool thread, as in a console app or ASP.NET Core: there is no SynchronizationContext.
        // One untimed request first: the first one of a run pays for compiling HttpClient's code and for the connection.
        await http.GetByteArrayAsync("files/0");

        Recording poolRecording = timeline.Record("thread pool (no context)");
        var clock = Stopwatch.StartNew();
        string profile = await Task.Run(() =>
        {
            using (poolRecording.Run("handler"))
            {
                return Profiles.LoadBlocking(http);
            }
        });
        clock.Stop();
        table.Add("thread pool (no context)", $"loaded {profile}, a thread blocked meanwhile", ResultTable.Seconds(clock.Elapsed), "-", "-");

        timeline.Finish(poolRecording);

        // 2. A UI thread: a single thread with a SynchronizationContext that brings every await back to it.
        using var ui = new EventLoop("UI thread");
        var window = new ProfileWindow(http);
        var heartbeat = ui.StartHeartbeat(TimeSpan.FromMilliseconds(20));
        clock.Restart();
        Recording uiRecording = timeline.Record("UI thread (SynchronizationContext)");
        ui.Post(() => window.OnLoadClicked(window, EventArgs.Empty), "click handler"); // the user clicks "Load profile"
        bool loaded = await Task.WhenAny(window.Loaded, Task.Delay(timeout)) == window.Loaded;
        clock.Stop();
        heartbeat.Dispose();
        timeline.Finish(uiRecording);
        string outcome = loaded ? $"loaded {await window.Loaded}" : $"DEADLOCK: no result after {timeout.TotalSeconds:0.0} s, gave up";
        table.Add("UI thread (SynchronizationContext)", outcome, ResultTable.Seconds(clock.Elapsed), heartbeat.Handled.ToString(), ResultTable.Seconds(heartbeat.LongestFreeze));

        table.Print();
        Console.WriteLine();
        if (!loaded)
        {
            Console.WriteLine("Deadlock detected: the UI thread sits in .Result waiting for Profiles.LoadAsync, and LoadAsync waits");
            Console.WriteLine("for the UI thread, because its `await` resumes on the thread it started on. Neither can go on. A real app");
            Console.WriteLine("would hang here for good (this program gives up after the timeout and exits normally).");
        }

        Console.WriteLine("Run samples/course/03-sync-over-async/after: the handler awaits, and the UI keeps handling messages.");
        return 0;
    }
}

/// <summary>Stands in for a window with a "Load profile" button; its Click handler runs on the UI thread.</summary>
internal sealed class ProfileWindow(HttpClient http)
{
    private readonly TaskCompletionSource<string> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the handler has shown the profile.</summary>
    public Task<string> Loaded => _loaded.Task;

    /// <summary>The button's Click handler — synchronous, so it "has to" block to get the result.</summary>
    public void OnLoadClicked(object? sender, EventArgs e)
    {
        // Flagged: a blocking wait in synchronous code. Here it runs on the UI thread, so it deadlocks: .Result blocks
        // the UI thread until LoadAsync finishes, and LoadAsync can only finish on the UI thread. The fix makes the
        // handler `async void` (right for event handlers) and awaits.
        string profile = Profiles.LoadAsync(http).Result; // expect: TW103
        _loaded.TrySetResult(profile);
    }
}

internal static class Profiles
{
    /// <summary>Downloads a profile. Its await captures the caller's SynchronizationContext, like most app code.</summary>
    public static async Task<string> LoadAsync(HttpClient http)
    {
        byte[] data = await Timeline.InFlight(http.GetByteArrayAsync("files/1"), "download");
        return $"profile {Convert.ToHexString(data, 0, 4)}";
    }

    /// <summary>The "synchronous wrapper" many code bases grow around an async method.</summary>
    public static string LoadBlocking(HttpClient http)
    {
        // Flagged: a blocking wait in synchronous code. On a thread-pool thread it does not deadlock, but it holds the
        // thread for the whole download — and called from a UI thread it would deadlock exactly like the handler.
        return LoadAsync(http).Result; // expect: TW103
    }
}
