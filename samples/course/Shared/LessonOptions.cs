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

    /// <summary>Every value of <c>--name value</c>, in order (<c>--timeline out.svg --timeline out.json</c>).</summary>
    public IReadOnlyList<string> Texts(string name)
    {
        var values = new List<string>();
        for (int i = 0; i + 1 < _args.Length; i++)
        {
            if (_args[i] == "--" + name && !_args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values.Add(_args[i + 1]);
            }
        }

        return values;
    }

    /// <summary>A duration given in milliseconds on the command line (<c>--latency-ms 500</c>).</summary>
    public TimeSpan Milliseconds(string name, int full, int quick) => TimeSpan.FromMilliseconds(Int(name, full, quick));
}
