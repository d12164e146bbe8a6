using System.Diagnostics;
using Course;

namespace Course.Mixing;

/// <summary>
/// Lesson 4, AFTER. The same pipeline on the same event loop: I/O is awaited (downloads and file writes), and the CPU
/// work is offloaded with <c>Task.Run</c> — the C# counterpart of running a CPU-bound function in an executor from
/// asyncio's event loop. The loop stays free, and the blurs run in parallel on every core (.NET threads have no global
/// interpreter lock, so a thread pool is enough; Python would need a process pool for the same speed-up).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = LessonOptions.Parse(args);
        int files = options.Int("files", full: 8, quick: 4);
        TimeSpan latency = options.Milliseconds("latency-ms", full: 500, quick: 100);
        int passes = options.Int("passes", full: 500, quick: 50);
        string output = Path.Combine(Path.GetTempPath(), "threadwise-course-04-after");
        Directory.CreateDirectory(output);

        await using var server = LatencyServer.Start(latency, fileSize: 128 * 1024);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Console.WriteLine($"Lesson 4 (after): {files} images, {latency.TotalMilliseconds:0} ms download latency, {passes} blur passes each, on an event loop.");
        Console.WriteLine();

        // One untimed request first: the first one of a run pays for compiling HttpClient's code and for the connection.
        await http.GetByteArrayAsync("files/0");

        using var timeline = Timeline.Start(options, $"Lesson 4 (after): {files} images downloaded, blurred and saved on an event loop");
        using var loop = new EventLoop("event loop");
        var heartbeat = loop.StartHeartbeat(TimeSpan.FromMilliseconds(20));
        Recording recording = timeline.Record("blur with Task.Run");
        var clock = Stopwatch.StartNew();
        long checksum = await loop.RunAsync(() => Pipeline.RunAsync(http, files, passes, output, recording), "start pipeline");
        clock.Stop();
        heartbeat.Dispose();
        TimelineChart chart = timeline.Finish(recording);

        var table = new ResultTable("approach", "wall time", "threads that did CPU work", "longest event-loop freeze", "checksum");
        table.Add("blur with Task.Run", ResultTable.Seconds(clock.Elapsed), chart.Threads.Count(r => r.Work.Contains("blur")).ToString(), ResultTable.Seconds(heartbeat.LongestFreeze), checksum.ToString());
        table.Print();
        Console.WriteLine();
        Console.WriteLine("The loop only started downloads and blurs and collected results: it stayed responsive, and the blurs ran on");
        Console.WriteLine("thread-pool threads, in parallel. Same checksum as before: the same work, done in the right places.");
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

        // CPU work, offloaded: Blur runs on a thread-pool thread while the loop handles other work; the await resumes
        // on the loop when the blur is done. Python: `blurred = await loop.run_in_executor(pool, blur, image, passes)`.
        byte[] blurred = await Task.Run(() => Blur(image, passes, timeline));

        // I/O, awaited: the loop is free while the file is written.
        await timeline.InFlight(File.WriteAllBytesAsync(Path.Combine(output, $"image-{index}.bin"), blurred), $"image {index}");
        return Checksum(blurred);
    }

    /// <summary>A blur along each row of pixels, repeated: plain CPU work in plain synchronous code.</summary>
    private static byte[] Blur(byte[] image, int passes, Recording timeline)
    {
        using Recording.Scope blurring = timeline.Run("blur");
        var next = new byte[image.Length];
        for (int pass = 0; pass < passes; pass++)
        {
            for (int i = 1; i < image.Length - 1; i++)
            {
                next[i] = (byte)((image[i - 1] + (2 * image[i]) + image[i + 1]) / 4);
            }

            (image, next) = (next, image);
        }

        return image;
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
