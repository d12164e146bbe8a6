using System.Diagnostics;
using Course;

namespace Course.Mixing;

/// <summary>
/// Lesson 4, BEFORE. A pipeline that does both kinds of work: it downloads images (I/O: awaited, correctly) and then
/// blurs them (CPU). It runs on an event loop — one thread, like a UI thread or Python's asyncio loop — and does the CPU
/// work right there, on the loop's thread. Every blur freezes the loop, and the blurs run one after the other on one core.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = LessonOptions.Parse(args);
        int files = options.Int("files", full: 8, quick: 4);
        TimeSpan latency = options.Milliseconds("latency-ms", full: 500, quick: 100);
        int passes = options.Int("passes", full: 500, quick: 50);
        string output = Path.Combine(Path.GetTempPath(), "threadwise-course-04-before");
        Directory.CreateDirectory(output);

        await using var server = LatencyServer.Start(latency, fileSize: 128 * 1024);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Console.WriteLine($"Lesson 4 (before): {files} images, {latency.TotalMilliseconds:0} ms download latency, {passes} blur passes each, on an event loop.");
        Console.WriteLine();

        // One untimed request first: the first one of a run pays for compiling HttpClient's code and for the connection.
        await http.GetByteArrayAsync("files/0");

        using var timeline = Timeline.Start(options, $"Lesson 4 (before): {files} images downloaded, blurred and saved on an event loop");
        using var loop = new EventLoop("event loop");
        var heartbeat = loop.StartHeartbeat(TimeSpan.FromMilliseconds(20));
        Recording recording = timeline.Record("blur on the event loop");
        var clock = Stopwatch.StartNew();
        long checksum = await loop.RunAsync(() => Pipeline.RunAsync(http, files, passes, output, recording), "start pipeline");
        clock.Stop();
        heartbeat.Dispose();
        TimelineChart chart = timeline.Finish(recording);

        var table = new ResultTable("approach", "wall time", "threads that did CPU work", "longest event-loop freeze", "checksum");
        table.Add("blur on the event loop", ResultTable.Seconds(clock.Elapsed), chart.Threads.Count(r => r.Work.Contains("blur")).ToString(), ResultTable.Seconds(heartbeat.LongestFreeze), checksum.ToString());
        table.Print();
        Console.WriteLine();
        Console.WriteLine("The downloads overlapped (awaited), but every blur ran on the loop's one thread: one core, one image at a");
        Console.WriteLine("time, and a frozen loop while it ran. Run samples/course/04-mixing/after: the blurs go to the thread pool.");
        return 0;
    }
}

internal static class Pipeline
{
    public static async Task<long> RunAsync(HttpClient http, int files, int passes, string output, Recording timeline)
    {
        var jobs = new Task<long>[files];
        for (int i = 0; i < files; i++)
        {
            jobs[i] = DownloadAndBlurAsync(http, i, passes, output, timeline);
        }

        long[] checksums = await Task.WhenAll(jobs);
        return checksums.Sum();
    }

    private static async Task<long> DownloadAndBlurAsync(HttpClient http, int index, int passes, string output, Recording timeline)
    {
        // I/O, awaited: the loop is free while the image downloads. Right.
        byte[] image = await timeline.InFlight(http.GetByteArrayAsync($"files/{index}"), $"image {index}");

        // CPU work, inline: after the await we are back on the event loop's thread, and this loop keeps it busy.
        using Recording.Scope blurring = timeline.Run("blur");
        var next = new byte[image.Length];
        // Flagged: a CPU-heavy loop on an async path. Nothing else runs on the loop until it ends (no other download
        // is handled, no UI message), and only one core works. Move it off the loop: `await Task.Run(() => Blur(...))`
        // — the C# counterpart of asyncio's `await loop.run_in_executor(pool, blur, image)`.
        for (int pass = 0; pass < passes; pass++) // expect: TW201
        {
            for (int i = 1; i < image.Length - 1; i++)
            {
                next[i] = (byte)((image[i - 1] + (2 * image[i]) + image[i + 1]) / 4);
            }

            (image, next) = (next, image);
        }

        // Flagged: synchronous file I/O on an async path; the loop waits for the disk. Await WriteAllBytesAsync.
        using Recording.Scope writing = timeline.Block("write");
        File.WriteAllBytes(Path.Combine(output, $"image-{index}.bin"), image); // expect: TW102
        return Checksum(image);
    }

    private static long Checksum(byte[] image)
    {
        long sum = 0;
        foreach (byte value in image)
        {
            sum += value;
        }

        return sum;
    }
}
