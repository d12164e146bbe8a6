using System.Text.RegularExpressions;

namespace Threadwise.Cli.Tests;

/// <summary>
/// The <c>// expect: TW101</c> comments of a sample, as (file, line, rule). Threadwise.Tests' SampleTests checks that
/// <c>dotnet build --no-incremental</c> of the sample reports exactly these, so matching them here means matching the build.
/// </summary>
internal static partial class ExpectComments
{
    [GeneratedRegex(@"//\s*expect:\s*(?<ids>[A-Za-z]+\d+(?:\s*,\s*[A-Za-z]+\d+)*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectComment();

    public static HashSet<(string File, int Line, string Rule)> Collect(string folder)
    {
        var result = new HashSet<(string, int, string)>();
        foreach (string file in Directory.EnumerateFiles(folder, "*.cs"))
        {
            string[] lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                Match match = ExpectComment().Match(lines[i]);
                foreach (string id in match.Success ? match.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries) : [])
                {
                    result.Add((Path.GetFileName(file), i + 1, id.ToUpperInvariant()));
                }
            }
        }

        return result;
    }
}
