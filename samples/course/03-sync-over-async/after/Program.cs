using System.Diagnostics;
using Course;

namespace Course.SyncOverAsync;

/// <summary>
/// Lesson 3, AFTER. Async all the way: the Click handler is <c>async void</c> (the one place where async void is
/// right) and awaits the download. While the download is in flight the UI thread is free and keeps handling messages;
/// the handler resumes on the UI thread when the profile arrives. No thread blocks, nothing deadlocks.
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
        Console.WriteLine($"Lesson 3 (after): loading a profile ({latency.TotalMilliseconds:0} ms latency) and awaiting it.");
        Console.WriteLine();
        using var timeline = Timeline.Start(options, "Lesson 3 (after): await in a handler, on a pool thread, then on a UI thread");
        var table = new ResultTable("where the handler runs", "outcome", "wall time", "UI messages handled", "longest UI freeze");

        // 1. A thread-pool thread, as in a console app or ASP.NET Core: there is no SynchronizationContext.
        // One untimed request first: the first one of a run pays for compiling HttpClient's code and for the connection.
        await http.GetByteArrayAsync("files/0");

        Recording poolRecording = timeline.Record("thread pool (no context)");
        var clock = Stopwatch.StartNew();
        string profile = await Task.Run(async () =>
        {
            Task<string> loading;
            using (poolRecording.Run("handler"))
            {
                loading = Profiles.LoadAsync(http);
            }

            return await loading; // the thread goes back to the pool until the profile is there
        });
        clock.Stop();
        table.Add("thread pool (no context)", $"loaded {profile}, no thread blocked", ResultTable.Seconds(clock.Elapsed), "-", "-");

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
            Console.Error.WriteLine("The profile did not load in time: the fixed handler should never get stuck.");
            return 1;
        }

        Console.WriteLine("The UI thread handled messages (clicks, repaints) all through the download: it was never blocked.");
        return 0;
    }
}

/// <summary>Stands in for a window with a "Load profile" button; its Click handler runs on the UI thread.</summary>
internal sealed class ProfileWindow(HttpClient http)
{
    private readonly TaskCompletionSource<string> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the handler has shown the profile.</summary>
    public Task<string> Loaded => _loaded.Task;

    /// <summary>
    /// The button's Click handler. Fixed: async all the way. `async void` is right for an event handler (its signature is
    /// fixed by the event); anywhere else it is a bug (lesson 5). Exceptions are caught here, because nobody awaits it.
    /// </summary>
    public async void OnLoadClicked(object? sender, EventArgs e)
    {
        try
        {
            // The await hands the UI thread back while the download is in flight, and resumes here, on the UI thread.
            string profile = await Profiles.LoadAsync(http);
            _loaded.TrySetResult(profile);
        }
        catch (Exception error)
        {
            _loaded.TrySetException(error);
        }
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
}
