namespace Threadwise.Cli.Tests;

/// <summary>The repository root (the folder holding Analyzers.sln) and scratch folders for generated code bases.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No folder above the test assembly holds Analyzers.sln.");
    });

    public static string RepositoryRoot => s_root.Value;

    /// <summary>A new empty folder under the system temp folder.</summary>
    public static string NewScratchFolder(string name)
    {
        string path = Path.Combine(Path.GetTempPath(), "threadwise-cli-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
