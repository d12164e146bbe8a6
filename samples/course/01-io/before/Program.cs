using System.Diagnostics;
using Course;

namespace Course.Io;

/// <summary>
/// Lesson 1, BEFORE. Downloading files is I/O: the program spends its time waiting for the network, not computing.
/// This version downloads them three ways and BLOCKS a thread on every wait. Build it to see the warnings; run it to see
/// what the blocking costs: sequential is slow, and the threads version is fast only because it pays one blocked thread
/// per download.
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
        using var timeline = Timeline.Start(options, $"Lesson 1 (before): {files} files, {latency.TotalMilliseconds:0} ms latency each, every wait blocks");
        Console.WriteLine($"Lesson 1 (before): downloading {files} files from {server.BaseAddress}, {latency.TotalMilliseconds:0} ms latency each.");
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
        Console.WriteLine("Every blocked thread is a thread doing nothing. Build this project to see which lines Threadwise flags,");
        Console.WriteLine("then run samples/course/01-io/after: the same downloads with await.");
        return 0;
    }

    /// <summary>One file after the other, blocking until each download finishes.</summary>
    private static async Task<long> SequentialAsync(HttpClient http, int files, Recording timeline)
    {
        long total = 0;
        for (int i = 0; i < files; i++)
        {
            using Recording.Scope running = timeline.Run($"file {i}");
            Task<byte[]> download = timeline.InFlight(http.GetByteArrayAsync($"files/{i}"), $"file {i}");
            using (timeline.Block($"waits for file {i}"))
            {
                // Flagged: .Result inside an async method parks this thread until the response arrives. The method is
                // already async, so `await` could give the thread back instead (the fix does exactly that).
                byte[] file = download.Result; // expect: TW101
                total += file.Length;
            }
        }

        return total;
    }

    /// <summary>One thread per file: all downloads wait at the same time, each on its own blocked thread.</summary>
    private static Task<long> ThreadsAsync(HttpClient http, int files, Recording timeline)
    {
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
                Task<byte[]> download = timeline.InFlight(http.GetByteArrayAsync(path), file);
                using (timeline.Block(name))
                {
                    // Not flagged: this thread was made to be blocked, so the wait cannot deadlock a SynchronizationContext
                    // or starve the thread pool (TW103 stays silent on dedicated threads). It is still the costly way:
                    // each thread exists only to sit here and wait; with 1,000 files that is 1,000 threads (about 1 MB
                    // of stack each). The table's thread count shows the price; async does the same with none.
                    byte[] content = download.Result;
                    Interlocked.Add(ref total, content.Length);
                }
            })
            { Name = name };
            threads.Add(thread);
            thread.Start();
        }

        using (timeline.Block("Join"))
        {
            // The caller waits for the threads too (Join is fine in synchronous code: there is nothing to await).
            foreach (Thread thread in threads)
            {
                thread.Join();
            }
        }

        return Task.FromResult(total);
    }

    /// <summary>All downloads started at once as tasks — then the caller blocks until all of them finish.</summary>
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

        using (timeline.Block("Task.WaitAll"))
        {
            // Flagged: Task.WaitAll blocks the calling thread until every download is done. The downloads themselves
            // need no thread; `await Task.WhenAll(...)` waits for them without holding one.
            Task.WaitAll(downloads); // expect: TW101
        }

        long total = 0;
        foreach (Task<byte[]> download in downloads)
        {
            total += download.Result.Length;
        }

        return total;
    }
}
