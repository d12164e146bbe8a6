using System.Globalization;

namespace Course;

/// <summary>
/// The command line every lesson understands: <c>--quick</c> (small sizes, finishes in seconds) and <c>--name value</c>
/// pairs that override one size, such as <c>--files 10</c> or <c>--latency-ms 500</c>.
/// </summary>
public sealed class LessonOptions
{
    private readonly string[] _args;

    private LessonOptions(string[] args)
    {
        _args = args;
        Quick = Array.IndexOf(args, "--quick") >= 0;
    }

    /// <summary>True with <c>--quick</c>: the sizes meant for tests and a first look.</summary>
    public bool Quick { get; }

    public static LessonOptions Parse(string[] args) => new(args);

    /// <summary>The value of <c>--name N</c> if given, else <paramref name="quick"/> or <paramref name="full"/>.</summary>
    public int Int(string name, int full, int quick)
    {
        int index = Array.IndexOf(_args, "--" + name);
        if (index >= 0 && index + 1 < _args.Length &&
            int.TryParse(_args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0)
        {
            return value;
        }

        return Quick ? quick : full;
    }

    /// <summary>True when <c>--name</c> is on the command line (<c>--no-timeline</c>).</summary>
    public bool Flag(string name) => Array.IndexOf(_args, "--" + name) >= 0;

    /// <summary>The value of <c>--name value</c> (<c>--timeline out.svg</c>), or null when it is not given.</summary>
    public string? Text(string name)
    {
        int index = Array.IndexOf(_args, "--" + name);
        return index >= 0 && index + 1 < _args.Length && !_args[index + 1].StartsWith("--", StringComparison.Ordinal) ? _args[index + 1] : null;
    }

    /// <summary>A duration given in milliseconds on the command line (<c>--latency-ms 500</c>).</summary>
    public TimeSpan Milliseconds(string name, int full, int quick) => TimeSpan.FromMilliseconds(Int(name, full, quick));
}
