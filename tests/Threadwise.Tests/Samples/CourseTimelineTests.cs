using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Threadwise.Tests.Samples;

/// <summary>
/// Checks that each lesson's <c>--quick</c> timeline shows what the lesson says: which threads ran its code, which of
/// them blocked, and what the units of work were doing meanwhile. The timelines come from the same runs as
/// <see cref="CourseRunTests"/> (<see cref="CourseRuns"/>), written as JSON next to the SVG. The claims are about the
/// shape of a run (blocked or not, on which thread), never about how long it took, so a busy machine does not fail them.
/// </summary>
[Collection(SampleCollection.Name)]
public sealed partial class CourseTimelineTests(SampleBuild build)
{
    /// <summary>Lesson 1 downloads this many files with <c>--quick</c>.</summary>
    private const int QuickFiles = 4;

    /// <summary>Lesson 2 multiplies matrices of this size with <c>--quick</c>.</summary>
    private const int QuickMatrixSize = 160;

    /// <summary>A span "lasts to the end" when it ends this close to the end of the chart (both are rounded in JSON).</summary>
    private const double AtTheEndMs = 0.5;

    public static TheoryData<string, string> Programs() => CourseRunTests.Programs();

    [Theory]
    [MemberData(nameof(Programs))]
    public void Program_writes_a_standalone_svg_with_a_chart_per_approach(string lesson, string variant)
    {
        CourseRun run = CourseRuns.Quick(build, lesson, variant);
        XDocument svg = XDocument.Load(run.SvgPath);
        XNamespace ns = "http://www.w3.org/2000/svg";

        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Empty(svg.Descendants(ns + "script"));
        Assert.DoesNotContain(svg.Descendants().Attributes(), a => a.Name.LocalName == "href");
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToHashSet();
        foreach (LessonChart chart in run.Charts().Values)
        {
            Assert.Contains(chart.Title, texts);
            Assert.All(chart.Rows, row => Assert.Contains(row.Name, texts));
        }
    }

    [Fact]
    public void Lesson_1_before_blocks_a_thread_for_every_download_in_flight()
    {
        var charts = CourseRuns.Quick(build, "01-io", "before").Charts();

        foreach (string approach in new[] { "sequential", "async" })
        {
            LessonChart chart = charts[approach];
            Assert.True(chart.ThreadsUsed == 1, chart.ToString());
            foreach (LessonRow file in FileRows(chart))
            {
                Assert.True(chart.BlockedWhileInFlight(file).Any(), $"no thread was blocked while {file.Name} was in flight: {chart}");
            }
        }

        LessonChart threads = charts["threads"];
        var downloaders = Enumerable.Range(0, QuickFiles).Select(i => threads.Row($"downloader {i}")).ToList();
        Assert.True(threads.ThreadsUsed == QuickFiles + 1, $"one thread per file plus the caller in Join: {threads}");
        Assert.All(downloaders, d => Assert.True(d.TimeIn("Blocked") > 0, threads.ToString()));
    }

    [Fact]
    public void Lesson_1_after_blocks_no_thread_while_downloads_are_in_flight()
    {
        var charts = CourseRuns.Quick(build, "01-io", "after").Charts();

        foreach (string approach in new[] { "sequential", "async" })
        {
            LessonChart chart = charts[approach];
            Assert.True(chart.PeakBlocked == 0 && chart.PeakBusy == 1, $"never two threads busy, none blocked: {chart}");
            Assert.All(FileRows(chart), file => Assert.Empty(chart.BlockedWhileInFlight(file)));
        }
    }

