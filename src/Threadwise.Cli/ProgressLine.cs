namespace Threadwise.Cli;

/// <summary>
/// One line of progress on stderr. On a terminal it is rewritten in place with a carriage return; when stderr is redirected
/// (CI logs, tests) each update is a plain line of its own. Never any ANSI escape codes.
/// </summary>
internal sealed class ProgressLine(TextWriter writer, bool interactive)
{
    private readonly Lock _gate = new();
    private int _width;

    public static ProgressLine Silent { get; } = new(TextWriter.Null, interactive: false);

    public void Report(string text)
    {
        lock (_gate)
        {
            if (interactive)
            {
                writer.Write("\r" + text.PadRight(_width));
                _width = text.Length;
            }
            else
            {
                writer.WriteLine(text);
            }

            writer.Flush();
        }
    }

    /// <summary>Clears the in-place line so the next output starts at the left margin.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (interactive && _width > 0)
            {
                writer.Write("\r" + new string(' ', _width) + "\r");
                writer.Flush();
                _width = 0;
            }
        }
    }
}
