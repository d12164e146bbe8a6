using System.Diagnostics;
using Course;

namespace Course.Cpu;

/// <summary>
/// Lesson 2, BEFORE. Multiplying matrices is CPU work: the processor is busy the whole time, nothing is waited for.
/// <c>async</c> does not help with that — there is nothing to await — but more cores do: <c>Parallel.For</c> splits the
/// rows over every core. This version gets the speed-up, but runs the work in ways that block the async caller.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = LessonOptions.Parse(args);
        int n = options.Int("size", full: 800, quick: 160);
        double[] a = RandomMatrix(n, seed: 1);
        double[] b = RandomMatrix(n, seed: 2);
        int cores = Environment.ProcessorCount;
        using var timeline = Timeline.Start(options, $"Lesson 2 (before): {n}x{n} matrix product on {cores} {(cores == 1 ? "core" : "cores")}");
        Console.WriteLine($"Lesson 2 (before): multiplying two {n}x{n} matrices on {cores} {(cores == 1 ? "core" : "cores")}.");
        Console.WriteLine();

        var table = new ResultTable("approach", "wall time", "speed-up", "threads used", "caller free meanwhile");
        TimeSpan sequential = TimeSpan.Zero;
        TimeSpan parallel = TimeSpan.Zero;
        string parallelThreads = string.Empty;
        double[]? expected = null;
        var approaches = new (string Name, Func<double[], double[], int, Recording, Task<double[]>> Run)[]
        {
            ("sequential", (x, y, size, timeline) => Task.FromResult(Multiply(x, y, size, timeline))),
            ("async", (x, y, size, timeline) => MultiplyAsync(x, y, size, timeline)),
            ("Parallel.For", (x, y, size, timeline) => MultiplyParallelAsync(x, y, size, timeline)),
        };

        // Untimed warm-up on tiny matrices: the first call of each approach compiles its code (this lesson JIT-compiles
        // straight to optimized code, which takes a while), and that would otherwise be timed and drawn.
        foreach (var (_, run) in approaches)
        {
            await run(RandomMatrix(8, seed: 1), RandomMatrix(8, seed: 2), 8, new Recording("warm-up"));
        }

        // The caller is a UI-like thread (an event loop, lesson 3 and 4 use one too): its row shows whether it was free
        // while the work ran. A thread-pool caller would not show it: it often runs the very work it queued.
        using var caller = new EventLoop("caller");
        foreach ((string name, Func<double[], double[], int, Recording, Task<double[]>> run) in approaches)
        {
            Recording recording = timeline.Record(name);
            var clock = Stopwatch.StartNew();
            (bool callerFree, double[] c) = await caller.RunAsync(
                async () =>
                {
                    Task<double[]> work = run(a, b, n, recording);
                    bool free = !work.IsCompleted; // did the caller get its thread back before the work was done?
                    return (free, await work);
                },
                "click: multiply");
            clock.Stop();
            TimelineChart chart = timeline.Finish(recording);

            expected ??= c;
            if (!c.AsSpan().SequenceEqual(expected))
            {
                Console.Error.WriteLine($"{name}: the product differs from the sequential one");
                return 1;
            }

            sequential = sequential == TimeSpan.Zero ? clock.Elapsed : sequential;
            parallel = name == "Parallel.For" ? clock.Elapsed : parallel;
            parallelThreads = name == "Parallel.For" ? TerminalChart.Plural(chart.PeakBusy, "thread") : parallelThreads;
            table.Add(name, ResultTable.Seconds(clock.Elapsed), $"{sequential / clock.Elapsed:0.0}x", chart.ThreadsUsed.ToString(), callerFree ? "yes" : "no");
        }

        table.Print();
        Console.WriteLine();
        Console.WriteLine($"Parallel.For ran {sequential / parallel:0.0}x as fast as sequential: {parallelThreads} busy at once on {cores} {(cores == 1 ? "core" : "cores")}.");
        Console.WriteLine(cores == 1
            ? "This machine has 1 core: Parallel.For's threads take turns on it, so there is no gain (the ideal speed-up is 1x)."
            : $"The ideal is {cores}x, one thread per core; other programs busy on the same cores lower it.");
        Console.WriteLine(".NET has no global interpreter lock (unlike CPython): threads run C# code on every core at the same time.");
        Console.WriteLine("async brought nothing: with no await inside, an async method runs to its end on the caller's thread.");
        Console.WriteLine("No approach here let the caller go on meanwhile. Run samples/course/02-cpu/after for the fix.");
        return 0;
    }

    /// <summary>Sequential: one core does all the work. Plain synchronous code, and nothing wrong with that.</summary>
    private static double[] Multiply(double[] a, double[] b, int n, Recording timeline)
    {
        var c = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            MultiplyRow(a, b, c, n, i, timeline);
        }

        return c;
    }

    /// <summary>"Make it async": the same loops inside an async method.</summary>
    private static async Task<double[]> MultiplyAsync(double[] a, double[] b, int n, Recording timeline)
    {
        var c = new double[n * n];
        using Recording.Scope running = timeline.Run("multiply");
        // Flagged: a CPU-heavy loop on an async path. `async` does not move work to another thread: with no await
        // inside, this runs to the end on the caller's thread (a UI thread freezes, a server request thread is taken),
        // on one core. CPU work belongs on the thread pool: `await Task.Run(() => Multiply(a, b, n))`.
        for (int i = 0; i < n; i++) // expect: TW201
        {
            for (int k = 0; k < n; k++)
            {
                double aik = a[(i * n) + k];
                for (int j = 0; j < n; j++)
                {
                    c[(i * n) + j] += aik * b[(k * n) + j];
                }
            }
        }

        return c;
    }

    /// <summary>Parallel.For: every core computes rows at the same time — called straight from an async method.</summary>
    private static async Task<double[]> MultiplyParallelAsync(double[] a, double[] b, int n, Recording timeline)
    {
        var c = new double[n * n];
        // Flagged: Parallel.For runs synchronously. It is fast, but the calling thread is blocked (and used as one of
        // the workers) until the last row is done — on an async path that is a blocked UI or request thread.
        // Start it with `await Task.Run(() => Parallel.For(...))` instead.
        Parallel.For(0, n, i => MultiplyRow(a, b, c, n, i, timeline)); // expect: TW202
        return c;
    }

    /// <summary>Row i of c = a × b. Rows are independent of each other, which is what makes Parallel.For safe here.</summary>
    private static void MultiplyRow(double[] a, double[] b, double[] c, int n, int i, Recording timeline)
    {
        using Recording.Scope running = timeline.Run("row");
        for (int k = 0; k < n; k++)
        {
            double aik = a[(i * n) + k];
            for (int j = 0; j < n; j++)
            {
                c[(i * n) + j] += aik * b[(k * n) + j];
            }
        }
    }

    private static double[] RandomMatrix(int n, int seed)
    {
        var random = new Random(seed);
        var m = new double[n * n];
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = random.NextDouble();
        }

        return m;
    }
}
