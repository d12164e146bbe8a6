using System.Text.RegularExpressions;
using Threadwise.Tests.Infrastructure;

namespace Threadwise.Tests.Samples;

/// <summary>
/// Runs every program of the course in samples/course with <c>--quick</c> (small sizes, a few seconds each) and checks
/// that it exits with 0 and prints its lesson's result table. <see cref="SampleTests"/> checks the warnings; this checks
/// that the lessons still run and teach what they say. Lesson 3's BEFORE program deadlocks on purpose: it must detect
/// the deadlock, report it and still exit with 0. The programs come from the one build of every sample that
/// <see cref="SampleTests"/> checks (<see cref="SampleBuild"/>); each program's DLL is started directly, once, by
/// <see cref="CourseRuns"/>, which <see cref="CourseTimelineTests"/> shares.
/// </summary>
[Collection(SampleCollection.Name)]
public sealed partial class CourseRunTests(SampleBuild build)
{
    /// <summary>Every lesson folder, the header of the table its programs print, and what each program must report.</summary>
    private static readonly (string Lesson, string Header, string[] Before, string[] After)[] s_lessons =
    [
        ("01-io", "| approach | wall time | threads used | busy at once | blocked at once |",
            ["| sequential |", "| threads |", "| async |"],
            ["| sequential |", "| threads |", "| async |"]),
        ("02-cpu", "| approach | wall time | speed-up | threads used | caller free meanwhile |",
            ["| sequential |", "| async |", "| Parallel.For |", "no global interpreter lock"],
            ["| sequential |", "| async |", "| Parallel.For |", "no global interpreter lock"]),
        ("03-sync-over-async", "| where the handler runs | outcome | wall time | UI messages handled | longest UI freeze |",
            ["| UI thread (SynchronizationContext) | DEADLOCK", "Deadlock detected"],
            ["| UI thread (SynchronizationContext) | loaded profile"]),
        ("04-mixing", "| approach | wall time | threads that did CPU work | longest event-loop freeze | checksum |",
            ["| blur on the event loop |"],
            ["| blur with Task.Run |"]),
        ("05-pitfalls", "| pitfall | rule | what happened |",
            ["| async void | TW301 |", "| fire-and-forget | TW304 |", "| async lambda in Parallel.ForEach | TW203 |", "| lock held across await | TW401 |"],
            ["5 of 5 reports saved", "5 of 5 audit entries", "with 5 of 5 items processed", "| lock held across await | TW401 | no error"]),
    ];

    public static TheoryData<string, string> Programs()
    {
        var data = new TheoryData<string, string>();
        foreach (var lesson in s_lessons)
        {
            data.Add(lesson.Lesson, "before");
            data.Add(lesson.Lesson, "after");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Lesson_program_runs_quickly_and_prints_its_table(string lesson, string variant)
    {
        var (_, header, before, after) = s_lessons.Single(l => l.Lesson == lesson);
        DotnetResult run = CourseRuns.Quick(build, lesson, variant).Result;

        string output = Normalize(run.Output);
        foreach (string expected in new[] { header }.Concat(variant == "before" ? before : after))
        {
            Assert.True(
                output.Contains(Normalize(expected), StringComparison.Ordinal),
                $"samples/course/{lesson}/{variant}: the output lacks '{expected}'.{Environment.NewLine}{run.Describe()}");
        }
    }

    [Fact]
    public void Every_lesson_folder_has_a_before_and_an_after_program_and_is_run_by_this_test()
    {
        string course = RepositoryRoot.Combine("samples", "course");
        var folders = Directory.EnumerateDirectories(course)
            .Select(Path.GetFileName)
            .Where(name => LessonFolder().IsMatch(name!))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(s_lessons.Select(l => l.Lesson).Order(StringComparer.Ordinal), folders);
        foreach (string folder in folders!)
        {
            foreach (string variant in new[] { "before", "after" })
            {
                Assert.True(
                    Directory.EnumerateFiles(Path.Combine(course, folder, variant), "*.csproj").Any(),
                    $"samples/course/{folder}/{variant} has no project");
            }
        }
    }

    /// <summary>Collapses runs of spaces (the table pads its columns) so expectations need not know the widths.</summary>
    private static string Normalize(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"^\d\d-", RegexOptions.CultureInvariant)]
    private static partial Regex LessonFolder();

    [GeneratedRegex(@"[ \t]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
