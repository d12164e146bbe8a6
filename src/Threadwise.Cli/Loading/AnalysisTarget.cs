namespace Threadwise.Cli.Loading;

/// <summary>What <c>analyze</c> was pointed at: one solution, or one or more project files.</summary>
/// <param name="BaseDirectory">Reported paths are relative to this folder (the folder argument, or the file's folder).</param>
internal sealed record AnalysisTarget(string? SolutionPath, IReadOnlyList<string> ProjectPaths, string BaseDirectory)
{
    /// <summary>Resolves a command-line argument; returns null and an error message when it names nothing loadable.</summary>
    public static AnalysisTarget? Resolve(string argument, out string? error)
    {
        error = null;
        string path = Path.GetFullPath(argument);
        if (File.Exists(path))
        {
            string directory = Path.GetDirectoryName(path)!;
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is ".sln" or ".slnx")
            {
                return new AnalysisTarget(path, [], directory);
            }

            if (extension == ".csproj")
            {
                return new AnalysisTarget(null, [path], directory);
            }

            error = $"'{argument}' is not a solution (.sln, .slnx) or C# project (.csproj).";
            return null;
        }

        if (!Directory.Exists(path))
        {
            error = $"'{argument}' does not exist.";
            return null;
        }

        var solutions = Directory.EnumerateFiles(path, "*.sln").Concat(Directory.EnumerateFiles(path, "*.slnx"))
            .Order(StringComparer.Ordinal).ToList();
        if (solutions.Count == 1)
        {
            return new AnalysisTarget(solutions[0], [], path);
        }

        if (solutions.Count > 1)
        {
            error = $"'{argument}' holds {solutions.Count} solution files ({string.Join(", ", solutions.Select(Path.GetFileName))}); name the one to analyze.";
            return null;
        }

        // No solution: every C# project below the folder (build output excluded), as a folder of separate projects.
        var projects = Directory.EnumerateFiles(path, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(Path.GetRelativePath(path, p)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (projects.Count == 0)
        {
            error = $"'{argument}' holds no .sln, .slnx or .csproj file.";
            return null;
        }

        return new AnalysisTarget(null, projects, path);
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Replace('\\', '/').Split('/').Any(part => part is "bin" or "obj");
}
