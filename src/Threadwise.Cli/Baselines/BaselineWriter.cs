using Threadwise.Baselines;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Baselines;

/// <summary>Turns findings into a baseline file, each entry's path relative to the baseline's folder.</summary>
internal static class BaselineWriter
{
    public static BaselineDocument Create(IEnumerable<Finding> findings, string baselinePath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(baselinePath))!;
        return new BaselineDocument(findings
            .Where(f => f.Fingerprint is not null)
            .Select(f => new BaselineEntry(f.Fingerprint!, f.FilePath is null ? null : Path.GetRelativePath(folder, f.FilePath).Replace('\\', '/'))));
    }

    public static void Write(BaselineDocument document, string baselinePath)
    {
        string path = Path.GetFullPath(baselinePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, document.ToJson(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Reads a baseline for --baseline; null with a message when it is missing or malformed.</summary>
    public static BaselineDocument? Read(string path, out string? error)
    {
        error = null;
        if (!File.Exists(path))
        {
            error = $"--baseline '{path}' does not exist (take one with `threadwise baseline <target>`).";
            return null;
        }

        try
        {
            return BaselineDocument.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            error = $"--baseline '{path}' is not a Threadwise baseline: {e.Message}.";
            return null;
        }
    }
}
