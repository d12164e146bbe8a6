using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Threadwise.Cli.Loading;

/// <summary>
/// The project files a solution lists. MSBuildWorkspace also loads the projects they reference, wherever those live (a
/// sample's ProjectReference to an analyzer in src/, a shared library of another repository); the tool analyzes and
/// fixes only what the solution names, as the IDE's solution scope does.
/// </summary>
internal static partial class SolutionProjects
{
    /// <summary>Full paths of the projects in a .sln or .slnx file, or null when the file cannot be read.</summary>
    public static IReadOnlySet<string>? Read(string solutionPath)
    {
        try
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(solutionPath))!;
            IEnumerable<string> relative = solutionPath.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
                ? XDocument.Load(solutionPath).Descendants("Project").Select(p => (string?)p.Attribute("Path")).OfType<string>()
                : SlnProject().Matches(File.ReadAllText(solutionPath)).Select(m => m.Groups["path"].Value);
            return relative
                .Where(p => p.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
                .Select(p => Path.GetFullPath(Path.Combine(folder, p.Replace('\\', Path.DirectorySeparatorChar))))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            return null;
        }
    }

    // Project("{type}") = "Name", "relative\path.csproj", "{id}"
    [GeneratedRegex("""^Project\("\{[^}]*\}"\)\s*=\s*"[^"]*"\s*,\s*"(?<path>[^"]+)"\s*,""", RegexOptions.Multiline)]
    private static partial Regex SlnProject();
}
