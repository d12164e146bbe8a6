using System.Text.Json;
using System.Text.Json.Serialization;

namespace Course;

/// <summary>
/// A lesson's timelines: one <see cref="Recording"/> per approach, drawn in the terminal when it ends, and all of them
/// written to the file named by <c>--timeline out.svg</c> (a standalone picture), <c>out.html</c> (the picture in a
/// page) or <c>out.json</c> (the rows and spans, for tests and tools). <c>--no-timeline</c> turns off the runtime's task events and the charts: the
/// lesson's own marks stay, because the table's thread counts come from them.
/// </summary>
public sealed class Timeline : IDisposable
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly List<TimelineChart> _charts = [];
    private readonly RuntimeWaits? _runtimeWaits;
    private readonly string _caption;
    private readonly IReadOnlyList<string> _paths;
    private readonly bool _draw;

    private Timeline(string caption, IReadOnlyList<string> paths, bool draw)
    {
        _caption = caption;
        _paths = paths;
        _draw = draw;
        _runtimeWaits = draw ? new RuntimeWaits() : null;
        Recording.WarmUp();
    }

    /// <summary>The recording in progress, for code that cannot be handed one (the event loop, the runtime's events).</summary>
    public static Recording? Active { get; private set; }

    /// <summary><see cref="Recording.Run"/> on the active recording; marks nothing when no recording is active.</summary>
    public static Recording.Scope Run(string label) => Active?.Run(label) ?? default;

    /// <summary>
    /// <see cref="Recording.InFlight{TTask}(TTask, string)"/> on the active recording, for code deep in a lesson that is
    /// not handed one; returns the task unchanged (and marks nothing) when no recording is active.
    /// </summary>
    public static TTask InFlight<TTask>(TTask task, string label)
        where TTask : Task => Active is { } recording ? recording.InFlight(task, label) : task;

    /// <summary>Starts the lesson's timelines; <paramref name="caption"/> heads the picture (the lesson and variant).</summary>
    public static Timeline Start(LessonOptions options, string caption) =>
        new(caption, options.Texts("timeline"), draw: !options.Flag("no-timeline"));

    /// <summary>Starts recording one approach; every mark goes to it until <see cref="Finish"/>.</summary>
    public Recording Record(string title)
    {
        var recording = new Recording(title);
        Active = recording;
        return recording;
    }

    /// <summary>Ends the recording, draws its chart in the terminal (unless <c>--no-timeline</c>) and keeps it for the file.</summary>
    public TimelineChart Finish(Recording recording) => FinishAll([recording])[0];

    /// <summary>
    /// Ends several recordings at the same moment, then draws them: drawing takes a while (the first chart of a run
    /// also compiles the drawing code), and the later recordings would otherwise go on recording meanwhile.
    /// </summary>
    public IReadOnlyList<TimelineChart> FinishAll(IReadOnlyList<Recording> recordings)
    {
        var charts = recordings.Select(r => r.Stop()).ToList();
        if (Active is { } active && recordings.Contains(active))
        {
            Active = null;
        }

        foreach (TimelineChart chart in charts)
        {
            _charts.Add(chart);
            if (_draw)
            {
                TerminalChart.Print(chart);
            }
        }

        return charts;
    }

    /// <summary>Writes the files named by <c>--timeline</c> (it may be given more than once) and stops listening to the runtime.</summary>
    public void Dispose()
    {
        _runtimeWaits?.Dispose();
        foreach (string path in _paths)
        {
            string text = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".json" => JsonSerializer.Serialize(new { Caption = _caption, Charts = _charts }, s_json),
                ".html" => SvgChart.Html(_caption, _charts),
                _ => SvgChart.Svg(_caption, _charts),
            };
            File.WriteAllText(path, text);
            Console.WriteLine($"Timeline written to {path}");
        }
    }
}