    [Theory]
    [InlineData("before")]
    [InlineData("after")]
    public void Lesson_1_table_counts_the_threads_its_timeline_shows(string variant)
    {
        CourseRun run = CourseRuns.Quick(build, "01-io", variant);
        var charts = run.Charts();

        foreach (string approach in new[] { "sequential", "threads", "async" })
        {
            Match row = Regex.Match(run.Result.Output, $@"^\| {approach} +\| [0-9.]+ s +\| (\d+) +\| (\d+) +\| (\d+) +\|", RegexOptions.Multiline);
            Assert.True(row.Success, $"no table row for {approach}:{Environment.NewLine}{run.Result.Output}");
            LessonChart chart = charts[approach];
            Assert.Equal(
                (chart.Threads.Count(), chart.PeakBusy, chart.PeakBlocked),
                (Number(row.Groups[1]), Number(row.Groups[2]), Number(row.Groups[3])));
        }
    }

    [Fact]
    public void Lesson_2_before_computes_async_on_the_caller_alone_and_Parallel_For_on_every_core()
    {
        CourseRun run = CourseRuns.Quick(build, "02-cpu", "before");
        var charts = run.Charts();

        LessonChart async = charts["async"];
        Assert.True(async.Threads.Select(t => t.Name).SequenceEqual(["caller"]), $"one busy thread, the caller: {async}");
        Assert.Contains("multiply", async.Row("caller").Work);

        LessonChart parallel = charts["Parallel.For"];
        Assert.Contains("row", parallel.Row("caller").Work); // Parallel.For makes the blocked caller one of its workers
        AssertRowsRanOnSeveralThreadsWhereThereAreSeveralCores(parallel, "before");
        Assert.Contains($"on {Environment.ProcessorCount} core", run.Result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lesson_2_after_leaves_the_caller_free_while_pool_threads_compute()
    {
        var charts = CourseRuns.Quick(build, "02-cpu", "after").Charts();

        LessonChart async = charts["async"];
        Assert.DoesNotContain("row", async.Row("caller").Work);
        Assert.True(async.Threads.Count(t => t.Work.Contains("row")) == 1, $"Task.Run: one thread computes: {async}");

        LessonChart parallel = charts["Parallel.For"];
        Assert.DoesNotContain("row", parallel.Row("caller").Work);
        AssertRowsRanOnSeveralThreadsWhereThereAreSeveralCores(parallel, "after");
    }

    [Fact]
    public void Lesson_3_before_shows_the_UI_thread_blocked_and_the_continuation_queued_until_the_deadlock_is_detected()
    {
        LessonChart ui = CourseRuns.Quick(build, "03-sync-over-async", "before").Charts()["UI thread (SynchronizationContext)"];

        LessonRow thread = ui.Row("UI thread");
        LessonSpan last = thread.Spans[^1];
        Assert.True(last.Activity == "Blocked" && ui.DurationMs - last.EndMs < AtTheEndMs, $"the UI thread must stay blocked to the end: {ui}");
        Assert.True(thread.TimeIn("Blocked") > ui.DurationMs * 0.5, ui.ToString());

        LessonRow download = ui.Row("download");
        Assert.True(ui.DurationMs - download.Spans[^1].EndMs > AtTheEndMs, $"the download itself completed: {ui}");

        LessonRow continuation = ui.Row("await continuation");
        Assert.True(continuation.Spans.All(s => s.Activity == "Queued"), $"the continuation never ran: {ui}");
        Assert.True(ui.DurationMs - continuation.Spans[^1].EndMs < AtTheEndMs, $"it waited for the UI thread to the end: {ui}");
        Assert.True(continuation.Spans[0].StartMs >= download.Spans[^1].EndMs - AtTheEndMs, $"queued when the download completed: {ui}");

        LessonChart pool = CourseRuns.Quick(build, "03-sync-over-async", "before").Charts()["thread pool (no context)"];
        Assert.NotEmpty(pool.BlockedWhileInFlight(pool.Row("download")));
    }

    [Fact]
    public void Lesson_3_after_keeps_the_UI_thread_free_and_runs_the_continuation_on_it()
    {
        var charts = CourseRuns.Quick(build, "03-sync-over-async", "after").Charts();
        LessonChart ui = charts["UI thread (SynchronizationContext)"];

        Assert.True(ui.PeakBlocked == 0, ui.ToString());
        Assert.Contains(ui.Row("await continuation").Spans, s => s.Activity == "Running");
        Assert.Empty(charts["thread pool (no context)"].BlockedWhileInFlight(charts["thread pool (no context)"].Row("download")));
    }

    [Fact]
    public void Lesson_4_before_blurs_on_the_event_loop_and_after_on_pool_threads()
    {
        LessonChart before = CourseRuns.Quick(build, "04-mixing", "before").Charts()["blur on the event loop"];
        LessonChart after = CourseRuns.Quick(build, "04-mixing", "after").Charts()["blur with Task.Run"];

        Assert.True(before.Threads.Where(t => t.Work.Contains("blur")).Select(t => t.Name).SequenceEqual(["event loop"]), before.ToString());
        Assert.DoesNotContain("blur", after.Row("event loop").Work);
        Assert.True(after.Threads.Any(t => t.Work.Contains("blur")), after.ToString());
    }

    [Fact]
    public void Lesson_5_before_the_caller_reads_the_count_while_the_saves_are_in_flight_and_after_once_they_are_done()
    {
        LessonChart before = CourseRuns.Quick(build, "05-pitfalls", "before").Charts()["async void"];
        LessonChart after = CourseRuns.Quick(build, "05-pitfalls", "after").Charts()["async void"];

        Assert.True(ReadCount(before).EndMs < LastSaveEnd(before), $"async void: the count is read before the saves end: {before}");
        Assert.True(ReadCount(after).StartMs > LastSaveEnd(after), $"async Task, awaited: the count is read after the saves end: {after}");

        static LessonSpan ReadCount(LessonChart chart) =>
            chart.Threads.Single(t => t.Work.Contains("read the count")).Spans.Last(s => s.Activity == "Running");

        static double LastSaveEnd(LessonChart chart) =>
            chart.Rows.Where(r => r.Name.StartsWith("report ", StringComparison.Ordinal)).Max(r => r.Spans[^1].EndMs);
    }

    [Fact]
    public void Lesson_5_before_enters_the_Monitor_on_one_thread_and_exits_it_on_another()
    {
        LessonChart chart = CourseRuns.Quick(build, "05-pitfalls", "before").Charts()["lock held across await"];

        LessonRow enter = chart.Threads.Single(t => t.Work.Contains("Monitor.Enter"));
        LessonRow exit = chart.Threads.Single(t => t.Work.Contains("Monitor.Exit"));
        Assert.True(enter.Name != exit.Name, chart.ToString());
    }

    private static IEnumerable<LessonRow> FileRows(LessonChart chart)
    {
        var files = chart.Rows.Where(r => !r.IsThread && r.Name.StartsWith("file ", StringComparison.Ordinal)).ToList();
        Assert.True(files.Count == QuickFiles, chart.ToString());
        return files;
    }

    // On a machine busy with other tests, a quick run (a few milliseconds of work) can end before the OS schedules a
    // second pool thread: up to two fresh runs more, each with eight times the work (a matrix twice the size), before
    // the claim counts as false.
    private void AssertRowsRanOnSeveralThreadsWhereThereAreSeveralCores(LessonChart chart, string variant)
    {
        int computing = chart.Threads.Count(t => t.Work.Contains("row"));
        for (int attempt = 1; attempt <= 2 && Environment.ProcessorCount > 1 && computing < 2; attempt++)
        {
            string size = (QuickMatrixSize << attempt).ToString(CultureInfo.InvariantCulture);
            chart = CourseRuns.Again(build, "02-cpu", variant, attempt, "--size", size).Charts()["Parallel.For"];
            computing = chart.Threads.Count(t => t.Work.Contains("row"));
        }

        Assert.True(
            Environment.ProcessorCount == 1 ? computing >= 1 : computing >= 2,
            $"{computing} threads computed rows on {Environment.ProcessorCount} cores: {chart}");
    }

    private static int Number(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);
}
