using System.Diagnostics;
using Course;

namespace Course.Io;

/// <summary>
/// Lesson 1, AFTER. The same three ways to download, each written the right way. Waiting for the network needs no
/// thread: <c>await</c> hands the thread back while the request is in flight, and <c>Task.WhenAll</c> waits for all the
/// downloads at once. One smart worker does what the threads version needs one thread per file for.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = LessonOptions.Parse(args);
        int files = options.Int("files", full: 6, quick: 4);
        TimeSpan latency = options.Milliseconds("latency-ms", full: 1000, quick: 100);

        await using var server = LatencyServer.Start(latency);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var timeline = Timeline.Start(options, $"Lesson 1 (after): {files} files, {latency.TotalMilliseconds:0} ms latency each, every wait awaited");
        Console.WriteLine($"Lesson 1 (after): downloading {files} files from {server.BaseAddress}, {latency.TotalMilliseconds:0} ms latency each.");
        Console.WriteLine();

        // One untimed request first: the first download of a run pays for compiling HttpClient's code and opening the
        // connection, which would make whichever approach comes first look slower than it is.
        await http.GetByteArrayAsync("files/0");

        var table = new ResultTable("approach", "wall time", "threads used", "busy at once", "blocked at once");
        var notes = new List<string>();
        foreach ((string name, Func<HttpClient, int, Recording, Task<long>> run) in new (string, Func<HttpClient, int, Recording, Task<long>>)[]
                 {
                     ("sequential", SequentialAsync),
                     ("threads", ThreadsAsync),
                     ("async", AllAtOnceAsync),
                 })
        {
            Recording recording = timeline.Record(name);
            var clock = Stopwatch.StartNew();
            long bytes = await run(http, files, recording);
            clock.Stop();
            TimelineChart chart = timeline.Finish(recording);
            if (bytes != (long)files * server.FileSize)
            {
                Console.Error.WriteLine($"{name}: downloaded {bytes} bytes, expected {files * server.FileSize}");
                return 1;
            }

            table.Add(name, ResultTable.Seconds(clock.Elapsed), chart.ThreadsUsed.ToString(), chart.PeakBusy.ToString(), chart.PeakBlocked.ToString());
            notes.Add($"- {name}: {chart.DescribeThreads()}");
        }

        table.Print();
        Console.WriteLine();
        Console.WriteLine("Which threads are counted: the ones that ran this program's own code (the rows of the timelines above).");
        Console.WriteLine("The runtime's timer and socket threads, which only deliver the responses, run none of it and are not counted.");
        notes.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("async is as fast as threads, and no thread waits: while a request is in flight, no thread is needed.");
        Console.WriteLine("Sequential and async may show several threads, but never two busy at once: after an await the method goes on");
        Console.WriteLine("on whichever pool thread is free, for the few microseconds it needs (the thin marks in the timeline).");
        return 0;
    }

    /// <summary>One file after the other, awaiting each: still slow (the waits add up), but no thread is held.</summary>
    private static async Task<long> SequentialAsync(HttpClient http, int files, Recording timeline)
    {
        long total = 0;
        for (int i = 0; i < files; i++)
        {
            Task<byte[]> download;
            using (timeline.Run($"start file {i}"))
            {
                download = timeline.InFlight(http.GetByteArrayAsync($"files/{i}"), $"file {i}");
            }

            // Fixed: await gives the thread back until the response arrives.
            byte[] file = await download;
            using (timeline.Run($"got file {i}"))
            {
                total += file.Length;
            }
        }

        return total;
    }

    /// <summary>
    /// One thread per file, each doing synchronous I/O. That is legitimate synchronous code (nothing to await, so
    /// nothing to flag), and fast — at the price of a blocked thread per download. It runs on the thread pool so that the
    /// async caller is not blocked while the threads work.
    /// </summary>
    private static Task<long> ThreadsAsync(HttpClient http, int files, Recording timeline) =>
        Task.Run(() => DownloadWithThreads(http, files, timeline));

    private static long DownloadWithThreads(HttpClient http, int files, Recording timeline)
    {
        using Recording.Scope running = timeline.Run("start threads");
        long total = 0;
        var threads = new List<Thread>();
        for (int i = 0; i < files; i++)
        {
            string path = $"files/{i}";
            string name = $"downloader {i}";
            string file = $"file {i}";
            var thread = new Thread(() =>
            {
                using Recording.Scope running = timeline.Run(name);
                using (timeline.Block(name))
                {
                    // Fixed: the synchronous API in synchronous code — no task to block on, no deadlock risk.
                    using HttpResponseMessage response = timeline.InFlight(() => http.Send(new HttpRequestMessage(HttpMethod.Get, path)), file);
                    response.EnsureSuccessStatusCode();
                    using var body = new MemoryStream();
                    response.Content.ReadAsStream().CopyTo(body);
                    Interlocked.Add(ref total, body.Length);
                }
            })
            { Name = name };
            threads.Add(thread);
            thread.Start();
        }

        using (timeline.Block("Join"))
        {
            foreach (Thread thread in threads)
            {
                thread.Join();
            }
        }

        return total;
    }

    /// <summary>All downloads started at once, then awaited together with Task.WhenAll: no thread waits.</summary>
    private static async Task<long> AllAtOnceAsync(HttpClient http, int files, Recording timeline)
    {
        var downloads = new Task<byte[]>[files];
        using (timeline.Run("start downloads"))
        {
            for (int i = 0; i < files; i++)
            {
                downloads[i] = timeline.InFlight(http.GetByteArrayAsync($"files/{i}"), $"file {i}");
            }
        }

        // Fixed: await Task.WhenAll waits for every download without holding a thread.
        byte[][] contents = await Task.WhenAll(downloads);
        using Recording.Scope running = timeline.Run("add up");

        long total = 0;
        foreach (byte[] content in contents)
        {
            total += content.Length;
        }

        return total;
    }
}
