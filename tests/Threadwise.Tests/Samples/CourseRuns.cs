using System.Collections.Concurrent;
using System.Text.Json;
using Threadwise.Tests.Infrastructure;

namespace Threadwise.Tests.Samples;

/// <summary>
/// Runs each program of the course once per test run, with <c>--quick</c> and its timeline written as JSON and SVG to a
/// temp folder, and hands the same run to every test that asks (the table test and the timeline tests), so a program
/// is started once however many tests read it. <see cref="SampleBuild.StartInBackground"/> runs them all, one after
/// another, right after the sample build; a test that asks for a run not yet made makes it (or waits for it).
/// </summary>
internal static class CourseRuns
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private static readonly ConcurrentDictionary<(string Lesson, string Variant), Lazy<CourseRun>> s_runs = new();
    private static readonly string s_folder = Path.Combine(Path.GetTempPath(), "threadwise-course-runs", Guid.NewGuid().ToString("N")[..12]);

    /// <summary>
    /// The shared run of one program. <paramref name="build"/> is the sample collection's fixture: the callers are tests of
    /// that collection, which outlives the runs (the build itself is shared, see <see cref="SampleBuild.Shared"/>).
    /// </summary>
    public static CourseRun Quick(SampleBuild build, string lesson, string variant) => Quick(lesson, variant);

    /// <summary>Runs every program not yet run. A failed run is kept and reported to the tests that read it.</summary>
    public static void RunAll()
    {
        foreach (object[] program in CourseRunTests.Programs())
        {
            try
            {
                Quick((string)program[0], (string)program[1]);
            }
            catch (Exception)
            {
                // The Lazy keeps the exception: the tests that read this run fail with it.
            }
        }
    }

    private static CourseRun Quick(string lesson, string variant) =>
        s_runs.GetOrAdd((lesson, variant), key => new Lazy<CourseRun>(() => Start(key.Lesson, key.Variant))).Value;

    /// <summary>
    /// A fresh run, not shared, with extra arguments: for a claim about the scheduler (several pool threads took part)
    /// that a machine busy with other tests can miss in a few milliseconds of work, however true it is.
    /// </summary>
    public static CourseRun Again(SampleBuild build, string lesson, string variant, int attempt, params string[] arguments) =>
        Start(lesson, variant, "-" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), arguments);

    private static CourseRun Start(string lesson, string variant, string suffix = "", params string[] arguments)
    {
        DotnetResult build = SampleBuild.Shared.EnsureSuccess();
        string folder = RepositoryRoot.Combine("samples", "course", lesson, variant);
        string project = Path.GetFileNameWithoutExtension(Directory.EnumerateFiles(folder, "*.csproj").Single());
        string program = Path.Combine(folder, "bin", DotnetCli.Configuration, "net10.0", project + ".dll");
        Assert.True(File.Exists(program), $"{program} was not built.{Environment.NewLine}{build.Describe()}");

        Directory.CreateDirectory(s_folder);
        string json = Path.Combine(s_folder, $"{lesson}-{variant}{suffix}.json");
        string svg = Path.Combine(s_folder, $"{lesson}-{variant}{suffix}.svg");
        DotnetResult run = DotnetCli.Run(folder, [program, "--quick", "--timeline", json, "--timeline", svg, .. arguments], s_timeout);
        run.EnsureSuccess();
        return new CourseRun(run, json, svg);
    }
}

/// <summary>One run of a course program: its output and the timeline files it wrote.</summary>
internal sealed record CourseRun(DotnetResult Result, string JsonPath, string SvgPath)
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The charts of the timeline, one per approach, by title.</summary>
    public IReadOnlyDictionary<string, LessonChart> Charts() =>
        JsonSerializer.Deserialize<LessonTimeline>(File.ReadAllText(JsonPath), s_json)!.Charts.ToDictionary(c => c.Title);
}

internal sealed record LessonTimeline(string Caption, List<LessonChart> Charts);

internal sealed record LessonChart(string Title, double DurationMs, List<LessonRow> Rows, int ThreadsUsed, int PeakBusy, int PeakBlocked)
{
    public IEnumerable<LessonRow> Threads => Rows.Where(r => r.IsThread);

    public LessonRow Row(string name) =>
        Rows.SingleOrDefault(r => r.Name == name) ?? throw new Xunit.Sdk.XunitException(
            $"'{Title}' has no row '{name}'; its rows: {string.Join(", ", Rows.Select(r => r.Name))}");

    /// <summary>The rows that were blocked at some moment while <paramref name="item"/> was in flight.</summary>
    public IEnumerable<LessonRow> BlockedWhileInFlight(LessonRow item) =>
        Threads.Where(t => t.Spans.Any(b => b.Activity == "Blocked" &&
            item.Spans.Any(f => f.Activity == "InFlight" && b.StartMs < f.EndMs && f.StartMs < b.EndMs)));

    public override string ToString() =>
        $"{Title} ({DurationMs:0.0} ms):{Environment.NewLine}" + string.Join(Environment.NewLine, Rows.Select(r => "  " + r));
}

internal sealed record LessonRow(string Name, bool IsThread, List<LessonSpan> Spans, List<string> Work)
{
    public double TimeIn(string activity) => Spans.Where(s => s.Activity == activity).Sum(s => s.EndMs - s.StartMs);

    public override string ToString() =>
        $"{Name}{(IsThread ? " (thread)" : string.Empty)}: {string.Join(" ", Spans.Select(s => $"{s.Activity}[{s.StartMs:0.0}-{s.EndMs:0.0}]"))}" +
        (Work.Count > 0 ? $" work: {string.Join(", ", Work.Take(8))}" : string.Empty);
}

internal sealed record LessonSpan(string Activity, double StartMs, double EndMs);
